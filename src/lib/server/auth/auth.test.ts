import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase } from '../../../../tests/helpers/db';
import type { Database } from '../db/client';
import { sessions } from '../db/schema';
import { ApiError } from '../errors';
import { logIn, loginLimiter, readCredentials, signUp } from './accounts';
import { createSession, generateSessionToken, invalidateSession, SESSION_TTL_MS, validateSessionToken } from './session';
import { createToken, listTokens, revokeToken, userForToken } from './tokens';
import { eq } from 'drizzle-orm';
import { sha256Hex } from '../ids';

describe.each(DB_KINDS)('accounts on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(() => database?.close());

  it('signs up, refuses a taken email and weak passwords, then logs in', async () => {
    const user = await signUp(database.db, readCredentials({ email: ' Ada@Example.com ', password: 'analytical engine' }));
    expect(user.email).toBe('ada@example.com');
    await expect(signUp(database.db, { email: 'ada@example.com', password: 'another good one' })).rejects.toMatchObject({
      status: 409,
      code: 'email_taken'
    });
    await expect(signUp(database.db, { email: 'bob@example.com', password: 'short' })).rejects.toMatchObject({
      status: 400,
      code: 'weak_password'
    });
    const loggedIn = await logIn(database.db, { email: 'ada@example.com', password: 'analytical engine' }, '10.0.0.1');
    expect(loggedIn.id).toBe(user.id);
    await expect(logIn(database.db, { email: 'ada@example.com', password: 'wrong password' }, '10.0.0.1')).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials'
    });
  });

  it('rejects malformed credentials with field errors', () => {
    try {
      readCredentials({ email: 'not-an-email', password: '' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).details).toEqual({ fields: { email: expect.any(String), password: expect.any(String) } });
    }
  });

  it('rate-limits repeated failed logins per account', async () => {
    await signUp(database.db, { email: 'eve@example.com', password: 'guess me please' });
    for (let i = 0; i < 10; i++) {
      await expect(logIn(database.db, { email: 'eve@example.com', password: 'nope nope' }, `10.1.0.${i}`)).rejects.toMatchObject({ status: 401 });
    }
    // Even the right password is refused while the account is locked out.
    await expect(logIn(database.db, { email: 'eve@example.com', password: 'guess me please' }, '10.2.0.1')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited'
    });
    loginLimiter.account.reset('eve@example.com');
  });

  it('stores only the hash of session tokens and slides the expiry', async () => {
    const user = await signUp(database.db, { email: 'sam@example.com', password: 'sliding window' });
    const token = generateSessionToken();
    const session = await createSession(database.db, token, user.id);
    expect(session.id).toBe(sha256Hex(token));
    expect(session.id).not.toContain(token);
    const ok = await validateSessionToken(database.db, token);
    expect(ok.user?.email).toBe('sam@example.com');
    expect(ok.renewed).toBe(false);

    // Near the end of its life a used session is renewed to a full 30 days.
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() + 60_000) }).where(eq(sessions.id, session.id));
    const renewed = await validateSessionToken(database.db, token);
    expect(renewed.renewed).toBe(true);
    expect(renewed.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);

    // An expired session is refused and removed.
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, session.id));
    expect((await validateSessionToken(database.db, token)).user).toBeNull();
    expect(await database.db.select().from(sessions).where(eq(sessions.id, session.id))).toHaveLength(0);

    const other = generateSessionToken();
    const s2 = await createSession(database.db, other, user.id);
    await invalidateSession(database.db, s2.id);
    expect((await validateSessionToken(database.db, other)).user).toBeNull();
  });

  it('issues personal access tokens shown once, stored hashed, revocable, per user', async () => {
    const owner = await signUp(database.db, { email: 'pat@example.com', password: 'ci secret phrase' });
    const stranger = await signUp(database.db, { email: 'mallory@example.com', password: 'stranger pw 1' });
    const created = await createToken(database.db, owner.id, 'ci');
    expect(created.token).toMatch(/^vas_/);
    expect((await userForToken(database.db, created.token))?.id).toBe(owner.id);
    const listed = await listTokens(database.db, owner.id);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await listTokens(database.db, stranger.id)).toHaveLength(0);
    await expect(revokeToken(database.db, stranger.id, created.id)).rejects.toMatchObject({ status: 404 });
    await revokeToken(database.db, owner.id, created.id);
    expect(await userForToken(database.db, created.token)).toBeNull();
    await expect(createToken(database.db, owner.id, '')).rejects.toMatchObject({ status: 400 });
  });
});
