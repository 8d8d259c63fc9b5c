import { json, type RequestEvent } from '@sveltejs/kit';
import { ApiError, badRequest, payloadTooLarge, unauthorized, unsupportedMediaType } from './errors';
import type { AuthUser } from './auth/types';

export { ApiError } from './errors';

export const DEFAULT_BODY_LIMIT = 1024 * 1024; // 1 MiB: a 500-node spec is ~100 KiB.

export function errorResponse(err: ApiError, headers: Record<string, string> = {}): Response {
  return json({ error: { code: err.code, message: err.message, details: err.details ?? null } }, {
    status: err.status,
    headers
  });
}

/**
 * Wraps a route handler so every failure leaves as `{error:{code,message,details}}`.
 * Unknown errors are logged and become a 500 without internals.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function api<E extends RequestEvent<any, any>>(handler: (event: E) => Promise<Response> | Response) {
  return async (event: E): Promise<Response> => {
    try {
      return await handler(event);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    const headers: Record<string, string> = {};
    const retry = (err.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds;
    if (err.status === 429 && retry) headers['retry-after'] = String(retry);
    return errorResponse(err, headers);
  }
  console.error('[api] unexpected error', err);
  return errorResponse(new ApiError(500, 'internal', 'Something went wrong on our side. Try again.'));
}

export function requireUser(locals: App.Locals): AuthUser {
  if (!locals.user) throw unauthorized();
  return locals.user;
}

/** Reads the body as text, refusing more than `limit` bytes without buffering all of it. */
export async function readText(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Reads a JSON object body; wrong content type → 415, malformed JSON → 400. */
export async function readJson<T = Record<string, unknown>>(request: Request, limit = DEFAULT_BODY_LIMIT): Promise<T> {
  const type = mediaType(request);
  if (type !== 'application/json' && !type.endsWith('+json')) throw unsupportedMediaType(['application/json']);
  const value = parseJsonText(await readText(request, limit));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('The body must be a JSON object.', null, 'invalid_json');
  }
  return value as T;
}

/** JSON.parse with a 400 `invalid_json` naming what is wrong. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`The body is not valid JSON: ${(err as Error).message}`, null, 'invalid_json');
  }
}

/** Reads an optional JSON body: an empty body yields `{}`. */
export async function readOptionalJson<T = Record<string, unknown>>(request: Request): Promise<T> {
  if (request.headers.get('content-length') === '0' || !request.body) return {} as T;
  if (!mediaType(request)) {
    const text = await readText(request);
    if (!text.trim()) return {} as T;
    throw unsupportedMediaType(['application/json']);
  }
  return readJson<T>(request);
}
