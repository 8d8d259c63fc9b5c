/**
 * A roomless text conversation over the standard assembly: the playground, `agentspec chat` and
 * `agentspec test` all drive agents through this, one turn at a time.
 */
import { randomUUID } from 'node:crypto';
import type { voice } from '@livekit/agents';
import type { AgentSpec } from '../../src/lib/spec/index.js';
import { assembleAgent, type AssembleOptions, type AssembledAgent } from './assemble.js';
import { RuntimeError } from './errors.js';
import type { TraceEvent } from './trace.js';

export interface TurnResult {
  reply: string;
  toolCalls: string[];
  events: TraceEvent[];
  durationMs: number;
}

export interface TextSessionOptions extends Omit<AssembleOptions, 'mode' | 'trace'> {
  /** wait for MCP servers' first connect before the first turn (CLI, tests); default false */
  waitForTools?: boolean | { timeoutMs: number };
  /** how many trace events to keep for late subscribers (GET …/events) */
  historySize?: number;
}

type Listener = (event: TraceEvent) => void;

export class TextSession {
  readonly id = randomUUID();
  readonly createdAt = Date.now();
  lastActiveAt = Date.now();
  readonly history: TraceEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private busy = false;
  private closed = false;
  private readonly historySize: number;
  readonly assembled: AssembledAgent;

  private constructor(
    readonly spec: AgentSpec,
    opts: TextSessionOptions
  ) {
    this.historySize = opts.historySize ?? 500;
    this.assembled = assembleAgent(spec, { ...opts, mode: 'text', trace: (e) => this.publish(e) });
    // Reply text as it streams: agents-js hands the LLM's text to the transcription output.
    this.assembled.session.output.transcription = this.deltaOutput();
  }

  static async create(spec: AgentSpec, opts: TextSessionOptions = {}): Promise<TextSession> {
    const s = new TextSession(spec, opts);
    try {
      if (opts.waitForTools) {
        const timeoutMs = typeof opts.waitForTools === 'object' ? opts.waitForTools.timeoutMs : 15_000;
        await s.assembled.bridge.ready(timeoutMs);
      }
      await s.assembled.start();
    } catch (e) {
      await s.close();
      throw e;
    }
    return s;
  }

  get isBusy(): boolean {
    return this.busy;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One user turn: resolves when the agent has finished answering (tool calls included). */
  async send(text: string): Promise<TurnResult> {
    if (this.closed) throw new RuntimeError('session_closed', 'This session is closed.');
    if (this.busy) throw new RuntimeError('session_busy', 'The agent is still answering the previous message.');
    this.busy = true;
    this.lastActiveAt = Date.now();
    const started = performance.now();
    const events: TraceEvent[] = [];
    const stop = this.subscribe((e) => events.push(e));
    try {
      await this.assembled.session.run({ userInput: text }).wait();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.publish({ type: 'error', at: Date.now(), source: 'turn', message });
      throw new RuntimeError('turn_failed', `The agent could not answer: ${message}`);
    } finally {
      stop();
      this.busy = false;
      this.lastActiveAt = Date.now();
    }
    const reply = events
      .filter((e): e is Extract<TraceEvent, { type: 'agent' }> => e.type === 'agent')
      .map((e) => e.text)
      .join('\n');
    // agents-js ends a turn quietly when the model keeps failing (after its retries): say so.
    const fatal = events.find((e): e is Extract<TraceEvent, { type: 'error' }> => e.type === 'error' && e.recoverable === false);
    if (!reply && fatal) throw new RuntimeError('turn_failed', `The agent could not answer: ${fatal.source}: ${fatal.message}`);
    const toolCalls = events.filter((e): e is Extract<TraceEvent, { type: 'tool_call' }> => e.type === 'tool_call').map((e) => e.name);
    return { reply, toolCalls, events, durationMs: Math.round(performance.now() - started) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.assembled.close();
    this.listeners.clear();
  }

  private publish(event: TraceEvent): void {
    if (event.type !== 'agent_delta') {
      this.history.push(event);
      if (this.history.length > this.historySize) this.history.splice(0, this.history.length - this.historySize);
    }
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        /* a subscriber's bug must not break the turn */
      }
    }
  }

  private deltaOutput(): voice.AgentSession['output']['transcription'] {
    const sink = {
      captureText: async (t: string | { text: string }) => {
        const text = typeof t === 'string' ? t : t.text;
        if (text) this.publish({ type: 'agent_delta', at: Date.now(), text });
      },
      flush: () => undefined,
      onAttached: () => undefined,
      onDetached: () => undefined
    };
    // TextOutput is not exported by agents-js 1.9; the session only calls these four methods.
    return sink as unknown as voice.AgentSession['output']['transcription'];
  }
}
