/**
 * Wire shapes of the test-call API as the browser sees them. The trace events mirror
 * runtime/src/trace.ts (the panel must not import runtime code); `types.test.ts` fails to compile
 * when the two drift apart.
 */

export type TestCallMode = 'voice' | 'text';

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
