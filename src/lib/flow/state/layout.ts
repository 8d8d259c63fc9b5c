/**
 * Layered auto-layout for specs without positions (imports, hand-written YAML): a node's column is
 * the longest path leading into it, so stt/prompt/mcp sit left of the model and tts right of it.
 */
import type { AgentSpec, NodeType } from '$lib/spec';
import type { XY } from './ops';

export const COLUMN_WIDTH = 300;
export const ROW_HEIGHT = 130;
/** Columns taller than this wrap into sub-columns, so a big flat spec stays roughly square. */
const MAX_ROWS = 12;

const TYPE_ORDER: Record<NodeType, number> = { stt: 0, prompt: 1, mcp: 2, llm: 3, realtime: 3, tts: 4 };

export function autoLayout(spec: Pick<AgentSpec, 'nodes' | 'edges'>): Record<string, XY> {
  const ids = spec.nodes.map((n) => n.id);
  const rank = longestPathRanks(ids, spec.edges ?? []);
  const columns = new Map<number, string[]>();
  const order = new Map(spec.nodes.map((n, i) => [n.id, (TYPE_ORDER[n.type] ?? 9) * 100_000 + i]));
  for (const id of ids) {
    const r = rank.get(id) ?? 0;
    const col = columns.get(r);
    if (col) col.push(id);
    else columns.set(r, [id]);
  }
  const tallest = Math.min(MAX_ROWS, Math.max(1, ...[...columns.values()].map((c) => c.length)));
  const out: Record<string, XY> = {};
  let x = 0;
  for (const r of [...columns.keys()].sort((a, b) => a - b)) {
    const col = columns.get(r)!.sort((a, b) => order.get(a)! - order.get(b)!);
    for (let start = 0; start < col.length; start += MAX_ROWS) {
      const chunk = col.slice(start, start + MAX_ROWS);
      const top = ((tallest - chunk.length) * ROW_HEIGHT) / 2;
      chunk.forEach((id, i) => (out[id] = { x, y: Math.round(top + i * ROW_HEIGHT) }));
      x += COLUMN_WIDTH;
    }
  }
  return out;
}

/** Longest incoming path per node; edges closing a cycle are ignored. */
function longestPathRanks(ids: string[], edges: ReadonlyArray<{ from: string; to: string }>): Map<string, number> {
  const known = new Set(ids);
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to) continue;
    const list = incoming.get(e.to);
    if (list) list.push(e.from);
    else incoming.set(e.to, [e.from]);
  }
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const done = rank.get(id);
    if (done !== undefined) return done;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let r = 0;
    for (const from of incoming.get(id) ?? []) r = Math.max(r, visit(from) + 1);
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  ids.forEach(visit);
  return rank;
}

/** Positions for every node: the spec's layout where it has one, auto-layout for the rest. */
export function positionsFor(spec: AgentSpec): Record<string, XY> {
  const layout = spec.layout ?? {};
  const missing = spec.nodes.some((n) => !layout[n.id]);
  if (!missing) return layout;
  const auto = autoLayout(spec);
  const placed = Object.values(layout);
  // Keep auto-placed nodes clear of the ones the user placed: shift them below.
  const offsetY = placed.length ? Math.max(...placed.map((p) => p.y)) + ROW_HEIGHT * 1.5 : 0;
  const out: Record<string, XY> = {};
  for (const n of spec.nodes) out[n.id] = layout[n.id] ?? { x: auto[n.id].x, y: auto[n.id].y + offsetY };
  return out;
}
