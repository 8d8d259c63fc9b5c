import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { randomId, sha256Hex } from '../ids';
import type { AuthSession, AuthUser } from './types';

// The Lucia v3 sessions guide, implemented with @oslojs: the cookie holds a random token,
// the database only its SHA-256, so a leaked table cannot be replayed.
export const SESSION_COOKIE = 'vas_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY_MS;
/** Sliding expiry: a session used in its last 15 days is pushed out to 30 again. */
const RENEW_WITHIN_MS = 15 * DAY_MS;

export function generateSessionToken(): string {
  return randomId(20);
}

export async function createSession(db: Db, token: string, userId: string): Promise<AuthSession> {
  const session: AuthSession = {
    id: sha256Hex(token),
    userId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS)
  };
  await db.insert(sessions).values(session);
  return session;
}

export type SessionValidation =
  | { session: AuthSession; user: AuthUser; renewed: boolean }
  | { session: null; user: null; renewed: false };

export async function validateSessionToken(db: Db, token: string): Promise<SessionValidation> {
  const id = sha256Hex(token);
  const rows = await db
    .select({ session: sessions, user: { id: users.id, email: users.email } })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(eq(sessions.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return { session: null, user: null, renewed: false };
  const session = row.session;
  const now = Date.now();
  if (now >= session.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { session: null, user: null, renewed: false };
  }
  let renewed = false;
  if (now >= session.expiresAt.getTime() - RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now + SESSION_TTL_MS);
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
    renewed = true;
  }
  return { session, user: row.user, renewed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export interface CookieJar {
  set(name: string, value: string, opts: Record<string, unknown> & { path: string }): void;
  delete(name: string, opts: { path: string }): void;
}

export function setSessionCookie(cookies: CookieJar, token: string, expiresAt: Date, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: expiresAt,
    path: '/'
  });
}

export function deleteSessionCookie(cookies: CookieJar): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
