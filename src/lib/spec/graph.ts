/**
 * Spec ↔ canvas graph (xyflow shape). Lossless both ways: graphToSpec(specToGraph(s)) equals s,
 * layout included — positions the editor computed (auto-layout) are not written back unless moved.
 */
import type { NodeType } from './constants.js';
import type { AgentSpec, SpecNode, SpecPosition } from './schema.js';

export interface GraphNode<T extends NodeType = NodeType> {
	id: string;
	type: T;
	position: SpecPosition;
	/** The node's fields without id and type. */
	data: Record<string, unknown>;
}

export interface GraphEdge {
	id: string;
	source: string;
	target: string;
}

export interface GraphMeta {
	/** Every top-level field except nodes, edges and layout (apiVersion, kind, metadata, variables, …). */
	spec: Omit<AgentSpec, 'nodes' | 'edges' | 'layout'> & Record<string, unknown>;
	/** Whether the spec had `edges` / `layout` keys at all (so an absent key stays absent). */
	hasEdges: boolean;
	hasLayout: boolean;
	/** Positions computed by auto-layout; a node still there is not written to `layout`. */
	autoPositions: Record<string, SpecPosition>;
	/** Layout entries for ids that are not nodes, kept so nothing is lost. */
	orphanLayout: Record<string, SpecPosition>;
}

export interface SpecGraph {
	nodes: GraphNode[];
	edges: GraphEdge[];
	meta: GraphMeta;
}

const COLUMN_OF: Record<NodeType, number> = { prompt: 0, mcp: 0, stt: 1, llm: 2, realtime: 2, tts: 3 };
export const AUTO_LAYOUT = { columnWidth: 280, rowHeight: 140, originX: 0, originY: 0 } as const;

/** Deterministic positions: columns by role (prompts/mcp, stt, model, tts), rows in node order, centred. */
export function autoLayout(nodes: readonly Pick<SpecNode, 'id' | 'type'>[]): Record<string, SpecPosition> {
	const columns: string[][] = [[], [], [], []];
	for (const n of nodes) columns[COLUMN_OF[n.type] ?? 0].push(n.id);
	const tallest = Math.max(1, ...columns.map((c) => c.length));
	const out: Record<string, SpecPosition> = {};
	columns.forEach((ids, col) => {
		const offset = ((tallest - ids.length) * AUTO_LAYOUT.rowHeight) / 2;
		ids.forEach((id, row) => {
			out[id] = {
				x: AUTO_LAYOUT.originX + col * AUTO_LAYOUT.columnWidth,
				y: AUTO_LAYOUT.originY + offset + row * AUTO_LAYOUT.rowHeight
			};
		});
	});
	return out;
}

export function edgeId(source: string, target: string, seen?: Map<string, number>): string {
	const base = `${source}->${target}`;
	if (!seen) return base;
	const n = seen.get(base) ?? 0;
	seen.set(base, n + 1);
	return n ? `${base}#${n}` : base;
}

export function specToGraph(spec: AgentSpec): SpecGraph {
	const { nodes, edges, layout, ...rest } = spec;
	const auto = autoLayout(nodes.filter((n) => !layout?.[n.id]));
	const ids = new Set(nodes.map((n) => n.id));
	const orphanLayout: Record<string, SpecPosition> = {};
	for (const [id, pos] of Object.entries(layout ?? {})) if (!ids.has(id)) orphanLayout[id] = { ...pos };
	const seen = new Map<string, number>();
	return {
		nodes: nodes.map((node) => {
			const { id, type, ...data } = node;
			const position = layout?.[id] ?? auto[id];
			return { id, type, position: { ...position }, data: structuredClone(data) };
		}),
		edges: (edges ?? []).map((e) => ({ id: edgeId(e.from, e.to, seen), source: e.from, target: e.to })),
		meta: {
			spec: structuredClone(rest),
			hasEdges: edges !== undefined,
			hasLayout: layout !== undefined,
			autoPositions: auto,
			orphanLayout
		}
	};
}

export function graphToSpec(graph: SpecGraph): AgentSpec {
	const { meta } = graph;
	const layout: Record<string, SpecPosition> = {};
	for (const n of graph.nodes) {
		const auto = meta.autoPositions[n.id];
		if (auto && auto.x === n.position.x && auto.y === n.position.y) continue;
		layout[n.id] = { x: n.position.x, y: n.position.y };
	}
	Object.assign(layout, meta.orphanLayout);
	const spec = {
		...structuredClone(meta.spec),
		nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, ...structuredClone(n.data) }) as SpecNode)
	} as AgentSpec;
	const edges = graph.edges.map((e) => ({ from: e.source, to: e.target }));
	if (edges.length || meta.hasEdges) spec.edges = edges;
	if (Object.keys(layout).length || meta.hasLayout) spec.layout = layout;
	return spec;
}
