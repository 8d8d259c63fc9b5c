/**
 * Local HTTP + WebSocket server for text test chats, on 127.0.0.1 only. The editor's server
 * proxies the test panel here; every session is the standard assembly in text mode.
 *
 *   GET    /health                         no auth
 *   POST   /sessions                       {agentId, version?, revision?, variables?, waitForTools?}
 *                                          | {yaml, variables?, waitForTools?}   → 201 {sessionId, …}
 *   GET    /sessions/{id}                  → session info
 *   POST   /sessions/{id}/messages         {text} → NDJSON (default) or SSE (Accept: text/event-stream)
 *                                          of trace events, ending with {type:"done", reply, toolCalls,
 *                                          durationMs} or {type:"failed", error}; ?stream=false → JSON
 *   GET    /sessions/{id}/events           SSE: past events (Last-Event-ID aware), then live ones
 *   GET    /sessions/{id}/ws               WebSocket: send {type:"message", text}; receive events
 *   DELETE /sessions/{id}                  → 204
 *   GET    /api/internal/specs/{agentId}   the editor's spec endpoint, served from this process's
 *                                          cache (for the worker's job processes)
 *
 * Auth: `Authorization: Bearer RUNTIME_TOKEN`, or `?token=` (for EventSource / WebSocket from a
 * server-side proxy). Errors: `{error: {code, message, details}}`.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { RuntimeError, toErrorBody, type RuntimeErrorCode } from './errors.js';
import type { McpBridgeOptions } from './mcp-bridge.js';
import { specFromText } from './spec-load.js';
import { registryFingerprint } from './stable-json.js';
import type { LoadedSpec, SpecSource } from './spec-source.js';
import { TextSession, type TextSessionOptions } from './text-session.js';
import type { TraceEvent } from './trace.js';

export interface PlaygroundOptions {
  token: string;
  source?: SpecSource;
  host?: string;
  /** 0 = any free port */
  port?: number;
  idleTimeoutMs?: number;
  maxSessions?: number;
  env?: Record<string, string | undefined>;
  mcp?: Pick<McpBridgeOptions, 'allowList' | 'connectTimeoutMs' | 'reconnect'>;
  /** registry poll of agentId sessions; default env MCP_REGISTRY_REFRESH_MS, else 30 s; 0 = off */
  registryRefreshMs?: number;
}

export interface Playground {
  url: string;
  port: number;
  sessions: Map<string, PlaygroundSession>;
  close(): Promise<void>;
}

interface PlaygroundSession {
  text: TextSession;
  agent: { agentId?: string; name: string; version: number | 'draft'; revision?: string };
  /** sequence number of the next event; SSE ids */
  seq: number;
  log: Array<{ id: number; event: TraceEvent }>;
}

const STATUS: Partial<Record<RuntimeErrorCode, number>> = {
  bad_request: 400,
  bad_metadata: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_agent: 404,
  unknown_version: 404,
  session_closed: 404,
  session_busy: 409,
  invalid_spec: 422,
  missing_variables: 422,
  missing_api_key: 422,
  missing_secret: 422,
  unknown_provider: 422,
  too_many_sessions: 429,
  spec_source_unavailable: 502
};

const variables = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional();
const createBody = z.union([
  z.object({
    agentId: z.string().min(1),
    version: z.union([z.literal('draft'), z.number().int().positive()]).default('draft'),
    revision: z.union([z.string(), z.number()]).transform(String).optional(),
    variables,
    waitForTools: z.boolean().optional()
  }),
  z.object({ yaml: z.string().min(1), variables, waitForTools: z.boolean().optional() })
]);
const messageBody = z.object({ text: z.string().min(1).max(20_000) });

const MAX_BODY_BYTES = 2_500_000;

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  if (!opts.token) throw new RuntimeError('unauthorized', 'The playground needs RUNTIME_TOKEN.');
  const sessions = new Map<string, PlaygroundSession>();
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10 * 60_000;
  const maxSessions = opts.maxSessions ?? 50;
  const expected = Buffer.from(opts.token);

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const given = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? url.searchParams.get('token') ?? '';
    const buf = Buffer.from(given);
    return buf.length === expected.length && timingSafeEqual(buf, expected);
  };

  async function createSession(body: z.infer<typeof createBody>): Promise<PlaygroundSession> {
    if (sessions.size >= maxSessions) {
      throw new RuntimeError('too_many_sessions', `At most ${maxSessions} playground sessions may be open; close one first.`);
    }
    let loaded: Pick<LoadedSpec, 'spec' | 'mcpServers' | 'secrets'> & Partial<LoadedSpec>;
    let registryRefresh: TextSessionOptions['registryRefresh'];
    if ('yaml' in body) loaded = { spec: specFromText(body.yaml), mcpServers: {}, secrets: {} };
    else {
      const source = opts.source;
      if (!source) throw new RuntimeError('bad_request', 'This runtime has no spec source; send {yaml} instead of {agentId}.');
      loaded = await source.load(body.agentId, body.version, { revision: body.revision });
      // Registry edits in the editor (URL, header, secret, switched off) reach the live session.
      const { agentId, version } = body;
      registryRefresh = {
        load: async () => (await source.load(agentId, version, { refresh: true })).mcpServers,
        ...(opts.registryRefreshMs !== undefined ? { intervalMs: opts.registryRefreshMs } : {})
      };
    }
    const text = await TextSession.create(loaded.spec, {
      variables: body.variables,
      secrets: loaded.secrets,
      resolveMcpServer: (name) => loaded.mcpServers[name],
      registryRefresh,
      env: opts.env,
      mcp: opts.mcp,
      waitForTools: body.waitForTools ? { timeoutMs: 15_000 } : false
    });
    const ps: PlaygroundSession = {
      text,
      agent: { agentId: loaded.agentId, name: loaded.spec.metadata.name, version: loaded.version ?? 'draft', revision: loaded.revision },
      seq: 0,
      log: []
    };
    for (const event of text.history) ps.log.push({ id: ps.seq++, event });
    text.subscribe((event) => {
      if (event.type === 'agent_delta') return;
      ps.log.push({ id: ps.seq++, event });
      if (ps.log.length > 500) ps.log.splice(0, ps.log.length - 500);
    });
    sessions.set(text.id, ps);
    return ps;
  }

  const info = (ps: PlaygroundSession) => ({
    sessionId: ps.text.id,
    agent: ps.agent,
    greeting: ps.text.assembled.greeting,
    busy: ps.text.isBusy,
    createdAt: new Date(ps.text.createdAt).toISOString(),
    lastActiveAt: new Date(ps.text.lastActiveAt).toISOString(),
    tools: ps.text.assembled.bridge.toolNames,
    mcpServers: ps.text.assembled.bridge.status(),
    events: ps.log.map((l) => l.event)
  });

  const closeSession = (id: string) => {
    const ps = sessions.get(id);
    if (!ps) return;
    sessions.delete(id);
    void ps.text.close().catch(() => undefined);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && url.pathname === '/health') {
      return json(res, 200, { ok: true, sessions: sessions.size, source: opts.source?.kind ?? null, uptimeSec: Math.round(process.uptime()) });
    }
    if (!authorized(req, url)) throw new RuntimeError('unauthorized', 'Missing or wrong bearer token (RUNTIME_TOKEN).');
    if (req.method === 'GET' && parts.length === 4 && url.pathname.startsWith('/api/internal/specs/')) {
      return serveSpec(req, res, decodeURIComponent(parts[3]), url);
    }
    if (parts[0] !== 'sessions') throw new RuntimeError('not_found', `No route ${req.method} ${url.pathname}.`);

    if (parts.length === 1) {
      if (req.method === 'GET') return json(res, 200, { sessions: [...sessions.values()].map((ps) => ({ ...info(ps), events: undefined })) });
      if (req.method !== 'POST') throw new RuntimeError('not_found', `No route ${req.method} ${url.pathname}.`);
      const body = parseWith(createBody, await readJson(req));
      const ps = await createSession(body);
      return json(res, 201, info(ps));
    }
    const ps = sessions.get(parts[1]);
    if (!ps) throw new RuntimeError('not_found', `No playground session ${parts[1]} (it may have expired).`);
    ps.text.lastActiveAt = Date.now();
    const sub = parts[2];
    if (parts.length === 2 && req.method === 'GET') return json(res, 200, info(ps));
    if (parts.length === 2 && req.method === 'DELETE') {
      closeSession(ps.text.id);
      res.writeHead(204).end();
      return;
    }
    if (sub === 'messages' && req.method === 'POST') return postMessage(req, res, url, ps);
    if (sub === 'events' && req.method === 'GET') return streamEvents(req, res, ps);
    throw new RuntimeError('not_found', `No route ${req.method} ${url.pathname}.`);
  }

  /**
   * The editor's internal spec endpoint, mirrored from this process's cache: job processes
   * (one per job) load specs here, so a spec fetched once stays warm for every later job.
   */
  async function serveSpec(req: IncomingMessage, res: ServerResponse, agentId: string, url: URL): Promise<void> {
    if (!opts.source) throw new RuntimeError('not_found', 'This runtime has no spec source.');
    const v = url.searchParams.get('version') ?? 'draft';
    const version = v === 'draft' ? 'draft' : Number(v);
    if (version !== 'draft' && !(Number.isInteger(version) && version > 0)) throw new RuntimeError('bad_request', `Bad version "${v}".`);
    // A job's live session polling for registry edits asks for a revalidation with the editor.
    const refresh = /\bno-cache\b/.test(String(req.headers['cache-control'] ?? ''));
    const loaded = await opts.source.load(agentId, version, { revision: url.searchParams.get('revision') ?? undefined, refresh });
    // Revision (or sha) plus the registry data: a registry edit changes the ETag, so a job's
    // revalidation sees it.
    const etag = `"${loaded.revision ?? loaded.sha256 ?? ''}.${registryFingerprint(loaded.mcpServers, loaded.secrets)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const { spec: _spec, ...wire } = loaded;
    return json(res, 200, wire, { etag });
  }

  async function postMessage(req: IncomingMessage, res: ServerResponse, url: URL, ps: PlaygroundSession): Promise<void> {
    const { text } = parseWith(messageBody, await readJson(req));
    if (ps.text.isBusy) throw new RuntimeError('session_busy', 'The agent is still answering the previous message.');
    if (url.searchParams.get('stream') === 'false') {
      const turn = await ps.text.send(text);
      return json(res, 200, turn);
    }
    const sse = String(req.headers.accept ?? '').includes('text/event-stream');
    res.writeHead(200, {
      'content-type': sse ? 'text/event-stream' : 'application/x-ndjson',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no'
    });
    const write = (event: Record<string, unknown>) => {
      if (res.writableEnded) return;
      res.write(sse ? `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n` : `${JSON.stringify(event)}\n`);
    };
    const stop = ps.text.subscribe((e) => write(e));
    try {
      const turn = await ps.text.send(text);
      write({ type: 'done', reply: turn.reply, toolCalls: turn.toolCalls, durationMs: turn.durationMs });
    } catch (e) {
      write({ type: 'failed', ...toErrorBody(e) });
    } finally {
      stop();
      res.end();
    }
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse, ps: PlaygroundSession): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    const lastId = Number(req.headers['last-event-id'] ?? -1);
    const send = (id: number, e: TraceEvent) => res.write(`id: ${id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    for (const l of ps.log) if (l.id > lastId) send(l.id, l.event);
    let next = ps.seq;
    const stop = ps.text.subscribe((e) => {
      if (e.type === 'agent_delta') res.write(`event: agent_delta\ndata: ${JSON.stringify(e)}\n\n`);
      else send(next++, e);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const end = () => {
      clearInterval(ping);
      stop();
    };
    req.on('close', end);
    res.on('close', end);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      const body = toErrorBody(e);
      const code = e instanceof RuntimeError ? e.code : 'internal';
      json(res, STATUS[code] ?? 500, body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/sessions\/([^/]+)\/ws$/.exec(url.pathname);
    const ps = m ? sessions.get(m[1]) : undefined;
    const status = !authorized(req, url) ? '401 Unauthorized' : !ps ? '404 Not Found' : undefined;
    if (status || !ps) {
      socket.end(`HTTP/1.1 ${status}\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, ps));
  });

  function attachSocket(ws: WebSocket, ps: PlaygroundSession): void {
    const send = (e: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(e));
    const stop = ps.text.subscribe(send);
    ws.on('close', stop);
    ws.on('message', (data) => {
      let msg: { type?: string; text?: string };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return send({ type: 'failed', ...toErrorBody(new RuntimeError('bad_request', 'Send JSON: {"type":"message","text":"…"}.')) });
      }
      if (msg.type !== 'message' || typeof msg.text !== 'string' || !msg.text) {
        return send({ type: 'failed', ...toErrorBody(new RuntimeError('bad_request', 'Send {"type":"message","text":"…"}.')) });
      }
      ps.text.lastActiveAt = Date.now();
      ps.text.send(msg.text).then(
        (turn) => send({ type: 'done', reply: turn.reply, toolCalls: turn.toolCalls, durationMs: turn.durationMs }),
        (e: unknown) => send({ type: 'failed', ...toErrorBody(e) })
      );
    });
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, ps] of sessions) if (!ps.text.isBusy && now - ps.text.lastActiveAt > idleTimeoutMs) closeSession(id);
  }, Math.min(30_000, Math.max(50, idleTimeoutMs / 4)));
  sweep.unref();

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8787, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    sessions,
    async close() {
      clearInterval(sweep);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closing = [...sessions.values()].map((ps) => ps.text.close().catch(() => undefined));
      sessions.clear();
      server.closeAllConnections();
      await Promise.all([...closing, new Promise<void>((r) => server.close(() => r()))]);
    }
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RuntimeError('bad_request', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) throw new RuntimeError('bad_request', 'Send a JSON body.');
  try {
    return JSON.parse(text);
  } catch {
    throw new RuntimeError('bad_request', 'The body is not valid JSON.');
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new RuntimeError('bad_request', `Invalid body: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}.`, { issues });
}
