/**
 * Runtime figures, printed against their goals (never asserted):
 *  1. dispatch → session started, spec already cached: job metadata → spec → voice assembly →
 *     `session.start` (p50 ≤ 25 ms). The room connect is not included (it runs alongside).
 *  2. an MCP tool call through the bridge (the bridged tool's execute, as the session runs it)
 *     ÷ the raw SDK `Client.callTool` on the same server-everything (goal ≤ 1.05×).
 *  3. a text turn through the assembly (TextSession: trace, deltas, bridge) ÷ a bare AgentSession
 *     with the same fake LLM (goal ≤ 1.10×).
 * Calls are interleaved in rounds so machine drift hits both sides alike.
 */
import { initializeLogger, loggerOptions, voice, type llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WebSocketServer } from 'ws';
import { startEverything } from '../tests/fakes/everything.js';
import { startOpenAIFake } from '../tests/fakes/openai.js';
import { assembleAgent } from '../runtime/src/assemble.js';
import { startPlayground } from '../runtime/src/playground.js';
import { ApiSpecSource } from '../runtime/src/spec-source.js';
import { TextSession } from '../runtime/src/text-session.js';
import { prepareJob } from '../runtime/src/worker.js';
import { startEditorFake } from '../runtime/test/editor-fake.js';
import { pipelineYaml } from '../runtime/test/helpers.js';
import { specFromText } from '../runtime/src/spec-load.js';
import { fmtMs, median, percentile, report } from './stats.js';

export async function run(): Promise<void> {
  if (!loggerOptions()) initializeLogger({ pretty: false, level: 'fatal' });
  await dispatchToStarted();
  await bridgeOverhead();
  await turnOverhead();
}

async function dispatchToStarted(): Promise<void> {
  const llmFake = await startOpenAIFake();
  const editor = await startEditorFake();
  // A WebSocket sink for the voice session's STT stream (a roomless voice session opens it).
  const sink = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => sink.once('listening', r));
  const sinkUrl = `ws://127.0.0.1:${(sink.address() as { port: number }).port}`;
  editor.agents.set('bench', { versions: { 1: pipelineYaml({ name: 'bench', llmBaseURL: llmFake.baseURL, greeting: undefined }) } });
  const env = { OPENAI_API_KEY: 'sk', DEEPGRAM_API_KEY: 'dg', ELEVEN_API_KEY: 'el', DEEPGRAM_BASE_URL: sinkUrl, ELEVENLABS_BASE_URL: `http://127.0.0.1:9/v1` };
  const metadata = JSON.stringify({ agentId: 'bench', version: 1, variables: { a: 'b' } });
  const source = new ApiSpecSource(editor.url, editor.token);
  const playground = await startPlayground({ token: 'bench', port: 0, source });
  try {
    // Each session is closed before the next run (untimed; agents-js takes ~0.5 s to drain one):
    // closing in the background would steal the event loop from the runs being measured.
    const once = async (src: ApiSpecSource) => {
      const t0 = performance.now();
      const job = await prepareJob(metadata, { source: src, env });
      await job.assembled.start();
      const ms = performance.now() - t0;
      await job.assembled.close();
      return ms;
    };
    const cold = await once(source); // first fetch + first session in this process
    const warm: number[] = [];
    const proxied: number[] = [];
    for (let i = 0; i < 30; i++) {
      warm.push(await once(source));
      // what a job process sees: its own empty cache, the main process's warm one over loopback
      proxied.push(await once(new ApiSpecSource(playground.url, 'bench')));
    }
    console.log(`\ndispatch → session started (voice pipeline, no room), 30 runs each; first run ${fmtMs(cold)}`);
    console.table({
      'in-process cache': { p50: fmtMs(median(warm)), p95: fmtMs(percentile(warm, 95)) },
      'job process via spec proxy': { p50: fmtMs(median(proxied)), p95: fmtMs(percentile(proxied, 95)) }
    });
    report('dispatch → started, cached spec (p50)', median(warm), 25);
    report('dispatch → started via spec proxy (p50)', median(proxied), 25);
  } finally {
    await playground.close();
    sink.close();
    await Promise.all([llmFake.close(), editor.close()]);
  }
}

async function bridgeOverhead(): Promise<void> {
  const server = await startEverything('streamableHttp');
  const llmFake = await startOpenAIFake();
  const raw = new Client({ name: 'bench-raw', version: '1' });
  const assembled = assembleAgent(
    specFromText(pipelineYaml({ llmBaseURL: llmFake.baseURL, mcp: [{ id: 'ev', transport: 'streamable-http', url: server.url, tools: { include: ['echo'] } }] })),
    { mode: 'text', env: { OPENAI_API_KEY: 'sk' } }
  );
  try {
    await raw.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    await assembled.start();
    await assembled.bridge.ready();
    // the tool object the session itself calls
    const bridged = assembled.session.currentAgent.toolCtx.functionTools.ev_echo as llm.FunctionTool | undefined;
    if (!bridged) throw new Error('bridged echo tool not advertised');
    let n = 0;
    const viaBridge = async () => {
      const t0 = performance.now();
      // as the session calls it: a fresh abort signal per call (RunContext is unused by the bridge)
      await bridged.execute({ message: `m${n++}` }, { toolCallId: `c${n}`, abortSignal: new AbortController().signal } as never);
      return performance.now() - t0;
    };
    const viaSdk = async () => {
      const t0 = performance.now();
      await raw.callTool({ name: 'echo', arguments: { message: `m${n++}` } });
      return performance.now() - t0;
    };
    const [b, s] = await interleave([viaBridge, viaSdk], 300, 50);
    console.log(`\nMCP echo via bridge vs raw SDK (streamable HTTP, server-everything), 300 calls each`);
    console.table({ bridge: { median: fmtMs(median(b)) }, 'raw SDK': { median: fmtMs(median(s)) } });
    report('MCP call through the bridge ÷ raw SDK', median(b) / median(s), 1.05, 'x');
  } finally {
    await assembled.close();
    await raw.close();
    await server.stop();
    await llmFake.close();
  }
}

async function turnOverhead(): Promise<void> {
  const llmFake = await startOpenAIFake();
  const spec = specFromText(pipelineYaml({ llmBaseURL: llmFake.baseURL, instructions: 'You are a bench agent.' }));
  const ours = await TextSession.create(spec, { env: { OPENAI_API_KEY: 'sk' } });
  const bareSession = async () => {
    const s = new voice.AgentSession({
      llm: new openai.LLM({ model: 'fake-model', baseURL: llmFake.baseURL, apiKey: 'sk' }),
      vad: null,
      turnHandling: { turnDetection: 'manual' }
    });
    // Same text sink as TextSession's: without one agents-js takes a slower path, which would flatter us.
    s.output.transcription = { captureText: async () => undefined, flush: () => undefined, onAttached: () => undefined, onDetached: () => undefined } as never;
    await s.start({ agent: new voice.Agent({ instructions: 'You are a bench agent.' }) });
    return s;
  };
  // A second bare session is the control: bare ÷ bare shows this run's noise floor.
  const [bare, control] = [await bareSession(), await bareSession()];
  const timed = (fn: () => Promise<unknown>) => async () => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  try {
    const [a, b, c] = await interleave(
      [timed(() => ours.send('hello')), timed(() => bare.run({ userInput: 'hello' }).wait()), timed(() => control.run({ userInput: 'hello' }).wait())],
      120,
      15
    );
    console.log(`\ntext turn: assembly (TextSession) vs bare AgentSession, same fake LLM, 120 turns each`);
    console.table({
      assembly: { median: fmtMs(median(a)) },
      bare: { median: fmtMs(median(b)) },
      'bare (control)': { median: fmtMs(median(c)) }
    });
    console.log(`noise floor (control ÷ bare): ${(median(c) / median(b)).toFixed(3)}×`);
    report('text turn through the assembly ÷ bare AgentSession', median(a) / median(b), 1.1, 'x');
  } finally {
    await ours.close();
    await Promise.all([bare.close(), control.close()]);
    await llmFake.close();
  }
}

/** Runs the functions in turn, in rounds whose order rotates, after a warm-up; one sample list each. */
async function interleave(fns: Array<() => Promise<number>>, count: number, warmup: number): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const samples = fns.map(() => [] as number[]);
  const ROUND = 5;
  for (let i = 0, r = 0; i < count; i += ROUND, r++) {
    const order = fns.map((_, k) => (k + r) % fns.length);
    for (let j = 0; j < ROUND; j++) for (const k of order) samples[k].push(await fns[k]());
  }
  return samples;
}
