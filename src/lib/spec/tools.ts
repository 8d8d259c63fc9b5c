/** How an mcp node's tools are named for the LLM: `<prefix>_<tool>`, prefix defaulting to the node id. */
import { TOOL_NAME_RE } from './constants.js';
import type { AgentSpec, McpNode } from './schema.js';

export function toolPrefix(node: Pick<McpNode, 'id' | 'prefix'>): string {
	return node.prefix ?? node.id;
}

export function finalToolName(node: Pick<McpNode, 'id' | 'prefix'>, tool: string): string {
	return `${toolPrefix(node)}_${tool}`;
}

export function isValidToolName(name: string): boolean {
	return TOOL_NAME_RE.test(name);
}

/**
 * Final names of the tools a node exposes when they are known statically (an `include` list),
 * or null when they depend on what the server lists at runtime.
 */
export function exposedToolNames(node: Pick<McpNode, 'id' | 'prefix' | 'tools'>): string[] | null {
	const include = node.tools?.include;
	return include ? include.map((t) => finalToolName(node, t)) : null;
}

/** Whether a server tool (unprefixed name) is exposed by the node's include/exclude filter. */
export function isToolExposed(node: Pick<McpNode, 'tools'>, tool: string): boolean {
	const { include, exclude } = node.tools ?? {};
	if (include) return include.includes(tool);
	if (exclude) return !exclude.includes(tool);
	return true;
}

/** Whether a tool's results may be cached: opt-in, and only for exposed tools. */
export function isToolCached(node: Pick<McpNode, 'tools' | 'cache'>, tool: string): boolean {
	return !!node.cache?.tools.includes(tool) && isToolExposed(node, tool);
}

/** Names of the registry MCP servers a spec uses (`server:` on mcp nodes), each once. */
export function registryServerNames(spec: Pick<AgentSpec, 'nodes'> | null | undefined): string[] {
	return [...new Set((spec?.nodes ?? []).flatMap((n) => (n.type === 'mcp' && n.server ? [n.server] : [])))];
}
