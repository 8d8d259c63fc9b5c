import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { secretUsage } from '$lib/server/services/mcp-servers';
import { listSecrets } from '$lib/server/services/secrets';

/** Names and dates only: values are write-only. */
export const GET: RequestHandler = api(async ({ locals }) => {
  const user = requireUser(locals);
  const database = await db();
  const [secrets, usage] = await Promise.all([listSecrets(database, user.id), secretUsage(database, user.id)]);
  return json({ secrets: secrets.map((s) => ({ ...s, usedBy: usage.get(s.name) ?? [] })) });
});
