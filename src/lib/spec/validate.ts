/**
 * Graph and cross-field rules (spec-format.md, "Rules the validator enforces") over a spec that
 * passed the schema — or over the parts of it that did, when `partial` is set. Every rule is O(n+e).
 */
import type { NodeType } from './constants.js';
import { canConnect } from './connections.js';
import { hint, type RawProblem } from './problems.js';
import type { AgentSpec, SpecNode } from './schema.js';
import { checkMcp, checkSecrets } from './rules-mcp.js';
import { checkTests, checkVariables } from './rules-variables.js';
import { edgeText, indexed, label, nodePath, type Indexed, type RulesInput } from './rules-shared.js';

export type { RulesInput } from './rules-shared.js';

export function rulesInputFromSpec(spec: AgentSpec): RulesInput {
	return {
		nodes: indexed(spec.nodes),
		edges: indexed(spec.edges),
		variables: spec.variables,
		inputs: indexed(spec.inputs),
		layout: spec.layout,
		tests: indexed(spec.tests),
		partial: false,
		brokenNodeIds: new Set()
	};
}

export function checkRules(input: RulesInput): RawProblem[] {
	const out: RawProblem[] = [];
	const byId = checkIds(input, out);
	const edgeSet = checkEdges(input, byId, out);
	checkShape(input, byId, edgeSet, out);
	checkPrompts(input, out);
	checkVariables(input, out);
	checkMcp(input, out);
	checkSecrets(input, out);
	checkLayout(input, byId, out);
	checkTests(input, out);
	return out;
}

function checkIds(input: RulesInput, out: RawProblem[]): Map<string, Indexed<SpecNode>> {
	const byId = new Map<string, Indexed<SpecNode>>();
	for (const n of input.nodes) {
		const first = byId.get(n.value.id);
		if (first) {
			out.push({
				path: nodePath(n, 'id'),
				nodeId: n.value.id,
				severity: 'error',
				code: 'duplicate_id',
				message: `duplicate node id \`${n.value.id}\` (already used by nodes[${first.index}]); node ids must be unique`
			});
		} else byId.set(n.value.id, n);
	}
	return byId;
}

function checkEdges(input: RulesInput, byId: Map<string, Indexed<SpecNode>>, out: RawProblem[]): Set<string> {
	const seen = new Map<string, number>();
	const ids = [...byId.keys(), ...input.brokenNodeIds];
	for (const { value: edge, index } of input.edges) {
		let endpointsOk = true;
		for (const end of ['from', 'to'] as const) {
			const id = edge[end];
			if (!byId.has(id) && !input.brokenNodeIds.has(id)) {
				endpointsOk = false;
				out.push({
					path: ['edges', index, end],
					severity: 'error',
					code: 'edge_unknown_node',
					message: `edge ${end} \`${id}\`: there is no node with id \`${id}\`${hint(id, ids)}`
				});
			}
		}
		if (edge.from === edge.to) {
			out.push({
				path: ['edges', index],
				nodeId: edge.from,
				severity: 'error',
				code: 'self_loop',
				message: `edge ${edgeText(edge.from, edge.to)} connects node \`${edge.from}\` to itself`
			});
			continue;
		}
		const key = `${edge.from}\u0000${edge.to}`;
		const dup = seen.get(key);
		if (dup !== undefined) {
			out.push({
				path: ['edges', index],
				nodeId: edge.from,
				severity: 'error',
				code: 'duplicate_edge',
				message: `duplicate edge ${edgeText(edge.from, edge.to)} (same as edges[${dup}])`
			});
			continue;
		}
		seen.set(key, index);
		const from = byId.get(edge.from)?.value;
		const to = byId.get(edge.to)?.value;
		if (endpointsOk && from && to) {
			const verdict = canConnect(from.type, to.type);
			if (!verdict.ok) {
				out.push({
					path: ['edges', index],
					nodeId: from.id,
					severity: 'error',
					code: 'invalid_edge',
					message: `edge ${edgeText(from.id, to.id)} is not allowed (${from.type} → ${to.type}): ${verdict.hint}`
				});
			}
		}
	}
	return new Set(seen.keys());
}

function checkShape(
	input: RulesInput,
	byId: Map<string, Indexed<SpecNode>>,
	edges: Set<string>,
	out: RawProblem[]
): void {
	const of = (type: NodeType) => input.nodes.filter((n) => n.value.type === type && byId.get(n.value.id) === n);
	const [stt, llm, tts, realtime] = (['stt', 'llm', 'tts', 'realtime'] as const).map(of);
	const hasEdge = (from: string, to: string) => edges.has(`${from}\u0000${to}`);
	let model: Indexed<SpecNode> | undefined;

	if (realtime.length) {
		model = realtime[0];
		for (const extra of realtime.slice(1)) {
			out.push({
				path: nodePath(extra, 'type'),
				nodeId: extra.value.id,
				severity: 'error',
				code: 'shape',
				message: `second realtime node ${label(extra.value)}: a spec has exactly one model node (the first is \`${model.value.id}\`)`
			});
		}
		for (const n of [...stt, ...llm, ...tts]) {
			out.push({
				path: nodePath(n, 'type'),
				nodeId: n.value.id,
				severity: 'error',
				code: 'shape',
				message: `node ${label(n.value)} cannot be combined with the realtime node \`${model.value.id}\`: a spec is either one realtime model or an stt → llm → tts pipeline`
			});
		}
	} else if (stt.length || llm.length || tts.length) {
		for (const [stage, list] of [['stt', stt], ['llm', llm], ['tts', tts]] as const) {
			if (!list.length && !input.partial) {
				out.push({
					path: ['nodes'],
					severity: 'error',
					code: 'shape',
					message: `the pipeline has no ${stage} node: a pipeline needs exactly one stt → llm → tts chain (or use a single realtime node instead)`
				});
			}
			for (const extra of list.slice(1)) {
				out.push({
					path: nodePath(extra, 'type'),
					nodeId: extra.value.id,
					severity: 'error',
					code: 'shape',
					message: `second ${stage} node ${label(extra.value)}: a pipeline has exactly one ${stage} node (the first is \`${list[0].value.id}\`)`
				});
			}
		}
		model = llm[0];
		if (model) {
			const brain = model.value.id;
			if (stt[0] && !hasEdge(stt[0].value.id, brain)) {
				out.push({
					path: nodePath(stt[0]),
					nodeId: stt[0].value.id,
					severity: 'error',
					code: 'not_connected',
					message: `node ${label(stt[0].value)} is not connected to the llm node \`${brain}\`; add the edge ${edgeText(stt[0].value.id, brain)}`
				});
			}
			if (tts[0] && !hasEdge(brain, tts[0].value.id)) {
				out.push({
					path: nodePath(tts[0]),
					nodeId: tts[0].value.id,
					severity: 'error',
					code: 'not_connected',
					message: `node ${label(tts[0].value)} is not connected to the llm node \`${brain}\`; add the edge ${edgeText(brain, tts[0].value.id)}`
				});
			}
		}
	} else if (!input.partial) {
		out.push({
			path: ['nodes'],
			severity: 'error',
			code: 'shape',
			message: 'the spec has no model node: add one realtime node, or an stt → llm → tts pipeline'
		});
	}

	if (!model) return;
	const modelId = model.value.id;
	for (const n of input.nodes) {
		if ((n.value.type === 'prompt' || n.value.type === 'mcp') && !hasEdge(n.value.id, modelId)) {
			out.push({
				path: nodePath(n),
				nodeId: n.value.id,
				severity: 'error',
				code: 'not_connected',
				message: `node ${label(n.value)} is not connected to the model node \`${modelId}\`; add the edge ${edgeText(n.value.id, modelId)}`
			});
		}
	}
}

function checkPrompts(input: RulesInput, out: RawProblem[]): void {
	const firstOf: Record<string, string | undefined> = {};
	for (const n of input.nodes) {
		const node = n.value;
		if (node.type !== 'prompt') continue;
		const first = firstOf[node.role];
		if (first === undefined) {
			firstOf[node.role] = node.id;
			continue;
		}
		out.push({
			path: nodePath(n, 'role'),
			nodeId: node.id,
			severity: 'error',
			code: 'prompt_role',
			message:
				node.role === 'instructions'
					? `second instructions prompt \`${node.id}\`: a spec has exactly one (the first is \`${first}\`); merge their text`
					: `second greeting prompt \`${node.id}\`: a spec has at most one (the first is \`${first}\`)`
		});
	}
	if (firstOf.instructions === undefined && !input.partial) {
		out.push({
			path: ['nodes'],
			severity: 'error',
			code: 'prompt_role',
			message: 'the spec has no instructions prompt: add a prompt node with `role: instructions` connected to the model node'
		});
	}
}

function checkLayout(input: RulesInput, byId: Map<string, Indexed<SpecNode>>, out: RawProblem[]): void {
	const ids = [...byId.keys()];
	for (const id of Object.keys(input.layout ?? {})) {
		if (byId.has(id) || input.brokenNodeIds.has(id)) continue;
		out.push({
			path: ['layout', id],
			atKey: true,
			severity: 'warning',
			code: 'layout_unknown_node',
			message: `layout entry for \`${id}\`, which is not a node${hint(id, ids)}; the editor drops it`
		});
	}
}

