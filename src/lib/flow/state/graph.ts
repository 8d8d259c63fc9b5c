/**
 * Spec → xyflow nodes and edges through the spec module's specToGraph (which also places nodes
 * that have no layout entry), reusing the previous objects wherever nothing changed: xyflow keeps
 * measurements and internals for a node object it already knows, so a YAML edit or an undo only
 * re-renders the nodes it touched and a 300-node sync stays cheap.
 */
import type { Edge, Node } from '@xyflow/svelte';
import { specToGraph, type AgentSpec, type NodeType, type SpecNode } from '$lib/spec';
import { targetHandleFor } from '../nodes/shared/handles';
import type { XY } from './ops';

export type FlowNodeData = { spec: SpecNode };
export type FlowNode = Node<FlowNodeData, NodeType>;
export type FlowEdge = Edge;

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function buildGraph(spec: AgentSpec, prev: FlowGraph = { nodes: [], edges: [] }): FlowGraph {
  const graph = specToGraph(spec);
  const prevNodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const prevEdges = new Map(prev.edges.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const nodes: FlowNode[] = [];
  graph.nodes.forEach((g, i) => {
    // Duplicate ids are a validation error; draw the first so xyflow's ids stay unique.
    if (seen.has(g.id)) return;
    seen.add(g.id);
    const node = spec.nodes[i];
    const old = prevNodes.get(g.id);
    if (old && old.type === node.type && samePosition(old.position, g.position) && sameValue(old.data.spec, node)) {
      nodes.push(old);
      return;
    }
    const next: FlowNode = { id: g.id, type: g.type, position: g.position, data: { spec: node }, ariaLabel: `${g.type} node ${g.id}` };
    if (old?.selected) next.selected = true;
    if (old?.measured) next.measured = old.measured;
    nodes.push(next);
  });
  const typeOf = new Map(nodes.map((n) => [n.id, n.type]));
  const edges: FlowEdge[] = [];
  for (const g of graph.edges) {
    const sourceType = typeOf.get(g.source);
    if (!sourceType || !typeOf.has(g.target)) continue;
    const targetHandle = targetHandleFor(sourceType);
    const old = prevEdges.get(g.id);
    if (old && old.source === g.source && old.target === g.target && old.targetHandle === targetHandle) edges.push(old);
    else edges.push({ ...g, sourceHandle: 'out', targetHandle, selected: old?.selected });
  }
  return { nodes, edges };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function samePosition(a: XY, b: XY): boolean {
  return a.x === b.x && a.y === b.y;
}

/** Marks exactly `ids` as selected, keeping every other object as it is when unchanged. */
export function selectOnly<T extends { id: string; selected?: boolean }>(items: readonly T[], ids: ReadonlySet<string>): T[] {
  return items.map((item) => {
    const want = ids.has(item.id);
    return !!item.selected === want ? item : { ...item, selected: want };
  });
}
