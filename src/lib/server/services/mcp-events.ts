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
