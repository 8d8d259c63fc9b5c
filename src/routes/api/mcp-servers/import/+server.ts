import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readText, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { importMcpJson } from '$lib/server/services/mcp-import';

/** Body: the mcp.json file itself (JSON with comments allowed), whatever its content type. */
export const POST: RequestHandler = api(async ({ locals, request }) => {
  const user = requireUser(locals);
  const text = await readText(request, 256 * 1024);
  return json(await importMcpJson(await db(), user.id, text));
});
