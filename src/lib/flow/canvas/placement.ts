/**
 * Where a node added from the palette lands: next to the node it will most likely connect to
 * (stt left of the llm, tts right of it, prompts and tools above the model), else near the middle
 * of the view; then the nearest free cell around that spot.
 */
import type { AgentSpec, NodeType } from '$lib/spec';
import type { XY } from '../state/ops';

export const CELL = { x: 240, y: 120 } as const;
const NODE = { w: 200, h: 100 };

/** Cell offsets nearest first; same row before other rows, rightwards before leftwards. */
const SPOTS: [number, number][] = [];
for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) SPOTS.push([dx, dy]);
SPOTS.sort((a, b) => Math.abs(a[1]) * 2 + Math.abs(a[0]) - (Math.abs(b[1]) * 2 + Math.abs(b[0])) || b[0] - a[0] || b[1] - a[1]);

type Anchor = { types: NodeType[]; dx: number; dy: number };
const ANCHORS: Partial<Record<NodeType, Anchor[]>> = {
  stt: [{ types: ['llm'], dx: -CELL.x, dy: 0 }],
  llm: [
    { types: ['stt'], dx: CELL.x, dy: 0 },
    { types: ['tts'], dx: -CELL.x, dy: 0 }
  ],
  tts: [{ types: ['llm'], dx: CELL.x, dy: 0 }],
  prompt: [{ types: ['llm', 'realtime'], dx: -120, dy: -180 }],
  mcp: [{ types: ['llm', 'realtime'], dx: 120, dy: -180 }]
};

export function placeNode(type: NodeType, spec: AgentSpec, positions: ReadonlyMap<string, XY>, viewCenter: XY): XY {
  const start = anchorSpot(type, spec, positions) ?? { x: Math.round(viewCenter.x - NODE.w / 2), y: Math.round(viewCenter.y - 40) };
  const taken = (q: XY) => [...positions.values()].some((p) => Math.abs(p.x - q.x) < NODE.w && Math.abs(p.y - q.y) < NODE.h);
  for (const [dx, dy] of SPOTS) {
    const q = { x: start.x + dx * CELL.x, y: start.y + dy * CELL.y };
    if (!taken(q)) return q;
  }
  return start;
}

function anchorSpot(type: NodeType, spec: AgentSpec, positions: ReadonlyMap<string, XY>): XY | undefined {
  for (const anchor of ANCHORS[type] ?? []) {
    const node = spec.nodes.find((n) => anchor.types.includes(n.type) && positions.has(n.id));
    const p = node && positions.get(node.id);
    if (p) return { x: p.x + anchor.dx, y: p.y + anchor.dy };
  }
  return undefined;
}
