import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { createPgDatabase } from '../helpers/db';

const VALUE = 'sk-secretsApiValue-0123456789abcdefghij';

describe.each(['pglite', 'postgres'] as const)('secrets API on %s', (kind) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(kind === 'postgres' ? { databaseUrl: await createPgDatabase() } : {});
  });
  afterAll(() => app?.stop());

  it('stores write-only values: 201 then 200 on replace, metadata only on read, 404 for others', async () => {
    const alice = await new ApiClient(app.url).signup('alice@example.com');
    const bob = await new ApiClient(app.url).signup('bob@example.com');
    const seen: string[] = [];
    const call = async (c: ApiClient, method: string, path: string, body?: unknown) => {
      const res = await c.call(method, path, body);
      const text = await res.text();
      seen.push(text);
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };

    expect(await call(alice, 'GET', '/api/secrets')).toEqual({ status: 200, body: { secrets: [] } });
    expect(await call(alice, 'PUT', '/api/secrets/OPENAI_KEY', { value: VALUE })).toEqual({ status: 201, body: { name: 'OPENAI_KEY', created: true } });
    expect(await call(alice, 'PUT', '/api/secrets/OPENAI_KEY', { value: VALUE + '2' })).toEqual({ status: 200, body: { name: 'OPENAI_KEY', created: false } });
    expect(await call(alice, 'GET', '/api/secrets/OPENAI_KEY')).toEqual({
      status: 200,
      body: { name: 'OPENAI_KEY', createdAt: expect.any(String), updatedAt: expect.any(String), usedBy: [] }
    });
    const listed = await call(alice, 'GET', '/api/secrets');
    expect(listed.body.secrets).toEqual([{ name: 'OPENAI_KEY', createdAt: expect.any(String), updatedAt: expect.any(String), usedBy: [] }]);

    // Used by a server: the list says so.
    await call(alice, 'POST', '/api/mcp-servers', { name: 'llm', url: 'https://llm.example/mcp', headers: { 'X-Api-Key': '${secret:OPENAI_KEY}' } });
    expect((await call(alice, 'GET', '/api/secrets/OPENAI_KEY')).body.usedBy).toEqual(['llm']);

    expect((await call(alice, 'PUT', '/api/secrets/bad-name', { value: 'x' })).body.error.code).toBe('invalid_field');
    expect((await call(alice, 'PUT', '/api/secrets/EMPTY', { value: '' })).status).toBe(400);
    expect((await call(alice, 'PUT', '/api/secrets/WRONG', { secret: 'x' })).status).toBe(400);
    expect((await call(bob, 'GET', '/api/secrets/OPENAI_KEY')).status).toBe(404);
    expect((await call(bob, 'DELETE', '/api/secrets/OPENAI_KEY')).status).toBe(404);
    expect((await call(bob, 'GET', '/api/secrets')).body).toEqual({ secrets: [] });
    expect((await call(new ApiClient(app.url), 'GET', '/api/secrets')).status).toBe(401);

    expect((await call(alice, 'DELETE', '/api/secrets/OPENAI_KEY')).status).toBe(204);
    expect((await call(alice, 'GET', '/api/secrets/OPENAI_KEY')).status).toBe(404);
    expect(seen.join('\n')).not.toContain('sk-secretsApiValue');
  });
});
