import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { createToken, listTokens } from '$lib/server/auth/tokens';

export const GET: RequestHandler = api(async ({ locals }) => json({ tokens: await listTokens(await db(), requireUser(locals).id) }));

export const POST: RequestHandler = api(async ({ locals, request }) => {
  const user = requireUser(locals);
  const body = await readJson(request, 16 * 1024);
  return json(await createToken(await db(), user.id, body.name), { status: 201 });
});
