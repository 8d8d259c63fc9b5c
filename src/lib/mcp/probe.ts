/**
 * One-shot "does this server work?" for the editor's test button and the health loop:
 * connect, list tools, close — always resolving, never throwing.
 */
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { connectMcp, type ConnectOptions, type McpConnection } from './client.js';
import { describeMcpError } from './errors.js';
import type { McpErrorInfo, McpResolvedTransport, McpServerConfig, McpServerInfo, McpToolInfo } from './types.js';

export type McpTestResult =
  | {
      ok: true;
      tools: McpToolInfo[];
      latencyMs: number;
      serverInfo: McpServerInfo | undefined;
      capabilities: ServerCapabilities;
      transport: McpResolvedTransport;
    }
  | { ok: false; error: McpErrorInfo; latencyMs: number };

/** `timeoutMs` bounds the connect and, separately, the tools/list. */
export async function testMcpServer(config: McpServerConfig, opts: ConnectOptions = {}): Promise<McpTestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let connection: McpConnection | undefined;
  try {
    connection = await connectMcp(config, opts);
    const tools = await connection.listTools({ timeoutMs: opts.timeoutMs, signal: opts.signal });
    const latencyMs = elapsed();
    return {
      ok: true,
      tools,
      latencyMs,
      serverInfo: connection.serverInfo,
      capabilities: connection.capabilities,
      transport: connection.transport
    };
  } catch (err) {
    return { ok: false, error: describeMcpError(err, config), latencyMs: elapsed() };
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
