/**
 * Errors are values with a code and a human sentence. The playground returns them as
 * `{ error: { code, message, details } }`; the worker logs them and ends the job.
 */
export type RuntimeErrorCode =
  | 'bad_request'
  | 'bad_metadata'
  | 'unauthorized'
  | 'not_found'
  | 'unknown_agent'
  | 'unknown_version'
  | 'invalid_spec'
  | 'spec_source_unavailable'
  | 'missing_api_key'
  | 'unknown_provider'
  | 'unknown_mcp_server'
  | 'stdio_not_allowed'
  | 'missing_secret'
  | 'missing_variables'
  | 'session_closed'
  | 'session_busy'
  | 'too_many_sessions'
  | 'turn_failed'
  | 'internal';

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly details?: unknown;
  constructor(code: RuntimeErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
    this.details = details;
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Any thrown value → the API error shape; unknown errors keep their message, never a stack. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof RuntimeError) return { error: { code: e.code, message: e.message, details: e.details } };
  const message = e instanceof Error ? e.message : String(e);
  return { error: { code: 'internal', message } };
}
