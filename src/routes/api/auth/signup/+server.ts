import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson } from '$lib/server/api';
import { db } from '$lib/server/app';
import { readCredentials, signUp } from '$lib/server/auth/accounts';
import { startBrowserSession } from '$lib/server/auth/web';

export const POST: RequestHandler = api(async (event) => {
  const credentials = readCredentials(await readJson(event.request, 16 * 1024));
  const database = await db();
  const user = await signUp(database, credentials);
  await startBrowserSession(database, event, user.id);
  return json({ user }, { status: 201 });
});
