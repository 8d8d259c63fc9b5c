/**
 * Node-only MCP client: one `connectMcp` for every transport, used by the editor (test button,
 * health loop) and the runtime tool bridge. Protocol work is the SDK's; this file picks the
 * transport, enforces the stdio allow-list, bounds the connect, turns failures into
 * `McpClientError`s and notices dead servers the SDK alone would wait on forever.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ServerCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import { checkStdioAllowed, checkStdioEnv, STDIO_ALLOW_ENV, type AllowList } from './allow-list.js';
import { describeMcpError, McpClientError } from './errors.js';
import type { McpCallResult, McpResolvedTransport, McpServerConfig, McpServerInfo, McpToolInfo } from './types.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Same as the SDK's default request timeout; a tool call without `timeoutMs` waits this long. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** How long a liveness ping after a transport error may take before the server counts as gone. */
const PROBE_TIMEOUT_MS = 5_000;
/** A polite DELETE of the streamable-HTTP session must never hold up close(). */
const TERMINATE_SESSION_MS = 1_000;
const STDERR_TAIL_CHARS = 2_000;

export interface ConnectOptions {
  /** Budget for the whole connect, fallback included. Default 10 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Stdio allow-list (parsed or raw); defaults to `process.env.MCP_STDIO_ALLOW`. */
  allowList?: AllowList | string;
  /** Reported to the server in `initialize`. */
  clientName?: string;
  clientVersion?: string;
  /** Receives the stdio server's stderr (e.g. to forward into a log); a tail is kept for errors regardless. */
  onStderr?: (chunk: string) => void;
}

export interface CallOptions {
  /** Default 60 s (the SDK's default). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface McpConnection {
  readonly config: McpServerConfig;
  /** The transport in use — for `auto`, whichever answered. */
  readonly transport: McpResolvedTransport;
  readonly serverInfo: McpServerInfo | undefined;
  readonly capabilities: ServerCapabilities;
  readonly instructions: string | undefined;
  /** The stdio server's process id (undefined for HTTP transports). */
  readonly pid: number | undefined;
  readonly closed: boolean;
  /** Escape hatch for resources/prompts; tool calls should go through `callTool`. */
  readonly sdkClient: Client;
  /** All tools, following pagination. */
  listTools(opts?: CallOptions): Promise<McpToolInfo[]>;
  /** Rejects with `McpClientError` on transport faults/timeouts; a tool's own failure is `isError: true`. */
  callTool(name: string, args?: Record<string, unknown>, opts?: CallOptions): Promise<McpCallResult>;
  /**
   * Called on `notifications/tools/list_changed`; re-list tools then. Subscribe before the first
   * `listTools()` so no change can slip between the two. Returns an unsubscribe function.
   */
  onToolsChanged(cb: () => void): () => void;
  /** Called once when the connection ends: `reason` is undefined for our own close(). */
  onClose(cb: (reason: McpClientError | undefined) => void): () => void;
  close(): Promise<void>;
}

export async function connectMcp(config: McpServerConfig, opts: ConnectOptions = {}): Promise<McpConnection> {
  const kind = resolveTransport(config);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (kind === 'stdio') assertStdioAllowed(config, opts.allowList ?? process.env[STDIO_ALLOW_ENV]);
  const deadline = Date.now() + timeoutMs;
  if (kind !== 'auto') return attempt(kind, config, opts, deadline, timeoutMs);
  try {
    return await attempt('streamable-http', config, opts, deadline, timeoutMs);
  } catch (err) {
    if (!(err instanceof McpClientError) || !shouldFallBackToSse(err.cause)) throw err;
    return attempt('sse', config, opts, deadline, timeoutMs);
  }
}

function resolveTransport(config: McpServerConfig): McpResolvedTransport | 'auto' {
  const kind = config.transport ?? (config.command ? 'stdio' : 'auto');
  if (kind === 'stdio') return kind;
  if (!config.url) throw new McpClientError('config', `MCP server "${config.name}" has no URL`);
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new McpClientError('config', `"${config.url}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new McpClientError('config', `MCP server URLs must be http(s), got "${url.protocol}"`);
  }
  return kind;
}

function assertStdioAllowed(config: McpServerConfig, allowList: AllowList | string | undefined): void {
  const check = checkStdioAllowed(config.command, config.args, allowList);
  if (!check.ok) throw new McpClientError('not_allowed', check.message);
  const env = checkStdioEnv(config.env);
  if (!env.ok) throw new McpClientError('not_allowed', env.message);
}

/**
 * The SDK README's rule: a 4xx to the streamable-HTTP POST means "old server, try SSE". Auth
 * failures are the exception — SSE would fail the same way and hide the real message.
 */
function shouldFallBackToSse(cause: unknown): boolean {
  if (!(cause instanceof StreamableHTTPError)) return false;
  const status = cause.code ?? 0;
  if (status === -1) return true; // answered, but not with JSON or an event stream
  return status >= 400 && status < 500 && status !== 401 && status !== 403;
}

async function attempt(
  kind: McpResolvedTransport,
  config: McpServerConfig,
  opts: ConnectOptions,
  deadline: number,
  timeoutMs: number
): Promise<McpConnection> {
  const client = new Client(
    { name: opts.clientName ?? 'voice-agent-studio', version: opts.clientVersion ?? '0.1.0' },
    { capabilities: {} }
  );
  const stderr = { tail: '' };
  const transport = createTransport(kind, config, stderr, opts.onStderr);
  const connection = new Connection(client, transport, kind, config, stderr);
  const remaining = Math.max(0, deadline - Date.now());
  try {
    // The SDK's own initialize timeout is set past ours so the message carries the caller's budget.
    const connecting = client.connect(transport, { timeout: remaining + 1_000, signal: opts.signal });
    await withDeadline(connecting, remaining, timeoutMs, opts.signal, config);
  } catch (err) {
    await client.close().catch(() => undefined); // also stops EventSource retries / kills the child
    throw connectError(err, kind, config, stderr.tail);
  }
  connection.watch();
  return connection;
}

function createTransport(
  kind: McpResolvedTransport,
  config: McpServerConfig,
  stderr: { tail: string },
  onStderr: ((chunk: string) => void) | undefined
): Transport {
  const requestInit: RequestInit | undefined = config.headers ? { headers: config.headers } : undefined;
  if (kind === 'sse') return new SSEClientTransport(new URL(config.url!), { requestInit });
  if (kind === 'streamable-http') return new StreamableHTTPClientTransport(new URL(config.url!), { requestInit });
  const transport = new StdioClientTransport({
    command: config.command!,
    args: config.args ?? [],
    env: config.env,
    stderr: 'pipe'
  });
  // Reading stderr is required, not optional: an unread pipe fills up and blocks the server.
  transport.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr.tail = (stderr.tail + text).slice(-STDERR_TAIL_CHARS);
    onStderr?.(text);
  });
  return transport;
}

function withDeadline<T>(
  work: Promise<T>,
  remainingMs: number,
  budgetMs: number,
  signal: AbortSignal | undefined,
  config: McpServerConfig
): Promise<T> {
  work.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    const where = config.url ?? config.command ?? config.name;
    timer = setTimeout(
      () => reject(new McpClientError('timeout', `Timed out after ${budgetMs} ms connecting to ${where}`)),
      remainingMs
    );
    onAbort = () => reject(new McpClientError('aborted', 'Cancelled'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

function connectError(err: unknown, kind: McpResolvedTransport, config: McpServerConfig, stderrTail: string): McpClientError {
  if (err instanceof McpClientError) return err;
  const info = describeMcpError(err, config);
  if (kind === 'stdio' && info.code === 'closed') {
    const tail = lastLines(stderrTail);
    return new McpClientError(
      'spawn',
      `The server process exited before the MCP handshake finished${tail ? `: ${tail}` : ''}`,
      { cause: err }
    );
  }
  return new McpClientError(info.code, info.message, { cause: err });
}

class Connection implements McpConnection {
  closed = false;
  private closing = false;
  private probing = false;
  private closeReason: McpClientError | undefined;
  private readonly toolsChanged = new Set<() => void>();
  private readonly closeListeners = new Set<(reason: McpClientError | undefined) => void>();

  constructor(
    readonly sdkClient: Client,
    private readonly sdkTransport: Transport,
    readonly transport: McpResolvedTransport,
    readonly config: McpServerConfig,
    private readonly stderr: { tail: string }
  ) {
    // Registered before connect: servers may announce changes right after `initialized`.
    sdkClient.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      for (const cb of [...this.toolsChanged]) safely(cb);
    });
  }

  get serverInfo(): McpServerInfo | undefined {
    const info = this.sdkClient.getServerVersion();
    return info ? { name: info.name, version: info.version, ...(info.title ? { title: info.title } : {}) } : undefined;
  }

  get capabilities(): ServerCapabilities {
    return this.sdkClient.getServerCapabilities() ?? {};
  }

  get instructions(): string | undefined {
    return this.sdkClient.getInstructions();
  }

  get pid(): number | undefined {
    return this.sdkTransport instanceof StdioClientTransport ? (this.sdkTransport.pid ?? undefined) : undefined;
  }

  /** Starts noticing the end of the connection; called once connected. */
  watch(): void {
    this.sdkClient.onclose = () => this.ended();
    // Over HTTP the SDK reports a dead server only through onerror and would leave in-flight
    // calls waiting for their timeout; a failed ping turns that into a close that fails them now.
    if (this.transport !== 'stdio') this.sdkClient.onerror = (err) => this.probe(err);
  }

  async listTools(opts?: CallOptions): Promise<McpToolInfo[]> {
    if (!this.capabilities.tools) return []; // asking anyway would only earn a "method not found"
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await this.sdkClient.listTools(cursor ? { cursor } : undefined, requestOptions(opts));
        for (const tool of page.tools) tools.push(toToolInfo(tool));
        cursor = page.nextCursor;
      } while (cursor);
    } catch (err) {
      throw this.callError(err, opts);
    }
    return tools;
  }

  callTool(name: string, args?: Record<string, unknown>, opts?: CallOptions): Promise<McpCallResult> {
    // Hot path: one SDK call, nothing else (bench/mcp.bench.ts holds this to ≤ 1.05× the raw SDK).
    return (
      this.sdkClient.callTool({ name, arguments: args }, undefined, requestOptions(opts)) as Promise<McpCallResult>
    ).catch((err: unknown) => {
      throw this.callError(err, opts);
    });
  }

  onToolsChanged(cb: () => void): () => void {
    this.toolsChanged.add(cb);
    return () => this.toolsChanged.delete(cb);
  }

  onClose(cb: (reason: McpClientError | undefined) => void): () => void {
    this.closeListeners.add(cb);
    return () => this.closeListeners.delete(cb);
  }

  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    if (this.sdkTransport instanceof StreamableHTTPClientTransport && this.sdkTransport.sessionId) {
      // Frees the server's session right away; a dead or slow server must not hold us up.
      await boundedBy(this.sdkTransport.terminateSession(), TERMINATE_SESSION_MS);
    }
    await this.sdkClient.close().catch(() => undefined);
    this.ended();
  }

  private ended(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.closing && !this.closeReason) this.closeReason = this.lostReason();
    const reason = this.closing ? undefined : this.closeReason;
    for (const cb of [...this.closeListeners]) safely(() => cb(reason));
  }

  private lostReason(): McpClientError {
    if (this.transport === 'stdio') {
      const tail = lastLines(this.stderr.tail);
      return new McpClientError('closed', `The server process exited${tail ? `: ${tail}` : ''}`);
    }
    return new McpClientError('closed', `The connection to ${this.config.url} was closed`);
  }

  private probe(trigger: Error): void {
    if (this.probing || this.closed || this.closing) return;
    this.probing = true;
    this.sdkClient.ping({ timeout: PROBE_TIMEOUT_MS }).then(
      () => {
        this.probing = false;
      },
      (err: unknown) => {
        this.probing = false;
        // Any JSON-RPC answer, even an error, proves the server is there.
        if (err instanceof McpError && err.code !== ErrorCode.RequestTimeout && err.code !== ErrorCode.ConnectionClosed) return;
        if (this.closed || this.closing) return;
        const info = describeMcpError(err, this.config);
        const why = info.code === 'unknown' ? describeMcpError(trigger, this.config) : info;
        this.closeReason = new McpClientError(why.code, why.message, { cause: err });
        void this.sdkClient.close().catch(() => undefined);
      }
    );
  }

  private callError(err: unknown, opts: CallOptions | undefined): McpClientError {
    if (opts?.signal?.aborted) return new McpClientError('aborted', 'The call was cancelled', { cause: err });
    if (this.closed && !this.closing) {
      const reason = this.closeReason ?? this.lostReason();
      return new McpClientError('closed', `Lost the connection to "${this.config.name}": ${reason.message}`, { cause: err });
    }
    if (this.closed || this.closing) {
      return new McpClientError('closed', `The connection to "${this.config.name}" is closed`, { cause: err });
    }
    const info = describeMcpError(err, this.config);
    return new McpClientError(info.code, info.message, { cause: err });
  }
}

function requestOptions(opts: CallOptions | undefined): { timeout?: number; signal?: AbortSignal } | undefined {
  return opts ? { timeout: opts.timeoutMs, signal: opts.signal } : undefined;
}

function toToolInfo(tool: Tool): McpToolInfo {
  const info: McpToolInfo = { name: tool.name, inputSchema: tool.inputSchema as Record<string, unknown> };
  if (tool.title !== undefined) info.title = tool.title;
  if (tool.description !== undefined) info.description = tool.description;
  if (tool.outputSchema !== undefined) info.outputSchema = tool.outputSchema as Record<string, unknown>;
  if (tool.annotations !== undefined) info.annotations = tool.annotations as Record<string, unknown>;
  return info;
}

function boundedBy(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(() => undefined, () => undefined), limit]).finally(() => clearTimeout(timer));
}

function lastLines(text: string, count = 5): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' | ');
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener's bug must not break the connection or the other listeners.
  }
}
