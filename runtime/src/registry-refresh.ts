/**
 * Registry edits reach live sessions: while a session is alive, its spec source is re-loaded
 * every MCP_REGISTRY_REFRESH_MS (default 30 s, 0 = off) with a forced revalidation, and the
 * registry servers it returns go to `McpBridge.updateRegistry` (changed servers reconnect, removed
 * ones lose their tools). A failed load changes nothing: the session keeps the servers it has.
 */
import type { McpServerConfig } from '../../src/lib/mcp/index.js';
import type { McpBridge } from './mcp-bridge.js';

export const DEFAULT_MCP_REGISTRY_REFRESH_MS = 30_000;

export type LoadRegistry = () => Promise<Record<string, McpServerConfig>>;

export interface RegistryRefresh {
  readonly intervalMs: number;
  /** one refresh now (a tick in progress is shared); never rejects */
  tick(): Promise<void>;
  stop(): void;
  readonly stopped: boolean;
}

/** MCP_REGISTRY_REFRESH_MS → interval; unset or invalid → the default, 0 (or less) → disabled. */
export function registryRefreshMs(env: Record<string, string | undefined>): number {
  const raw = env.MCP_REGISTRY_REFRESH_MS?.trim();
  if (!raw) return DEFAULT_MCP_REGISTRY_REFRESH_MS;
  const n = Number(raw);
  if (!Number.isFinite(n)) return DEFAULT_MCP_REGISTRY_REFRESH_MS;
  return n <= 0 ? 0 : Math.max(100, Math.round(n));
}

export function startRegistryRefresh(
  bridge: McpBridge,
  load: LoadRegistry,
  intervalMs: number,
  onError?: (e: unknown) => void
): RegistryRefresh {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= (async () => {
      try {
        const servers = await load();
        if (!stopped) await bridge.updateRegistry(servers);
      } catch (e) {
        onError?.(e);
      }
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  if (intervalMs > 0) {
    timer = setInterval(() => void tick(), intervalMs);
    timer.unref?.();
  }
  return {
    intervalMs,
    tick,
    stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
    },
    get stopped() {
      return stopped;
    }
  };
}
