import net from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingStdio, freePort, startEverything, type EverythingServer } from '../../../../tests/fakes/everything';
import { startFakeMcpServer, type FakeMcpServer } from '../../../../tests/fakes/mcp-server';
import { DB_KINDS, freshDatabase } from '../../../../tests/helpers/db';
import { signUp } from '../auth/accounts';
import type { Database } from '../db/client';
import { McpEventBus, type McpEvent } from './mcp-events';
import { McpHealthManager, testServer } from './mcp-health';
import { PgEventFanout, PgLeaderLock } from './mcp-runtime';
import { createServer, deleteServer, getServer, listServers, updateServer, type McpServerView } from './mcp-servers';
import { putSecret } from './secrets';

/** A TCP front for a server that can be "killed" and "restarted" on the same port. */
async function startProxy(targetPort: number) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}/mcp`,
    kill() {
      for (const s of sockets) s.destroy();
      server?.close();
      server = null;
    },
    restart: listen
  };
}

const ALICE_SECRET = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

let sse: EverythingServer;
let streamable: EverythingServer;
let fake: FakeMcpServer;
let sseOnly: FakeMcpServer;
let guarded: FakeMcpServer;
const stdio = everythingStdio();

beforeAll(async () => {
  [sse, streamable, fake, sseOnly, guarded] = await Promise.all([
    startEverything('sse'),
    startEverything('streamableHttp'),
    startFakeMcpServer(),
    startFakeMcpServer({ streamable: false, name: 'sse-only' }),
    startFakeMcpServer({ token: ALICE_SECRET })
  ]);
});
afterAll(async () => {
  await Promise.all([sse?.stop(), streamable?.stop(), fake?.stop(), sseOnly?.stop(), guarded?.stop()]);
});

describe.each(DB_KINDS)('MCP connections and health on %s', (kind) => {
  let database: Database & { url?: string };
  let alice: string;
  let bob: string;
  const events = new McpEventBus();
  const opts = { allowList: stdio.allowList, events, timeoutMs: 15_000 };

  beforeAll(async () => {
    process.env.SECRET_KEY ??= 'a'.repeat(64);
    database = await freshDatabase(kind);
    alice = (await signUp(database.db, { email: 'alice@example.com', password: 'wonderland rabbit' })).id;
    bob = (await signUp(database.db, { email: 'bob@example.com', password: 'can we fix it yes' })).id;
  });
  afterAll(() => database?.close());

  /** Health tests tick over every active server: keep only the test's own servers around. */
  async function clearServers() {
    for (const owner of [alice, bob]) for (const s of await listServers(database.db, owner)) await deleteServer(database.db, owner, s.id, { events });
  }

  it('tests every transport against real servers and stores the tools', async () => {
    const db = database.db;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['stdio', { transport: 'stdio', command: stdio.config.command, args: stdio.config.args }, 'stdio'],
      ['sse', { transport: 'sse', url: sse.url }, 'sse'],
      ['streamable', { transport: 'streamable-http', url: streamable.url }, 'streamable-http'],
      ['auto-streamable', { url: fake.url }, 'streamable-http'],
      ['auto-sse', { url: sseOnly.sseUrl }, 'sse']
    ];
    for (const [name, input, transport] of cases) {
      const server = await createServer(db, alice, { name, ...input }, opts);
      const result = await testServer(db, alice, server.id, opts);
      expect(result, name).toMatchObject({ ok: true, transport });
      if (!result.ok) continue;
      expect(result.tools.length, name).toBeGreaterThan(0);
      expect(result.tools.find((t) => t.name === 'echo'), name).toMatchObject({ description: expect.any(String), inputSchema: { type: 'object' } });
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      const stored = await getServer(db, alice, server.id);
      expect(stored, name).toMatchObject({ connectionStatus: 'connected', failureCount: 0, metadata: { capabilities: { transport } } });
      expect(stored.lastConnected).toBeInstanceOf(Date);
      expect(stored.metadata.capabilities!.tools.map((t) => t.name)).toEqual(result.tools.map((t) => t.name));
      expect(stored.metadata.error).toBeUndefined();
    }
    expect((await testServer(db, alice, (await listServers(db, alice)).find((s) => s.name === 'streamable')!.id, opts)).ok).toBe(true);
    await expect(testServer(db, bob, (await listServers(db, alice))[0].id, opts)).rejects.toMatchObject({ status: 404 });
    await clearServers();
  });

  it('stores a readable error for a wrong port, and refuses a stdio command the allow-list no longer has', async () => {
    const db = database.db;
    const port = await freePort();
    const server = await createServer(db, alice, { name: 'wrong-port', transport: 'streamable-http', url: `http://127.0.0.1:${port}/mcp` }, opts);
    const result = await testServer(db, alice, server.id, opts);
    expect(result).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('Connection refused') } });
    const stored = await getServer(db, alice, server.id);
    expect(stored).toMatchObject({ connectionStatus: 'error', metadata: { error: { code: 'refused', at: expect.any(String) } } });
    expect(stored.metadata.error!.message).toContain(`127.0.0.1:${port}`);

    const local = await createServer(db, alice, { name: 'local', transport: 'stdio', command: stdio.config.command, args: stdio.config.args }, opts);
    const refused = await testServer(db, alice, local.id, { ...opts, allowList: 'uvx mcp-server-git' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_allowed', message: expect.stringContaining('allow-list') } });
    await clearServers();
  });

  it('resolves ${secret:…} headers only to connect and never returns the value', async () => {
    const db = database.db;
    const server = await createServer(db, alice, { name: 'guarded', transport: 'streamable-http', url: guarded.url, headers: { Authorization: 'Bearer ${secret:GUARDED_TOKEN}' } }, opts);
    const missing = await testServer(db, alice, server.id, opts);
    expect(missing).toMatchObject({ ok: false, error: { code: 'config', message: expect.stringContaining('GUARDED_TOKEN') } });

    await putSecret(db, alice, 'GUARDED_TOKEN', 'wrong-token-value');
    expect(await testServer(db, alice, server.id, opts)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    await putSecret(db, alice, 'GUARDED_TOKEN', ALICE_SECRET);
    // A server that echoes the credential back (here in a tool description) gets it scrubbed.
    guarded.addTool('leaky', { description: `I was called with ${ALICE_SECRET}`, handler: () => ({ content: [] }) });
    const ok = await testServer(db, alice, server.id, opts);
    expect(ok).toMatchObject({ ok: true });
    const everything = JSON.stringify([ok, await listServers(db, alice), await getServer(db, alice, server.id)]);
    expect(everything).not.toContain(ALICE_SECRET);
    expect(everything).toContain('I was called with [secret]');

    // Bob cannot borrow Alice's secret by name.
    const bobs = await createServer(db, bob, { name: 'guarded', url: guarded.url, headers: { Authorization: 'Bearer ${secret:GUARDED_TOKEN}' } }, opts);
    expect(await testServer(db, bob, bobs.id, opts)).toMatchObject({ ok: false, error: { code: 'config' } });
    await clearServers();
  });

  it('health: a killed server goes to error, backs off 30/60/120/240 s, and is deactivated after 5 failures', async () => {
    const db = database.db;
    const victim = await startFakeMcpServer();
    let clock = Date.parse('2031-01-01T00:00:00Z');
    const health = new McpHealthManager({ db, events, now: () => clock, allowList: stdio.allowList, timeoutMs: 5_000 });
    const server = await createServer(db, alice, { name: 'victim', url: victim.url }, opts);
    const seen: McpEvent[] = [];
    const bobSaw: McpEvent[] = [];
    const offA = events.subscribe(alice, (e) => seen.push(e));
    const offB = events.subscribe(bob, (e) => bobSaw.push(e));
    try {
      expect(await health.tick()).toBe(1);
      let row = await getServer(db, alice, server.id);
      expect(row).toMatchObject({ connectionStatus: 'connected', failureCount: 0 });
      expect(row.nextCheckAt!.getTime()).toBe(clock + 30_000);
      expect(await health.tick()).toBe(0); // not due yet
      expect(await health.tick()).toBe(0);

      victim.kill();
      clock += 30_000;
      const expectedBackoff = [30_000, 60_000, 120_000, 240_000];
      for (let failure = 1; failure <= 5; failure++) {
        if (failure > 1) {
          clock += expectedBackoff[failure - 2] - 1;
          expect(await health.tick(), `not due 1 ms before backoff #${failure - 1}`).toBe(0);
          clock += 1;
        }
        expect(await health.tick()).toBe(1);
        row = await getServer(db, alice, server.id);
        expect(row).toMatchObject({ connectionStatus: 'error', failureCount: failure });
        // The first probe may still hit a pooled keep-alive socket the kill reset ("closed").
        expect(['refused', 'closed']).toContain(row.metadata.error!.code);
        if (failure < 5) {
          expect(row.isActive).toBe(true);
          expect(row.nextCheckAt!.getTime()).toBe(clock + expectedBackoff[failure - 1]);
        }
      }
      expect(row).toMatchObject({ isActive: false, nextCheckAt: null, metadata: { error: { message: expect.stringContaining('Connection refused') } } });
      clock += 3_600_000;
      expect(await health.tick()).toBe(0); // inactive servers are left alone

      const statuses = seen.filter((e) => e.server.id === server.id).map((e) => {
        const s = e.server as McpServerView;
        return `${s.connectionStatus}/${s.failureCount}/${s.isActive}`;
      });
      expect(statuses).toEqual(['connected/0/true', 'error/1/true', 'error/2/true', 'error/3/true', 'error/4/true', 'error/5/false']);
      expect(bobSaw).toEqual([]);

      // Re-activating clears the count; the loop picks it up on its next tick.
      expect(await updateServer(db, alice, server.id, { isActive: true }, opts)).toMatchObject({ isActive: true, failureCount: 0, nextCheckAt: null });
    } finally {
      offA();
      offB();
      await clearServers();
    }
  });

  it('health: a restarted server is connected again with the failure count reset', async () => {
    const db = database.db;
    const proxy = await startProxy(fake.port);
    let clock = Date.parse('2032-01-01T00:00:00Z');
    const health = new McpHealthManager({ db, events, now: () => clock, intervalMs: 10_000, backoffBaseMs: 1_000, timeoutMs: 5_000 });
    const server = await createServer(db, alice, { name: 'flaky', transport: 'streamable-http', url: proxy.url }, opts);
    try {
      await health.tick();
      expect(await getServer(db, alice, server.id)).toMatchObject({ connectionStatus: 'connected' });
      proxy.kill();
      clock += 10_000;
      await health.tick();
      clock += 1_000;
      await health.tick();
      let row = await getServer(db, alice, server.id);
      expect(row).toMatchObject({ connectionStatus: 'error', failureCount: 2 });
      expect(row.nextCheckAt!.getTime()).toBe(clock + 2_000);

      await proxy.restart();
      clock += 2_000;
      expect(await health.tick()).toBe(1);
      row = await getServer(db, alice, server.id);
      expect(row).toMatchObject({ connectionStatus: 'connected', failureCount: 0, isActive: true });
      expect(row.metadata.error).toBeUndefined();
      expect(row.nextCheckAt!.getTime()).toBe(clock + 10_000);
      expect(row.lastConnected!.getTime()).toBe(clock);
      // checkNow ignores the schedule.
      proxy.kill();
      expect(await health.checkNow(server.id)).toMatchObject({ connectionStatus: 'error', failureCount: 1 });
    } finally {
      proxy.kill();
      await clearServers();
    }
  });

  it('health: start() runs the loop on real timers and stop() ends it', async () => {
    const db = database.db;
    const health = new McpHealthManager({ db, events, intervalMs: 150, backoffBaseMs: 150, timeoutMs: 5_000 });
    const server = await createServer(db, alice, { name: 'looped', url: fake.url }, opts);
    health.start();
    health.start(); // idempotent
    try {
      const until = Date.now() + 10_000;
      while ((await getServer(db, alice, server.id)).connectionStatus !== 'connected') {
        if (Date.now() > until) throw new Error('the loop never checked the server');
        await new Promise((r) => setTimeout(r, 50));
      }
      const first = (await getServer(db, alice, server.id)).lastChecked!.getTime();
      await new Promise((r) => setTimeout(r, 600));
      expect((await getServer(db, alice, server.id)).lastChecked!.getTime()).toBeGreaterThan(first); // checked again
    } finally {
      await health.stop();
    }
    const stopped = (await getServer(db, alice, server.id)).lastChecked!.getTime();
    await new Promise((r) => setTimeout(r, 400));
    expect((await getServer(db, alice, server.id)).lastChecked!.getTime()).toBe(stopped);
    await clearServers();
  });

  // Postgres-only behaviour: defined for the Postgres run alone.
  if (kind === 'postgres') it('postgres: one replica holds the health lock; events fan out to other replicas via NOTIFY', async () => {
    const db = database.db;
    const sqlA = postgres(database.url!, { max: 2, onnotice: () => {} });
    const sqlB = postgres(database.url!, { max: 2, onnotice: () => {} });
    const lockA = new PgLeaderLock(sqlA);
    const lockB = new PgLeaderLock(sqlB);
    const busA = new McpEventBus();
    const busB = new McpEventBus();
    const fanA = new PgEventFanout(sqlA, busA, db);
    const fanB = new PgEventFanout(sqlB, busB, db);
    try {
      expect(await lockA.isLeader()).toBe(true);
      expect(await lockA.isLeader()).toBe(true);
      expect(await lockB.isLeader()).toBe(false);
      const follower = new McpHealthManager({ db, events: busB, isLeader: () => lockB.isLeader() });
      await createServer(db, alice, { name: 'leader-test', url: fake.url }, opts);
      expect(await follower.tick()).toBe(0);
      await lockA.release();
      expect(await lockB.isLeader()).toBe(true);
      expect(await lockA.isLeader()).toBe(false);
      await lockB.release();

      await fanA.start();
      await fanB.start();
      const onA: McpEvent[] = [];
      const onB: McpEvent[] = [];
      const bobOnB: McpEvent[] = [];
      busA.subscribe(alice, (e) => onA.push(e));
      busB.subscribe(alice, (e) => onB.push(e));
      busB.subscribe(bob, (e) => bobOnB.push(e));
      const created = await createServer(db, alice, { name: 'fanned', url: fake.url }, { ...opts, events: busA });
      // A view too big for one NOTIFY travels as an id and is re-read on the other side.
      busA.publish({ type: 'server-status-update', ownerId: alice, server: { ...created, metadata: { capabilities: { tools: [{ name: 'x', description: 'y'.repeat(9_000), inputSchema: {} }] } } } });
      const until = Date.now() + 5_000;
      while (onB.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(onB.map((e) => [e.type, e.server.id])).toEqual([
        ['server-added', created.id],
        ['server-status-update', created.id]
      ]);
      expect((onB[1].server as McpServerView).metadata.capabilities).toBeUndefined(); // the stored version
      expect(onA).toHaveLength(2); // delivered once locally, not echoed back
      expect(bobOnB).toEqual([]);
    } finally {
      await fanA.stop();
      await fanB.stop();
      await lockA.release();
      await lockB.release();
      await Promise.all([sqlA.end(), sqlB.end()]);
      await clearServers();
    }
  });
});
