import type { NodeMeta } from '../types';

export const meta: NodeMeta = {
  type: 'mcp',
  short: 'MCP',
  label: 'MCP tools',
  description: 'Tools from an MCP server in your registry (or inline).',
  icon: '⚙',
  color: '#475569',
  idBase: 'tools'
};
