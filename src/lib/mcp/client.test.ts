import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { everythingStdio, freePort, startEverything, type EverythingServer } from '../../../tests/fakes/everything.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../../tests/fakes/mcp-server.js';
import { connectMcp, type McpConnection } from './client.js';
import { McpClientError } from './errors.js';
import { testMcpServer } from './probe.js';
import type { McpCallResult } from './types.js';

const open: McpConnection[] = [];
async function connect(...args: Parameters<typeof connectMcp>): Promise<McpConnection> {
  const connection = await connectMcp(...args);
  open.push(connection);
  return connection;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function rejection(promise: Promise<unknown>): Promise<McpClientError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(McpClientError);
  return err as McpClientError;
}

const textOf = (result: McpCallResult) => result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

describe('server-everything over each transport', () => {
  let sse: EverythingServer;
  let http: EverythingServer;
  beforeAll(async () => {
    [sse, http] = await Promise.all([startEverything('sse'), startEverything('streamableHttp')]);
  });
  afterAll(async () => {
    await Promise.all([sse?.stop(), http?.stop()]);
  });

  it('stdio (allow-listed command): lists tools and calls echo', async () => {
    const { config, allowList } = everythingStdio();
    const c = await connect(config, { allowList, timeoutMs: 15_000 });
    expect(c.transport).toBe('stdio');
    expect(c.pid).toBeGreaterThan(0);
    expect(c.serverInfo?.name).toBe('mcp-servers/everything');
    expect(c.capabilities.tools).toBeDefined();
    const tools = await c.listTools();
    expect(tools.map((t) => t.name)).toContain('echo');
    expect(textOf(await c.callTool('echo', { message: 'hi' }))).toBe('Echo: hi');
  });

  it('sse: lists tools and calls echo', async () => {
    const c = await connect(sse.config);
    expect(c.transport).toBe('sse');
    expect((await c.listTools()).map((t) => t.name)).toContain('echo');
    expect(textOf(await c.callTool('echo', { message: 'over sse' }))).toBe('Echo: over sse');
  });

  it('streamable-http: lists tools and calls echo', async () => {
    const c = await connect(http.config);
    expect(c.transport).toBe('streamable-http');
    const echo = (await c.listTools()).find((t) => t.name === 'echo');
    expect(echo?.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } });
    expect(textOf(await c.callTool('echo', { message: 'over http' }))).toBe('Echo: over http');
  });

  it('auto: a bare streamable URL stays on streamable HTTP', async () => {
    const c = await connect({ name: 'bare', url: http.url });
    expect(c.transport).toBe('streamable-http');
  });

  it('auto: an SSE-only server is reached by falling back to SSE', async () => {
    const c = await connect({ name: 'bare', url: sse.url, transport: 'auto' });
    expect(c.transport).toBe('sse');
    expect(textOf(await c.callTool('echo', { message: 'fallback' }))).toBe('Echo: fallback');
  });

  it('testMcpServer reports tools, latency and server info', async () => {
    const result = await testMcpServer(http.config);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tools.length).toBeGreaterThan(5);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.serverInfo?.name).toBe('mcp-servers/everything');
    expect(result.transport).toBe('streamable-http');
  });
});

describe('connection failures read like sentences', () => {
  it('wrong port → refused', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/mcp`;
    const err = await rejection(connectMcp({ name: 'x', url }));
    expect(err.code).toBe('refused');
    expect(err.message).toBe(`Connection refused at ${url} — is the server running?`);
  });

  it('wrong port over SSE → refused, and the EventSource stops retrying', async () => {
    const port = await freePort();
    const err = await rejection(connectMcp({ name: 'x', transport: 'sse', url: `http://127.0.0.1:${port}/sse` }));
    expect(err.code).toBe('refused');
  });

  it('unknown host → dns', async () => {
    const result = await testMcpServer({ name: 'x', url: 'http://nonexistent.invalid/mcp' }, { timeoutMs: 15_000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'dns', message: 'Could not resolve host nonexistent.invalid' } });
  });

  it('not a URL / not http → config', async () => {
    expect((await testMcpServer({ name: 'x', url: 'nope' })).ok).toBe(false);
    const err = await rejection(connectMcp({ name: 'x', url: 'ftp://example.com/mcp' }));
    expect(err.code).toBe('config');
  });

  it('stdio outside the allow-list is refused before anything is spawned', async () => {
    const err = await rejection(
      connectMcp({ name: 'x', command: 'definitely-not-a-real-binary-xyz', args: ['--evil'] }, { allowList: 'npx -y @modelcontextprotocol/server-everything' })
    );
    expect(err.code).toBe('not_allowed');
    expect(err.message).toContain('MCP_STDIO_ALLOW');
    // Had it been spawned, the error would have been 'spawn' (ENOENT), not 'not_allowed'.
  });

  it('a refused stdio command never runs', async () => {
    const marker = join(tmpdir(), `mcp-allow-${process.pid}-${Date.now()}`);
    const args = ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'spawned')`];
    for (const allowList of ['npx', `"${process.execPath}" /opt/allowed-server.js`, '']) {
      const err = await rejection(connectMcp({ name: 'x', command: process.execPath, args }, { allowList }));
      expect(err.code).toBe('not_allowed');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(marker)).toBe(false);
  });

  it('stdio with no allow-list at all names MCP_STDIO_ALLOW', async () => {
    const { config } = everythingStdio();
    const err = await rejection(connectMcp(config, { allowList: '' }));
    expect(err).toMatchObject({ code: 'not_allowed' });
    expect(err.message).toMatch(/disabled.*MCP_STDIO_ALLOW/);
  });

  it('stdio env that could smuggle code in is refused', async () => {
    const { config, allowList } = everythingStdio();
    const err = await rejection(connectMcp({ ...config, env: { NODE_OPTIONS: '--import data:text/javascript,1' } }, { allowList }));
    expect(err.code).toBe('not_allowed');
  });

  it('an allowed command that does not exist → spawn', async () => {
    const err = await rejection(connectMcp({ name: 'x', command: 'definitely-not-a-real-binary-xyz' }, { allowList: 'definitely-not-a-real-binary-xyz' }));
    expect(err.code).toBe('spawn');
    expect(err.message).toContain('command not found');
  });

  it('a process that exits during the handshake → spawn with its stderr', async () => {
    const args = ['-e', 'console.error("missing API key"); process.exit(3)'];
    const err = await rejection(connectMcp({ name: 'x', command: process.execPath, args }, { allowList: `"${process.execPath}" -e` }));
    expect(err.code).toBe('spawn');
    expect(err.message).toContain('missing API key');
  });

  it('an aborted connect → aborted', async () => {
    const fake = await startFakeMcpServer();
    try {
      const err = await rejection(connectMcp({ name: 'x', url: fake.url }, { signal: AbortSignal.abort() }));
      expect(err.code).toBe('aborted');
    } finally {
      await fake.stop();
    }
  });

  it('a server that accepts but never answers → connect timeout', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const started = Date.now();
      const err = await rejection(connectMcp({ name: 'x', url: `http://127.0.0.1:${port}/mcp` }, { timeoutMs: 300 }));
      expect(err.code).toBe('timeout');
      expect(err.message).toMatch(/^Timed out after 300 ms/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('against the fake server', () => {
  let fake: FakeMcpServer;
  beforeAll(async () => {
    fake = await startFakeMcpServer({ token: 's3cret' });
  });
  afterAll(async () => {
    await fake?.stop();
  });
  const auth = { Authorization: 'Bearer s3cret' };
  const transports = [
    ['streamable-http', () => fake.url],
    ['sse', () => fake.sseUrl]
  ] as const;

  for (const [transport, url] of transports) {
    describe(transport, () => {
      it('missing token → unauthorized (401)', async () => {
        const err = await rejection(connectMcp({ name: 'x', transport, url: url() }));
        expect(err.code).toBe('unauthorized');
        expect(err.message).toBe('The server answered 401 Unauthorized — check the Authorization header / secret');
      });

      it('testMcpServer reports the 401 as a value', async () => {
        const result = await testMcpServer({ name: 'x', transport, url: url() });
        expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      });

      it('headers carry the token', async () => {
        const c = await connect({ name: 'x', transport, url: url(), headers: auth });
        expect(textOf(await c.callTool('add', { a: 2, b: 3 }))).toBe('5');
      });

      it('isError results and thrown handlers come back as results, not rejections', async () => {
        const c = await connect({ name: 'x', transport, url: url(), headers: auth });
        expect(await c.callTool('fail', {})).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Something went wrong' }] });
        expect(await c.callTool('throw', {})).toMatchObject({ isError: true });
        fake.setFailing(true);
        try {
          expect((await c.callTool('echo', { message: 'x' })).isError).toBe(true);
        } finally {
          fake.setFailing(false);
        }
      });

      it('a hung tool → timeout error', async () => {
        const c = await connect({ name: 'x', transport, url: url(), headers: auth });
        const err = await rejection(c.callTool('hang', {}, { timeoutMs: 300 }));
        expect(err).toMatchObject({ code: 'timeout', message: 'Timed out after 300 ms' });
        // The connection survives a timed-out call.
        expect(textOf(await c.callTool('echo', { message: 'still here' }))).toBe('Echo: still here');
      });

      it('an aborted call → aborted', async () => {
        const c = await connect({ name: 'x', transport, url: url(), headers: auth });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const err = await rejection(c.callTool('hang', {}, { signal: controller.signal }));
        expect(err.code).toBe('aborted');
      });

      it('tools/list_changed notifies, and the new tool is callable', async () => {
        const c = await connect({ name: 'x', transport, url: url(), headers: auth });
        const changed = new Promise<void>((resolve) => c.onToolsChanged(resolve));
        await fake.notificationStreamsReady();
        const name = `added_${transport.replace('-', '_')}`;
        fake.addTool(name, { description: 'added at runtime', handler: () => ({ content: [{ type: 'text', text: 'new!' }] }) });
        await changed;
        expect((await c.listTools()).map((t) => t.name)).toContain(name);
        expect(textOf(await c.callTool(name, {}))).toBe('new!');
      });
    });
  }
});

describe('auto transport against the fake', () => {
  it('a 401 from streamable HTTP is reported as such, not hidden by an SSE fallback', async () => {
    const fake = await startFakeMcpServer({ token: 't' });
    try {
      const err = await rejection(connectMcp({ name: 'x', url: fake.url }));
      expect(err.code).toBe('unauthorized');
    } finally {
      await fake.stop();
    }
  });

  it('an SSE-only server is reached through the fallback, headers included', async () => {
    const fake = await startFakeMcpServer({ token: 't', streamable: false });
    try {
      const c = await connect({ name: 'x', url: fake.sseUrl, headers: { Authorization: 'Bearer t' } });
      expect(c.transport).toBe('sse');
      expect(textOf(await c.callTool('echo', { message: 'm' }))).toBe('Echo: m');
    } finally {
      await fake.stop();
    }
  });
});

describe('a server dying while idle closes the connection', () => {
  for (const transport of ['streamable-http', 'sse'] as const) {
    it(transport, async () => {
      const fake = await startFakeMcpServer();
      try {
        const c = await connect({ name: 'x', transport, url: transport === 'sse' ? fake.sseUrl : fake.url });
        await fake.notificationStreamsReady();
        const closed = new Promise<McpClientError | undefined>((resolve) => c.onClose(resolve));
        fake.kill();
        expect((await closed)?.code).toMatch(/refused|closed/);
        const err = await rejection(c.callTool('echo', { message: 'x' }));
        expect(err.code).toBe('closed');
        expect(err.message).toMatch(/^Lost the connection to "x"/);
      } finally {
        fake.kill();
      }
    });
  }

  it('our own close() reports no reason and later calls fail cleanly', async () => {
    const fake = await startFakeMcpServer();
    try {
      const c = await connectMcp({ name: 'x', url: fake.url });
      const reasons: unknown[] = [];
      c.onClose((r) => reasons.push(r));
      await c.close();
      await c.close();
      expect(reasons).toEqual([undefined]);
      expect(fake.sessionCount()).toBe(0); // the session was terminated (DELETE), not leaked
      expect((await rejection(c.callTool('echo', { message: 'x' }))).code).toBe('closed');
    } finally {
      await fake.stop();
    }
  });
});

describe('a server dying mid-call fails the call instead of hanging', () => {
  for (const transport of ['streamable-http', 'sse'] as const) {
    it(`fake server killed (${transport})`, async () => {
      const fake = await startFakeMcpServer();
      try {
        const c = await connect({ name: 'x', transport, url: transport === 'sse' ? fake.sseUrl : fake.url });
        const closed = new Promise((resolve) => c.onClose(resolve));
        const call = c.callTool('hang', {}, { timeoutMs: 25_000 });
        await waitUntil(() => fake.calls.some((x) => x.name === 'hang'));
        const started = Date.now();
        fake.kill();
        const err = await rejection(call);
        expect(err.code).toBe('closed');
        expect(Date.now() - started).toBeLessThan(15_000);
        const reason = (await closed) as McpClientError;
        expect(reason.code).toMatch(/refused|closed/);
        expect(c.closed).toBe(true);
      } finally {
        fake.kill();
      }
    });
  }

  it('server-everything streamableHttp killed with SIGKILL', async () => {
    const server = await startEverything('streamableHttp');
    try {
      const c = await connect(server.config);
      const call = rejection(c.callTool('trigger-long-running-operation', { duration: 20, steps: 2 }, { timeoutMs: 25_000 }));
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      await server.kill();
      const err = await call;
      expect(err.code).toBe('closed');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await server.kill();
    }
  });

  it('stdio server process killed', async () => {
    const { config, allowList } = everythingStdio();
    const c = await connect(config, { allowList });
    const closed = new Promise((resolve) => c.onClose(resolve));
    const call = c.callTool('trigger-long-running-operation', { duration: 20, steps: 2 }, { timeoutMs: 25_000 });
    await new Promise((r) => setTimeout(r, 300));
    process.kill(c.pid!, 'SIGKILL');
    const err = await rejection(call);
    expect(err.code).toBe('closed');
    expect(((await closed) as McpClientError).code).toBe('closed');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
