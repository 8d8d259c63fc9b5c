/**
 * Spec → xyflow nodes and edges, reusing the previous objects wherever nothing changed: xyflow keeps
 * measurements and internals for a node object it already knows, so a YAML edit or an undo only
 * re-renders the nodes it touched (and a 300-node sync stays cheap).
 */
import type { Edge, Node } from '@xyflow/svelte';
import type { AgentSpec, NodeType, SpecNode } from '$lib/spec';
import { positionsFor } from './layout';
import { edgeKey, type XY } from './ops';

export type FlowNodeData = { spec: SpecNode };
export type FlowNode = Node<FlowNodeData, NodeType>;
export type FlowEdge = Edge;

export function buildNodes(spec: AgentSpec, prev: readonly FlowNode[] = []): FlowNode[] {
  const prevById = new Map(prev.map((n) => [n.id, n]));
  const positions = positionsFor(spec);
  const seen = new Set<string>();
  const out: FlowNode[] = [];
  for (const node of spec.nodes) {
    // Duplicate ids are a validation error; draw the first so xyflow's ids stay unique.
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const position = positions[node.id] ?? { x: 0, y: 0 };
    const old = prevById.get(node.id);
    if (old && old.type === node.type && samePosition(old.position, position) && sameValue(old.data.spec, node)) {
      out.push(old);
      continue;
    }
    const next: FlowNode = {
      id: node.id,
      type: node.type,
      position: { ...position },
      data: { spec: node },
      ariaLabel: `${node.type} node ${node.id}`
    };
    if (old?.selected) next.selected = true;
    if (old?.measured) next.measured = old.measured;
    out.push(next);
  }
  return out;
}

export function buildEdges(spec: AgentSpec, prev: readonly FlowEdge[] = []): FlowEdge[] {
  const prevById = new Map(prev.map((e) => [e.id, e]));
  const ids = new Set(spec.nodes.map((n) => n.id));
  const out: FlowEdge[] = [];
  const seen = new Set<string>();
  for (const e of spec.edges ?? []) {
    const id = edgeKey(e.from, e.to);
    if (seen.has(id) || !ids.has(e.from) || !ids.has(e.to)) continue;
    seen.add(id);
    const old = prevById.get(id);
    if (old && old.source === e.from && old.target === e.to) out.push(old);
    else out.push({ id, source: e.from, target: e.to, selected: old?.selected });
  }
  return out;
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
