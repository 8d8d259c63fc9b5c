import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { createAgent, listAgents } from '$lib/server/services/agents';

export const GET: RequestHandler = api(async ({ locals }) => json({ agents: await listAgents(await db(), requireUser(locals).id) }));

export const POST: RequestHandler = api(async ({ locals, request }) => {
  const user = requireUser(locals);
  const body = await readJson(request);
  return json(await createAgent(await db(), user.id, body), { status: 201 });
});
