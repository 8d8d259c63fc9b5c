/**
 * The user's MCP servers with live status: one list request, then the events stream keeps it
 * current. The registry may not exist on this server yet; then `error` says so and pickers
 * fall back to free text.
 */
import { request } from '$lib/ui/http';
import { errorMessage } from '../api/agents';
import type { McpServer } from './types';

export class McpRegistry {
  servers = $state.raw<McpServer[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  live = $state(false);
  #source: EventSource | null = null;

  async load(): Promise<void> {
    try {
      const res = await request<{ servers: McpServer[] }>('/api/mcp-servers');
      this.servers = res.servers ?? [];
      this.error = null;
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.loaded = true;
    }
  }

  /** Subscribes to status events; returns the unsubscribe function. */
  connect(): () => void {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource('/api/mcp-servers/events');
    this.#source = source;
    source.onopen = () => (this.live = true);
    source.onerror = () => {
      this.live = false;
      // The server may not have the stream at all: stop retrying instead of hammering it.
      if (source.readyState === EventSource.CLOSED) this.#source = null;
    };
    const upsert = (e: MessageEvent) => this.#upsert(e.data);
    source.addEventListener('server-status-update', upsert);
    source.addEventListener('server-added', upsert);
    source.addEventListener('server-removed', (e) => {
      const server = parse((e as MessageEvent).data);
      if (server) this.servers = this.servers.filter((s) => s.id !== server.id);
    });
    return () => {
      source.close();
      this.#source = null;
      this.live = false;
    };
  }

  byName(name: string | undefined): McpServer | undefined {
    return name ? this.servers.find((s) => s.name === name) : undefined;
  }

  #upsert(data: string): void {
    const server = parse(data);
    if (!server) return;
    const i = this.servers.findIndex((s) => s.id === server.id);
    this.servers = i === -1 ? [...this.servers, server] : this.servers.map((s, k) => (k === i ? { ...s, ...server } : s));
  }
}

function parse(data: string): McpServer | null {
  try {
    const v = JSON.parse(data) as McpServer | { server: McpServer };
    return 'server' in v ? v.server : v;
  } catch {
    return null;
  }
}
