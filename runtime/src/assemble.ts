/**
 * Spec → AgentSession. The one assembly used by the LiveKit worker, the playground, the CLI and
 * the tests, so a text chat exercises exactly what a call runs.
 *
 *  voice: pipeline `AgentSession({stt, llm, tts, vad})` or `AgentSession({llm: RealtimeModel})`
 *  text:  same LLM / realtime model without STT, TTS and VAD (a roomless session would otherwise
 *         open the STT stream, and nobody plays audio)
 */
import { initializeLogger, loggerOptions, voice } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import {
  MissingVariablesError,
  renderPrompts,
  resolveRefs,
  resolveVariables,
  UnresolvedRefsError,
  type AgentSpec,
  type LlmNode,
  type McpNode,
  type RealtimeNode,
  type SttNode,
  type TtsNode,
  type Variables
} from '../../src/lib/spec/index.js';
import { RuntimeError } from './errors.js';
import { McpBridge, type McpBridgeOptions, type ResolveMcpServer } from './mcp-bridge.js';
import { registryRefreshMs, startRegistryRefresh, type LoadRegistry, type RegistryRefresh } from './registry-refresh.js';
import { createLlm, createRealtime, createStt, createTts, createVad, type ProviderContext } from './providers.js';
import { attachTrace, type TraceSink } from './trace.js';

export type AssembleMode = 'voice' | 'text';

export interface AssembleOptions {
  mode: AssembleMode;
  /** dispatch variables; override the spec's defaults */
  variables?: Record<string, unknown>;
  /** registry MCP servers by name (headers already resolved) */
  resolveMcpServer?: ResolveMcpServer;
  /** owner secrets for `${secret:NAME}` */
  secrets?: Record<string, string>;
  trace?: TraceSink;
  /** defaults to process.env; `${env:NAME}` refs and provider default keys read it */
  env?: Record<string, string | undefined>;
  mcp?: Pick<McpBridgeOptions, 'allowList' | 'connectTimeoutMs' | 'reconnect' | 'cache'>;
  /**
   * Re-loads the registry (e.g. the spec source with `refresh: true`) while the session lives, so
   * registry edits reach it. Runs every `intervalMs` (default env MCP_REGISTRY_REFRESH_MS, else
   * 30 s; 0 = off) when the spec has registry-backed MCP nodes; stopped by `close()`.
   */
  registryRefresh?: { load: LoadRegistry; intervalMs?: number };
}

export interface AssembledAgent {
  agent: voice.Agent;
  session: voice.AgentSession;
  bridge: McpBridge;
  instructions: string;
  greeting?: string;
  variables: Variables;
  shape: 'pipeline' | 'realtime';
  /** the registry poll, when `registryRefresh` was given and the spec has registry MCP nodes */
  registryRefresh?: RegistryRefresh;
  /**
   * `session.start({agent, room})`, then the greeting. In text mode the greeting is awaited, so it
   * is the first agent message of the trace; in a room it plays while the user listens.
   */
  start(opts?: { room?: Room }): Promise<void>;
  close(): Promise<void>;
}

function nodesOf<T extends AgentSpec['nodes'][number]['type']>(spec: AgentSpec, type: T) {
  return spec.nodes.filter((n) => n.type === type) as Array<Extract<AgentSpec['nodes'][number], { type: T }>>;
}

function one<T extends { id: string }>(spec: AgentSpec, list: T[], what: string): T {
  if (list.length !== 1) {
    throw new RuntimeError(
      'invalid_spec',
      `Spec "${spec.metadata.name}" needs exactly one ${what} node for this shape, found ${list.length}.`
    );
  }
  return list[0];
}

/** agents-js refuses to build sessions before its logger exists; entries that did not set one get a quiet one. */
export function ensureLogger(level = 'warn'): void {
  if (!loggerOptions()) initializeLogger({ pretty: false, level });
}

export function assembleAgent(spec: AgentSpec, opts: AssembleOptions): AssembledAgent {
  ensureLogger();
  const env = opts.env ?? process.env;
  const secrets = opts.secrets ?? {};
  const refs = { secret: (n: string) => secrets[n], env: (n: string) => env[n] };
  const providerCtx: ProviderContext = {
    env,
    mode: opts.mode,
    resolve: (value, path) => {
      try {
        return resolveRefs(value, refs);
      } catch (e) {
        if (e instanceof UnresolvedRefsError) throw new RuntimeError('missing_secret', `${path}: ${e.message}.`, { path });
        throw e;
      }
    }
  };

  let variables: Variables;
  let prompts: { instructions: string; greeting?: string };
  try {
    variables = resolveVariables(spec, opts.variables);
    prompts = renderPrompts(spec, opts.variables);
  } catch (e) {
    if (e instanceof MissingVariablesError) {
      throw new RuntimeError('missing_variables', `Spec "${spec.metadata.name}": ${e.message}.`, { missing: e.missing });
    }
    throw e;
  }

  const realtimeNodes = nodesOf(spec, 'realtime') as RealtimeNode[];
  const shape = realtimeNodes.length > 0 ? 'realtime' : 'pipeline';
  let session: voice.AgentSession;
  if (shape === 'realtime') {
    const model = createRealtime(one(spec, realtimeNodes, 'realtime'), providerCtx);
    // The model's server-side VAD ends turns (spec turnDetection); no local VAD is loaded.
    session = new voice.AgentSession({ llm: model, vad: null, turnHandling: { turnDetection: 'realtime_llm' } });
  } else {
    const llm = createLlm(one(spec, nodesOf(spec, 'llm') as LlmNode[], 'llm'), providerCtx);
    if (opts.mode === 'text') {
      // No VAD means no audio turn detection either; text turns are committed by run()/generateReply.
      session = new voice.AgentSession({ llm, vad: null, turnHandling: { turnDetection: 'manual' } });
    } else {
      const stt = createStt(one(spec, nodesOf(spec, 'stt') as SttNode[], 'stt'), providerCtx);
      const tts = createTts(one(spec, nodesOf(spec, 'tts') as TtsNode[], 'tts'), providerCtx);
      session = new voice.AgentSession({ stt, llm, tts, vad: createVad() });
    }
  }

  const emit: TraceSink = opts.trace ?? (() => undefined);
  const bridge = new McpBridge({
    nodes: nodesOf(spec, 'mcp') as McpNode[],
    resolveMcpServer: opts.resolveMcpServer,
    refs,
    emit,
    ...opts.mcp,
    allowList: opts.mcp?.allowList ?? env.MCP_STDIO_ALLOW
  });
  // Connect now, not at session start: in a job this overlaps the room connect.
  bridge.start();
  void bridge.ready().then((status) => {
    if (bridge.links.length) emit({ type: 'status', at: Date.now(), status: 'tools_ready', tools: status.flatMap((s) => s.tools) });
  });

  let refresher: RegistryRefresh | undefined;
  if (opts.registryRefresh && bridge.links.some((l) => l.node.server)) {
    const intervalMs = opts.registryRefresh.intervalMs ?? registryRefreshMs(env);
    refresher = startRegistryRefresh(bridge, opts.registryRefresh.load, intervalMs);
  }

  const agent = new voice.Agent({ instructions: prompts.instructions, tools: [bridge] });
  const detach = opts.trace ? attachTrace(session, { emit, calls: bridge, greeting: prompts.greeting }) : () => undefined;
  let closed = false;

  return {
    agent,
    session,
    bridge,
    instructions: prompts.instructions,
    greeting: prompts.greeting,
    variables,
    shape,
    registryRefresh: refresher,
    async start(startOpts = {}) {
      emit({ type: 'status', at: Date.now(), status: 'starting' });
      await session.start({ agent, room: startOpts.room });
      emit({ type: 'status', at: Date.now(), status: 'started' });
      const greeting = prompts.greeting;
      if (!greeting) return;
      // A realtime model has no TTS for say(): it speaks the greeting as a generated reply.
      const handle =
        shape === 'realtime'
          ? session.generateReply({ instructions: `Greet the user by saying exactly: "${greeting}"` })
          : session.say(greeting);
      if (opts.mode === 'text') await handle.waitForPlayout();
    },
    async close() {
      if (closed) return;
      closed = true;
      refresher?.stop();
      try {
        await session.close();
      } finally {
        detach();
        await bridge.aclose();
      }
    }
  };
}
