/**
 * The signed-in user's MCP servers, kept current by the events stream: one list request, then
 * `server-added | server-status-update | server-removed` patch it in place. Every (re)connect of
 * the stream reloads the list, so nothing missed while disconnected stays stale.
 */
import { request } from '../http';
import type { McpServerView, StdioAllowEntry } from './types';

export class McpServerList {
  servers = $state<McpServerView[]>([]);
  stdioAllowList = $state<StdioAllowEntry[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Whether the events stream is open (live badges). */
  live = $state(false);

  async load(): Promise<void> {
    try {
      const res = await request<{ servers: McpServerView[]; stdioAllowList: StdioAllowEntry[] }>('/api/mcp-servers');
      this.servers = res.servers;
      this.stdioAllowList = res.stdioAllowList ?? [];
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.loaded = true;
    }
  }

  /** Opens the events stream; returns the function that closes it. */
  connect(url = '/api/mcp-servers/events'): () => void {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource(url);
    source.onopen = () => {
      this.live = true;
      void this.load();
    };
    source.onerror = () => (this.live = false); // EventSource reconnects by itself (retry: 3 s)
    const upsert = (e: MessageEvent) => {
      const server = parse(e.data);
      if (server) this.upsert(server);
    };
    source.addEventListener('server-added', upsert);
    source.addEventListener('server-status-update', upsert);
    source.addEventListener('server-removed', (e) => {
      const server = parse((e as MessageEvent).data);
      if (server) this.remove(server.id);
    });
    return () => {
      source.close();
      this.live = false;
    };
  }

  upsert(server: McpServerView): void {
    const i = this.servers.findIndex((s) => s.id === server.id);
    if (i === -1) this.servers = [...this.servers, server].sort((a, b) => a.name.localeCompare(b.name));
    else this.servers[i] = server;
  }

  remove(id: string): void {
    this.servers = this.servers.filter((s) => s.id !== id);
  }
}

function parse(data: string): McpServerView | null {
  try {
    return JSON.parse(data) as McpServerView;
  } catch {
    return null;
  }
}
