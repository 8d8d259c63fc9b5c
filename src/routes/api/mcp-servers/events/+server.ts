import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { eventStreamResponse, mcpEvents } from '$lib/server/services/mcp-events';
import { ensureMcpRuntime } from '$lib/server/services/mcp-runtime';

/** SSE: server-status-update | server-added | server-removed, for the signed-in user's servers only. */
export const GET: RequestHandler = api(async ({ locals, request }) => {
  const user = requireUser(locals);
  void ensureMcpRuntime();
  return eventStreamResponse(mcpEvents(), user.id, {
    signal: request.signal,
    heartbeatMs: Number(process.env.MCP_EVENTS_HEARTBEAT_MS) || undefined
  });
});
