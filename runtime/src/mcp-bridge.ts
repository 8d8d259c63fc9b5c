/**
 * The spec's MCP nodes as one `llm.Toolset`. agents-js has no MCP client of its own; this bridge
 * turns each MCP tool into `llm.tool({name, description, parameters: <cleaned JSON Schema>, execute})`.
 *
 * - Off the critical path: `setup()` (awaited by session start) returns at once; servers connect
 *   in parallel and their tools are pushed through `ToolsetContext.updateTools` when they arrive,
 *   which re-advertises them to the live session. `start()` may be called earlier (the worker
 *   starts MCP while the room connects).
 * - Never throws into the session: MCP `isError`, timeouts, transport faults and unreachable
 *   servers become a `ToolError` whose message the LLM reads as the tool's (error) result.
 * - Isolation: one `McpLink` per node, each with its own reconnect loop; `tools/list_changed`
 *   and a returning server re-advertise that server's tools.
 * - Registry edits: `updateRegistry(servers)` swaps the link of every registry-backed node whose
 *   resolved config changed (new URL, header, secret), withdraws the tools of servers that left
 *   the registry (deleted or switched off) and reconnects them when they come back.
 */
import { llm } from '@livekit/agents';
import { McpClientError, ToolResultCache, type McpCallResult, type McpServerConfig, type ShapedTool } from '../../src/lib/mcp/index.js';
import { resolveRefs, type McpNode, type RefResolvers } from '../../src/lib/spec/index.js';
import { RuntimeError } from './errors.js';
import { McpLink, type LinkState, type ReconnectPolicy } from './mcp-link.js';
import { stableJson } from './stable-json.js';
import type { ToolCallInfo, ToolCallInfoSource, TraceSink } from './trace.js';

export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
export const DEFAULT_MCP_CONNECT_TIMEOUT_MS = 10_000;
/** Tool results longer than this are cut: a voice turn cannot use megabytes of context. */
export const MAX_RESULT_CHARS = 16_000;

/** Results of cache-listed tools are shared across sessions of this process, keyed per server config. */
const sharedCache = new ToolResultCache({ maxEntries: 2_000 });

export type ResolveMcpServer = (name: string) => McpServerConfig | undefined | Promise<McpServerConfig | undefined>;

export interface McpBridgeOptions {
  nodes: readonly McpNode[];
  /** Registry lookup by name → config with headers already resolved. */
  resolveMcpServer?: ResolveMcpServer;
  /** `${secret:}` / `${env:}` resolution for inline nodes. */
  refs?: RefResolvers;
  /** stdio allow-list; default process.env.MCP_STDIO_ALLOW */
  allowList?: string;
  connectTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  cache?: ToolResultCache;
  emit?: TraceSink;
}

export interface McpServerStatus {
  nodeId: string;
  server: string;
  state: LinkState;
  tools: string[];
  error?: { code: string; message: string };
}

/** `McpLink.registryKey` of a registry node whose server was not in the registry. */
const MISSING = '∅';

export class McpBridge extends llm.Toolset implements ToolCallInfoSource {
  /** one link per MCP node, in spec order; `updateRegistry` replaces entries in place */
  readonly links: McpLink[];
  private ctx: llm.ToolsetContext | undefined;
  private started = false;
  private closed = false;
  private current: llm.FunctionTool[] = [];
  /** bridged tool per shaped MCP tool: unchanged listings keep their tool objects */
  private readonly bridged = new WeakMap<ShapedTool, llm.FunctionTool>();
  private readonly hiddenReported = new Set<string>();
  private readonly callInfo = new Map<string, ToolCallInfo>();
  private readonly cache: ToolResultCache;
  private readonly emit: TraceSink;
  private readonly reconnect: ReconnectPolicy;
  private readonly allowList: string | undefined;
  /** registry snapshot from the last `updateRegistry`; replaces `opts.resolveMcpServer` once set */
  private registry: Record<string, McpServerConfig> | undefined;
  /** the resolved config (stable JSON) each registry-backed link was built from */
  private readonly registryKeys = new WeakMap<McpLink, string>();

  constructor(private readonly opts: McpBridgeOptions) {
    super({ id: 'mcp', tools: [] });
    this.cache = opts.cache ?? sharedCache;
    this.emit = opts.emit ?? (() => undefined);
    this.reconnect = { baseMs: 1_000, maxMs: 30_000, ...opts.reconnect };
    this.allowList = opts.allowList ?? process.env.MCP_STDIO_ALLOW;
    this.links = opts.nodes.map((node) => this.makeLink(node));
  }

  private makeLink(node: McpNode): McpLink {
    const link: McpLink = new McpLink(node, {
      resolveConfig: () => this.resolveConfig(node, link),
      connectTimeoutMs: this.opts.connectTimeoutMs ?? DEFAULT_MCP_CONNECT_TIMEOUT_MS,
      reconnect: this.reconnect,
      allowList: this.allowList,
      onChange: (l, why) => this.onLinkChange(l, why)
    });
    return link;
  }

  /**
   * A new registry snapshot (name → config, headers resolved), e.g. re-loaded from the editor.
   * Every registry-backed node whose resolved config differs from the one its link uses gets a
   * fresh link (the old one is closed); a node whose server left the registry loses its tools,
   * and gets them back when the server returns. Inline nodes and unchanged servers are untouched.
   * Resolves with the ids of the nodes that were reconnected or withdrawn.
   */
  async updateRegistry(servers: Record<string, McpServerConfig>): Promise<string[]> {
    if (this.closed) return [];
    this.registry = { ...servers };
    const changed: string[] = [];
    const retired: McpLink[] = [];
    for (let i = 0; i < this.links.length; i++) {
      const old = this.links[i];
      const name = old.node.server;
      if (!name) continue;
      const config = servers[name];
      const key = config ? stableJson(config) : MISSING;
      if (this.registryKeys.get(old) === key) continue;
      // Not resolved yet (first connect still resolving): it will read the new snapshot anyway.
      if (!this.registryKeys.has(old) && old.state === 'connecting') continue;
      const next = this.makeLink(old.node);
      this.links[i] = next;
      retired.push(old);
      changed.push(old.nodeId);
      const at = Date.now();
      if (!config) {
        this.emit({
          type: 'status',
          at,
          status: 'mcp_disconnected',
          server: old.nodeId,
          message: `MCP server "${name}" was removed from the registry or switched off; its tools are withdrawn.`
        });
      } else {
        this.emit({
          type: 'status',
          at,
          status: 'mcp_disconnected',
          server: old.nodeId,
          message:
            this.registryKeys.get(old) === MISSING
              ? `MCP server "${name}" is back in the registry; connecting.`
              : `MCP server "${name}" changed in the registry; reconnecting with the new settings.`
        });
      }
      if (this.started) next.start();
    }
    if (!changed.length) return changed;
    // The old links' tools go now; the new links advertise theirs when they connect.
    this.publish();
    await Promise.all(retired.map((l) => l.close()));
    return changed;
  }

  /** Connects every server in parallel; idempotent. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (const link of this.links) link.start();
  }

  /** Resolves once every server finished its first connect attempt (connected or failed). */
  async ready(timeoutMs?: number): Promise<McpServerStatus[]> {
    this.start();
    const all = Promise.all(this.links.map((l) => l.firstAttempt));
    if (timeoutMs === undefined) await all;
    else {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([all, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]).finally(() => clearTimeout(timer));
    }
    return this.status();
  }

  status(): McpServerStatus[] {
    return this.links.map((l) => ({
      nodeId: l.nodeId,
      server: l.label,
      state: l.state,
      tools: l.tools.map((t) => t.name),
      ...(l.error ? { error: { code: l.error.code, message: l.error.message } } : {})
    }));
  }

  /** Names the LLM currently sees. */
  get toolNames(): string[] {
    return this.current.map((t) => t.name);
  }

  takeCallInfo(callId: string): ToolCallInfo | undefined {
    const info = this.callInfo.get(callId);
    this.callInfo.delete(callId);
    return info;
  }

  override async setup(ctx: llm.ToolsetContext): Promise<void> {
    this.ctx = ctx;
    this.start();
    if (this.current.length) ctx.updateTools(this.current);
  }

  override async aclose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx = undefined;
    await Promise.all(this.links.map((l) => l.close()));
  }

  private async resolveConfig(node: McpNode, link: McpLink): Promise<McpServerConfig> {
    let config: McpServerConfig;
    if (node.server) {
      const found = this.registry ? this.registry[node.server] : await this.opts.resolveMcpServer?.(node.server);
      this.registryKeys.set(link, found ? stableJson(found) : MISSING);
      if (!found) {
        throw new RuntimeError('unknown_mcp_server', `MCP server "${node.server}" (node "${node.id}") is not in the registry.`, {
          nodeId: node.id,
          server: node.server
        });
      }
      config = found;
    } else {
      config = { name: node.id };
      if (node.transport) config.transport = node.transport;
      if (node.url) config.url = node.url;
      if (node.command) config.command = node.command;
      if (node.args) config.args = node.args;
      if (node.env) config.env = node.env;
      if (node.headers) config.headers = node.headers;
    }
    // Registry configs from the editor arrive resolved (a no-op here); inline nodes and dir-mode
    // registries still carry ${secret:}/${env:} refs.
    try {
      return resolveRefs(config, this.opts.refs ?? { env: (n) => process.env[n] });
    } catch (e) {
      throw new RuntimeError('missing_secret', `MCP node "${node.id}": ${(e as Error).message}.`, { nodeId: node.id });
    }
  }

  private onLinkChange(link: McpLink, why: 'tools' | 'state'): void {
    if (this.closed || !this.links.includes(link)) return;
    const at = Date.now();
    if (why === 'state') {
      if (link.state === 'connected') {
        this.emit({ type: 'status', at, status: 'mcp_connected', server: link.nodeId, tools: link.tools.map((t) => t.name) });
      } else if (link.error) {
        const status = link.state === 'reconnecting' && link.tools.length ? 'mcp_disconnected' : 'mcp_error';
        this.emit({ type: 'status', at, status, server: link.nodeId, message: link.error.message });
      }
    }
    this.publish();
  }

  /** Flattens every link's tools (spec order, first name wins) and re-advertises on change. */
  private publish(): void {
    const taken = new Map<string, string>();
    const next: llm.FunctionTool[] = [];
    for (const link of this.links) {
      for (const shaped of link.tools) {
        const owner = taken.get(shaped.name);
        if (owner !== undefined) {
          this.reportHidden(link.nodeId, owner, shaped.name);
          continue;
        }
        taken.set(shaped.name, link.nodeId);
        let tool = this.bridged.get(shaped);
        if (!tool) {
          tool = this.toolFor(link, shaped);
          this.bridged.set(shaped, tool);
        }
        next.push(tool);
      }
    }
    if (next.length === this.current.length && next.every((t, i) => t === this.current[i])) return;
    const sameNames = next.map((t) => t.name).join('\n') === this.current.map((t) => t.name).join('\n');
    this.current = next;
    this.ctx?.updateTools(next);
    if (!sameNames) this.emit({ type: 'status', at: Date.now(), status: 'tools_changed', tools: next.map((t) => t.name) });
  }

  private reportHidden(nodeId: string, owner: string, name: string): void {
    const key = `${nodeId}\n${name}`;
    if (this.hiddenReported.has(key)) return;
    this.hiddenReported.add(key);
    this.emit({
      type: 'status',
      at: Date.now(),
      status: 'mcp_error',
      server: nodeId,
      message: `Tool "${name}" is also offered by MCP node "${owner}"; this copy is hidden. Give one node a different prefix.`
    });
  }

  private toolFor(link: McpLink, shaped: ShapedTool): llm.FunctionTool {
    const node = link.node;
    const timeoutMs = node.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    const cached = node.cache && node.cache.tools.includes(shaped.originalName) ? node.cache.ttlSeconds : undefined;
    return llm.tool({
      name: shaped.name,
      description: shaped.description || `${shaped.originalName} (MCP server ${link.label})`,
      // Raw JSON Schema: agents-js passes it to the LLM as is and hands us the parsed arguments.
      parameters: shaped.parameters,
      execute: async (args: Record<string, unknown>, { toolCallId, abortSignal }) => {
        const started = performance.now();
        let cacheHit = false;
        try {
          let result: McpCallResult | undefined;
          const key = cached ? ToolResultCache.key(link.serverKey, shaped.originalName, args) : '';
          if (cached) {
            result = this.cache.get(key);
            cacheHit = result !== undefined;
          }
          if (!result) {
            result = await link.callTool(shaped.originalName, args, timeoutMs, abortSignal);
            if (cached && !result.isError) this.cache.set(key, result, cached);
          }
          const text = formatResult(result);
          if (result.isError) {
            this.record(toolCallId, link, shaped, started, cacheHit, text);
            throw new llm.ToolError(`The tool ${shaped.name} reported an error: ${text}`);
          }
          this.record(toolCallId, link, shaped, started, cacheHit);
          return text;
        } catch (e) {
          if (e instanceof llm.ToolError) throw e;
          const message =
            e instanceof McpClientError
              ? e.code === 'timeout'
                ? `timed out after ${timeoutMs} ms`
                : e.message
              : e instanceof Error
                ? e.message
                : String(e);
          this.record(toolCallId, link, shaped, started, cacheHit, message);
          throw new llm.ToolError(`The tool ${shaped.name} could not be run: ${message}`);
        }
      }
    }) as llm.FunctionTool;
  }

  private record(callId: string, link: McpLink, shaped: ShapedTool, started: number, cacheHit: boolean, error?: string): void {
    if (this.callInfo.size > 500) this.callInfo.delete(this.callInfo.keys().next().value as string);
    this.callInfo.set(callId, {
      server: link.label,
      tool: shaped.originalName,
      durationMs: performance.now() - started,
      cacheHit,
      ...(error !== undefined ? { error } : {})
    });
  }
}

/** MCP content blocks → the text an LLM reads. Non-text blocks are described, never dumped. */
export function formatResult(result: McpCallResult): string {
  const parts: string[] = [];
  for (const block of result.content ?? []) {
    const b = block as Record<string, unknown>;
    const type = String(b.type);
    switch (type) {
      case 'text':
        parts.push(String(b.text ?? ''));
        break;
      case 'image':
      case 'audio':
        parts.push(`[${type} ${String(b.mimeType ?? '')}]`);
        break;
      case 'resource_link':
        parts.push(`[resource ${String(b.name ?? '')} ${String(b.uri ?? '')}]`.replace(/\s+\]/, ']'));
        break;
      case 'resource': {
        const r = (b.resource ?? {}) as Record<string, unknown>;
        parts.push(typeof r.text === 'string' ? r.text : `[resource ${String(r.uri ?? '')}]`);
        break;
      }
      default:
        parts.push(`[${type}]`);
    }
  }
  let text = parts.join('\n');
  if (!text && result.structuredContent) text = JSON.stringify(result.structuredContent);
  if (text.length > MAX_RESULT_CHARS) {
    text = `${text.slice(0, MAX_RESULT_CHARS)}… (${text.length - MAX_RESULT_CHARS} more characters cut)`;
  }
  return text;
}
