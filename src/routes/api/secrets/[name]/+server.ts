import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { secretUsage } from '$lib/server/services/mcp-servers';
import { deleteSecret, putSecret, secretInfo } from '$lib/server/services/secrets';

/** Metadata only — the value never leaves the server. */
export const GET: RequestHandler = api(async ({ locals, params }) => {
  const user = requireUser(locals);
  const database = await db();
  const info = await secretInfo(database, user.id, params.name);
  return json({ ...info, usedBy: (await secretUsage(database, user.id)).get(info.name) ?? [] });
});

/** `{value}` → 201 `{name, created: true}` for a new secret, 200 `{name, created: false}` for a replaced one. */
export const PUT: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const body = await readJson<{ value?: unknown }>(request, 64 * 1024);
  const result = await putSecret(await db(), user.id, params.name, body.value);
  return json(result, { status: result.created ? 201 : 200 });
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
  await deleteSecret(await db(), requireUser(locals).id, params.name);
  return new Response(null, { status: 204 });
});
