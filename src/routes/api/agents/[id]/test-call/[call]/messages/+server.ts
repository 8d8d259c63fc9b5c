import type { RequestHandler } from './$types';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { readConfig } from '$lib/server/config';
import { badRequest } from '$lib/server/errors';
import { sendTextMessage } from '$lib/server/playground-client';
import { ownedTextSession } from '$lib/server/services/test-call';

/** One user turn; the response streams the runtime's trace events as NDJSON. */
export const POST: RequestHandler = api(async ({ locals, params, request }) => {
  const user = requireUser(locals);
  const { text } = await readJson<{ text?: unknown }>(request, 32 * 1024);
  if (typeof text !== 'string' || !text.trim()) throw badRequest('Type a message first.', { field: 'text' }, 'invalid_field');
  const config = readConfig();
  await ownedTextSession(await db(), config, user.id, params.id, params.call);
  return sendTextMessage(config, params.call, text);
});
