import type { McpNode } from '$lib/spec';
import type { NodeKind } from '../types';
import McpInspector from './McpInspector.svelte';
import McpNodeView from './McpNode.svelte';
import { meta } from './meta';

export const mcp: NodeKind<McpNode> = {
  ...meta,
  component: McpNodeView,
  inspector: McpInspector,
  defaults: (id, { mcpServerNames }) => ({ id, type: 'mcp', server: mcpServerNames[0] ?? 'my-server' })
};
