/**
 * The editor's MCP background machinery, started lazily and once per process by the routes that
 * need it (`ensureMcpRuntime()`): the health loop and, on Postgres, cross-replica plumbing —
 * an advisory lock so one replica at a time runs the loop, and LISTEN/NOTIFY so status events
 * published on one replica reach SSE subscribers on every replica. On PGlite (one process) the
 * same loop and bus run in-process with neither.
 *
 * Environment: MCP_HEALTH_INTERVAL_MS (30000), MCP_HEALTH_BACKOFF_MS (30000),
 * MCP_HEALTH_MAX_FAILURES (5), MCP_HEALTH_TIMEOUT_MS (10000), MCP_HEALTH=off disables the loop.
 */
import postgres from 'postgres';
import { database } from '../app';
import { readConfig } from '../config';
import type { Db } from '../db/client';
import { randomId } from '../ids';
import { McpHealthManager } from './mcp-health';
import { mcpEvents, type McpEvent, type McpEventBus } from './mcp-events';
import { getServer } from './mcp-servers';

export const HEALTH_LOCK_KEY = 7_231_001;
export const EVENTS_CHANNEL = 'vas_mcp_events';
/** NOTIFY payloads must stay under 8000 bytes; bigger server views travel as an id and are re-read. */
const MAX_INLINE_PAYLOAD = 7_000;

export interface HealthEnvConfig {
  enabled: boolean;
  intervalMs: number;
  backoffBaseMs: number;
  maxFailures: number;
  timeoutMs: number;
}

export function healthConfigFromEnv(env: NodeJS.ProcessEnv = process.env): HealthEnvConfig {
  const num = (name: string, fallback: number, minimum: number) => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value >= minimum ? value : fallback;
  };
  return {
    enabled: !/^(off|0|false|no)$/i.test(env.MCP_HEALTH ?? ''),
    intervalMs: num('MCP_HEALTH_INTERVAL_MS', 30_000, 100),
    backoffBaseMs: num('MCP_HEALTH_BACKOFF_MS', 30_000, 100),
    maxFailures: num('MCP_HEALTH_MAX_FAILURES', 5, 1),
    timeoutMs: num('MCP_HEALTH_TIMEOUT_MS', 10_000, 100)
  };
}

/**
 * A session-level advisory lock on a reserved connection: held until released or until that
 * connection dies (then another replica takes over on its next tick).
 */
export class PgLeaderLock {
  private reserved: postgres.ReservedSql | null = null;
  private held = false;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly key = HEALTH_LOCK_KEY
  ) {}

  async isLeader(): Promise<boolean> {
    try {
      this.reserved ??= await this.sql.reserve();
      if (this.held) {
        await this.reserved`select 1`;
        return true;
      }
      const [row] = await this.reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${this.key}) as locked`;
      this.held = row.locked;
      return this.held;
    } catch {
      // The connection broke: the server released the lock with it. Start over next time.
      this.reserved?.release();
      this.reserved = null;
      this.held = false;
      return false;
    }
  }

  async release(): Promise<void> {
    if (this.reserved && this.held) await this.reserved`select pg_advisory_unlock(${this.key})`.catch(() => undefined);
    this.held = false;
    this.reserved?.release();
    this.reserved = null;
  }
}

interface WireEvent {
  o: string;
  t: McpEvent['type'];
  u: string;
  s?: McpEvent['server'];
  id?: string;
}

/** Forwards a bus's published events to other replicas and delivers theirs locally. */
export class PgEventFanout {
  readonly origin = randomId(8);
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly bus: McpEventBus,
    private readonly db: Db,
    private readonly channel = EVENTS_CHANNEL
  ) {}

  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(this.channel, (payload) => void this.receive(payload));
    this.unlisten = unlisten;
    this.bus.setForwarder((event) => {
      const inline: WireEvent = { o: this.origin, t: event.type, u: event.ownerId, s: event.server };
      let payload = JSON.stringify(inline);
      if (Buffer.byteLength(payload) > MAX_INLINE_PAYLOAD) {
        payload = JSON.stringify({ o: this.origin, t: event.type, u: event.ownerId, id: event.server.id } satisfies WireEvent);
      }
      this.sql.notify(this.channel, payload).catch((err) => console.error('[mcp-events] NOTIFY failed', err));
    });
  }

  async stop(): Promise<void> {
    this.bus.setForwarder(null);
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = null;
  }

  private async receive(payload: string): Promise<void> {
    let wire: WireEvent;
    try {
      wire = JSON.parse(payload) as WireEvent;
    } catch {
      return;
    }
    if (wire.o === this.origin) return; // delivered locally when it was published
    let server = wire.s;
    if (!server && wire.id) server = await getServer(this.db, wire.u, wire.id).catch(() => undefined);
    if (server) this.bus.deliver({ type: wire.t, ownerId: wire.u, server });
  }
}

export interface McpRuntime {
  health: McpHealthManager | null;
  stop(): Promise<void>;
}

const holder = globalThis as { __vasMcpRuntime?: Promise<McpRuntime> };

/** Starts the health loop (and Postgres fan-out) once per process; later calls return the same. */
export function ensureMcpRuntime(): Promise<McpRuntime> {
  if (!holder.__vasMcpRuntime) {
    holder.__vasMcpRuntime = startRuntime();
    holder.__vasMcpRuntime.catch((err) => {
      console.error('[mcp-runtime] could not start', err);
      holder.__vasMcpRuntime = undefined;
    });
  }
  return holder.__vasMcpRuntime;
}

async function startRuntime(): Promise<McpRuntime> {
  const { db, kind } = await database();
  const config = healthConfigFromEnv();
  const url = readConfig().databaseUrl;
  let sql: postgres.Sql | null = null;
  let lock: PgLeaderLock | null = null;
  let fanout: PgEventFanout | null = null;
  if (kind === 'postgres' && url) {
    sql = postgres(url, { max: 2, onnotice: () => {} });
    lock = new PgLeaderLock(sql);
    fanout = new PgEventFanout(sql, mcpEvents(), db);
    await fanout.start();
  }
  const health = config.enabled
    ? new McpHealthManager({
        db,
        intervalMs: config.intervalMs,
        backoffBaseMs: config.backoffBaseMs,
        maxFailures: config.maxFailures,
        timeoutMs: config.timeoutMs,
        isLeader: lock ? () => lock.isLeader() : undefined
      })
    : null;
  health?.start();
  const runtime: McpRuntime = {
    health,
    async stop() {
      await health?.stop();
      await lock?.release();
      await fanout?.stop();
      await sql?.end({ timeout: 2 }).catch(() => undefined);
    }
  };
  process.once('sveltekit:shutdown' as 'exit', () => void runtime.stop());
  return runtime;
}
