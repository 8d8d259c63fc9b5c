/**
 * Connecting to registry servers: the manual test (`testServer`) and the health loop
 * (`McpHealthManager`). Secrets are decrypted here only, right before a connect, and scrubbed
 * from anything a server sends back before it is stored or returned.
 *
 * Status writes never bump `updatedAt` (that is "config changed") and only land while
 * `updatedAt` still equals what the check started from: a check that raced an edit or a delete
 * is dropped instead of painting the new config with the old result.
 */
import { and, asc, eq, gte, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import { testMcpServer, type AllowList, type McpErrorInfo, type McpServerConfig, type McpServerInfo, type McpTestResult } from '../../mcp';
import { resolveRefs, UnresolvedRefsError } from '../../spec';
import type { Db } from '../db/client';
import { mcpServers } from '../db/schema';
import { mcpEvents, type McpEventBus } from './mcp-events';
import {
  allowListFrom,
  fieldsOf,
  getServerRow,
  secretRefsOf,
  toView,
  type McpServerMetadata,
  type McpServerRow,
  type McpServerView,
  type ToolSummary
} from './mcp-servers';
import { revealSecrets } from './secrets';

export const DEFAULT_HEALTH_INTERVAL_MS = 30_000;
export const DEFAULT_HEALTH_BACKOFF_MS = 30_000;
export const DEFAULT_HEALTH_MAX_FAILURES = 5;
export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

export interface ProbeOptions {
  allowList?: AllowList | string;
  timeoutMs?: number;
}

/** The record as a client config with `${secret:…}` resolved, or why it cannot be connected. */
export async function connectConfigFor(
  db: Db,
  row: McpServerRow
): Promise<{ config: McpServerConfig; secretValues: string[] } | { error: McpErrorInfo }> {
  const fields = fieldsOf(row);
  const values = await revealSecrets(db, row.ownerId, secretRefsOf(fields));
  try {
    const resolved = resolveRefs({ headers: fields.headers, env: fields.env }, { secret: (name) => values[name] });
    const config: McpServerConfig = { name: fields.name, transport: fields.transport, args: fields.args };
    if (fields.url) config.url = fields.url;
    if (fields.command) config.command = fields.command;
    if (Object.keys(resolved.headers).length) config.headers = resolved.headers;
    if (Object.keys(resolved.env).length) config.env = resolved.env;
    return { config, secretValues: Object.values(values) };
  } catch (err) {
    if (!(err instanceof UnresolvedRefsError)) throw err;
    const names = err.missing.map((m) => m.name);
    const plural = names.length > 1;
    return {
      error: {
        code: 'config',
        message: `Secret${plural ? 's' : ''} ${names.join(', ')} ${plural ? 'are' : 'is'} not set — add ${plural ? 'them' : 'it'} on the Secrets page.`
      }
    };
  }
}

/** Connects, lists tools, closes. Never throws for a failing server; never returns a secret value. */
export async function probeServer(db: Db, row: McpServerRow, opts: ProbeOptions = {}): Promise<McpTestResult> {
  const resolved = await connectConfigFor(db, row);
  if ('error' in resolved) return { ok: false, error: resolved.error, latencyMs: 0 };
  const result = await testMcpServer(resolved.config, {
    timeoutMs: opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    allowList: opts.allowList ?? allowListFrom()
  });
  return redact(result, resolved.secretValues);
}

/** Replaces every secret value in a JSON-able value (a server may echo a header into an error). */
export function redact<T>(value: T, secretValues: string[]): T {
  const needles = secretValues.filter((s) => s.length >= 4).map((s) => JSON.stringify(s).slice(1, -1));
  if (!needles.length) return value;
  let text = JSON.stringify(value);
  for (const needle of needles) text = text.split(needle).join('[secret]');
  return JSON.parse(text) as T;
}

function toolSummaries(result: Extract<McpTestResult, { ok: true }>): ToolSummary[] {
  return result.tools.map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    inputSchema: t.inputSchema
  }));
}

function capabilitiesOf(result: Extract<McpTestResult, { ok: true }>, at: Date): NonNullable<McpServerMetadata['capabilities']> {
  return {
    tools: toolSummaries(result),
    ...(result.serverInfo ? { serverInfo: result.serverInfo } : {}),
    transport: result.transport,
    latencyMs: result.latencyMs,
    at: at.toISOString()
  };
}

/** Status, tools and last error after a probe; a success also resets the failure count. */
function outcomeFields(row: McpServerRow, result: McpTestResult, at: Date): Partial<McpServerRow> {
  const metadata = { ...(row.metadata as McpServerMetadata) };
  if (!result.ok) {
    metadata.error = { ...result.error, at: at.toISOString() };
    return { connectionStatus: 'error', lastChecked: at, metadata: metadata as Record<string, unknown> };
  }
  metadata.capabilities = capabilitiesOf(result, at);
  delete metadata.error;
  return { connectionStatus: 'connected', lastConnected: at, lastChecked: at, failureCount: 0, metadata: metadata as Record<string, unknown> };
}

/** Writes a status change unless the row was edited or deleted since `row` was read. */
async function writeStatus(db: Db, row: McpServerRow, set: Partial<McpServerRow>): Promise<McpServerRow | null> {
  // updatedAt is compared as a 1 ms window: JS Dates drop the microseconds Postgres keeps.
  const since = row.updatedAt;
  const [updated] = await db
    .update(mcpServers)
    .set(set)
    .where(and(eq(mcpServers.id, row.id), gte(mcpServers.updatedAt, since), lt(mcpServers.updatedAt, new Date(since.getTime() + 1))))
    .returning();
  return updated ?? null;
}

export type TestOutcome =
  | {
      ok: true;
      tools: ToolSummary[];
      latencyMs: number;
      serverInfo?: McpServerInfo;
      transport: string;
      server: McpServerView;
    }
  | { ok: false; error: McpErrorInfo; latencyMs: number; server: McpServerView };

export interface TestOptions extends ProbeOptions {
  events?: McpEventBus;
  now?: () => number;
}

/**
 * The test button: connect now, store what happened (status, tools, last error) and push it on
 * the events stream. A failing server is an answer, not an API error. It does not count towards
 * the health loop's failures: deactivation is the loop's call, after repeated failures.
 */
export async function testServer(db: Db, ownerId: string, id: string, opts: TestOptions = {}): Promise<TestOutcome> {
  const events = opts.events ?? mcpEvents();
  const now = () => new Date((opts.now ?? Date.now)());
  let row = await getServerRow(db, ownerId, id);
  const connecting = await writeStatus(db, row, { connectionStatus: 'connecting' });
  if (connecting) {
    row = connecting;
    events.publish({ type: 'server-status-update', ownerId, server: toView(row) });
  }
  const result = await probeServer(db, row, opts);
  const at = now();
  const written = await writeStatus(db, row, outcomeFields(row, result, at));
  const server = toView(written ?? (await getServerRow(db, ownerId, id)));
  if (written) events.publish({ type: 'server-status-update', ownerId, server });
  if (result.ok) {
    return { ok: true, tools: toolSummaries(result), latencyMs: result.latencyMs, serverInfo: result.serverInfo, transport: result.transport, server };
  }
  return { ok: false, error: result.error, latencyMs: result.latencyMs, server };
}

// ─── health loop ───────────────────────────────────────────────────────────────────────────

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HealthOptions extends ProbeOptions {
  db: Db;
  /** Period of checks for healthy servers. Default 30 s (`MCP_HEALTH_INTERVAL_MS`). */
  intervalMs?: number;
  /** Backoff after the n-th consecutive failure: base·2^(n-1). Default 30 s (`MCP_HEALTH_BACKOFF_MS`). */
  backoffBaseMs?: number;
  /** Consecutive failures after which a server is deactivated. Default 5. */
  maxFailures?: number;
  /** Parallel checks per tick. */
  concurrency?: number;
  now?: () => number;
  timers?: Timers;
  /** Whether this process should run the loop now (Postgres advisory lock); default always. */
  isLeader?: () => Promise<boolean>;
  events?: McpEventBus;
  onError?: (err: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.(); // the loop alone must not keep a process alive
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** The smallest gap between two ticks, so a burst of due servers cannot spin the loop. */
const MIN_TICK_MS = 50;

export class McpHealthManager {
  readonly intervalMs: number;
  readonly backoffBaseMs: number;
  readonly maxFailures: number;
  private readonly db: Db;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly events: McpEventBus;
  private timer: unknown = null;
  private running: Promise<number> | null = null;
  private started = false;

  constructor(private readonly opts: HealthOptions) {
    this.db = opts.db;
    this.intervalMs = opts.intervalMs ?? DEFAULT_HEALTH_INTERVAL_MS;
    this.backoffBaseMs = opts.backoffBaseMs ?? DEFAULT_HEALTH_BACKOFF_MS;
    this.maxFailures = opts.maxFailures ?? DEFAULT_HEALTH_MAX_FAILURES;
    this.now = opts.now ?? Date.now;
    this.timers = opts.timers ?? realTimers;
    this.events = opts.events ?? mcpEvents();
  }

  /** Delay before the next check after `failures` consecutive failures. */
  backoffMs(failures: number): number {
    return this.backoffBaseMs * 2 ** Math.max(0, failures - 1);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Checks every active server that is due; returns how many were checked. One tick at a time. */
  tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.runTick().finally(() => (this.running = null));
    return this.running;
  }

  /** Checks one server now, due or not (active or not); null when it no longer exists. */
  async checkNow(id: string): Promise<McpServerView | null> {
    const [row] = await this.db.select().from(mcpServers).where(eq(mcpServers.id, id));
    if (!row) return null;
    const written = await this.check(row);
    return toView(written ?? row);
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.tick()
        .catch((err) => this.reportError(err))
        .then(() => this.nextDelay())
        .catch((err) => {
          this.reportError(err);
          return this.intervalMs;
        })
        .then((delay) => this.schedule(delay));
    }, delayMs);
  }

  private async runTick(): Promise<number> {
    if (this.opts.isLeader && !(await this.opts.isLeader())) return 0;
    const now = new Date(this.now());
    const due = await this.db
      .select()
      .from(mcpServers)
      .where(and(eq(mcpServers.isActive, true), or(isNull(mcpServers.nextCheckAt), lte(mcpServers.nextCheckAt, now))))
      .orderBy(sql`${mcpServers.nextCheckAt} asc nulls first`, asc(mcpServers.id))
      .limit(200);
    const queue = [...due];
    const workers = Array.from({ length: Math.min(this.opts.concurrency ?? 4, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        await this.check(row).catch((err) => this.reportError(err));
      }
    });
    await Promise.all(workers);
    return due.length;
  }

  /** Time until the earliest scheduled check, capped by the interval. */
  private async nextDelay(): Promise<number> {
    const [{ next }] = await this.db
      .select({ next: min(mcpServers.nextCheckAt) })
      .from(mcpServers)
      .where(eq(mcpServers.isActive, true));
    if (!next) return this.intervalMs;
    return Math.min(this.intervalMs, Math.max(MIN_TICK_MS, new Date(next).getTime() - this.now()));
  }

  private async check(row: McpServerRow): Promise<McpServerRow | null> {
    const result = await probeServer(this.db, row, { allowList: this.opts.allowList, timeoutMs: this.opts.timeoutMs });
    const at = new Date(this.now());
    let schedule: Partial<McpServerRow>;
    if (result.ok) schedule = { nextCheckAt: new Date(at.getTime() + this.intervalMs) };
    else {
      const failures = row.failureCount + 1;
      const giveUp = failures >= this.maxFailures;
      schedule = {
        failureCount: failures,
        nextCheckAt: giveUp ? null : new Date(at.getTime() + this.backoffMs(failures)),
        ...(giveUp ? { isActive: false } : {})
      };
    }
    const written = await writeStatus(this.db, row, { ...outcomeFields(row, result, at), ...schedule });
    if (written && visiblyChanged(row, written)) {
      this.events.publish({ type: 'server-status-update', ownerId: row.ownerId, server: toView(written) });
    }
    return written;
  }

  private reportError(err: unknown): void {
    if (this.opts.onError) this.opts.onError(err);
    else console.error('[mcp-health] check failed', err);
  }
}

/** Whether a health write changed anything a user sees (a steady "still connected" is not news). */
function visiblyChanged(before: McpServerRow, after: McpServerRow): boolean {
  const m0 = before.metadata as McpServerMetadata;
  const m1 = after.metadata as McpServerMetadata;
  return (
    before.connectionStatus !== after.connectionStatus ||
    before.isActive !== after.isActive ||
    before.failureCount !== after.failureCount ||
    m0.error?.message !== m1.error?.message ||
    JSON.stringify(m0.capabilities?.tools) !== JSON.stringify(m1.capabilities?.tools)
  );
}
