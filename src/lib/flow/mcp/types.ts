/** The MCP registry as the API returns it (GET /api/mcp-servers). */
export type ConnectionStatus = 'connecting' | 'connected' | 'error' | 'disconnected';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface McpServer {
  id: string;
  name: string;
  transport: 'stdio' | 'sse' | 'streamable-http' | 'auto';
  url?: string | null;
  command?: string | null;
  args?: string[] | null;
  isActive: boolean;
  connectionStatus: ConnectionStatus;
  lastConnected?: string | null;
  metadata?: { capabilities?: { tools?: McpTool[] }; error?: { code: string; message: string; at?: string } } | null;
}
