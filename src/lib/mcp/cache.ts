/**
 * Opt-in TTL cache for tool results. Key = server + tool + canonical JSON of the arguments, so
 * `{a:1,b:2}` and `{b:2,a:1}` share an entry. Only listed tools are cached; failures never are.
 * Pure (no Node imports); the clock is injectable for tests.
 */
import type { McpCallResult } from './types.js';

export interface CacheStats {
  hits: number;
  misses: number;
  size: number;
  evictions: number;
}

export interface ToolResultCacheOptions {
  /** Upper bound on entries; the least recently used goes first. Default 500. */
  maxEntries?: number;
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class ToolResultCache<T = McpCallResult> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(opts: ToolResultCacheOptions = {}) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? 500);
    this.now = opts.now ?? Date.now;
  }

  static key(serverKey: string, tool: string, args: unknown): string {
    return JSON.stringify([serverKey, tool, canonicalJson(args ?? {})]);
  }

  /** A copy of the cached value, or undefined (counted as a miss) when absent or expired. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key); // re-insert: Map order doubles as recency order
    this.entries.set(key, entry);
    this.hits++;
    return structuredClone(entry.value);
  }

  set(key: string, value: T, ttlSeconds: number): void {
    if (!(ttlSeconds > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.evictions++;
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, evictions: this.evictions };
  }
}

export type ToolCallFn<O = unknown> = (name: string, args: Record<string, unknown>, opts?: O) => Promise<McpCallResult>;

export interface CachedCallResult {
  result: McpCallResult;
  /** True when served from the cache — the trace shows "cache hit". */
  cacheHit: boolean;
}

export interface WrapWithCacheOptions {
  /** Identifies the server (its id, not its display name, which users may reuse). */
  serverKey: string;
  ttlSeconds: number;
  /** Tool names (as the server knows them) whose results may be cached. Unlisted tools never are. */
  tools: readonly string[];
  /** Share one cache between servers/sessions; by default each wrapper gets its own. */
  cache?: ToolResultCache;
}

/** Wraps a call function; results of listed tools are reused for `ttlSeconds`, errors never are. */
export function wrapWithCache<O>(
  callFn: ToolCallFn<O>,
  opts: WrapWithCacheOptions
): (name: string, args: Record<string, unknown>, callOpts?: O) => Promise<CachedCallResult> {
  const cache = opts.cache ?? new ToolResultCache();
  const cacheable = new Set(opts.tools);
  return async (name, args, callOpts) => {
    if (!cacheable.has(name) || !(opts.ttlSeconds > 0)) return { result: await callFn(name, args, callOpts), cacheHit: false };
    const key = ToolResultCache.key(opts.serverKey, name, args);
    const cached = cache.get(key);
    if (cached) return { result: cached, cacheHit: true };
    const result = await callFn(name, args, callOpts); // a throw propagates and caches nothing
    if (!result.isError) cache.set(key, result, opts.ttlSeconds);
    return { result, cacheHit: false };
  };
}

/** JSON with object keys sorted at every depth; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  }) ?? 'null';
}
