/**
 * Wire shapes of the test-call API as the browser sees them. Trace events are the runtime's own
 * type (a type-only import: nothing of the runtime reaches the browser bundle), so the panel
 * follows any change to what the runtime emits.
 */
import type { TraceEvent } from '../../../runtime/src/trace';

export type { TraceEvent, TraceStatus } from '../../../runtime/src/trace';

export type TestCallMode = 'voice' | 'text';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** The last line of a turn's NDJSON stream. */
export type TurnEnd =
  | { type: 'done'; reply: string; toolCalls: string[]; durationMs: number }
  | { type: 'failed'; error: ApiErrorBody };

export type StreamEvent = TraceEvent | TurnEnd;

export interface Capabilities {
  voice: boolean;
  text: true;
  voiceHint: string | null;
}

export interface VoiceCallStarted {
  mode: 'voice';
  url: string;
  token: string;
  room: string;
  identity: string;
  dispatchId: string;
  revision: number;
  expiresAt: string;
}

export interface TextCallStarted {
  mode: 'text';
  sessionId: string;
  revision: number;
  greeting: string | null;
  tools: string[];
  voiceAvailable: boolean;
}

export type McpLinkState = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

export interface McpServerStatus {
  nodeId: string;
  server: string;
  state: McpLinkState;
  tools: string[];
  error?: { code: string; message: string };
}

export interface TextSessionInfo {
  sessionId: string;
  agent: { agentId?: string; name: string; version: number | 'draft'; revision?: string };
  greeting?: string;
  busy?: boolean;
  tools?: string[];
  mcpServers?: McpServerStatus[];
  events?: TraceEvent[];
}
