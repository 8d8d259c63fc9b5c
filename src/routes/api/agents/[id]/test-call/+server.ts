import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readOptionalJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { readConfig } from '$lib/server/config';
import { chooseMode, readVariables, startTextCall, startVoiceCall, VOICE_SETUP_HINT } from '$lib/server/services/test-call';

/** What the panel may offer: voice only with LiveKit configured, text always. */
export const GET: RequestHandler = api(({ locals }) => {
  requireUser(locals);
  const config = readConfig();
  return json({ voice: !!config.livekit, text: true, voiceHint: config.livekit ? null : VOICE_SETUP_HINT });
});

export const POST: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const body = await readOptionalJson<{ mode?: unknown; variables?: unknown }>(request);
  const config = readConfig();
  const mode = chooseMode(body.mode, config);
  const variables = readVariables(body.variables);
  const database = await db();
  const call =
    mode === 'voice'
      ? await startVoiceCall(database, config, user, params.id, variables)
      : await startTextCall(database, config, user.id, params.id, variables);
  return json(call, { status: 201 });
});
