import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { db } from '$lib/server/app';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';

export const POST: RequestHandler = api(async ({ locals, cookies }) => {
  if (locals.session) await invalidateSession(await db(), locals.session.id);
  deleteSessionCookie(cookies);
  return json({ ok: true });
});
