import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingStdio, freePort } from '../fakes/everything';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/mcp-server';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { createPgDatabase } from '../helpers/db';

const TOKEN = 'fake_tok_5e1f0c2b9a8d7e6f5a4b3c2d1e0f';
const IMPORTED_KEY = 'ghp_importedValue0123456789abcdefABCDEF';
const IMPORTED_HEADER = 'imported-bearer-value-77';
const stdio = everythingStdio();

/** Every response body (JSON and SSE) the test saw, to prove no secret value ever left the server. */
const transcript: string[] = [];

class RecordingClient extends ApiClient {
  override async json<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const res = await this.call(method, path, body, headers);
    const text = await res.text();
    transcript.push(text);
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
  }

  /** Opens the SSE stream; `text()` is everything received so far. */
  async events(): Promise<{ text: () => string; waitFor: (pred: (t: string) => boolean, ms?: number) => Promise<string>; close: () => void }> {
    const abort = new AbortController();
    const res = await fetch(this.baseUrl + '/api/mcp-servers/events', { headers: { cookie: this.cookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    let text = '';
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk);
      } catch {
        /* aborted */
      }
    })();
    return {
      text: () => text,
      async waitFor(pred, ms = 15_000) {
        const until = Date.now() + ms;
        while (!pred(text)) {
          if (Date.now() > until) throw new Error(`SSE: condition not met; got:\n${text}`);
          await new Promise((r) => setTimeout(r, 25));
        }
        return text;
      },
      close() {
        transcript.push(text);
        abort.abort();
      }
    };
  }
}

let fake: FakeMcpServer;
beforeAll(async () => {
  fake = await startFakeMcpServer({ token: TOKEN });
});
afterAll(async () => {
  await fake?.stop();
  const all = transcript.join('\n');
  expect(all.length).toBeGreaterThan(1000);
  for (const secret of [TOKEN, IMPORTED_KEY, IMPORTED_HEADER]) expect(all).not.toContain(secret);
});

describe.each(['pglite', 'postgres'] as const)('MCP servers API on %s', (kind) => {
  let app: RunningApp;
  let alice: RecordingClient;
  let bob: RecordingClient;
  let databaseUrl: string | undefined;
  const env = { MCP_STDIO_ALLOW: stdio.allowList, MCP_HEALTH_INTERVAL_MS: '600000', MCP_EVENTS_HEARTBEAT_MS: '500' };
  beforeAll(async () => {
    databaseUrl = kind === 'postgres' ? await createPgDatabase() : undefined;
    app = await startApp({ databaseUrl, env });
    alice = await new RecordingClient(app.url).signup(`alice-${kind}@example.com`);
    bob = await new RecordingClient(app.url).signup(`bob-${kind}@example.com`);
  });
  afterAll(() => app?.stop());

  it('creates, tests and isolates servers; secrets resolve only inside the server', async () => {
    expect((await new RecordingClient(app.url).json('GET', '/api/mcp-servers')).status).toBe(401);

    expect(await alice.json('PUT', '/api/secrets/FAKE_TOKEN', { value: TOKEN })).toMatchObject({ status: 201, body: { name: 'FAKE_TOKEN', created: true } });

    const literal = await alice.json('POST', '/api/mcp-servers', { name: 'leaky', url: fake.url, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(literal.status).toBe(400);
    expect(literal.body.error).toMatchObject({ code: 'secret_in_literal', message: expect.stringContaining('secret'), details: { field: 'headers' } });

    const created = await alice.json('POST', '/api/mcp-servers', {
      name: 'fake',
      transport: 'streamable-http',
      url: fake.url,
      headers: { Authorization: 'Bearer ${secret:FAKE_TOKEN}' }
    });
    expect(created.status).toBe(201);
    const id = created.body.server.id;
    expect(created.body.server).toMatchObject({ name: 'fake', connectionStatus: 'disconnected', headers: { Authorization: 'Bearer ${secret:FAKE_TOKEN}' } });
    expect(created.body.server).not.toHaveProperty('ownerId');
    expect((await alice.json('POST', '/api/mcp-servers', { name: 'fake', url: fake.url })).body.error.code).toBe('name_taken');

    const list = await alice.json('GET', '/api/mcp-servers');
    expect(list.body.servers.map((s: { name: string }) => s.name)).toEqual(['fake']);
    expect(list.body.stdioAllowList).toEqual([expect.objectContaining({ command: process.execPath })]);

    const tested = await alice.json('POST', `/api/mcp-servers/${id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, transport: 'streamable-http', latencyMs: expect.any(Number), serverInfo: { name: 'fake-mcp' } });
    expect(tested.body.tools.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['echo', 'add']));
    expect(tested.body.tools[0]).toEqual({ name: expect.any(String), description: expect.any(String), inputSchema: expect.any(Object) });
    expect((await alice.json('GET', `/api/mcp-servers/${id}`)).body.server).toMatchObject({ connectionStatus: 'connected', metadata: { capabilities: { tools: expect.any(Array) } } });

    // Bob: 404 for everything of Alice's, and an empty list.
    for (const [method, path, body] of [
      ['GET', `/api/mcp-servers/${id}`],
      ['PUT', `/api/mcp-servers/${id}`, { name: 'stolen' }],
      ['POST', `/api/mcp-servers/${id}/test`],
      ['DELETE', `/api/mcp-servers/${id}`],
      ['GET', '/api/secrets/FAKE_TOKEN']
    ] as const) {
      const res = await bob.json(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await bob.json('GET', '/api/mcp-servers')).body.servers).toEqual([]);
    // Bob naming Alice's secret gets nothing: references resolve per owner.
    const bobs = await bob.json('POST', '/api/mcp-servers', { name: 'fake', url: fake.url, headers: { Authorization: 'Bearer ${secret:FAKE_TOKEN}' } });
    expect((await bob.json('POST', `/api/mcp-servers/${bobs.body.server.id}/test`)).body).toMatchObject({ ok: false, error: { code: 'config' } });
  });

  it('answers 200 with a readable error for a dead server, and enforces the stdio allow-list', async () => {
    const port = await freePort();
    const dead = await alice.json('POST', '/api/mcp-servers', { name: 'dead', transport: 'sse', url: `http://127.0.0.1:${port}/sse` });
    const res = await alice.json('POST', `/api/mcp-servers/${dead.body.server.id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('Connection refused') }, latencyMs: expect.any(Number) });
    expect(res.body.server).toMatchObject({ connectionStatus: 'error', metadata: { error: { code: 'refused' } } });

    const refused = await alice.json('POST', '/api/mcp-servers', { name: 'shell', transport: 'stdio', command: 'bash', args: ['-c', 'id'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'stdio_not_allowed', message: expect.stringContaining('MCP_STDIO_ALLOW') });

    const local = await alice.json('POST', '/api/mcp-servers', { name: 'everything', transport: 'stdio', command: stdio.config.command, args: stdio.config.args });
    expect(local.status).toBe(201);
    const ran = await alice.json('POST', `/api/mcp-servers/${local.body.server.id}/test`);
    expect(ran.body).toMatchObject({ ok: true, transport: 'stdio' });
    expect(ran.body.tools.length).toBeGreaterThan(5);
    expect((await alice.json('PUT', `/api/mcp-servers/${local.body.server.id}`, { args: ['-e', 'process.exit()'] })).status).toBe(403);
  });

  it("streams the owner's status events only", async () => {
    const aliceEvents = await alice.events();
    const bobEvents = await bob.events();
    try {
      await aliceEvents.waitFor((t) => t.includes(': connected'));
      const created = await alice.json('POST', '/api/mcp-servers', { name: 'streamed', url: fake.url, headers: { Authorization: 'Bearer ${secret:FAKE_TOKEN}' } });
      const id = created.body.server.id;
      await alice.json('POST', `/api/mcp-servers/${id}/test`);
      await alice.json('DELETE', `/api/mcp-servers/${id}`);
      const text = await aliceEvents.waitFor((t) => t.includes('event: server-removed'));
      expect(text).toMatch(/event: server-added\ndata: \{"id":"[a-z0-9]+","name":"streamed"/);
      expect(text).toContain('"connectionStatus":"connecting"');
      expect(text).toContain('"connectionStatus":"connected"');
      await bobEvents.waitFor((t) => t.includes(': ping')); // heartbeats flow…
      expect(bobEvents.text()).not.toContain(id); // …but none of Alice's events
      expect(bobEvents.text()).not.toContain('event:');
    } finally {
      aliceEvents.close();
      bobEvents.close();
    }
  });

  it('imports mcp.json, moving values into secrets, and reports refused entries', async () => {
    const file = `{
      // Claude Desktop config
      "mcpServers": {
        "GitHub": { "url": "${fake.url}", "headers": { "Authorization": "Bearer ${IMPORTED_HEADER}" } },
        "everything-2": { "command": "${stdio.config.command}", "args": ${JSON.stringify(stdio.config.args)}, "env": { "GITHUB_TOKEN": "${IMPORTED_KEY}" } },
        "shell": { "command": "sh", "args": ["-c", "echo hi"] },
        "fake": { "url": "${fake.url}" },
      }
    }`;
    const res = await alice.json('POST', '/api/mcp-servers/import', file, { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(res.body.imported.map((i: { server: { name: string }; secrets: string[] }) => [i.server.name, i.secrets])).toEqual([
      ['github', ['GITHUB_AUTHORIZATION']],
      ['everything-2', ['EVERYTHING_2_GITHUB_TOKEN']]
    ]);
    expect(res.body.refused.map((r: { source: string; code: string }) => [r.source, r.code])).toEqual([
      ['shell', 'stdio_not_allowed'],
      ['fake', 'name_taken']
    ]);
    const secrets = await alice.json('GET', '/api/secrets');
    expect(secrets.body.secrets).toEqual(
      expect.arrayContaining([
        { name: 'GITHUB_AUTHORIZATION', createdAt: expect.any(String), updatedAt: expect.any(String), usedBy: ['github'] },
        expect.objectContaining({ name: 'FAKE_TOKEN', usedBy: ['fake'] })
      ])
    );
    // The imported header secret really is the credential: the fake server accepts it only if it is.
    fake.setToken(IMPORTED_HEADER);
    try {
      const github = res.body.imported[0].server.id;
      expect((await alice.json('POST', `/api/mcp-servers/${github}/test`)).body).toMatchObject({ ok: true });
    } finally {
      fake.setToken(TOKEN);
    }
    expect((await alice.json('POST', '/api/mcp-servers/import', { nothing: true })).body.error.code).toBe('invalid_import');
  });

  // Postgres-only behaviour: defined for the Postgres run alone.
  if (kind === 'postgres') it('fans events out to a second replica through Postgres NOTIFY', async () => {
    const replica = await startApp({ databaseUrl, env });
    try {
      const onReplica = new RecordingClient(replica.url);
      onReplica.cookie = alice.cookie; // same session, other editor process
      const bobOnReplica = new RecordingClient(replica.url);
      bobOnReplica.cookie = bob.cookie;
      const stream = await onReplica.events();
      const bobStream = await bobOnReplica.events();
      try {
        await stream.waitFor((t) => t.includes(': connected'));
        await new Promise((r) => setTimeout(r, 300)); // the replica's LISTEN starts with its first request
        const created = await alice.json('POST', '/api/mcp-servers', { name: 'replicated', url: fake.url });
        await alice.json('DELETE', `/api/mcp-servers/${created.body.server.id}`);
        const text = await stream.waitFor((t) => t.includes('event: server-removed'));
        expect(text).toContain('"name":"replicated"');
        await bobStream.waitFor((t) => t.includes(': ping'));
        expect(bobStream.text()).not.toContain('replicated');
      } finally {
        stream.close();
        bobStream.close();
      }
    } finally {
      await replica.stop();
    }
  });
});
