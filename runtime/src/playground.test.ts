import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeMcpServer, type FakeMcpServer } from '../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { startEditorFake, type EditorFake } from '../test/editor-fake.js';
import { pipelineYaml, quietLogger, waitFor } from '../test/helpers.js';
import { startPlayground, type Playground } from './playground.js';
import { ApiSpecSource } from './spec-source.js';

let llm: OpenAIFake;
let mcp: FakeMcpServer;
let editor: EditorFake;
let pg: Playground;
const TOKEN = 'pg-token';

beforeAll(async () => {
  quietLogger();
  llm = await startOpenAIFake();
  mcp = await startFakeMcpServer({ token: 'menu-secret' });
  editor = await startEditorFake();
  editor.agents.set('agent-1', {
    versions: {
      3: pipelineYaml({
        name: 'pizza-order',
        llmBaseURL: llm.baseURL,
        variables: { shop: "Luigi's" },
        instructions: 'You take orders for {{shop}}.',
        greeting: 'Hi, this is {{shop}}.',
        mcp: [{ id: 'menu', server: 'menu-api', tools: { include: ['echo', 'add'] } }]
      })
    },
    mcpServers: { 'menu-api': { name: 'menu-api', transport: 'streamable-http', url: mcp.url, headers: { Authorization: 'Bearer menu-secret' } } }
  });
  pg = await startPlayground({
    token: TOKEN,
    port: 0,
    source: new ApiSpecSource(editor.url, editor.token),
    env: { OPENAI_API_KEY: 'sk-test' },
    idleTimeoutMs: 60_000
  });
});
afterAll(async () => {
  await pg?.close();
  await Promise.all([llm?.close(), mcp?.stop(), editor?.close()]);
});

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${pg.url}${path}`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify(body) });
const ndjson = async (res: Response) =>
  (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('playground HTTP API', () => {
  it('health needs no token; everything else does', async () => {
    const health = await fetch(`${pg.url}/health`);
    expect(await health.json()).toMatchObject({ ok: true, source: 'api' });
    const denied = await fetch(`${pg.url}/sessions`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('runs a published version end to end: create, stream a turn with a tool call, events, delete', async () => {
    const created = await post('/sessions', { agentId: 'agent-1', version: 3, variables: { shop: 'Mario' }, waitForTools: true });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { sessionId: string; greeting: string; tools: string[]; agent: unknown; events: Array<{ type: string; text?: string }> };
    expect(session).toMatchObject({
      greeting: 'Hi, this is Mario.',
      tools: ['menu_echo', 'menu_add'],
      agent: { agentId: 'agent-1', name: 'pizza-order', version: 3 }
    });
    expect(session.events.find((e) => e.type === 'agent')).toMatchObject({ text: 'Hi, this is Mario.', greeting: true });

    const res = await post(`/sessions/${session.sessionId}/messages`, { text: 'call menu_add with {"a":20,"b":22}' });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await ndjson(res);
    expect(lines.map((l) => l.type)).toEqual(expect.arrayContaining(['user', 'tool_call', 'agent_delta', 'agent', 'done']));
    expect(lines.at(-1)).toMatchObject({ type: 'done', reply: 'Tool result: "42"', toolCalls: ['menu_add'] });
    const deltas = lines.filter((l) => l.type === 'agent_delta').map((l) => l.text).join('');
    expect(deltas).toBe('Tool result: "42"');
    expect(lines.find((l) => l.type === 'tool_call')).toMatchObject({ name: 'menu_add', args: { a: 20, b: 22 }, result: '"42"', isError: false, server: 'menu-api' });

    // SSE flavour of the same endpoint
    const sse = await post(`/sessions/${session.sessionId}/messages`, { text: 'hello there' }, { accept: 'text/event-stream' });
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    const sseText = await sse.text();
    expect(sseText).toContain('event: done\ndata: {"type":"done","reply":"You said: hello there"');

    // non-streaming
    const plain = await post(`/sessions/${session.sessionId}/messages?stream=false`, { text: 'again' });
    expect(await plain.json()).toMatchObject({ reply: 'You said: again', toolCalls: [] });

    // the event log replays over SSE
    const ctrl = new AbortController();
    const events = await fetch(`${pg.url}/sessions/${session.sessionId}/events?token=${TOKEN}`, { signal: ctrl.signal });
    const reader = events.body!.getReader();
    let seen = '';
    while (!seen.includes('You said: again')) seen += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    expect(seen).toMatch(/^id: 0\nevent: status/m);
    expect(seen).toContain('event: tool_call');

    const info = await fetch(`${pg.url}/sessions/${session.sessionId}`, { headers: auth });
    expect(await info.json()).toMatchObject({ busy: false, mcpServers: [{ nodeId: 'menu', state: 'connected' }] });

    const del = await fetch(`${pg.url}/sessions/${session.sessionId}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    const gone = await post(`/sessions/${session.sessionId}/messages`, { text: 'hi' });
    expect(gone.status).toBe(404);
  });

  it('accepts inline YAML and reports problems as error JSON', async () => {
    const ok = await post('/sessions', { yaml: pipelineYaml({ llmBaseURL: llm.baseURL }) });
    expect(ok.status).toBe(201);
    const { sessionId } = (await ok.json()) as { sessionId: string };

    const bad = await post('/sessions', { yaml: 'apiVersion: nope\nkind: Agent\n' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_spec', details: { problems: expect.any(Array) } } });
    const unknown = await post('/sessions', { agentId: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_agent');
    const noBody = await post('/sessions', { version: 3 });
    expect(noBody.status).toBe(400);
    const empty = await post(`/sessions/${sessionId}/messages`, { text: '' });
    expect(empty.status).toBe(400);
    await fetch(`${pg.url}/sessions/${sessionId}`, { method: 'DELETE', headers: auth });
  });

  it('a second message while the agent answers is refused with 409', async () => {
    const created = await post('/sessions', { yaml: pipelineYaml({ llmBaseURL: llm.baseURL }) });
    const { sessionId } = (await created.json()) as { sessionId: string };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    llm.setScript(async () => {
      await gate;
      return { text: 'slow answer' };
    });
    const first = post(`/sessions/${sessionId}/messages`, { text: 'one' });
    await waitFor(() => pg.sessions.get(sessionId)?.text.isBusy, 5_000, 'busy');
    const second = await post(`/sessions/${sessionId}/messages`, { text: 'two' });
    expect(second.status).toBe(409);
    release();
    expect((await ndjson(await first)).at(-1)).toMatchObject({ type: 'done', reply: 'slow answer' });
    llm.setScript(undefined);
    await fetch(`${pg.url}/sessions/${sessionId}`, { method: 'DELETE', headers: auth });
  });

  it('a failing model ends the turn with {type:"failed"}; the session keeps working', async () => {
    const created = await post('/sessions', { yaml: pipelineYaml({ llmBaseURL: llm.baseURL }) });
    const { sessionId } = (await created.json()) as { sessionId: string };
    llm.setScript(() => ({ error: { status: 500, message: 'model down' } }));
    const lines = await ndjson(await post(`/sessions/${sessionId}/messages`, { text: 'hello?' }));
    expect(lines.filter((l) => l.type === 'error').length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatchObject({ type: 'failed', error: { code: 'turn_failed', message: expect.stringContaining('model down') } });
    llm.setScript(undefined);
    expect((await ndjson(await post(`/sessions/${sessionId}/messages`, { text: 'back?' }))).at(-1)).toMatchObject({ type: 'done', reply: 'You said: back?' });
    await fetch(`${pg.url}/sessions/${sessionId}`, { method: 'DELETE', headers: auth });
  });

  it('speaks WebSocket with ?token=', async () => {
    const created = await post('/sessions', { yaml: pipelineYaml({ llmBaseURL: llm.baseURL }) });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const wsUrl = `${pg.url.replace('http', 'ws')}/sessions/${sessionId}/ws?token=${TOKEN}`;
    const ws = new WebSocket(wsUrl);
    const got: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'message', text: 'over ws' }));
    await waitFor(() => got.find((e) => e.type === 'done'), 5_000, 'done over ws');
    expect(got.find((e) => e.type === 'done')).toMatchObject({ reply: 'You said: over ws' });
    ws.close();
    const denied = new WebSocket(`${pg.url.replace('http', 'ws')}/sessions/${sessionId}/ws?token=wrong`);
    const err = await new Promise<Error>((r) => denied.once('error', r));
    expect(err.message).toContain('401');
    await fetch(`${pg.url}/sessions/${sessionId}`, { method: 'DELETE', headers: auth });
  });

  it('expires idle sessions', async () => {
    const short = await startPlayground({ token: TOKEN, port: 0, env: { OPENAI_API_KEY: 'sk' }, idleTimeoutMs: 200 });
    try {
      const res = await fetch(`${short.url}/sessions`, { method: 'POST', headers: auth, body: JSON.stringify({ yaml: pipelineYaml({ llmBaseURL: llm.baseURL }) }) });
      expect(res.status).toBe(201);
      expect(short.sessions.size).toBe(1);
      await waitFor(() => short.sessions.size === 0, 3_000, 'expiry');
    } finally {
      await short.close();
    }
  });
});
