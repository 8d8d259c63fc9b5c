import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcpServer, type FakeMcpServer } from '../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { pipelineSpec, quietLogger } from '../test/helpers.js';
import { assembleAgent, type AssembledAgent } from './assemble.js';
import type { TraceEvent } from './trace.js';

let llm: OpenAIFake;
let mcp: FakeMcpServer;
const open: AssembledAgent[] = [];

beforeAll(async () => {
  quietLogger();
  llm = await startOpenAIFake();
  mcp = await startFakeMcpServer();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  llm.setScript(undefined);
  llm.reset();
});
afterAll(async () => {
  await llm?.close();
  await mcp?.stop();
});

function assemble(spec: Parameters<typeof assembleAgent>[0], variables?: Record<string, string>) {
  const trace: TraceEvent[] = [];
  const a = assembleAgent(spec, { mode: 'text', variables, trace: (e) => trace.push(e), env: { OPENAI_API_KEY: 'sk-test' } });
  open.push(a);
  return { a, trace };
}

describe('assembleAgent (text mode)', () => {
  it('runs a turn that calls an MCP tool and answers with its result', async () => {
    const spec = pipelineSpec({
      llmBaseURL: llm.baseURL,
      mcp: [{ id: 'tools', transport: 'streamable-http', url: mcp.url }]
    });
    const { a, trace } = assemble(spec);
    await a.start();
    await a.bridge.ready();
    expect(a.bridge.toolNames).toContain('tools_echo');
    const run = await a.session.run({ userInput: 'please call tools_echo with {"message":"hello"}' }).wait();
    const reply = run.events.filter((e) => e.type === 'message').map((e) => (e.item as { textContent?: string }).textContent);
    expect(reply.join(' ')).toContain('Echo: hello');
    const call = trace.find((e) => e.type === 'tool_call');
    expect(call).toMatchObject({ name: 'tools_echo', args: { message: 'hello' }, isError: false, server: 'tools', tool: 'echo', cacheHit: false });
    expect(mcp.calls.at(-1)).toEqual({ name: 'echo', args: { message: 'hello' } });
    // the LLM was offered the tool with the cleaned schema
    const offered = llm.chatRequests[0].tools.find((t) => t.function.name === 'tools_echo');
    expect(offered?.function.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(JSON.stringify(offered?.function.parameters)).not.toContain('$schema');
  });

  it('renders variables into instructions and greeting; the greeting is the first agent message', async () => {
    const spec = pipelineSpec({
      llmBaseURL: llm.baseURL,
      variables: { shop: "Luigi's", city: 'Rome' },
      instructions: 'You take orders for {{shop}} in {{ city }}.',
      greeting: 'Hi, this is {{shop}}!'
    });
    const { a, trace } = assemble(spec, { shop: 'Mario' });
    expect(a.instructions).toBe('You take orders for Mario in Rome.');
    expect(a.greeting).toBe('Hi, this is Mario!');
    await a.start();
    const firstAgent = trace.find((e) => e.type === 'agent');
    expect(firstAgent).toMatchObject({ text: 'Hi, this is Mario!', greeting: true });
    await a.session.run({ userInput: 'hello' }).wait();
    const system = llm.chatRequests[0].messages.find((m) => m.role === 'system' || m.role === 'developer');
    expect(system?.content).toContain('You take orders for Mario in Rome.');
    // trace order: status, greeting, user, agent reply with turn metrics
    const kinds = trace.filter((e) => e.type !== 'status').map((e) => (e.type === 'metrics' ? `metrics:${e.kind}` : e.type));
    expect(kinds).toEqual(['agent', 'user', 'metrics:llm', 'agent', 'metrics:turn']);
    const turn = trace.find((e) => e.type === 'metrics' && e.kind === 'turn');
    expect(turn).toMatchObject({ llmTtftMs: expect.any(Number) });
  });

  it('a required input without a value is a clear error', () => {
    const spec = pipelineSpec({ llmBaseURL: llm.baseURL, instructions: 'Call {{customer}}.', inputs: ['customer'] });
    expect(() => assembleAgent(spec, { mode: 'text', env: { OPENAI_API_KEY: 'k' } })).toThrow(/customer/);
    const a = assembleAgent(spec, { mode: 'text', variables: { customer: 'Ada' }, env: { OPENAI_API_KEY: 'k' } });
    open.push(a);
    expect(a.instructions).toBe('Call Ada.');
  });

  it('starts the session without waiting for MCP servers', async () => {
    const spec = pipelineSpec({
      llmBaseURL: llm.baseURL,
      mcp: [{ id: 'slow', transport: 'streamable-http', url: 'http://10.255.255.1:81/mcp' }]
    });
    const { a } = assemble(spec);
    const t0 = performance.now();
    await a.start();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(a.bridge.status()[0].state).toBe('connecting');
    expect(await a.session.run({ userInput: 'hi' }).wait().then((r) => r.events.length)).toBeGreaterThan(0);
  });
});
