/**
 * Trace events → the rows the panel shows: turns of user and agent text, tool calls with their
 * arguments and results, one latency line per turn, and notices (MCP trouble, runtime errors).
 * A pure reducer: the runes module keeps the value, tests feed recorded event streams.
 */
import { explainError, type Explained } from './errors';
import type { ApiErrorBody, McpLinkState, McpServerStatus, TraceEvent, TurnEnd } from './types';

export type TranscriptRow =
  | { kind: 'user'; id: number; text: string; final: boolean }
  | { kind: 'agent'; id: number; text: string; streaming: boolean; greeting?: boolean; interrupted?: boolean }
  | ({ kind: 'tool'; id: number } & Omit<ToolCallEvent, 'type' | 'at'>)
  | { kind: 'latency'; id: number; llmTtftMs?: number; llmCalls: number; totalMs?: number; e2eMs?: number; toolMs?: number }
  | { kind: 'notice'; id: number; level: 'info' | 'warn' | 'error'; title: string; text: string; action?: string };

type ToolCallEvent = Extract<TraceEvent, { type: 'tool_call' }>;

export interface McpState {
  state: McpLinkState;
  tools: string[];
  message?: string;
}

interface TurnMetrics {
  llmTtftsMs: number[];
  replyTtftMs?: number;
  e2eMs?: number;
  toolMs: number;
}

export interface Transcript {
  rows: TranscriptRow[];
  nextId: number;
  /** metrics of the turn in progress; null between turns */
  turn: TurnMetrics | null;
  /** tools the LLM currently sees */
  tools: string[];
  /** MCP links by node id */
  mcp: Record<string, McpState>;
}

/** Local actions next to the runtime's events. */
export type TranscriptAction =
  | TraceEvent
  | TurnEnd
  | { type: 'send'; text: string }
  | { type: 'notice'; level: 'info' | 'warn' | 'error'; explained: Pick<Explained, 'title' | 'message' | 'action'> }
  | { type: 'session'; tools?: string[]; mcpServers?: McpServerStatus[] };

export function emptyTranscript(): Transcript {
  return { rows: [], nextId: 1, turn: null, tools: [], mcp: {} };
}

type RowInput = TranscriptRow extends infer R ? (R extends TranscriptRow ? Omit<R, 'id'> : never) : never;

function push(t: Transcript, row: RowInput): Transcript {
  return { ...t, rows: [...t.rows, { ...row, id: t.nextId } as TranscriptRow], nextId: t.nextId + 1 };
}

function replaceRow(t: Transcript, index: number, row: TranscriptRow): Transcript {
  const rows = t.rows.slice();
  rows[index] = row;
  return { ...t, rows };
}

function lastIndex(rows: TranscriptRow[], test: (r: TranscriptRow) => boolean): number {
  for (let i = rows.length - 1; i >= 0; i--) if (test(rows[i])) return i;
  return -1;
}

const newTurn = (): TurnMetrics => ({ llmTtftsMs: [], toolMs: 0 });

export function reduceTranscript(t: Transcript, action: TranscriptAction): Transcript {
  switch (action.type) {
    case 'send':
      return { ...push(t, { kind: 'user', text: action.text, final: true }), turn: newTurn() };
    case 'user':
      return onUser(t, action.text, action.final);
    case 'agent_delta':
      return onAgentDelta(t, action.text);
    case 'agent':
      return onAgent(t, action);
    case 'tool_call':
      return onToolCall(t, action);
    case 'metrics':
      return onMetrics(t, action);
    case 'status':
      return onStatus(t, action);
    case 'error':
      return push(t, { kind: 'notice', level: 'warn', title: `${capitalize(action.source)} error`, text: action.message });
    case 'done':
      return onDone(t, action);
    case 'failed':
      return onFailed(t, action.error);
    case 'notice':
      return push(t, { kind: 'notice', level: action.level, title: action.explained.title, text: action.explained.message, action: action.explained.action });
    case 'session':
      return onSession(t, action.tools, action.mcpServers);
    default:
      return t;
  }
}

/** Replays a list of actions (recorded streams in tests, session history on reload). */
export function reduceAll(actions: TranscriptAction[], start: Transcript = emptyTranscript()): Transcript {
  return actions.reduce(reduceTranscript, start);
}

function onUser(t: Transcript, text: string, final: boolean): Transcript {
  const i = lastIndex(t.rows, (r) => r.kind === 'user');
  const last = i >= 0 ? (t.rows[i] as Extract<TranscriptRow, { kind: 'user' }>) : undefined;
  // Our own `send` already shows the text; the runtime's echo only confirms it.
  if (last && final && last.final && last.text.trim() === text.trim() && i === lastIndex(t.rows, (r) => r.kind === 'user' || r.kind === 'agent')) {
    return t;
  }
  if (last && !last.final) return replaceRow(t, i, { ...last, text, final });
  const next = push(t, { kind: 'user', text, final });
  return final && !t.turn ? { ...next, turn: newTurn() } : next;
}

function onAgentDelta(t: Transcript, text: string): Transcript {
  const last = t.rows.at(-1);
  if (last?.kind === 'agent' && last.streaming) return replaceRow(t, t.rows.length - 1, { ...last, text: last.text + text });
  return push(t, { kind: 'agent', text, streaming: true });
}

function onAgent(t: Transcript, e: Extract<TraceEvent, { type: 'agent' }>): Transcript {
  // The final text of a message streamed earlier; a tool row may sit in between.
  const streaming = t.rows
    .map((r, i) => ({ r, i }))
    .filter((x): x is { r: Extract<TranscriptRow, { kind: 'agent' }>; i: number } => x.r.kind === 'agent' && x.r.streaming);
  const match = streaming.find((x) => e.text.trim().startsWith(x.r.text.trim())) ?? streaming[0];
  const row = { kind: 'agent' as const, text: e.text, streaming: false, greeting: e.greeting, interrupted: e.interrupted };
  if (match) return replaceRow(t, match.i, { ...row, id: match.r.id });
  if (!e.text.trim()) return t;
  return push(t, row);
}

function onToolCall(t: Transcript, e: ToolCallEvent): Transcript {
  const { type: _type, at: _at, ...call } = e;
  const row = { kind: 'tool' as const, ...call };
  const turn = t.turn && e.durationMs ? { ...t.turn, toolMs: t.turn.toolMs + e.durationMs } : t.turn;
  const i = lastIndex(t.rows, (r) => r.kind === 'tool' && r.callId === e.callId);
  if (i >= 0) return { ...replaceRow(t, i, { ...row, id: t.rows[i].id }), turn };
  return { ...push(t, row), turn };
}

function onMetrics(t: Transcript, e: Extract<TraceEvent, { type: 'metrics' }>): Transcript {
  const turn = t.turn ?? newTurn();
  if ((e.kind === 'llm' || e.kind === 'realtime') && e.llmTtftMs !== undefined) {
    return { ...t, turn: { ...turn, llmTtftsMs: [...turn.llmTtftsMs, e.llmTtftMs] } };
  }
  if (e.kind === 'turn') return { ...t, turn: { ...turn, replyTtftMs: e.llmTtftMs ?? turn.replyTtftMs, e2eMs: e.e2eLatencyMs ?? turn.e2eMs } };
  return t;
}

function onStatus(t: Transcript, e: Extract<TraceEvent, { type: 'status' }>): Transcript {
  let next = t;
  if (e.tools && (e.status === 'tools_ready' || e.status === 'tools_changed')) next = { ...next, tools: e.tools };
  const server = e.server;
  if (!server) return next;
  const before = next.mcp[server];
  if (e.status === 'mcp_connected') {
    next = { ...next, mcp: { ...next.mcp, [server]: { state: 'connected', tools: e.tools ?? before?.tools ?? [] } } };
    // Only a recovery is news; the first connect shows in the server chips.
    if (before && before.state !== 'connected' && before.state !== 'connecting') {
      next = push(next, { kind: 'notice', level: 'info', title: `MCP server "${server}" is back`, text: 'Its tools are available again.' });
    }
    return next;
  }
  if (e.status === 'mcp_error' || e.status === 'mcp_disconnected') {
    const state: McpLinkState = e.status === 'mcp_error' ? 'error' : 'reconnecting';
    return reportTrouble(next, server, { state, tools: before?.tools ?? [], message: e.message });
  }
  return next;
}

const troubled = (s: McpState | undefined) => s?.state === 'error' || s?.state === 'reconnecting';

/** Records a link in trouble; a notice only when the trouble is new (status events and polls repeat it). */
function reportTrouble(t: Transcript, server: string, state: McpState): Transcript {
  const before = t.mcp[server];
  const next = { ...t, mcp: { ...t.mcp, [server]: state } };
  if (troubled(before) && before.message === state.message) return next;
  return push(next, { kind: 'notice', level: 'warn', ...mcpTrouble(server, state.state, state.message) });
}

export function mcpTrouble(server: string, state: McpLinkState, message?: string): { title: string; text: string; action: string } {
  return {
    title: `MCP server "${server}" is unavailable${state === 'reconnecting' ? ' (retrying)' : ''}`,
    text: message ?? 'The connection failed.',
    action: 'The agent keeps working without these tools. Check the server (MCP servers page: Test) or the node’s URL.'
  };
}

function onSession(t: Transcript, tools: string[] | undefined, servers: McpServerStatus[] | undefined): Transcript {
  let next = tools ? { ...t, tools } : t;
  for (const s of servers ?? []) {
    const state: McpState = { state: s.state, tools: s.tools, ...(s.error ? { message: s.error.message } : {}) };
    if (troubled(state)) next = reportTrouble(next, s.nodeId, state);
    else next = { ...next, mcp: { ...next.mcp, [s.nodeId]: state } };
  }
  return next;
}

function finishStreaming(t: Transcript): Transcript {
  if (!t.rows.some((r) => r.kind === 'agent' && r.streaming)) return t;
  return { ...t, rows: t.rows.map((r) => (r.kind === 'agent' && r.streaming ? { ...r, streaming: false } : r)) };
}

function onDone(t: Transcript, e: Extract<TurnEnd, { type: 'done' }>): Transcript {
  let next = finishStreaming(t);
  const userAt = lastIndex(next.rows, (r) => r.kind === 'user');
  const answered = next.rows.slice(userAt + 1).some((r) => r.kind === 'agent');
  if (!answered && e.reply.trim()) next = push(next, { kind: 'agent', text: e.reply, streaming: false });
  const turn = next.turn ?? newTurn();
  next = push(next, {
    kind: 'latency',
    llmTtftMs: turn.llmTtftsMs[0] ?? turn.replyTtftMs,
    llmCalls: turn.llmTtftsMs.length,
    totalMs: e.durationMs,
    e2eMs: turn.e2eMs,
    toolMs: turn.toolMs || undefined
  });
  return { ...next, turn: null };
}

function onFailed(t: Transcript, error: ApiErrorBody): Transcript {
  const explained = explainError(error);
  const next = push(finishStreaming(t), { kind: 'notice', level: 'error', title: explained.title, text: explained.message, action: explained.action });
  return { ...next, turn: null };
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
