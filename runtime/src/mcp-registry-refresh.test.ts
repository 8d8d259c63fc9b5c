/**
 * Registry edits reach live sessions: a session re-loads its spec source (forced revalidation)
 * every MCP_REGISTRY_REFRESH_MS and hands the registry to `McpBridge.updateRegistry`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcpServer, type FakeMcpServer } from '../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { startEditorFake, type EditorFake } from '../test/editor-fake.js';
import { pipelineSpec, pipelineYaml, quietLogger, waitFor } from '../test/helpers.js';
import { startPlayground } from './playground.js';
import { DEFAULT_MCP_REGISTRY_REFRESH_MS, registryRefreshMs } from './registry-refresh.js';
import { ApiSpecSource } from './spec-source.js';
import { TextSession } from './text-session.js';
import { prepareJob } from './worker.js';
import type { TraceEvent } from './trace.js';

let llm: OpenAIFake;
let editor: EditorFake;
let serverA: FakeMcpServer;
let serverB: FakeMcpServer;
let serverC: FakeMcpServer;
const open: TextSession[] = [];

const text = (t: string) => ({ content: [{ type: 'text' as const, text: t }] });

beforeAll(async () => {
  quietLogger();
  llm = await startOpenAIFake();
  editor = await startEditorFake();
  [serverA, serverB, serverC] = await Promise.all([startFakeMcpServer({ name: 'a' }), startFakeMcpServer({ name: 'b', token: 'tok-b' }), startFakeMcpServer({ name: 'c' })]);
  serverA.addTool('weather_a', { description: 'Weather from A', handler: () => text('sunny from A') });
  serverB.addTool('weather_b', { description: 'Weather from B', handler: () => text('rainy from B') });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  llm.reset();
});
afterAll(async () => {
  await Promise.all([serverA, serverB, serverC].map((s) => s?.stop().catch(() => undefined)));
  await editor?.close();
  await llm?.close();
});

/** Draft with two registry nodes: `crm` (weather tools, prefixed) and `calc` (calc_add). */
function setAgent(id: string) {
  const yaml = pipelineYaml({
    llmBaseURL: llm.baseURL,
    mcp: [
      { id: 'crm', server: 'crm', prefix: 'crm', tools: { include: ['weather_a', 'weather_b'] } },
      { id: 'calc', server: 'calc', tools: { include: ['add'] } }
    ]
  });
  editor.agents.set(id, {
    versions: { 1: yaml },
    draft: { yaml, revision: 'rev-1' },
    mcpServers: {
      crm: { name: 'crm', transport: 'streamable-http', url: serverA.url },
      calc: { name: 'calc', transport: 'streamable-http', url: serverC.url }
    }
  });
  return editor.agents.get(id)!;
}

async function session(agentId: string, version: number | 'draft', intervalMs = 50) {
  // Default refreshMs (60 s): only a forced refresh can see the registry edits below.
  const src = new ApiSpecSource(editor.url, editor.token);
  const loaded = await src.load(agentId, version);
  const trace: TraceEvent[] = [];
  const s = await TextSession.create(loaded.spec, {
    secrets: loaded.secrets,
    resolveMcpServer: (name) => loaded.mcpServers[name],
    registryRefresh: { load: async () => (await src.load(agentId, version, { refresh: true })).mcpServers, intervalMs },
    env: { OPENAI_API_KEY: 'sk-test' },
    mcp: { reconnect: { baseMs: 50, maxMs: 200 }, connectTimeoutMs: 2_000 },
    waitForTools: { timeoutMs: 10_000 }
  });
  s.subscribe((e) => trace.push(e));
  open.push(s);
  return { s, src, trace };
}

const offered = () => llm.chatRequests.at(-1)!.tools.map((t) => t.function.name).sort();

describe('registry edits reach live sessions', () => {
  it('switches a registry server from A to B: the next turn sees B’s tools and not A’s', async () => {
    const agent = setAgent('swap');
    const { s } = await session('swap', 'draft');
    expect(s.assembled.bridge.toolNames.sort()).toEqual(['calc_add', 'crm_weather_a']);
    expect((await s.send('call crm_weather_a')).reply).toContain('sunny from A');

    // The editor: new URL and a new (resolved) header; the draft revision does not change.
    agent.mcpServers!.crm = { name: 'crm', transport: 'streamable-http', url: serverB.url, headers: { Authorization: 'Bearer tok-b' } };
    await waitFor(() => s.assembled.bridge.toolNames.includes('crm_weather_b'), 10_000, 'B tools');
    expect(s.assembled.bridge.toolNames.sort()).toEqual(['calc_add', 'crm_weather_b']);

    const turn = await s.send('call crm_weather_b');
    expect(turn.reply).toContain('rainy from B');
    expect(offered()).toEqual(['calc_add', 'crm_weather_b']);
    expect(serverB.calls.map((c) => c.name)).toContain('weather_b');
    expect(s.history.some((e) => e.type === 'status' && e.server === 'crm' && /changed in the registry/.test(e.message ?? ''))).toBe(true);
    // calc was not touched
    expect(s.assembled.bridge.status().find((x) => x.nodeId === 'calc')!.state).toBe('connected');
  });

  it('withdraws the tools of a removed server, keeps the others, and reconnects when it returns', async () => {
    const agent = setAgent('removal');
    const { s } = await session('removal', 1); // a published version: served from cache unless forced
    const calcLink = s.assembled.bridge.links.find((l) => l.nodeId === 'calc');
    expect(s.assembled.bridge.toolNames.sort()).toEqual(['calc_add', 'crm_weather_a']);

    const crm = agent.mcpServers!.crm;
    delete agent.mcpServers!.crm; // switched off in the editor
    await waitFor(() => !s.assembled.bridge.toolNames.includes('crm_weather_a'), 10_000, 'withdrawal');
    expect(s.assembled.bridge.toolNames).toEqual(['calc_add']);
    expect(
      s.history.some((e) => e.type === 'status' && e.server === 'crm' && /removed from the registry or switched off/.test(e.message ?? ''))
    ).toBe(true);
    const turn = await s.send('call calc_add with {"a":2,"b":5}');
    expect(turn.reply).toContain('Tool result: "7"');
    expect(offered()).toEqual(['calc_add']);
    // the other node kept its link (no reconnect)
    expect(s.assembled.bridge.links.find((l) => l.nodeId === 'calc')).toBe(calcLink);

    // A broken new config fails alone.
    agent.mcpServers!.crm = { name: 'crm', transport: 'streamable-http', url: 'http://127.0.0.1:1/mcp' };
    await waitFor(() => s.assembled.bridge.status().find((x) => x.nodeId === 'crm')!.error, 10_000, 'crm error');
    expect((await s.send('call calc_add with {"a":1,"b":1}')).reply).toContain('Tool result: "2"');

    agent.mcpServers!.crm = crm; // back on
    await waitFor(() => s.assembled.bridge.toolNames.includes('crm_weather_a'), 10_000, 'reconnect');
    expect((await s.send('call crm_weather_a')).reply).toContain('sunny from A');
  });

  it('stops polling when the session closes', async () => {
    setAgent('closing');
    const { s } = await session('closing', 'draft', 30);
    const refresh = s.assembled.registryRefresh!;
    expect(refresh.intervalMs).toBe(30);
    const count = () => editor.requests.filter((r) => r.path === '/api/internal/specs/closing').length;
    const before = count();
    await waitFor(() => count() >= before + 2, 5_000, 'polling');
    await s.close();
    expect(refresh.stopped).toBe(true);
    await new Promise((r) => setTimeout(r, 60)); // a request in flight at close may still land
    const after = count();
    await new Promise((r) => setTimeout(r, 200));
    expect(count()).toBe(after);
  });

  it('reads MCP_REGISTRY_REFRESH_MS (default 30 s, 0 disables) and does not poll without registry nodes', async () => {
    expect(registryRefreshMs({})).toBe(DEFAULT_MCP_REGISTRY_REFRESH_MS);
    expect(registryRefreshMs({ MCP_REGISTRY_REFRESH_MS: '0' })).toBe(0);
    expect(registryRefreshMs({ MCP_REGISTRY_REFRESH_MS: '5000' })).toBe(5000);
    expect(registryRefreshMs({ MCP_REGISTRY_REFRESH_MS: 'soon' })).toBe(DEFAULT_MCP_REGISTRY_REFRESH_MS);
    setAgent('plain');
    const loaded = await new ApiSpecSource(editor.url, editor.token).load('plain', 'draft');
    const off = await TextSession.create(loaded.spec, {
      env: { OPENAI_API_KEY: 'sk-test', MCP_REGISTRY_REFRESH_MS: '0' },
      resolveMcpServer: (name) => loaded.mcpServers[name],
      registryRefresh: { load: async () => loaded.mcpServers }
    });
    open.push(off);
    expect(off.assembled.registryRefresh?.intervalMs).toBe(0);
    const inline = await TextSession.create(pipelineSpec({ llmBaseURL: llm.baseURL, mcp: [{ id: 'x', transport: 'streamable-http', url: serverC.url }] }), {
      env: { OPENAI_API_KEY: 'sk-test' },
      registryRefresh: { load: async () => ({}) }
    });
    open.push(inline);
    expect(inline.assembled.registryRefresh).toBeUndefined();
  });

  it('a worker job polls its spec source too', async () => {
    const agent = setAgent('job');
    const job = await prepareJob('{"agentId":"job","version":1}', {
      source: new ApiSpecSource(editor.url, editor.token),
      env: { OPENAI_API_KEY: 'sk-test', DEEPGRAM_API_KEY: 'dg', ELEVEN_API_KEY: 'el' },
      registryRefreshMs: 50
    });
    try {
      await job.assembled.bridge.ready(10_000);
      expect(job.assembled.bridge.toolNames.sort()).toEqual(['calc_add', 'crm_weather_a']);
      agent.mcpServers!.crm = { name: 'crm', transport: 'streamable-http', url: serverB.url, headers: { Authorization: 'Bearer tok-b' } };
      await waitFor(() => job.assembled.bridge.toolNames.includes('crm_weather_b'), 10_000, 'B tools in the job');
      expect(job.assembled.bridge.toolNames.sort()).toEqual(['calc_add', 'crm_weather_b']);
    } finally {
      await job.assembled.close();
    }
    expect(job.assembled.registryRefresh!.stopped).toBe(true);
  });
});

describe('spec source revalidation for registry data', () => {
  it('a forced refresh sees registry edits a cached published version and a same-revision draft hide', async () => {
    const agent = setAgent('forced');
    const src = new ApiSpecSource(editor.url, editor.token);
    expect((await src.load('forced', 1)).mcpServers.crm.url).toBe(serverA.url);
    expect((await src.load('forced', 'draft')).mcpServers.crm.url).toBe(serverA.url);
    agent.mcpServers!.crm = { name: 'crm', transport: 'streamable-http', url: serverB.url };
    expect((await src.load('forced', 1)).mcpServers.crm.url).toBe(serverA.url); // cached
    expect((await src.load('forced', 1, { refresh: true })).mcpServers.crm.url).toBe(serverB.url);
    expect((await src.load('forced', 'draft', { refresh: true })).mcpServers.crm.url).toBe(serverB.url);
    // the bare revision ETag must not make a forced refresh a 304
    expect(editor.requests.at(-1)).toMatchObject({ path: '/api/internal/specs/forced', version: 'draft', status: 200, ifNoneMatch: undefined });
  });

  it('the runtime spec proxy fingerprints the registry in its ETag and revalidates on no-cache', async () => {
    const agent = setAgent('proxied');
    const main = new ApiSpecSource(editor.url, editor.token);
    const pg = await startPlayground({ token: 'pg-token', source: main, port: 0, env: { OPENAI_API_KEY: 'sk' } });
    try {
      const job = new ApiSpecSource(pg.url, 'pg-token', { refreshMs: 0 });
      const first = await job.load('proxied', 'draft');
      expect(first.mcpServers.crm.url).toBe(serverA.url);
      // unchanged: the job's revalidation is a 304 (same object back)
      expect(await job.load('proxied', 'draft')).toBe(first);
      agent.mcpServers!.crm = { name: 'crm', transport: 'streamable-http', url: serverB.url };
      const refreshed = await job.load('proxied', 'draft', { refresh: true });
      expect(refreshed.mcpServers.crm.url).toBe(serverB.url);
      expect(await job.load('proxied', 'draft', { refresh: true })).toBe(refreshed);
    } finally {
      await pg.close();
    }
  });
});
