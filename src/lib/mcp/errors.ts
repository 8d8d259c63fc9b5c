/**
 * Turns whatever the SDK, undici, EventSource or child_process threw into `{code, message}`:
 * a code the health loop and bridge can switch on, and one sentence a user can act on.
 */
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpErrorCode, McpErrorInfo, McpServerConfig } from './types.js';

/** An error this library raises itself; its message is already meant for a user. */
export class McpClientError extends Error {
  readonly code: McpErrorCode;
  constructor(code: McpErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'McpClientError';
    this.code = code;
  }
}

type ConfigLike = Pick<McpServerConfig, 'url' | 'command' | 'args'> | undefined;

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA'];
const DROPPED_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'];
const TIMEOUT_CODES = ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'];
const UNREACHABLE_CODES = ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL'];
const TLS_CODE = /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;
const ERRNO_IN_TEXT =
  /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;

export function describeMcpError(err: unknown, config?: ConfigLike): McpErrorInfo {
  try {
    return describe(err, config);
  } catch {
    return { code: 'unknown', message: 'Unknown error' };
  }
}

function describe(err: unknown, config: ConfigLike): McpErrorInfo {
  if (err instanceof McpClientError) return { code: err.code, message: err.message };
  const chain = errorChain(err);
  const where = config?.url ?? chain.map(addressOf).find(Boolean) ?? 'the server';

  if (chain.some((e) => e instanceof UnauthorizedError)) return httpStatus(401, where);
  const status = chain.map(statusOf).find((s) => s !== undefined);
  if (status !== undefined) return httpStatus(status, where);

  const codes = chain.map(errnoOf).filter((c): c is string => !!c);
  const textCode = chain.map((e) => ERRNO_IN_TEXT.exec(messageOf(e))?.[1]).find(Boolean);
  if (textCode) codes.push(textCode);
  const has = (list: string[]) => codes.find((c) => list.includes(c));

  const spawn = chain.find(isSpawnError);
  if (spawn) return spawnError(spawn, config);
  if (has(DNS_CODES)) return { code: 'dns', message: `Could not resolve host ${hostOf(chain, config)}` };
  if (has(['ECONNREFUSED'])) {
    return { code: 'refused', message: `Connection refused at ${where} — is the server running?` };
  }
  if (has(UNREACHABLE_CODES)) return { code: 'refused', message: `Host unreachable: ${where}` };
  if (has(TIMEOUT_CODES)) return { code: 'timeout', message: `Timed out connecting to ${where}` };
  if (has(DROPPED_CODES) || chain.some((e) => /\b(terminated|other side closed)\b/.test(messageOf(e)))) {
    return { code: 'closed', message: `The server at ${where} dropped the connection` };
  }
  const tls = codes.find((c) => TLS_CODE.test(c));
  if (tls) return { code: 'protocol', message: `TLS certificate problem at ${where} (${tls})` };

  const mcp = chain.find((e): e is McpError => e instanceof McpError);
  if (mcp) return mcpError(mcp);

  const first = chain[0];
  if (first instanceof Error && first.name === 'AbortError') return { code: 'aborted', message: 'Cancelled' };
  if (chain.some((e) => e instanceof Error && /ZodError|SyntaxError/.test(e.name))) {
    return { code: 'protocol', message: `The server at ${where} sent something that is not valid MCP` };
  }
  // "fetch failed" alone says nothing: add the innermost reason (e.g. "bad port", a TLS alert).
  const inner = messageOf(chain[chain.length - 1]);
  const outer = messageOf(first) || 'Unknown error';
  return { code: 'unknown', message: inner && inner !== outer ? `${outer} (${inner})` : outer };
}

function httpStatus(status: number, where: string): McpErrorInfo {
  if (status === 401) {
    return { code: 'unauthorized', message: 'The server answered 401 Unauthorized — check the Authorization header / secret' };
  }
  if (status === 403) {
    return { code: 'unauthorized', message: 'The server answered 403 Forbidden — the credentials were refused for this server' };
  }
  if (status === 404 || status === 405) {
    return {
      code: 'protocol',
      message: `The server answered ${status} at ${where} — check the URL and transport (streamable HTTP usually lives at /mcp, SSE at /sse)`
    };
  }
  return { code: 'protocol', message: `The server answered HTTP ${status} at ${where}` };
}

function mcpError(err: McpError): McpErrorInfo {
  const detail = err.message.replace(/^MCP error -?\d+: /, '');
  if (err.code === ErrorCode.RequestTimeout) {
    const timeout = (err.data as { timeout?: unknown } | undefined)?.timeout;
    return { code: 'timeout', message: typeof timeout === 'number' ? `Timed out after ${timeout} ms` : `Timed out (${detail})` };
  }
  if (err.code === ErrorCode.ConnectionClosed) return { code: 'closed', message: 'The MCP server closed the connection' };
  return { code: 'protocol', message: `The MCP server answered with an error: ${detail}` };
}

function spawnError(err: unknown, config: ConfigLike): McpErrorInfo {
  const errno = errnoOf(err);
  const command = config?.command ?? (err as { path?: string }).path ?? 'the command';
  if (errno === 'ENOENT') return { code: 'spawn', message: `Could not start "${command}": command not found` };
  if (errno === 'EACCES') return { code: 'spawn', message: `Could not start "${command}": permission denied` };
  return { code: 'spawn', message: `Could not start "${command}": ${messageOf(err)}` };
}

/** The error, its `cause`s and AggregateError members, outermost first. */
function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 16) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (typeof e !== 'object') continue;
    const { cause, errors, event } = e as { cause?: unknown; errors?: unknown; event?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
    if (event !== undefined && e instanceof SseError) queue.push(event);
  }
  return out;
}

function statusOf(e: unknown): number | undefined {
  if (e instanceof StreamableHTTPError || e instanceof SseError) {
    const code = e.code;
    if (typeof code === 'number' && code >= 400 && code < 600) return code;
  }
  // SSEClientTransport.send reports POST failures only as text: "Error POSTing to endpoint (HTTP 401)".
  const m = /\(HTTP (\d{3})\)|Non-200 status code \((\d{3})\)/.exec(messageOf(e));
  return m ? Number(m[1] ?? m[2]) : undefined;
}

function errnoOf(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function isSpawnError(e: unknown): boolean {
  const syscall = typeof e === 'object' && e !== null ? (e as { syscall?: unknown }).syscall : undefined;
  return typeof syscall === 'string' && syscall.startsWith('spawn');
}

function addressOf(e: unknown): string | undefined {
  const { address, port } = (typeof e === 'object' && e !== null ? e : {}) as { address?: unknown; port?: unknown };
  return typeof address === 'string' ? (port ? `${address}:${port}` : address) : undefined;
}

function hostOf(chain: unknown[], config: ConfigLike): string {
  for (const e of chain) {
    const hostname = (e as { hostname?: unknown } | null)?.hostname;
    if (typeof hostname === 'string') return hostname;
  }
  try {
    if (config?.url) return new URL(config.url).hostname;
  } catch {
    /* fall through */
  }
  return /getaddrinfo \w+ (\S+)/.exec(chain.map(messageOf).join(' '))?.[1] ?? 'the server';
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return typeof e === 'string' ? e : '';
}
