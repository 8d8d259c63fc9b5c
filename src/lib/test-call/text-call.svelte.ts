/**
 * A text test call: a playground session of the saved draft, its transcript, and the spec's
 * tests. Every busy state ends (errors become notices, streams that stall time out).
 */
import * as api from './api';
import { explainError, type Explained } from './errors';
import { runSpecTests, type SpecTest, type TestDriver, type TestResult } from './test-runner';
import { emptyTranscript, reduceTranscript, type Transcript, type TranscriptAction } from './transcript';
import type { TextSessionInfo } from './types';

export type TextStatus = 'idle' | 'starting' | 'ready' | 'sending' | 'ending';

/** MCP servers connect in the background after a session starts; poll until they settle. */
const MCP_POLL_MS = 700;
const MCP_SETTLE_TIMEOUT_MS = 15_000;

const settling = (info: TextSessionInfo) => (info.mcpServers ?? []).some((s) => s.state === 'connecting');

export class TextCall {
  status = $state<TextStatus>('idle');
  transcript = $state.raw<Transcript>(emptyTranscript());
  /** why the call could not start (shown with Try again) */
  error = $state.raw<Explained | null>(null);
  sessionId = $state<string | null>(null);
  revision = $state<number | null>(null);
  tests = $state.raw<TestResult[]>([]);
  testsRunning = $state(false);

  private turn: AbortController | null = null;
  private testRun: AbortController | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly agentId: string) {}

  get active(): boolean {
    return this.sessionId !== null;
  }

  get mcpSettling(): boolean {
    return Object.values(this.transcript.mcp).some((s) => s.state === 'connecting');
  }

  apply(action: TranscriptAction): void {
    this.transcript = reduceTranscript(this.transcript, action);
  }

  async start(variables: Record<string, string>): Promise<void> {
    if (this.status !== 'idle') return;
    this.error = null;
    this.status = 'starting';
    try {
      const call = await api.startTextCall(this.agentId, variables);
      this.sessionId = call.sessionId;
      this.revision = call.revision;
      this.transcript = reduceTranscript(emptyTranscript(), { type: 'session', tools: call.tools });
      if (call.greeting) this.apply({ type: 'agent', at: Date.now(), text: call.greeting, greeting: true });
      this.status = 'ready';
      this.pollSession(Date.now() + MCP_SETTLE_TIMEOUT_MS);
    } catch (e) {
      this.error = explainError(api.toCallError(e));
      this.status = 'idle';
    }
  }

  /** Sends one user message; resolves when the turn has ended, whatever happened. */
  async send(text: string): Promise<boolean> {
    const sessionId = this.sessionId;
    if (!sessionId || this.status !== 'ready' || !text.trim()) return false;
    this.status = 'sending';
    this.apply({ type: 'send', text });
    const controller = new AbortController();
    this.turn = controller;
    try {
      const end = await api.sendMessage(this.agentId, sessionId, text, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type !== 'done' && event.type !== 'failed' && this.sessionId === sessionId) this.apply(event);
        }
      });
      if (this.sessionId !== sessionId) return false;
      this.apply(end);
      if (end.type === 'failed' && (end.error.code === 'not_found' || end.error.code === 'session_closed')) {
        this.sessionId = null; // expired on the runtime: Start makes a new one
        return false;
      }
      this.pollSession(Date.now() + MCP_POLL_MS);
      return end.type === 'done';
    } finally {
      if (this.turn === controller) this.turn = null;
      if (this.status === 'sending') this.status = this.sessionId ? 'ready' : 'idle';
    }
  }

  /** Stops waiting for the current answer (the runtime finishes it in the background). */
  stopTurn(): void {
    this.turn?.abort();
  }

  async hangUp(): Promise<void> {
    const id = this.sessionId;
    clearTimeout(this.pollTimer);
    this.turn?.abort();
    this.sessionId = null;
    this.status = 'idle';
    if (!id) return;
    this.apply({ type: 'notice', level: 'info', explained: { title: 'Call ended', message: 'Start a new call to talk to the draft again.' } });
    await api.endCall(this.agentId, id).catch(() => undefined); // the runtime also drops idle sessions
  }

  async runTests(tests: SpecTest[], variables: Record<string, string>): Promise<void> {
    if (this.testsRunning || !tests.length) return;
    const controller = new AbortController();
    this.testRun = controller;
    this.testsRunning = true;
    try {
      this.tests = await runSpecTests(tests, this.testDriver(controller.signal), {
        variables,
        signal: controller.signal,
        onProgress: (results) => (this.tests = results)
      });
    } finally {
      this.testsRunning = false;
      this.testRun = null;
    }
  }

  stopTests(): void {
    this.testRun?.abort();
  }

  dispose(): void {
    this.stopTests();
    void this.hangUp();
  }

  /** Each test: its own session, tools settled before the first turn, closed afterwards. */
  private testDriver(signal: AbortSignal): TestDriver {
    const agentId = this.agentId;
    return {
      async open(variables) {
        const call = await api.startTextCall(agentId, variables);
        await waitForMcp(agentId, call.sessionId, MCP_SETTLE_TIMEOUT_MS, signal);
        return {
          async send(text) {
            const end = await api.sendMessage(agentId, call.sessionId, text, { signal });
            if (end.type === 'failed') throw end.error;
            return { reply: end.reply, toolCalls: end.toolCalls, durationMs: end.durationMs };
          },
          close: () => api.endCall(agentId, call.sessionId)
        };
      }
    };
  }

  private pollSession(deadline: number): void {
    clearTimeout(this.pollTimer);
    const sessionId = this.sessionId;
    if (!sessionId) return;
    this.pollTimer = setTimeout(async () => {
      let info: TextSessionInfo;
      try {
        info = await api.getTextSession(this.agentId, sessionId);
      } catch (e) {
        const err = api.toCallError(e);
        if (err.status === 404 && this.sessionId === sessionId) {
          this.apply({ type: 'notice', level: 'warn', explained: explainError({ ...err, code: 'not_found' }) });
          this.sessionId = null;
          if (this.status === 'ready') this.status = 'idle';
        }
        return;
      }
      if (this.sessionId !== sessionId) return;
      this.apply({ type: 'session', tools: info.tools, mcpServers: info.mcpServers });
      if (settling(info) && Date.now() < deadline) this.pollSession(deadline);
    }, MCP_POLL_MS);
  }
}

async function waitForMcp(agentId: string, sessionId: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    const info = await api.getTextSession(agentId, sessionId);
    if (!settling(info)) return;
    await new Promise((r) => setTimeout(r, MCP_POLL_MS));
  }
}
