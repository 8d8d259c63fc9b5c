/**
 * An in-process MCP server built from the SDK, for tests that need to steer the far side:
 * streamable HTTP at /mcp and SSE at /sse (+ /messages) on 127.0.0.1, random free port.
 *
 *   const fake = await startFakeMcpServer({ token: 's3cret' });
 *   connectMcp({ name: 'fake', transport: 'streamable-http', url: fake.url, headers: { Authorization: 'Bearer s3cret' } })
 *
 * Tools: echo {message}, add {a,b}, slow {ms}, hang (answers only once cancelled), fail (isError
 * result), throw (handler throws; the SDK turns it into an isError result). `setFailing(true)`
 * makes every tool fail; `addTool` registers a tool on every live session (which sends
 * notifications/tools/list_changed); `kill()` drops every socket at once like a crash.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export type FakeToolHandler = (args: Record<string, unknown>, extra: { signal: AbortSignal }) => Promise<CallToolResult> | CallToolResult;

export interface FakeToolDef {
  description?: string;
  /** Zod shape of the arguments; omitted = no arguments. */
  inputSchema?: z.ZodRawShape;
  handler: FakeToolHandler;
}

export interface FakeMcpServerOptions {
  /** Require `Authorization: Bearer <token>` on every request (401 otherwise). */
  token?: string;
  /** Serve streamable HTTP at /mcp (default true); false makes /mcp answer 404 like an SSE-only server. */
  streamable?: boolean;
  /** Serve SSE at /sse (default true). */
  sse?: boolean;
  name?: string;
}

export interface FakeMcpServer {
  /** Streamable HTTP endpoint. */
  url: string;
  /** SSE endpoint. */
  sseUrl: string;
  port: number;
  /** Every tools/call received, in order. */
  readonly calls: { name: string; args: Record<string, unknown> }[];
  addTool(name: string, def: FakeToolDef): void;
  setFailing(failing: boolean): void;
  setToken(token: string | undefined): void;
  /** Live MCP sessions (both transports). */
  sessionCount(): number;
  /** Resolves once every streamable session has its GET stream open, i.e. can receive notifications. */
  notificationStreamsReady(timeoutMs?: number): Promise<void>;
  /** Graceful: closes sessions, then the listener. */
  stop(): Promise<void>;
  /** Abrupt: destroys every socket and stops listening, like a crashed process. */
  kill(): void;
}

interface Session {
  mcp: McpServer;
  close(): Promise<void>;
  /** Streamable sessions only: whether the standalone GET stream is open. */
  streamOpen?: boolean;
}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

export async function startFakeMcpServer(opts: FakeMcpServerOptions = {}): Promise<FakeMcpServer> {
  let token = opts.token;
  let failing = false;
  const calls: { name: string; args: Record<string, unknown> }[] = [];
  const tools = new Map<string, FakeToolDef>(Object.entries(builtInTools()));
  const streamable = new Map<string, Session & { transport: StreamableHTTPServerTransport }>();
  const sse = new Map<string, Session & { transport: SSEServerTransport }>();
  const sockets = new Set<Socket>();

  function register(mcp: McpServer, name: string, def: FakeToolDef): void {
    const callback = async (args: Record<string, unknown>, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
      calls.push({ name, args });
      if (failing) return { content: [{ type: 'text', text: 'The fake server is failing' }], isError: true };
      return def.handler(args, extra);
    };
    mcp.registerTool(
      name,
      { description: def.description, inputSchema: def.inputSchema ?? {} },
      callback as unknown as Parameters<McpServer['registerTool']>[2]
    );
  }

  function createMcp(): McpServer {
    const mcp = new McpServer(
      { name: opts.name ?? 'fake-mcp', version: '1.0.0' },
      { capabilities: { tools: { listChanged: true } } }
    );
    for (const [name, def] of tools) register(mcp, name, def);
    return mcp;
  }

  async function handleStreamable(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = streamable.get(sessionId);
      if (!session) return void reply(res, 404, { error: 'unknown session' });
      if (req.method === 'GET') session.streamOpen = true;
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') return void reply(res, 400, { error: 'missing mcp-session-id' });
    const mcp = createMcp();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        streamable.set(id, { mcp, transport, close: () => mcp.close() });
      }
    });
    transport.onclose = () => {
      if (transport.sessionId) streamable.delete(transport.sessionId);
    };
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  }

  async function handleSse(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET' && url.pathname === '/sse') {
      const mcp = createMcp();
      const transport = new SSEServerTransport('/messages', res);
      sse.set(transport.sessionId, { mcp, transport, close: () => mcp.close() });
      transport.onclose = () => sse.delete(transport.sessionId);
      await mcp.connect(transport);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const session = sse.get(url.searchParams.get('sessionId') ?? '');
      if (!session) return void reply(res, 404, { error: 'unknown session' });
      return session.transport.handlePostMessage(req, res);
    }
    reply(res, 405, { error: 'method not allowed' });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = async () => {
      if (token && req.headers.authorization !== `Bearer ${token}`) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="fake-mcp"');
        return reply(res, 401, { error: 'unauthorized' });
      }
      if (url.pathname === '/mcp' && opts.streamable !== false) return handleStreamable(req, res);
      if ((url.pathname === '/sse' || url.pathname === '/messages') && opts.sse !== false) return handleSse(req, res, url);
      reply(res, 404, { error: 'not found' });
    };
    route().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: String(err) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const liveSessions = (): Session[] => [...streamable.values(), ...sse.values()];

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    port,
    calls,
    addTool(name, def) {
      tools.set(name, def);
      for (const session of liveSessions()) register(session.mcp, name, def); // sends list_changed
    },
    setFailing(value) {
      failing = value;
    },
    setToken(value) {
      token = value;
    },
    sessionCount: () => liveSessions().length,
    async notificationStreamsReady(timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while ([...streamable.values()].some((s) => !s.streamOpen)) {
        if (Date.now() > until) throw new Error('streamable GET stream never opened');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      await Promise.allSettled(liveSessions().map((s) => s.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    kill() {
      for (const socket of sockets) socket.destroy();
      server.close();
      // Sessions die with the "process": dropped without a goodbye to the client.
      streamable.clear();
      sse.clear();
    }
  };
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function builtInTools(): Record<string, FakeToolDef> {
  return {
    echo: {
      description: 'Echoes back the input string',
      inputSchema: { message: z.string().describe('Message to echo') },
      handler: (args) => text(`Echo: ${String(args.message)}`)
    },
    add: {
      description: 'Adds two numbers',
      inputSchema: { a: z.number(), b: z.number() },
      handler: (args) => text(String(Number(args.a) + Number(args.b)))
    },
    slow: {
      description: 'Answers after `ms` milliseconds',
      inputSchema: { ms: z.number() },
      handler: (args) => new Promise((resolve) => setTimeout(() => resolve(text('done')), Number(args.ms)))
    },
    hang: {
      description: 'Never answers (until the client cancels)',
      handler: (_args, extra) =>
        new Promise((resolve) => extra.signal.addEventListener('abort', () => resolve(text('cancelled')), { once: true }))
    },
    fail: {
      description: 'Always returns an error result',
      handler: () => ({ content: [{ type: 'text', text: 'Something went wrong' }], isError: true })
    },
    throw: {
      description: 'Throws inside the handler',
      handler: () => {
        throw new Error('boom');
      }
    }
  };
}
