/**
 * OpenAI-compatible fake on 127.0.0.1 (random port) for tests and benchmarks.
 *
 *  POST /v1/chat/completions   streaming SSE (content deltas, tool_calls deltas, usage) or plain JSON
 *  POST /v1/audio/transcriptions  {"text": ...}
 *  POST /v1/audio/speech          raw 24 kHz mono PCM16 bytes (silence with a short tone)
 *  WS   /v1/realtime              records client events, answers session.created / session.updated
 *
 * The chat behaviour is a script: `(request) => reply`. The default script calls a tool when the
 * last user message names one (`call everything_echo with {"message":"hi"}`), and after a tool
 * result replies with text quoting it. Tests inject their own script with `setScript`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface FakeToolDef {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface FakeChatRequest {
  model: string;
  messages: FakeChatMessage[];
  tools: FakeToolDef[];
  stream: boolean;
  temperature?: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
  id?: string;
}

export type FakeReply =
  | { text: string; toolCalls?: undefined; error?: undefined }
  | { toolCalls: FakeToolCall[]; text?: string; error?: undefined }
  | { error: { status: number; message: string }; text?: undefined; toolCalls?: undefined };

export type ChatScript = (req: FakeChatRequest) => FakeReply | Promise<FakeReply>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  at: number;
}

export interface OpenAIFake {
  /** http://127.0.0.1:PORT */
  url: string;
  /** http://127.0.0.1:PORT/v1 — what a spec's / plugin's baseURL points at */
  baseURL: string;
  requests: RecordedRequest[];
  chatRequests: FakeChatRequest[];
  realtimeEvents: Array<Record<string, unknown>>;
  realtimeConnections: Array<{ path: string; headers: Record<string, string | string[] | undefined> }>;
  setScript(script: ChatScript | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

export interface OpenAIFakeOptions {
  script?: ChatScript;
  /** split text replies into deltas of this many characters (default 8) */
  chunkSize?: number;
  /** delay between SSE chunks in ms (default 0) */
  chunkDelayMs?: number;
}

export function messageText(m: FakeChatMessage | undefined): string {
  if (!m || m.content == null) return '';
  if (typeof m.content === 'string') return m.content;
  return m.content.map((p) => p.text ?? '').join('');
}

export function lastUserText(req: FakeChatRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    if (req.messages[i].role === 'user') return messageText(req.messages[i]);
  }
  return '';
}

/** Tool results that arrived since the last user message (the model's view of the current step). */
export function pendingToolResults(req: FakeChatRequest): FakeChatMessage[] {
  const out: FakeChatMessage[] = [];
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i];
    if (m.role === 'tool') out.unshift(m);
    else if (m.role === 'user') break;
  }
  return out;
}

function placeholderArgs(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const props = (schema?.properties ?? {}) as Record<string, { type?: string }>;
  const required = (schema?.required ?? []) as string[];
  const args: Record<string, unknown> = {};
  for (const key of required) {
    const t = props[key]?.type;
    args[key] = t === 'number' || t === 'integer' ? 1 : t === 'boolean' ? true : 'test';
  }
  return args;
}

/**
 * Default behaviour: after tool results → "Tool result: <content>"; when the last user message
 * names a tool (exact name) → call it, with `with {json}` arguments if given; else echo.
 */
export const defaultScript: ChatScript = (req) => {
  const results = pendingToolResults(req);
  if (results.length > 0) {
    return { text: `Tool result: ${results.map((r) => messageText(r)).join(' | ')}` };
  }
  const text = lastUserText(req);
  const named = [...req.tools]
    .sort((a, b) => b.function.name.length - a.function.name.length)
    .find((t) => new RegExp(`\\b${t.function.name}\\b`).test(text));
  if (named) {
    const json = /\bwith\s+(\{.*\})\s*$/s.exec(text)?.[1];
    const args = json ? (JSON.parse(json) as Record<string, unknown>) : placeholderArgs(named.function.parameters);
    return { toolCalls: [{ name: named.function.name, arguments: args }] };
  }
  return { text: `You said: ${text}` };
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 0.25 s of 24 kHz mono PCM16: a quiet 440 Hz tone, enough for a decoder to produce frames. */
function speechPcm(): Buffer {
  const rate = 24000;
  const n = rate / 4;
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 2000), i * 2);
  return buf;
}

export async function startOpenAIFake(opts: OpenAIFakeOptions = {}): Promise<OpenAIFake> {
  let script: ChatScript = opts.script ?? defaultScript;
  const chunkSize = opts.chunkSize ?? 8;
  const chunkDelayMs = opts.chunkDelayMs ?? 0;
  const requests: RecordedRequest[] = [];
  const chatRequests: FakeChatRequest[] = [];
  const realtimeEvents: Array<Record<string, unknown>> = [];
  const realtimeConnections: OpenAIFake['realtimeConnections'] = [];
  let seq = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function chat(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>) {
    const creq: FakeChatRequest = {
      model: String(body.model ?? ''),
      messages: (body.messages ?? []) as FakeChatMessage[],
      tools: (body.tools ?? []) as FakeToolDef[],
      stream: body.stream === true,
      temperature: body.temperature as number | undefined,
      body,
      headers: req.headers
    };
    chatRequests.push(creq);
    let reply: FakeReply;
    try {
      reply = await script(creq);
    } catch (e) {
      reply = { error: { status: 500, message: `fake script failed: ${(e as Error).message}` } };
    }
    if (reply.error) {
      send(res, reply.error.status, { error: { message: reply.error.message, type: 'fake_error' } });
      return;
    }
    const id = `chatcmpl-fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const calls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `call_${seq}_${i}`,
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments)
    }));
    const finish = calls.length ? 'tool_calls' : 'stop';
    const text = reply.text ?? '';
    const usage = { prompt_tokens: 10, completion_tokens: Math.max(1, Math.ceil(text.length / 4)), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

    if (!creq.stream) {
      send(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: creq.model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: text || null,
              tool_calls: calls.length
                ? calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }))
                : undefined
            },
            finish_reason: finish
          }
        ],
        usage
      });
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: creq.model, choices, ...extra })}\n\n`;
    const write = async (s: string) => {
      res.write(s);
      if (chunkDelayMs) await sleep(chunkDelayMs);
    };
    await write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    if (text) {
      for (const part of splitText(text, chunkSize)) {
        await write(chunk([{ index: 0, delta: { content: part }, finish_reason: null }]));
      }
    }
    for (const [index, c] of calls.entries()) {
      await write(
        chunk([
          {
            index: 0,
            delta: { tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] },
            finish_reason: null
          }
        ])
      );
      for (const part of splitText(c.arguments, 16)) {
        await write(chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: part } }] }, finish_reason: null }]));
      }
    }
    await write(chunk([{ index: 0, delta: {}, finish_reason: finish }]));
    const so = body.stream_options as { include_usage?: boolean } | undefined;
    if (so?.include_usage) await write(chunk([], { usage }));
    res.end('data: [DONE]\n\n');
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const ctype = String(req.headers['content-type'] ?? '');
      let body: unknown = raw.length ? raw : undefined;
      if (ctype.includes('json') && raw.length) body = JSON.parse(raw.toString('utf8'));
      requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, at: Date.now() });

      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
        await chat(req, res, (body ?? {}) as Record<string, unknown>);
      } else if (req.method === 'POST' && url.pathname === '/v1/audio/transcriptions') {
        send(res, 200, { text: 'hello from the fake transcriber' });
      } else if (req.method === 'POST' && url.pathname === '/v1/audio/speech') {
        res.writeHead(200, { 'content-type': 'audio/pcm' });
        res.end(speechPcm());
      } else if (req.method === 'GET' && url.pathname === '/v1/models') {
        send(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model' }] });
      } else {
        send(res, 404, { error: { message: `no route ${req.method} ${url.pathname}`, type: 'not_found' } });
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(e), type: 'fake_error' } });
      else res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/v1/realtime') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      realtimeConnections.push({ path: `${url.pathname}${url.search}`, headers: req.headers });
      const sessionObj = { id: 'sess_fake', object: 'realtime.session', model: url.searchParams.get('model') ?? '' };
      ws.send(JSON.stringify({ type: 'session.created', event_id: `evt_${++seq}`, session: sessionObj }));
      ws.on('message', (data) => {
        let ev: Record<string, unknown>;
        try {
          ev = JSON.parse(String(data)) as Record<string, unknown>;
        } catch {
          return;
        }
        realtimeEvents.push(ev);
        if (ev.type === 'session.update') {
          ws.send(
            JSON.stringify({ type: 'session.updated', event_id: `evt_${++seq}`, session: { ...sessionObj, ...(ev.session as object) } })
          );
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    chatRequests,
    realtimeEvents,
    realtimeConnections,
    setScript(s) {
      script = s ?? defaultScript;
    },
    reset() {
      requests.length = 0;
      chatRequests.length = 0;
      realtimeEvents.length = 0;
      realtimeConnections.length = 0;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
