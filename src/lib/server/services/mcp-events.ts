/**
 * Live MCP registry events, per owner. Every replica delivers to its own subscribers in-process;
 * on Postgres a `PgEventFanout` (mcp-runtime.ts) forwards each published event to the other
 * replicas through LISTEN/NOTIFY. A subscriber only ever sees its owner's events: the owner id is
 * the subscription key, never a filter applied after the fact.
 */
import type { McpServerView } from './mcp-servers';

export type McpEventType = 'server-status-update' | 'server-added' | 'server-removed';

export interface McpEvent {
  type: McpEventType;
  ownerId: string;
  /** The server as the API returns it; for `server-removed` only `{id, name}` is guaranteed. */
  server: McpServerView | { id: string; name: string };
}

export type McpEventListener = (event: McpEvent) => void;

/** Forwards locally published events to other replicas (Postgres NOTIFY). Must not throw. */
export type McpEventForwarder = (event: McpEvent) => void;

export class McpEventBus {
  private readonly listeners = new Map<string, Set<McpEventListener>>();
  private forwarder: McpEventForwarder | null = null;

  /** Returns the unsubscribe function; call it when the SSE stream closes. */
  subscribe(ownerId: string, listener: McpEventListener): () => void {
    let set = this.listeners.get(ownerId);
    if (!set) this.listeners.set(ownerId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(ownerId) === set) this.listeners.delete(ownerId);
    };
  }

  /** An event that happened here: delivered locally and forwarded to other replicas. */
  publish(event: McpEvent): void {
    this.deliver(event);
    this.forwarder?.(event);
  }

  /** An event that happened on another replica (already forwarded): local delivery only. */
  deliver(event: McpEvent): void {
    const set = this.listeners.get(event.ownerId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (err) {
        console.error('[mcp-events] a listener failed', err);
      }
    }
  }

  setForwarder(forwarder: McpEventForwarder | null): void {
    this.forwarder = forwarder;
  }

  subscriberCount(ownerId?: string): number {
    if (ownerId !== undefined) return this.listeners.get(ownerId)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

// One bus per process, kept on globalThis so Vite's dev reloads do not split subscribers from publishers.
const holder = globalThis as { __vasMcpEvents?: McpEventBus };

export function mcpEvents(): McpEventBus {
  return (holder.__vasMcpEvents ??= new McpEventBus());
}

/** Server-Sent Events framing of one event. Data is one line of JSON (no newlines inside). */
export function sseFrame(event: McpEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.server)}\n\n`;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The `GET /api/mcp-servers/events` body: the owner's events as SSE, a comment every
 * `heartbeatMs` so proxies keep the connection open, and cleanup (unsubscribe, timer) as soon as
 * the client goes away — whether the stream is cancelled or the request aborted.
 */
export function eventStreamResponse(
  bus: McpEventBus,
  ownerId: string,
  opts: { signal?: AbortSignal; heartbeatMs?: number } = {}
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = bus.subscribe(ownerId, (event) => send(sseFrame(event)));
      const heartbeat = setInterval(() => send(': ping\n\n'), opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        opts.signal?.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          /* already cancelled by the reader */
        }
      };
      // Reconnect quickly after a restart; the page reloads the list on every (re)connect.
      send('retry: 3000\n: connected\n\n');
      if (opts.signal?.aborted) cleanup();
      else opts.signal?.addEventListener('abort', cleanup, { once: true });
    },
    cancel() {
      cleanup();
    }
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no'
    }
  });
}
