/**
 * Where a node takes connections, read from the spec's connection rules (not repeated here):
 * the voice pipeline flows left to right (stt → llm → tts), while context nodes (prompts, MCP
 * tools) feed the model from above, so the two kinds of edges never cross.
 */
import { allowedTargets, NODE_TYPES, type NodeType } from '$lib/spec';

export type HandleSide = 'left' | 'right' | 'top' | 'bottom';
export interface HandleSpec {
  id: 'in' | 'ctx' | 'out';
  kind: 'target' | 'source';
  side: HandleSide;
}

const CONTEXT_TYPES = new Set<string>(['prompt', 'mcp']);

export function handlesFor(type: NodeType): HandleSpec[] {
  const sources = NODE_TYPES.filter((s) => allowedTargets(s).includes(type));
  const out: HandleSpec[] = [];
  if (sources.some((s) => !CONTEXT_TYPES.has(s))) out.push({ id: 'in', kind: 'target', side: 'left' });
  if (sources.some((s) => CONTEXT_TYPES.has(s))) out.push({ id: 'ctx', kind: 'target', side: 'top' });
  if (allowedTargets(type).length) out.push({ id: 'out', kind: 'source', side: CONTEXT_TYPES.has(type) ? 'bottom' : 'right' });
  return out;
}

/** The target handle an edge from a node of `sourceType` attaches to. */
export function targetHandleFor(sourceType: string): 'in' | 'ctx' {
  return CONTEXT_TYPES.has(sourceType) ? 'ctx' : 'in';
}
