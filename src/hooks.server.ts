import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { ensureMcpRuntime } from '$lib/server/services/mcp-runtime';
import { db } from '$lib/server/app';
import { toErrorResponse } from '$lib/server/api';
import { unauthorized } from '$lib/server/errors';
import {
  SESSION_COOKIE,
  deleteSessionCookie,
  setSessionCookie,
  validateSessionToken
} from '$lib/server/auth/session';
import { userForToken } from '$lib/server/auth/tokens';

/** Opens the database and starts the MCP health loop at boot rather than on first request. */
export const init: ServerInit = async () => {
  await ensureMcpRuntime().catch((err) => console.error('[editor] MCP health loop did not start', err));
};

const PUBLIC_PAGES = ['/login', '/signup'];
const PUBLIC_API = ['/api/auth/signup', '/api/auth/login', '/api/internal/', '/api/health'];

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = null;
  event.locals.session = null;
  event.locals.authVia = null;
  const path = event.url.pathname;
  const isApi = path.startsWith('/api/');

  try {
    const bearer = event.request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (bearer && !path.startsWith('/api/internal/')) {
      const user = await userForToken(await db(), bearer.trim());
      if (!user) return toErrorResponse(unauthorized('The access token is invalid or revoked.'));
      event.locals.user = user;
      event.locals.authVia = 'token';
    } else {
      const token = event.cookies.get(SESSION_COOKIE);
      if (token) {
        const result = await validateSessionToken(await db(), token);
        if (result.session) {
          event.locals.user = result.user;
          event.locals.session = result.session;
          event.locals.authVia = 'cookie';
          if (result.renewed) setSessionCookie(event.cookies, token, result.session.expiresAt, event.url.protocol === 'https:');
        } else {
          deleteSessionCookie(event.cookies);
        }
      }
    }
  } catch (err) {
    if (isApi) return toErrorResponse(err);
    throw err;
  }

  if (!event.locals.user) {
    if (isApi && !PUBLIC_API.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) {
      return toErrorResponse(unauthorized());
    }
    const isPage = !isApi && !path.startsWith('/schema/') && !path.startsWith('/_app/');
    if (isPage && !PUBLIC_PAGES.includes(path) && path !== '/favicon.svg') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
      redirect(303, `/login${next}`);
    }
  }

  const response = await resolve(event);
  if (isApi) response.headers.set('cache-control', response.headers.get('cache-control') ?? 'no-store');
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status !== 404) console.error('[editor] unhandled error', error);
  return { message: status === 404 ? 'Not found' : 'Something went wrong on our side.', code: status === 404 ? 'not_found' : 'internal' };
};
