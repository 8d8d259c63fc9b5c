import type { RequestHandler } from './$types';
import { api } from '$lib/server/api';
import { ApiError } from '$lib/server/errors';

// Unknown API paths answer in the API's JSON error shape rather than with an HTML page.
const unknown: RequestHandler = api(({ url }) => {
  throw new ApiError(404, 'not_found', `No API endpoint at ${url.pathname}.`);
});
export const GET = unknown;
export const POST = unknown;
export const PUT = unknown;
export const PATCH = unknown;
export const DELETE = unknown;
