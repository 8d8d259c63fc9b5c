/** The test-call API as small functions; the runes modules call these, never fetch directly. */
import { request, RequestError } from '$lib/ui/http';
import type { CallError } from './errors';
import { readNdjson } from './ndjson';
import type { Capabilities, StreamEvent, TextCallStarted, TextSessionInfo, TurnEnd, VoiceCallStarted } from './types';

const base = (agentId: string) => `/api/agents/${encodeURIComponent(agentId)}/test-call`;

/** RequestError (and anything else) → the CallError the panel explains. */
export function toCallError(e: unknown): CallError {
  if (e instanceof RequestError) return { status: e.status, code: e.code, message: e.message, details: e.details };
  const err = e as Partial<CallError> | null;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') return err as CallError;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function getCapabilities(agentId: string): Promise<Capabilities> {
  return request<Capabilities>(base(agentId));
}

/** Starting a call waits on the runtime or LiveKit; a stuck one must not leave the panel "Starting…". */
export const START_TIMEOUT_MS = 45_000;

async function startCall<T>(agentId: string, body: { mode: 'text' | 'voice'; variables: Record<string, string> }, timeoutMs: number): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await request<T>(base(agentId), { method: 'POST', json: body, signal });
  } catch (e) {
    if (signal.aborted) {
      throw { code: 'start_timeout', message: `The ${body.mode} call did not start within ${Math.round(timeoutMs / 1000)} s.` } satisfies CallError;
    }
    throw e;
  }
}

export function startTextCall(agentId: string, variables: Record<string, string>, timeoutMs = START_TIMEOUT_MS): Promise<TextCallStarted> {
  return startCall<TextCallStarted>(agentId, { mode: 'text', variables }, timeoutMs);
}

export function startVoiceCall(agentId: string, variables: Record<string, string>, timeoutMs = START_TIMEOUT_MS): Promise<VoiceCallStarted> {
  return startCall<VoiceCallStarted>(agentId, { mode: 'voice', variables }, timeoutMs);
}

export function getTextSession(agentId: string, sessionId: string): Promise<TextSessionInfo> {
  return request<TextSessionInfo>(`${base(agentId)}/${encodeURIComponent(sessionId)}`);
}

/** Ends a text session or deletes a voice room; an already-gone call is fine. */
export async function endCall(agentId: string, id: string): Promise<void> {
  try {
    await request(`${base(agentId)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
  } catch (e) {
    if (!(e instanceof RequestError && e.status === 404)) throw e;
  }
}

export interface SendOptions {
  onEvent?: (event: StreamEvent) => void;
  signal?: AbortSignal;
  /** give up when the stream is silent this long (the runtime streams every step) */
  idleTimeoutMs?: number;
}

/**
 * One user turn. Resolves with the stream's last line (`done` or `failed`); a stream that breaks
 * off, goes silent or cannot start becomes a `failed` end too, so callers always leave "busy".
 */
export async function sendMessage(agentId: string, sessionId: string, text: string, opts: SendOptions = {}): Promise<TurnEnd> {
  const idleTimeoutMs = opts.idleTimeoutMs ?? 120_000;
  const controller = new AbortController();
  const abort = () => controller.abort();
  opts.signal?.addEventListener('abort', abort);
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, idleTimeoutMs);
  };
  let end: TurnEnd | undefined;
  try {
    arm();
    let res: Response;
    try {
      res = await fetch(`${base(agentId)}/${encodeURIComponent(sessionId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
        body: JSON.stringify({ text }),
        signal: controller.signal
      });
    } catch (e) {
      return failedEnd(timedOut ? idleTimeoutMs : 0, opts.signal?.aborted, e);
    }
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { error?: CallError } | null;
      const err = body?.error;
      return { type: 'failed', error: { code: err?.code ?? `http_${res.status}`, message: err?.message ?? `The server answered ${res.status}.`, details: err?.details } };
    }
    let broken: unknown;
    try {
      await readNdjson(
        res.body,
        (value) => {
          arm();
          const event = value as StreamEvent;
          if (!event || typeof event !== 'object' || typeof event.type !== 'string') return;
          if (event.type === 'done' || event.type === 'failed') end = event;
          opts.onEvent?.(event);
        },
        { signal: controller.signal }
      );
    } catch (e) {
      broken = e;
    }
    if (end) return end;
    if (timedOut || opts.signal?.aborted || broken) return failedEnd(timedOut ? idleTimeoutMs : 0, opts.signal?.aborted, broken);
    return { type: 'failed', error: { code: 'stream_ended', message: 'The reply stream ended before the agent finished.' } };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', abort);
  }
}

function failedEnd(timedOutAfterMs: number, cancelled: boolean | undefined, e: unknown): TurnEnd {
  if (timedOutAfterMs) {
    return { type: 'failed', error: { code: 'timeout', message: `No answer from the agent for ${Math.round(timedOutAfterMs / 1000)} s.` } };
  }
  if (cancelled) return { type: 'failed', error: { code: 'cancelled', message: 'Stopped.' } };
  return { type: 'failed', error: { code: 'network', message: `The connection to the editor broke: ${(e as Error)?.message ?? String(e)}` } };
}
