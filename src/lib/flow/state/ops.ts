/**
 * Pure edits of a spec, one per canvas or inspector gesture. Every function returns a new spec and
 * leaves its input untouched, so history snapshots stay valid.
 */
import { edgeId, SLUG_RE, type AgentSpec, type SpecEdge, type SpecNode } from '$lib/spec';

export interface XY {
  x: number;
  y: number;
}

/** The key of an edge, the same as the canvas edge id. */
export const edgeKey = (from: string, to: string): string => edgeId(from, to);

const round = (p: XY): XY => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** A node id not used yet: `base`, then `base-2`, `base-3` … */
export function uniqueId(spec: AgentSpec, base: string, taken: Set<string> = new Set()): string {
  const used = new Set(spec.nodes.map((n) => n.id));
  for (const t of taken) used.add(t);
  const stem = toSlug(base) || 'node';
  if (!used.has(stem)) return stem;
  const root = stem.replace(/-\d+$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${root}-${i}`.slice(0, 63);
    if (!used.has(candidate)) return candidate;
  }
}

export function toSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

export function isSlug(text: string): boolean {
  return SLUG_RE.test(text);
}

export function addNode(spec: AgentSpec, node: SpecNode, at: XY): AgentSpec {
  return {
    ...spec,
    nodes: [...spec.nodes, node],
    layout: { ...(spec.layout ?? {}), [node.id]: round(at) }
  };
}

/** Removes nodes (with their edges and positions) and edges given as `from->to` keys. */
export function removeElements(spec: AgentSpec, nodeIds: Iterable<string>, edgeKeys: Iterable<string> = []): AgentSpec {
  const gone = new Set(nodeIds);
  const cut = new Set(edgeKeys);
  if (!gone.size && !cut.size) return spec;
  const edges = (spec.edges ?? []).filter((e) => !gone.has(e.from) && !gone.has(e.to) && !cut.has(edgeKey(e.from, e.to)));
  const next: AgentSpec = { ...spec, nodes: spec.nodes.filter((n) => !gone.has(n.id)) };
  setEdges(next, edges);
  if (spec.layout) {
    const layout = Object.fromEntries(Object.entries(spec.layout).filter(([id]) => !gone.has(id)));
    if (Object.keys(layout).length) next.layout = layout;
    else delete next.layout;
  }
  return next;
}

export function hasEdge(spec: AgentSpec, from: string, to: string): boolean {
  return (spec.edges ?? []).some((e) => e.from === from && e.to === to);
}

export function connect(spec: AgentSpec, from: string, to: string): AgentSpec {
  if (from === to || hasEdge(spec, from, to)) return spec;
  return { ...spec, edges: [...(spec.edges ?? []), { from, to }] };
}

/** Writes positions into `layout` (rounded to whole pixels); unchanged positions return the same spec. */
export function moveNodes(spec: AgentSpec, positions: Record<string, XY>): AgentSpec {
  const layout = { ...(spec.layout ?? {}) };
  let changed = false;
  for (const [id, p] of Object.entries(positions)) {
    const r = round(p);
    const old = layout[id];
    if (old && old.x === r.x && old.y === r.y) continue;
    layout[id] = r;
    changed = true;
  }
  return changed ? { ...spec, layout } : spec;
}

/** Replaces a node; when its id changed, edges and layout follow the new id. */
export function replaceNode(spec: AgentSpec, id: string, next: SpecNode): AgentSpec {
  const nodes = spec.nodes.map((n) => (n.id === id ? next : n));
  const out: AgentSpec = { ...spec, nodes };
  if (next.id === id) return out;
  const rename = (x: string) => (x === id ? next.id : x);
  if (spec.edges) out.edges = spec.edges.map((e) => ({ ...e, from: rename(e.from), to: rename(e.to) }));
  if (spec.layout) {
    out.layout = Object.fromEntries(Object.entries(spec.layout).map(([k, v]) => [rename(k), v]));
  }
  return out;
}

/** Sets or clears (undefined) top-level fields such as metadata or variables. */
export function setField<K extends keyof AgentSpec>(spec: AgentSpec, key: K, value: AgentSpec[K] | undefined): AgentSpec {
  const out = { ...spec };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

function setEdges(spec: AgentSpec, edges: SpecEdge[]): void {
  if (edges.length || spec.edges) spec.edges = edges;
}
