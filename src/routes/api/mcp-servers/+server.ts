import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, readJson, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { parseAllowList, STDIO_ALLOW_ENV } from '$lib/mcp';
import { createServer, listServers } from '$lib/server/services/mcp-servers';
import { ensureMcpRuntime } from '$lib/server/services/mcp-runtime';

export const GET: RequestHandler = api(async ({ locals }) => {
  const user = requireUser(locals);
  void ensureMcpRuntime();
  return json({
    servers: await listServers(await db(), user.id),
    // Shown next to the stdio form: which command prefixes the admin allows.
    stdioAllowList: parseAllowList(process.env[STDIO_ALLOW_ENV])
  });
});

export const POST: RequestHandler = api(async ({ locals, request }) => {
  const user = requireUser(locals);
  void ensureMcpRuntime();
  const body = await readJson(request, 64 * 1024);
  return json({ server: await createServer(await db(), user.id, body) }, { status: 201 });
});
