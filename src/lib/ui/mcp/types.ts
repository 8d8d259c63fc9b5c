/** MCP registry shapes as the JSON API returns them (dates are ISO strings). */
export type ConnectionStatus = 'connecting' | 'connected' | 'error' | 'disconnected';
export type RegistryTransport = 'stdio' | 'sse' | 'streamable-http' | 'auto';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

export interface McpServerError {
  code: string;
  message: string;
  at?: string;
}

export interface McpServerView {
  id: string;
  name: string;
  transport: RegistryTransport;
  url: string | null;
  command: string | null;
  args: string[];
  headers: Record<string, string>;
  isActive: boolean;
  connectionStatus: ConnectionStatus;
  lastConnected: string | null;
  lastChecked: string | null;
  failureCount: number;
  nextCheckAt: string | null;
  metadata: {
    capabilities?: { tools: McpTool[]; serverInfo?: { name: string; version: string }; transport?: string; latencyMs?: number; at?: string };
    error?: McpServerError;
    env?: Record<string, string>;
  };
  createdAt: string;
  updatedAt: string;
}

export type McpTestOutcome =
  | { ok: true; tools: McpTool[]; latencyMs: number; serverInfo?: { name: string; version: string }; transport: string; server: McpServerView }
  | { ok: false; error: McpServerError; latencyMs: number; server: McpServerView };

export interface McpImportResult {
  format: 'claude' | 'vscode';
  imported: { source: string; server: McpServerView; secrets: string[]; warnings: string[] }[];
  refused: { source: string; name: string; code: string; message: string }[];
}

/** One entry of the admin's stdio allow-list (MCP_STDIO_ALLOW): a command and its leading args. */
export interface StdioAllowEntry {
  command: string;
  args: string[];
  source: string;
}
