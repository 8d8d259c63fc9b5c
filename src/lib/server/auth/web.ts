import type { RequestEvent } from '@sveltejs/kit';
import { createSession, generateSessionToken, setSessionCookie } from './session';
import type { Db } from '../db/client';

/** Starts a browser session for `userId` and sets its cookie. */
export async function startBrowserSession(db: Db, event: Pick<RequestEvent, 'cookies' | 'url'>, userId: string) {
  const token = generateSessionToken();
  const session = await createSession(db, token, userId);
  setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
  return session;
}

export function clientIp(event: Pick<RequestEvent, 'getClientAddress'>): string {
  try {
    return event.getClientAddress();
  } catch {
    return 'unknown';
  }
}
