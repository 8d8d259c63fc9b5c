import type { ServerConfig } from './config';
import { ApiError, notFound } from './errors';

/**
 * The editor's side of the runtime playground (text test chats). The browser never talks to the
 * runtime directly: the editor checks ownership, then forwards with RUNTIME_TOKEN.
 */
export const RUNTIME_DOWN_HINT =
  'The runtime is not running, so text test calls cannot start. `npm run dev` / `npm start` start it with the editor; ' +
  'on its own: `npm run runtime:dev` (with the same RUNTIME_TOKEN and PLAYGROUND_PORT).';

export interface PlaygroundSessionInfo {
  sessionId: string;
  agent: { agentId?: string; name: string; version: number | 'draft'; revision?: string };
  greeting?: string;
  tools?: string[];
  mcpServers?: unknown;
  events?: unknown[];
}

async function call(config: ServerConfig, method: string, path: string, init: { body?: unknown; accept?: string } = {}): Promise<Response> {
  if (!config.runtimeToken) {
    throw new ApiError(503, 'runtime_unavailable', 'RUNTIME_TOKEN is not set on the editor. ' + RUNTIME_DOWN_HINT);
  }
  let res: Response;
  try {
    res = await fetch(config.playgroundUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${config.runtimeToken}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.accept ? { accept: init.accept } : {})
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined
    });
  } catch {
    throw new ApiError(503, 'runtime_unavailable', RUNTIME_DOWN_HINT, { playgroundUrl: config.playgroundUrl });
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null;
    if (res.status === 404) throw notFound('Test session');
    if (res.status === 401) throw new ApiError(503, 'runtime_unavailable', 'The runtime refused the editor’s RUNTIME_TOKEN: start both with the same token.');
    // Runtime errors (provider key missing, invalid spec, MCP down) are meant for the user as they are.
    throw new ApiError(res.status >= 500 ? 502 : res.status, data?.error?.code ?? 'runtime_error', data?.error?.message ?? `The runtime answered ${res.status}.`, data?.error?.details ?? null);
  }
  return res;
}

export async function createTextSession(
  config: ServerConfig,
  body: { agentId: string; revision: number; variables: Record<string, string> }
): Promise<PlaygroundSessionInfo> {
  const res = await call(config, 'POST', '/sessions', {
    body: { agentId: body.agentId, version: 'draft', revision: String(body.revision), variables: body.variables }
  });
  return (await res.json()) as PlaygroundSessionInfo;
}

export async function getTextSession(config: ServerConfig, sessionId: string): Promise<PlaygroundSessionInfo> {
  return (await (await call(config, 'GET', `/sessions/${encodeURIComponent(sessionId)}`)).json()) as PlaygroundSessionInfo;
}

/** Streams the turn's events (NDJSON) straight through to the browser. */
export async function sendTextMessage(config: ServerConfig, sessionId: string, text: string): Promise<Response> {
  const res = await call(config, 'POST', `/sessions/${encodeURIComponent(sessionId)}/messages`, { body: { text }, accept: 'application/x-ndjson' });
  return new Response(res.body, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}

export async function deleteTextSession(config: ServerConfig, sessionId: string): Promise<void> {
  await call(config, 'DELETE', `/sessions/${encodeURIComponent(sessionId)}`).catch((err) => {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  });
}
