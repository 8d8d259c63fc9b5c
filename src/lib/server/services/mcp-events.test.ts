import { describe, expect, it } from 'vitest';
import { eventStreamResponse, McpEventBus } from './mcp-events';

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean, timeoutMs = 2_000): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const until = Date.now() + timeoutMs;
  while (!done(text)) {
    if (Date.now() > until) throw new Error(`timed out; got ${JSON.stringify(text)}`);
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value);
  }
  return text;
}

describe('MCP events stream', () => {
  it("streams only the owner's events as SSE, with heartbeats, and unsubscribes when the client leaves", async () => {
    const bus = new McpEventBus();
    const abort = new AbortController();
    const res = eventStreamResponse(bus, 'alice', { signal: abort.signal, heartbeatMs: 30 });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    expect(await readUntil(reader, (t) => t.includes(': connected'))).toContain('retry: 3000');
    expect(bus.subscriberCount('alice')).toBe(1);

    bus.publish({ type: 'server-added', ownerId: 'bob', server: { id: 'b1', name: 'bobs' } });
    bus.publish({ type: 'server-added', ownerId: 'alice', server: { id: 'a1', name: 'alices' } });
    bus.publish({ type: 'server-removed', ownerId: 'alice', server: { id: 'a1', name: 'alices' } });
    const text = await readUntil(reader, (t) => t.includes('server-removed') && t.includes(': ping'));
    expect(text).toContain('event: server-added\ndata: {"id":"a1","name":"alices"}\n\n');
    expect(text).toContain('event: server-removed\ndata: {"id":"a1","name":"alices"}\n\n');
    expect(text).not.toContain('b1');

    abort.abort();
    expect(bus.subscriberCount()).toBe(0);
    expect((await reader.read()).done).toBe(true);
  });

  it('cleans up when the reader cancels the stream', async () => {
    const bus = new McpEventBus();
    const res = eventStreamResponse(bus, 'alice');
    const reader = res.body!.getReader();
    await readUntil(reader, (t) => t.includes(': connected'));
    await reader.cancel();
    expect(bus.subscriberCount()).toBe(0);
    bus.publish({ type: 'server-added', ownerId: 'alice', server: { id: 'a', name: 'a' } }); // no throw after close
  });

  it('keeps delivering to other listeners when one throws', () => {
    const bus = new McpEventBus();
    const got: string[] = [];
    const errors = console.error;
    console.error = () => {};
    try {
      bus.subscribe('alice', () => {
        throw new Error('broken listener');
      });
      bus.subscribe('alice', (e) => got.push(e.server.id));
      bus.publish({ type: 'server-added', ownerId: 'alice', server: { id: 'x', name: 'x' } });
    } finally {
      console.error = errors;
    }
    expect(got).toEqual(['x']);
  });
});
