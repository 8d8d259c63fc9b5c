import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { readConfig } from '$lib/server/config';
import { deleteTextSession } from '$lib/server/playground-client';
import { endVoiceCall, isVoiceRoom, ownedTextSession } from '$lib/server/services/test-call';

// {call} is a LiveKit room name (voice) or a playground session id (text).
export const GET: RequestHandler = api(async ({ locals, params }) => {
  const user = requireUser(locals);
  return json(await ownedTextSession(await db(), readConfig(), user.id, params.id, params.call));
});

export const DELETE: RequestHandler = api(async ({ locals, params }) => {
  const user = requireUser(locals);
  const config = readConfig();
  const database = await db();
  if (isVoiceRoom(params.call)) await endVoiceCall(database, config, user.id, params.id, params.call);
  else {
    await ownedTextSession(database, config, user.id, params.id, params.call);
    await deleteTextSession(config, params.call);
  }
  return new Response(null, { status: 204 });
});
