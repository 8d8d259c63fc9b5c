/**
 * Shapes shared by the editor (test button, health loop) and the runtime (tool bridge).
 * Browser-safe: type-only, no Node imports.
 */
import type { ContentBlock } from '@modelcontextprotocol/sdk/types.js';

/** What the user picked; `auto` (or a bare URL) tries streamable HTTP first, then SSE. */
export type McpTransportKind = 'stdio' | 'sse' | 'streamable-http' | 'auto';

/** The transport a live connection actually uses (never `auto`). */
export type McpResolvedTransport = Exclude<McpTransportKind, 'auto'>;

export interface McpServerConfig {
  /** Display name; also used in error messages. */
  name: string;
  /** Defaults to `stdio` when `command` is set, otherwise `auto`. */
  transport?: McpTransportKind;
  /** http(s) URL for `sse`, `streamable-http` and `auto`. */
  url?: string;
  /** Executable for `stdio`; must pass the MCP_STDIO_ALLOW allow-list. Spawned without a shell. */
  command?: string;
  args?: string[];
  /** Extra environment for `stdio`, on top of a minimal safe default (PATH, HOME, USER, …). */
  env?: Record<string, string>;
  /** HTTP headers, already resolved: secret references are substituted by the caller. */
  headers?: Record<string, string>;
}

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  /** JSON Schema of the arguments, as the server sent it (see `cleanJsonSchema` before handing it to an LLM). */
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** One MCP content block: text, image, audio, resource link or embedded resource (narrow on `type`). */
export type McpContentBlock = ContentBlock;

export interface McpCallResult {
  content: McpContentBlock[];
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

export interface McpServerInfo {
  name: string;
  version: string;
  title?: string;
}

export type McpErrorCode =
  | 'dns'
  | 'refused'
  | 'unauthorized'
  | 'timeout'
  | 'protocol'
  | 'not_allowed'
  | 'spawn'
  /** The connection dropped (server crashed, process exited) — reconnecting may help. */
  | 'closed'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The server record itself is unusable (missing URL/command, bad URL). */
  | 'config'
  | 'unknown';

/** Errors are values: a code the UI/bridge can switch on and a sentence a user can read. */
export interface McpErrorInfo {
  code: McpErrorCode;
  message: string;
}
