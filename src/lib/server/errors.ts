/** An error meant for the API client: a status, a stable code and a sentence a person understands. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details: unknown = null, code = 'bad_request') =>
  new ApiError(400, code, message, details);
export const unauthorized = (message = 'Sign in to continue.') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
/** Anything the caller does not own is reported exactly like something that does not exist. */
export const notFound = (what = 'Resource') => new ApiError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, details: unknown = null, code = 'conflict') =>
  new ApiError(409, code, message, details);
export const preconditionFailed = (message: string, details: unknown = null) =>
  new ApiError(412, 'precondition_failed', message, details);
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${Math.round(limitBytes / 1024)} KiB.`, {
    limitBytes
  });
export const unsupportedMediaType = (expected: string[]) =>
  new ApiError(415, 'unsupported_media_type', `Send the body as ${expected.join(' or ')}.`, { expected });
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
