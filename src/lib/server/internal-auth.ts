import { timingSafeEqual } from 'node:crypto';
import { readConfig } from './config';
import { ApiError, unauthorized } from './errors';

/** Guards the runtime-facing internal API with the shared RUNTIME_TOKEN. */
export function requireRuntimeToken(request: Request): void {
  const expected = readConfig().runtimeToken;
  if (!expected) throw new ApiError(503, 'runtime_disabled', 'RUNTIME_TOKEN is not set on the editor, so the runtime cannot read specs.');
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw unauthorized('Invalid runtime token.');
}
