import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { deleteServer, getServer, updateServer } from '$lib/server/services/mcp-servers';

export const GET: RequestHandler = api(async ({ locals, params }) => json({ server: await getServer(await db(), requireUser(locals).id, params.id) }));

/** Partial update: omitted fields keep their values (so PATCH is the same handler). */
export const PUT: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const body = await readJson(request, 64 * 1024);
  return json({ server: await updateServer(await db(), user.id, params.id, body) });
});

export const PATCH = PUT;

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
  await deleteServer(await db(), requireUser(locals).id, params.id);
  return new Response(null, { status: 204 });
});
