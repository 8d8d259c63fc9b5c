import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { revokeToken } from '$lib/server/auth/tokens';

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
  await revokeToken(await db(), requireUser(locals).id, params.id);
  return new Response(null, { status: 204 });
});
