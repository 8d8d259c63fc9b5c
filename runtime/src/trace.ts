/**
 * Session events → a flat, JSON-safe trace stream (the editor's test panel, the playground's SSE,
 * `agentspec chat`). One shape for voice jobs and text sessions.
 */
import { voice, type llm, type metrics } from '@livekit/agents';

export type TraceStatus =
  | 'starting'
  | 'started'
  | 'tools_ready'
  | 'tools_changed'
  | 'mcp_connected'
  | 'mcp_error'
  | 'mcp_disconnected'
  | 'closed';

export type TraceEvent =
  | { type: 'status'; at: number; status: TraceStatus; message?: string; server?: string; tools?: string[] }
  | { type: 'user'; at: number; text: string; final: boolean }
  | { type: 'agent'; at: number; text: string; greeting?: boolean; interrupted?: boolean }
  | { type: 'agent_delta'; at: number; text: string }
  | {
      type: 'tool_call';
      at: number;
      callId: string;
      name: string;
      args: unknown;
      result?: string;
      error?: string;
      isError: boolean;
      durationMs?: number;
      cacheHit?: boolean;
      server?: string;
      tool?: string;
    }
  | {
      type: 'metrics';
      at: number;
      /** `turn`: one per agent reply, assembled from the reply's metrics report */
      kind: 'turn' | 'llm' | 'tts' | 'stt' | 'eou' | 'realtime';
      llmTtftMs?: number;
      ttsTtfbMs?: number;
      endOfUtteranceDelayMs?: number;
      transcriptionDelayMs?: number;
      e2eLatencyMs?: number;
      durationMs?: number;
      promptTokens?: number;
      completionTokens?: number;
    }
  | { type: 'error'; at: number; source: string; message: string; recoverable?: boolean };

export type TraceSink = (event: TraceEvent) => void;

/** What the MCP bridge knows about one call, joined to the session's tool event by call id. */
export interface ToolCallInfo {
  server: string;
  tool: string;
  durationMs: number;
  cacheHit: boolean;
  error?: string;
}

export interface ToolCallInfoSource {
  takeCallInfo(callId: string): ToolCallInfo | undefined;
}

const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? undefined : Math.round(n * 10) / 10);
const secToMs = (s: number | undefined) => (s === undefined ? undefined : round(s * 1000));

function parseArgs(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Collapse undefined fields so the JSON on the wire stays small. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function metricsEvent(m: metrics.AgentMetrics, at = Date.now()): TraceEvent | undefined {
  switch (m.type) {
    case 'llm_metrics':
      return compact<TraceEvent>({
        type: 'metrics',
        at,
        kind: 'llm',
        // agents-js reports -1 when no token ever came (a failed request)
        llmTtftMs: m.ttftMs >= 0 ? round(m.ttftMs) : undefined,
        durationMs: round(m.durationMs),
        promptTokens: m.promptTokens,
        completionTokens: m.completionTokens
      });
    case 'tts_metrics':
      return compact<TraceEvent>({ type: 'metrics', at, kind: 'tts', ttsTtfbMs: round(m.ttfbMs), durationMs: round(m.durationMs) });
    case 'stt_metrics':
      return compact<TraceEvent>({ type: 'metrics', at, kind: 'stt', durationMs: round(m.durationMs) });
    case 'eou_metrics':
      return compact<TraceEvent>({
        type: 'metrics',
        at,
        kind: 'eou',
        endOfUtteranceDelayMs: round(m.endOfUtteranceDelayMs),
        transcriptionDelayMs: round(m.transcriptionDelayMs)
      });
    case 'realtime_model_metrics':
      return compact<TraceEvent>({ type: 'metrics', at, kind: 'realtime', llmTtftMs: round(m.ttftMs), durationMs: round(m.durationMs) });
    default:
      return undefined;
  }
}

export function turnMetricsEvent(msg: llm.ChatMessage, at = Date.now()): TraceEvent | undefined {
  const r = msg.metrics ?? {};
  const ev = compact({
    type: 'metrics' as const,
    at,
    kind: 'turn' as const,
    llmTtftMs: secToMs(r.llmNodeTtft),
    ttsTtfbMs: secToMs(r.ttsNodeTtfb),
    endOfUtteranceDelayMs: secToMs(r.endOfTurnDelay),
    transcriptionDelayMs: secToMs(r.transcriptionDelay),
    e2eLatencyMs: secToMs(r.e2eLatency)
  });
  return Object.keys(ev).length > 3 ? ev : undefined;
}

export interface AttachTraceOptions {
  emit: TraceSink;
  calls?: ToolCallInfoSource;
  /** The greeting text, so its message is flagged `greeting: true` */
  greeting?: string;
}

/** Subscribes to the session's events; returns the unsubscribe function. */
export function attachTrace(session: voice.AgentSession, opts: AttachTraceOptions): () => void {
  const { emit } = opts;
  let greetingPending = opts.greeting;
  const E = voice.AgentSessionEventTypes;

  const onTranscribed = (ev: voice.UserInputTranscribedEvent) => {
    // Final transcripts arrive again as the user's conversation item; only interims are new here.
    if (!ev.isFinal && ev.transcript) emit({ type: 'user', at: Date.now(), text: ev.transcript, final: false });
  };
  const onItem = (ev: voice.ConversationItemAddedEvent) => {
    const item = ev.item;
    if (item.type !== 'message') return;
    const text = item.textContent ?? '';
    if (item.role === 'user') {
      emit({ type: 'user', at: Date.now(), text, final: true });
    } else if (item.role === 'assistant') {
      const greeting = greetingPending !== undefined && text.trim() === greetingPending.trim();
      if (greeting) greetingPending = undefined;
      emit(compact({ type: 'agent', at: Date.now(), text, greeting: greeting || undefined, interrupted: item.interrupted || undefined }));
      const turn = turnMetricsEvent(item);
      if (turn) emit(turn);
    }
  };
  const onTools = (ev: voice.FunctionToolsExecutedEvent) => {
    ev.functionCalls.forEach((call, i) => {
      const out = ev.functionCallOutputs[i];
      const info = opts.calls?.takeCallInfo(call.callId);
      const error = info?.error ?? (out?.isError ? out.output : undefined);
      emit(
        compact({
          type: 'tool_call',
          at: Date.now(),
          callId: call.callId,
          name: call.name,
          args: parseArgs(call.args),
          result: out?.output,
          error,
          isError: Boolean(out?.isError || info?.error),
          durationMs: info ? round(info.durationMs) : undefined,
          cacheHit: info?.cacheHit,
          server: info?.server,
          tool: info?.tool
        })
      );
    });
  };
  const onMetrics = (ev: voice.MetricsCollectedEvent) => {
    const m = metricsEvent(ev.metrics);
    if (m) emit(m);
  };
  const onError = (ev: voice.ErrorEvent) => {
    const err = ev.error as { type?: string; error?: Error; recoverable?: boolean; message?: string };
    const source = String(err.type ?? 'session').replace(/_error$/, '');
    const message = err.error?.message ?? err.message ?? String(ev.error);
    emit(compact({ type: 'error', at: Date.now(), source, message, recoverable: err.recoverable }));
  };
  const onClose = (ev: voice.CloseEvent) => {
    emit(compact({ type: 'status', at: Date.now(), status: 'closed', message: String(ev.reason) }));
  };

  session.on(E.UserInputTranscribed, onTranscribed);
  session.on(E.ConversationItemAdded, onItem);
  session.on(E.FunctionToolsExecuted, onTools);
  session.on(E.MetricsCollected, onMetrics);
  session.on(E.Error, onError);
  session.on(E.Close, onClose);
  return () => {
    session.off(E.UserInputTranscribed, onTranscribed);
    session.off(E.ConversationItemAdded, onItem);
    session.off(E.FunctionToolsExecuted, onTools);
    session.off(E.MetricsCollected, onMetrics);
    session.off(E.Error, onError);
    session.off(E.Close, onClose);
  };
}
