/** include/exclude and cache edits of an mcp node, as the tool checkboxes make them. */
import { isToolExposed, type McpNode } from '$lib/spec';
import { withField } from '../shared/patch';

export type ToolMode = 'all' | 'include' | 'exclude';

export const DEFAULT_TTL_SECONDS = 300;

export function toolMode(node: McpNode): ToolMode {
  if (node.tools?.include) return 'include';
  if (node.tools?.exclude) return 'exclude';
  return 'all';
}

/** Switching mode keeps the same tools exposed where it can. */
export function setToolMode(node: McpNode, mode: ToolMode, serverTools: string[]): McpNode {
  const exposed = serverTools.filter((t) => isToolExposed(node, t));
  if (mode === 'all') return withField(node, 'tools', undefined);
  if (mode === 'include') return { ...node, tools: { include: exposed } };
  return { ...node, tools: { exclude: serverTools.filter((t) => !exposed.includes(t)) } };
}

export function setExposed(node: McpNode, tool: string, on: boolean, serverTools: string[]): McpNode {
  let next = node;
  const mode = toolMode(node);
  if (mode === 'all') {
    if (on) return node;
    next = { ...node, tools: { exclude: [tool] } };
  } else if (mode === 'include') {
    const list = node.tools!.include!.filter((t) => t !== tool);
    next = { ...node, tools: { include: on ? order([...list, tool], serverTools) : list } };
  } else {
    const list = node.tools!.exclude!.filter((t) => t !== tool);
    next = list.length || !on ? { ...node, tools: { exclude: on ? list : order([...list, tool], serverTools) } } : withField(node, 'tools', undefined);
  }
  return on ? next : setCached(next, tool, false);
}

export function setCached(node: McpNode, tool: string, on: boolean): McpNode {
  const tools = (node.cache?.tools ?? []).filter((t) => t !== tool);
  if (on) tools.push(tool);
  if (!tools.length) return withField(node, 'cache', undefined);
  return { ...node, cache: { ttlSeconds: node.cache?.ttlSeconds ?? DEFAULT_TTL_SECONDS, tools } };
}

export function setTtl(node: McpNode, ttlSeconds: number | undefined): McpNode {
  if (!node.cache) return node;
  return { ...node, cache: { ...node.cache, ttlSeconds: ttlSeconds ?? DEFAULT_TTL_SECONDS } };
}

function order(list: string[], serverTools: string[]): string[] {
  const rank = (t: string) => {
    const i = serverTools.indexOf(t);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
}
