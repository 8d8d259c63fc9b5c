import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { badRequest, conflict, tooManyRequests, ApiError } from '../errors';
import { randomId } from '../ids';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { RateLimiter } from './rate-limit';
import type { AuthUser } from './types';

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

// 10 failures per account and 30 per IP in 15 minutes.
const WINDOW_MS = 15 * 60 * 1000;
export const loginLimiter = { account: new RateLimiter(10, WINDOW_MS), ip: new RateLimiter(30, WINDOW_MS) };

export interface Credentials {
  email: string;
  password: string;
}

export function readCredentials(body: Record<string, unknown>): Credentials {
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  const fields: Record<string, string> = {};
  if (!EMAIL_RE.test(email)) fields.email = 'Enter a valid email address.';
  if (!password) fields.password = 'Enter a password.';
  if (Object.keys(fields).length) throw badRequest('Check the highlighted fields.', { fields }, 'invalid_field');
  return { email, password };
}

export async function signUp(db: Db, { email, password }: Credentials): Promise<AuthUser> {
  const weak = passwordProblem(password, email);
  if (weak) throw badRequest(weak, { fields: { password: weak } }, 'weak_password');
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing.length) throw emailTaken();
  const passwordHash = await hashPassword(password);
  try {
    const [user] = await db
      .insert(users)
      .values({ id: randomId(), email, passwordHash })
      .returning({ id: users.id, email: users.email });
    return user;
  } catch (err) {
    // Two signups racing for one address: the unique index decides.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

export async function logIn(db: Db, { email, password }: Credentials, ip: string): Promise<AuthUser> {
  const wait = Math.max(loginLimiter.account.retryAfter(email), loginLimiter.ip.retryAfter(ip));
  if (wait > 0) throw tooManyRequests(wait);
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = row ? await verifyPassword(row.passwordHash, password) : false;
  if (!row || !ok) {
    loginLimiter.account.fail(email);
    loginLimiter.ip.fail(ip);
    throw new ApiError(401, 'invalid_credentials', 'Email or password is incorrect.');
  }
  loginLimiter.account.reset(email);
  return { id: row.id, email: row.email };
}

const emailTaken = () =>
  conflict('An account with this email already exists. Log in instead.', { fields: { email: 'Already registered.' } }, 'email_taken');

export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  // drizzle wraps driver errors; the SQLSTATE lives on the cause.
  for (let i = 0; i < 3 && e; i++) {
    if ((e as { code?: string }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
