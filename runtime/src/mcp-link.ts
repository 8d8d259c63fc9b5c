/**
 * One MCP node's live connection: connect, list and shape its tools, follow list_changed, and
 * reconnect with backoff when the server goes away. The bridge owns one link per MCP node, so a
 * failing server only ever affects its own tools.
 */
import { createHash } from 'node:crypto';
import {
  connectMcp,
  describeMcpError,
  McpClientError,
  shapeTools,
  type McpCallResult,
  type McpConnection,
  type McpErrorInfo,
  type McpServerConfig,
  type ShapedTool
} from '../../src/lib/mcp/index.js';
import { toolPrefix, type McpNode } from '../../src/lib/spec/index.js';

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

export interface ReconnectPolicy {
  /** first retry delay; doubles per failed attempt up to maxMs (±20 % jitter) */
  baseMs: number;
  maxMs: number;
}

export interface LinkDeps {
  /** Resolved server config (registry lookup or inline node with refs substituted). Throws → permanent error. */
  resolveConfig: () => Promise<McpServerConfig>;
  connectTimeoutMs: number;
  reconnect: ReconnectPolicy;
  allowList: string | undefined;
  /** tools or state changed: the bridge recomputes and re-advertises */
  onChange: (link: McpLink, why: 'tools' | 'state') => void;
}

/** Errors a retry cannot fix within this session. */
const PERMANENT: ReadonlySet<string> = new Set(['not_allowed', 'config']);

export class McpLink {
  readonly nodeId: string;
  /** registry name, or the node id for inline servers — what error messages call the server */
  readonly label: string;
  state: LinkState = 'connecting';
  error: McpErrorInfo | undefined;
  tools: ShapedTool[] = [];
  /** stable per resolved config (url/command/args/headers): scopes the shared result cache */
  serverKey = '';
  private conn: McpConnection | undefined;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private closed = false;
  private firstSettled!: () => void;
  /** resolves after the first connect attempt finished, successfully or not */
  readonly firstAttempt = new Promise<void>((resolve) => (this.firstSettled = resolve));

  constructor(
    readonly node: McpNode,
    private readonly deps: LinkDeps
  ) {
    this.nodeId = node.id;
    this.label = node.server ?? node.id;
  }

  start(): void {
    void this.connect();
  }

  /** process id of a stdio server (tests kill it to simulate a crash) */
  get pid(): number | undefined {
    return this.conn?.pid;
  }

  get connected(): boolean {
    return this.state === 'connected' && this.conn !== undefined && !this.conn.closed;
  }

  /** Raw call on the server; rejects with McpClientError when the server is not reachable. */
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number, signal: AbortSignal | undefined): Promise<McpCallResult> {
    const conn = this.conn;
    if (!conn || conn.closed || this.state !== 'connected') {
      const why = this.error ? `: ${this.error.message}` : '';
      return Promise.reject(new McpClientError('closed', `MCP server "${this.label}" is not connected${why}`));
    }
    return conn.callTool(name, args, { timeoutMs, signal });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.firstSettled();
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let config: McpServerConfig;
    try {
      config = await this.deps.resolveConfig();
      this.serverKey = serverKeyOf(config);
    } catch (e) {
      // Unknown registry server, unresolved secret: nothing a retry in this session can fix.
      this.fail({ code: 'config', message: e instanceof Error ? e.message : String(e) }, false);
      return;
    }
    let conn: McpConnection;
    try {
      conn = await connectMcp(config, {
        timeoutMs: this.deps.connectTimeoutMs,
        allowList: this.deps.allowList,
        clientName: 'voice-agent-studio-runtime'
      });
    } catch (e) {
      const info = toInfo(e, config);
      this.fail(info, !PERMANENT.has(info.code));
      return;
    }
    if (this.closed) {
      await conn.close().catch(() => undefined);
      return;
    }
    this.conn = conn;
    // Subscribe before the first listing so no change can slip between the two.
    conn.onToolsChanged(() => void this.refresh().catch(() => undefined));
    conn.onClose((reason) => {
      if (this.closed || this.conn !== conn) return;
      this.conn = undefined;
      this.fail(reason ? { code: reason.code, message: reason.message } : { code: 'closed', message: 'closed' }, true);
    });
    try {
      await this.refresh();
    } catch (e) {
      if (this.conn === conn) {
        this.conn = undefined;
        await conn.close().catch(() => undefined);
        this.fail(toInfo(e, config), true);
      }
      return;
    }
    if (this.conn === conn && !conn.closed) {
      this.attempts = 0;
      this.error = undefined;
      this.state = 'connected';
      this.deps.onChange(this, 'state');
    }
    this.firstSettled();
  }

  /** Re-list and re-shape the tools; concurrent triggers collapse into one follow-up listing. */
  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const conn = this.conn;
        if (!conn) return;
        try {
          const listed = await conn.listTools({ timeoutMs: this.deps.connectTimeoutMs });
          const { tools } = shapeTools(listed, {
            include: this.node.tools?.include,
            exclude: this.node.tools?.exclude,
            prefix: toolPrefix(this.node)
          });
          if (this.conn !== conn) return;
          // Keep the same objects when nothing changed: the bridge reuses their bridged tools.
          if (!sameTools(this.tools, tools)) {
            this.tools = tools;
            this.deps.onChange(this, 'tools');
          }
        } catch (e) {
          // A failed re-listing keeps the last good tools; the first listing's failure fails the connect.
          if (this.conn === conn) this.error = toInfo(e);
          throw e;
        }
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private fail(info: McpErrorInfo, retry: boolean): void {
    if (this.closed) return;
    this.error = info;
    this.state = retry ? 'reconnecting' : 'error';
    this.deps.onChange(this, 'state');
    this.firstSettled();
    if (!retry) return;
    const { baseMs, maxMs } = this.deps.reconnect;
    const delay = Math.min(maxMs, baseMs * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
    this.attempts++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }
}

function toInfo(e: unknown, config?: McpServerConfig): McpErrorInfo {
  if (e instanceof McpClientError) return { code: e.code, message: e.message };
  return describeMcpError(e, config);
}

function serverKeyOf(c: McpServerConfig): string {
  const identity = JSON.stringify([c.transport ?? '', c.url ?? '', c.command ?? '', c.args ?? [], c.headers ?? {}, c.env ?? {}]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function sameTools(a: readonly ShapedTool[], b: readonly ShapedTool[]): boolean {
  if (a.length !== b.length) return false;
  return a.every(
    (t, i) =>
      t.name === b[i].name &&
      t.originalName === b[i].originalName &&
      t.description === b[i].description &&
      JSON.stringify(t.parameters) === JSON.stringify(b[i].parameters)
  );
}
