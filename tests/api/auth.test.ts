import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { createPgDatabase } from '../helpers/db';

describe.each(['pglite', 'postgres'] as const)('auth API on %s', (kind) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(kind === 'postgres' ? { databaseUrl: await createPgDatabase() } : {});
  });
  afterAll(() => app?.stop());

  it('answers every failure in the JSON error shape with the right status', async () => {
    const c = new ApiClient(app.url);
    const expectError = async (p: Promise<{ status: number; body: any }>, status: number, code: string) => {
      const { status: s, body } = await p;
      expect(s).toBe(status);
      expect(body.error).toMatchObject({ code, message: expect.any(String) });
      expect(body.error).toHaveProperty('details');
    };
    await expectError(c.json('GET', '/api/agents'), 401, 'unauthorized');
    await expectError(c.json('GET', '/api/does-not-exist'), 401, 'unauthorized');
    await expectError(c.json('POST', '/api/auth/signup', '{"email":', { 'content-type': 'application/json' }), 400, 'invalid_json');
    await expectError(c.json('POST', '/api/auth/signup', 'email=a', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectError(c.json('POST', '/api/auth/signup', { email: 'x', password: 'y' }), 400, 'invalid_field');
    await expectError(c.json('POST', '/api/auth/signup', { email: 'w@example.com', password: 'weak' }), 400, 'weak_password');
    const huge = JSON.stringify({ email: 'h@example.com', password: 'x'.repeat(100_000) });
    await expectError(c.json('POST', '/api/auth/signup', huge, { 'content-type': 'application/json' }), 413, 'payload_too_large');

    await c.signup('first@example.com');
    const again = new ApiClient(app.url);
    await expectError(again.json('POST', '/api/auth/signup', { email: 'first@example.com', password: 'a long test password' }), 409, 'email_taken');
    // Nothing was written by the failed attempts: only one account can log in.
    await expectError(again.json('POST', '/api/auth/login', { email: 'w@example.com', password: 'weak' }), 401, 'invalid_credentials');
    await expectError(c.json('GET', '/api/does-not-exist'), 404, 'not_found');
  });

  it('sets a hardened session cookie and supports bearer tokens', async () => {
    const c = new ApiClient(app.url);
    const res = await c.call('POST', '/api/auth/signup', { email: 'cookie@example.com', password: 'a long test password' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Expires=/i);
    expect((await c.json('GET', '/api/me')).body.user.email).toBe('cookie@example.com');

    const { status, body } = await c.json('POST', '/api/tokens', { name: 'ci' });
    expect(status).toBe(201);
    const bearer = new ApiClient(app.url);
    bearer.token = body.token;
    expect((await bearer.json('GET', '/api/me')).body).toMatchObject({ user: { email: 'cookie@example.com' }, authVia: 'token' });
    const list = await c.json('GET', '/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(body.token);

    expect((await c.json('DELETE', `/api/tokens/${body.id}`)).status).toBe(204);
    expect((await bearer.json('GET', '/api/me')).status).toBe(401);

    await c.json('POST', '/api/auth/logout');
    expect((await c.json('GET', '/api/me')).status).toBe(401);
  });
});
