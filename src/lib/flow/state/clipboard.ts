/** Copy and paste of a selection of nodes with the edges between them. */
import type { AgentSpec, SpecEdge, SpecNode } from '$lib/spec';
import { uniqueId, type XY } from './ops';

export interface Clip {
  nodes: SpecNode[];
  edges: SpecEdge[];
  positions: Record<string, XY>;
}

export function copyNodes(spec: AgentSpec, ids: Iterable<string>, positionOf: (id: string) => XY | undefined): Clip | null {
  const wanted = new Set(ids);
  const nodes = spec.nodes.filter((n) => wanted.has(n.id));
  if (!nodes.length) return null;
  const edges = (spec.edges ?? []).filter((e) => wanted.has(e.from) && wanted.has(e.to));
  const positions: Record<string, XY> = {};
  for (const n of nodes) positions[n.id] = positionOf(n.id) ?? { x: 0, y: 0 };
  return structuredClone({ nodes, edges, positions });
}

/** Adds the clip's nodes under fresh ids, shifted by `offset`; returns the spec and the new ids. */
export function pasteClip(spec: AgentSpec, clip: Clip, offset: XY): { spec: AgentSpec; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of clip.nodes) {
    const id = uniqueId(spec, n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({ ...structuredClone(n), id: rename.get(n.id)! }) as SpecNode);
  const edges = clip.edges.map((e) => ({ from: rename.get(e.from)!, to: rename.get(e.to)! }));
  const layout = { ...(spec.layout ?? {}) };
  for (const n of clip.nodes) {
    const p = clip.positions[n.id] ?? { x: 0, y: 0 };
    layout[rename.get(n.id)!] = { x: Math.round(p.x + offset.x), y: Math.round(p.y + offset.y) };
  }
  const next: AgentSpec = { ...spec, nodes: [...spec.nodes, ...nodes], layout };
  if (edges.length) next.edges = [...(spec.edges ?? []), ...edges];
  return { spec: next, ids: nodes.map((n) => n.id) };
}
