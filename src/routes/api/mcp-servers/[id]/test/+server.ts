import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { testServer } from '$lib/server/services/mcp-health';
import { healthConfigFromEnv } from '$lib/server/services/mcp-runtime';

/** 200 whether or not the server works: `{ok: false, error}` is an answer, not an API failure. */
export const POST: RequestHandler = api(async ({ locals, params }) => {
  const user = requireUser(locals);
  return json(await testServer(await db(), user.id, params.id, { timeoutMs: healthConfigFromEnv().timeoutMs }));
});
