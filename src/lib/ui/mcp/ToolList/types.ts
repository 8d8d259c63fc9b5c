import type { McpTool } from '../types';

export interface ToolListProps {
  tools: McpTool[];
  latencyMs?: number;
}
