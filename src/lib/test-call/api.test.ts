import { afterEach, describe, expect, it, vi } from 'vitest';
import { endCall, sendMessage, startTextCall, toCallError } from './api';
import type { StreamEvent } from './types';

function ndjsonResponse(lines: string[], { hang = false } = {}): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const l of lines) c.enqueue(enc.encode(l));
      if (!hang) c.close();
    }
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
}

const errorResponse = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message, details: null } }), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('sendMessage', () => {
  it('hands every event on and resolves with done', async () => {
    const fetchMock = vi.fn(async () => ndjsonResponse(['{"type":"user","at":1,"text":"hi","final":true}\n{"type":"agent_del', 'ta","at":1,"text":"Hel"}\n', '{"type":"done","reply":"Hello","toolCalls":[],"durationMs":9}\n']));
    vi.stubGlobal('fetch', fetchMock);
    const seen: StreamEvent[] = [];
    const end = await sendMessage('a1', 's1', 'hi', { onEvent: (e) => seen.push(e) });
    expect(end).toEqual({ type: 'done', reply: 'Hello', toolCalls: [], durationMs: 9 });
    expect(seen.map((e) => e.type)).toEqual(['user', 'agent_delta', 'done']);
    expect(fetchMock).toHaveBeenCalledWith('/api/agents/a1/test-call/s1/messages', expect.objectContaining({ method: 'POST', body: '{"text":"hi"}' }));
  });

  it('turns an error answer into failed with the server code', async () => {
    vi.stubGlobal('fetch', async () => errorResponse(409, 'session_busy', 'The agent is still answering.'));
    expect(await sendMessage('a1', 's1', 'hi')).toEqual({ type: 'failed', error: { code: 'session_busy', message: 'The agent is still answering.', details: null } });
  });

  it('turns a stream that ends without done into failed', async () => {
    vi.stubGlobal('fetch', async () => ndjsonResponse(['{"type":"agent_delta","at":1,"text":"Hel"}\n']));
    expect(await sendMessage('a1', 's1', 'hi')).toMatchObject({ type: 'failed', error: { code: 'stream_ended' } });
  });

  it('gives up on a silent stream', async () => {
    // The fake ignores the abort signal: the reader itself must be cancelled.
    vi.stubGlobal('fetch', async () => ndjsonResponse(['{"type":"user","at":1,"text":"hi","final":true}\n'], { hang: true }));
    expect(await sendMessage('a1', 's1', 'hi', { idleTimeoutMs: 50 })).toMatchObject({ type: 'failed', error: { code: 'timeout' } });
  });

  it('stops when the caller aborts', async () => {
    vi.stubGlobal('fetch', async () => ndjsonResponse([], { hang: true }));
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 20);
    expect(await sendMessage('a1', 's1', 'hi', { signal: ctrl.signal })).toMatchObject({ type: 'failed', error: { code: 'cancelled' } });
  });

  it('reports a network failure', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await sendMessage('a1', 's1', 'hi')).toMatchObject({ type: 'failed', error: { code: 'network' } });
  });
});

describe('calls', () => {
  it('start errors carry status, code, message and details', async () => {
    vi.stubGlobal('fetch', async () => errorResponse(503, 'runtime_unavailable', 'The runtime is not running.'));
    const err = await startTextCall('a1', {}).catch((e: unknown) => toCallError(e));
    expect(err).toMatchObject({ status: 503, code: 'runtime_unavailable', message: 'The runtime is not running.' });
  });

  it('a start that hangs ends with start_timeout', async () => {
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))));
    const err = await startTextCall('a1', {}, 30).catch((e: unknown) => toCallError(e));
    expect(err).toMatchObject({ code: 'start_timeout', message: 'The text call did not start within 0 s.' });
  });

  it('ending a call that is already gone is fine', async () => {
    vi.stubGlobal('fetch', async () => errorResponse(404, 'not_found', 'Test session not found.'));
    await expect(endCall('a1', 's1')).resolves.toBeUndefined();
  });
});
