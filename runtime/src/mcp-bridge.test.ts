import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { everythingStdio } from '../../tests/fakes/everything.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { pipelineSpec, quietLogger, waitFor } from '../test/helpers.js';
import { assembleAgent, type AssembledAgent } from './assemble.js';
import type { TraceEvent } from './trace.js';

let llm: OpenAIFake;
const servers: FakeMcpServer[] = [];
const open: AssembledAgent[] = [];

beforeAll(async () => {
  quietLogger();
  llm = await startOpenAIFake();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop().catch(() => undefined)));
  llm.setScript(undefined);
  llm.reset();
});
afterAll(async () => {
  await llm?.close();
});

async function mcpServer(): Promise<FakeMcpServer> {
  const s = await startFakeMcpServer();
  servers.push(s);
  return s;
}

function assemble(mcp: Array<Record<string, unknown>>, extra: Partial<Parameters<typeof assembleAgent>[1]> = {}) {
  const trace: TraceEvent[] = [];
  const spec = pipelineSpec({ llmBaseURL: llm.baseURL, mcp });
  const a = assembleAgent(spec, {
    mode: 'text',
    trace: (e) => trace.push(e),
    env: { OPENAI_API_KEY: 'sk-test' },
    mcp: { reconnect: { baseMs: 50, maxMs: 200 } },
    ...extra
  });
  open.push(a);
  return { a, trace };
}

async function say(a: AssembledAgent, text: string): Promise<string> {
  const run = await a.session.run({ userInput: text }).wait();
  return run.events
    .filter((e) => e.type === 'message')
    .map((e) => (e.item as { textContent?: string }).textContent ?? '')
    .join(' ');
}

const toolCalls = (trace: TraceEvent[]) => trace.filter((e): e is Extract<TraceEvent, { type: 'tool_call' }> => e.type === 'tool_call');

describe('MCP bridge', () => {
  it('applies include and prefix, and caches listed read-only tools', async () => {
    const s = await mcpServer();
    const { a, trace } = assemble([
      {
        id: 'calc',
        transport: 'streamable-http',
        url: s.url,
        prefix: 'math',
        tools: { include: ['add', 'echo'] },
        cache: { ttlSeconds: 60, tools: ['add'] }
      }
    ]);
    await a.start();
    await a.bridge.ready();
    expect(a.bridge.toolNames.sort()).toEqual(['math_add', 'math_echo']);
    expect(await say(a, 'call math_add with {"a":2,"b":3}')).toContain('Tool result: "5"');
    expect(await say(a, 'call math_add with {"b":3,"a":2}')).toContain('Tool result: "5"');
    const adds = s.calls.filter((c) => c.name === 'add');
    expect(adds).toHaveLength(1); // second call served from cache (same canonical args)
    expect(toolCalls(trace).map((c) => c.cacheHit)).toEqual([false, true]);
    // only the included tools were offered to the LLM
    expect(llm.chatRequests.at(-1)!.tools.map((t) => t.function.name).sort()).toEqual(['math_add', 'math_echo']);
  });

  it('exclude hides tools; default prefix is the node id', async () => {
    const s = await mcpServer();
    const { a } = assemble([{ id: 'fake', transport: 'streamable-http', url: s.url, tools: { exclude: ['hang', 'throw', 'slow'] } }]);
    await a.start();
    await a.bridge.ready();
    expect(a.bridge.toolNames.sort()).toEqual(['fake_add', 'fake_echo', 'fake_fail']);
  });

  it('turns isError results and timeouts into tool errors the model reads', async () => {
    const s = await mcpServer();
    const { a, trace } = assemble([{ id: 'fake', transport: 'streamable-http', url: s.url, timeoutMs: 300 }]);
    await a.start();
    await a.bridge.ready();
    expect(await say(a, 'call fake_fail')).toContain('reported an error: Something went wrong');
    expect(await say(a, 'call fake_hang')).toContain('timed out after 300 ms');
    expect(await say(a, 'call fake_echo with {"message":"still here"}')).toContain('Echo: still here');
    const calls = toolCalls(trace);
    expect(calls.map((c) => [c.name, c.isError])).toEqual([
      ['fake_fail', true],
      ['fake_hang', true],
      ['fake_echo', false]
    ]);
    expect(calls[1].durationMs).toBeGreaterThanOrEqual(250);
  });

  it('a server killed mid-call gives the model an error result; the session survives and the server comes back', async () => {
    const { config, allowList } = everythingStdio();
    const { a, trace } = assemble(
      [{ id: 'every', transport: 'stdio', command: config.command, args: config.args }],
      { mcp: { allowList, reconnect: { baseMs: 50, maxMs: 200 } } }
    );
    await a.start();
    await a.bridge.ready();
    expect(a.bridge.toolNames).toContain('every_trigger-long-running-operation');
    const pid = a.bridge.links[0].pid!;
    setTimeout(() => process.kill(pid, 'SIGKILL'), 300);
    const reply = await say(a, 'call every_trigger-long-running-operation with {"duration":5,"steps":5}');
    expect(reply).toMatch(/could not be run/);
    const failed = toolCalls(trace).at(-1)!;
    expect(failed).toMatchObject({ isError: true, server: 'every' });
    expect(failed.durationMs!).toBeLessThan(4_000);
    // reconnects (a fresh process) and keeps working
    await waitFor(() => a.bridge.links[0].connected && a.bridge.links[0].pid !== pid, 15_000, 'reconnect');
    expect(await say(a, 'call every_echo with {"message":"back"}')).toContain('Echo: back');
    expect(trace.some((e) => e.type === 'status' && (e.status === 'mcp_disconnected' || e.status === 'mcp_error'))).toBe(true);
  });

  it('isolates a failing server: the others keep working', async () => {
    const good = await mcpServer();
    const { a, trace } = assemble([
      { id: 'down', transport: 'streamable-http', url: 'http://127.0.0.1:9/mcp' },
      { id: 'good', transport: 'streamable-http', url: good.url, tools: { include: ['echo'] } },
      { id: 'nope', transport: 'stdio', command: 'rm', args: ['-rf', '/'] }
    ], { mcp: { allowList: '' } });
    await a.start();
    const status = await a.bridge.ready();
    expect(status.map((s) => [s.nodeId, s.state])).toEqual([
      ['down', 'reconnecting'],
      ['good', 'connected'],
      ['nope', 'error']
    ]);
    expect(status[2].error?.code).toBe('not_allowed');
    expect(a.bridge.toolNames).toEqual(['good_echo']);
    expect(await say(a, 'call good_echo with {"message":"ok"}')).toContain('Echo: ok');
    expect(trace.filter((e) => e.type === 'status' && e.status === 'mcp_error').map((e) => (e as { server?: string }).server)).toEqual(
      expect.arrayContaining(['down', 'nope'])
    );
  });

  it('tools/list_changed makes a new tool visible on the next turn', async () => {
    const s = await mcpServer();
    const { a, trace } = assemble([{ id: 'fake', transport: 'streamable-http', url: s.url }]);
    await a.start();
    await a.bridge.ready();
    await s.notificationStreamsReady();
    expect(a.bridge.toolNames).not.toContain('fake_weather');
    s.addTool('weather', {
      description: 'Weather for a city',
      inputSchema: { city: z.string() },
      handler: (args) => ({ content: [{ type: 'text', text: `Sunny in ${String(args.city)}` }] })
    });
    await waitFor(() => a.bridge.toolNames.includes('fake_weather'), 5_000, 'list_changed');
    expect(await say(a, 'call fake_weather with {"city":"Oslo"}')).toContain('Sunny in Oslo');
    expect(llm.chatRequests.at(-2)!.tools.map((t) => t.function.name)).toContain('fake_weather');
    expect(trace.some((e) => e.type === 'status' && e.status === 'tools_changed' && e.tools?.includes('fake_weather'))).toBe(true);
  });

  it('resolves registry servers through the injected resolver, with headers', async () => {
    const s = await startFakeMcpServer({ token: 'tok-123' });
    servers.push(s);
    const asked: string[] = [];
    const { a } = assemble([{ id: 'menu', server: 'menu-api', tools: { include: ['echo'] } }], {
      resolveMcpServer: (name) => {
        asked.push(name);
        return { name, transport: 'streamable-http', url: s.url, headers: { Authorization: 'Bearer tok-123' } };
      }
    });
    await a.start();
    const [status] = await a.bridge.ready();
    expect(asked).toEqual(['menu-api']);
    expect(status).toMatchObject({ state: 'connected', tools: ['menu_echo'], server: 'menu-api' });
  });

  it('resolves ${secret:} refs in inline headers, and reports an unknown registry server', async () => {
    const s = await startFakeMcpServer({ token: 'from-secret' });
    servers.push(s);
    const { a } = assemble(
      [
        { id: 'inline', transport: 'streamable-http', url: s.url, headers: { Authorization: 'Bearer ${secret:MCP_TOKEN}' } },
        { id: 'ghost', server: 'not-registered' }
      ],
      { secrets: { MCP_TOKEN: 'from-secret' }, resolveMcpServer: () => undefined }
    );
    await a.start();
    const status = await a.bridge.ready();
    expect(status[0].state).toBe('connected');
    expect(status[1]).toMatchObject({ state: 'error', error: { code: 'config' } });
    expect(status[1].error!.message).toContain('not-registered');
  });
});
