import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { deleteAgent, getOwnedAgent, updateAgent } from '$lib/server/services/agents';

export const GET: RequestHandler = api(async ({ locals, params }) => json({ agent: await getOwnedAgent(await db(), requireUser(locals).id, params.id) }));

export const PATCH: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  return json({ agent: await updateAgent(await db(), user.id, params.id, await readJson(request)) });
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
  await deleteAgent(await db(), requireUser(locals).id, params.id);
  return new Response(null, { status: 204 });
});
