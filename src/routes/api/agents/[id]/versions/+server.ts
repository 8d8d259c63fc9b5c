import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readOptionalJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { listVersions, publish } from '$lib/server/services/versions';

export const GET: RequestHandler = api(async ({ locals, params }) => json({ versions: await listVersions(await db(), requireUser(locals).id, params.id) }));

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const body = await readOptionalJson<{ message?: unknown }>(request);
  return json(await publish(await db(), user.id, params.id, body.message), { status: 201 });
});
