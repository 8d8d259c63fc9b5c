import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/api';
import { db } from '$lib/server/app';
import { logIn, readCredentials } from '$lib/server/auth/accounts';
import { clientIp, startBrowserSession } from '$lib/server/auth/web';

export const POST: RequestHandler = api(async (event) => {
  const credentials = readCredentials(await readJson(event.request, 16 * 1024));
  const database = await db();
  const user = await logIn(database, credentials, clientIp(event));
  await startBrowserSession(database, event, user.id);
  return json({ user });
});
