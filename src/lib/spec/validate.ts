/**
 * Graph and cross-field rules (spec-format.md, "Rules the validator enforces") over a spec that
 * passed the schema — or over the parts of it that did, when `partial` is set. Every rule is O(n+e).
 */
import type { NodeType } from './constants.js';
import { canConnect } from './connections.js';
import { didYouMean, hint, type PathSegment, type RawProblem } from './problems.js';
import { looksLikeKey, malformedRefs } from './refs.js';
import type {
	AgentSpec,
	McpNode,
	SpecEdge,
	SpecInput,
	SpecNode,
	SpecTest,
	SpecPosition,
	VariableValue
} from './schema.js';
import { malformedPlaceholders, placeholders } from './template.js';
import { finalToolName, isValidToolName, toolPrefix } from './tools.js';
import { TOOL_NAME_RE } from './constants.js';

interface Indexed<T> {
	value: T;
	index: number;
}

export interface RulesInput {
	nodes: Indexed<SpecNode>[];
	edges: Indexed<SpecEdge>[];
	variables?: Record<string, VariableValue>;
	inputs: Indexed<SpecInput>[];
	layout?: Record<string, SpecPosition>;
	tests: Indexed<SpecTest>[];
	/** Some parts failed the schema: skip rules about what is missing, accept ids of broken nodes. */
	partial: boolean;
	/** Ids of nodes that failed the schema (partial mode), so edges to them are not "unknown". */
	brokenNodeIds: Set<string>;
}

const indexed = <T>(items: readonly T[] | undefined): Indexed<T>[] =>
	(items ?? []).map((value, index) => ({ value, index }));

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

const label = (node: SpecNode) => `\`${node.id}\` (${node.type})`;
const nodePath = (n: Indexed<SpecNode>, ...rest: PathSegment[]): PathSegment[] => ['nodes', n.index, ...rest];
const edgeText = (from: string, to: string) => `{ from: ${from}, to: ${to} }`;

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

function checkVariables(input: RulesInput, out: RawProblem[]): void {
	const defaults = Object.keys(input.variables ?? {});
	const declared = new Set(defaults);
	const inputNames = new Map<string, number>();
	for (const { value, index } of input.inputs) {
		const dup = inputNames.get(value.name);
		if (dup !== undefined) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'error',
				code: 'duplicate_input',
				message: `input \`${value.name}\` is listed twice (see inputs[${dup}])`
			});
			continue;
		}
		inputNames.set(value.name, index);
		if (declared.has(value.name)) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'warning',
				code: 'duplicate_input',
				message: `input \`${value.name}\` also has a default in \`variables\`, so it is never missing at dispatch`
			});
		}
	}
	for (const name of inputNames.keys()) declared.add(name);

	const used = new Set<string>();
	const candidates = [...declared];
	for (const n of input.nodes) {
		if (n.value.type !== 'prompt') continue;
		const text = n.value.text;
		for (const p of placeholders(text)) {
			used.add(p.name);
			if (declared.has(p.name)) continue;
			out.push({
				path: nodePath(n, 'text'),
				nodeId: n.value.id,
				severity: 'error',
				code: 'undeclared_variable',
				valueOffset: p.offset,
				valueLength: p.length,
				message: `prompt \`${n.value.id}\` uses {{${p.name}}}, but \`${p.name}\` is not declared in \`variables\` or \`inputs\`${hint(p.name, candidates)}`
			});
		}
		for (const bad of malformedPlaceholders(text)) {
			out.push({
				path: nodePath(n, 'text'),
				nodeId: n.value.id,
				severity: 'warning',
				code: 'undeclared_variable',
				valueOffset: bad.offset,
				valueLength: bad.length,
				message: `\`{{${bad.name}}}\` is not a placeholder (names are letters, digits and _); it will be sent as written`
			});
		}
	}
	if (input.partial) return;
	for (const name of defaults) {
		if (!used.has(name)) {
			out.push({
				path: ['variables', name],
				atKey: true,
				severity: 'warning',
				code: 'unused_variable',
				message: `variable \`${name}\` is declared but no prompt uses {{${name}}}`
			});
		}
	}
	for (const [name, index] of inputNames) {
		if (!used.has(name)) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'warning',
				code: 'unused_variable',
				message: `input \`${name}\` is required at dispatch but no prompt uses {{${name}}}`
			});
		}
	}
}

const INLINE_FIELDS = ['url', 'command', 'args', 'env', 'headers'] as const;
const HTTP_ONLY = ['url', 'headers'] as const;
const STDIO_ONLY = ['command', 'args', 'env'] as const;

function checkMcp(input: RulesInput, out: RawProblem[]): void {
	const toolOwners = new Map<string, string>();
	const prefixOwners = new Map<string, string>();
	for (const n of input.nodes) {
		if (n.value.type !== 'mcp') continue;
		const node = n.value;
		const err = (path: PathSegment[], code: RawProblem['code'], message: string, severity: RawProblem['severity'] = 'error') =>
			out.push({ path: nodePath(n, ...path), nodeId: node.id, severity, code, message });
		checkMcpSource(node, err);

		const include = node.tools?.include;
		const exclude = node.tools?.exclude;
		if (include && exclude) {
			err(['tools', 'exclude'], 'mcp_tools', '`tools.include` and `tools.exclude` are exclusive: list the tools to expose, or the ones to hide, not both');
		}
		if (include && include.length === 0) err(['tools', 'include'], 'mcp_tools', '`tools.include` is empty, so this node exposes no tools', 'warning');
		for (const [field, list] of [['include', include], ['exclude', exclude]] as const) {
			const seen = new Set<string>();
			list?.forEach((tool, k) => {
				if (seen.has(tool)) err(['tools', field, k], 'mcp_tools', `tool \`${tool}\` is listed twice in \`tools.${field}\``, 'warning');
				seen.add(tool);
			});
		}
		node.cache?.tools.forEach((tool, k) => {
			if (include && !include.includes(tool)) {
				err(['cache', 'tools', k], 'mcp_cache', `cached tool \`${tool}\` is not exposed: it is not in \`tools.include\`${hint(tool, include)}`);
			} else if (exclude?.includes(tool)) {
				err(['cache', 'tools', k], 'mcp_cache', `cached tool \`${tool}\` is hidden by \`tools.exclude\``);
			}
		});

		const prefix = toolPrefix(node);
		const samePrefix = prefixOwners.get(prefix);
		if (samePrefix !== undefined && !include) {
			err(node.prefix ? ['prefix'] : [], 'duplicate_tool', `mcp nodes \`${samePrefix}\` and \`${node.id}\` share the tool prefix \`${prefix}\`, so their tool names may collide; set a different \`prefix\``, 'warning');
		}
		prefixOwners.set(prefix, node.id);
		include?.forEach((tool, k) => {
			const name = finalToolName(node, tool);
			if (!isValidToolName(name)) {
				err(['tools', 'include', k], 'tool_name', `tool name \`${name}\` (prefix \`${prefix}\` + \`_\` + tool) must match ${TOOL_NAME_RE.source}`);
				return;
			}
			const owner = toolOwners.get(name);
			if (owner !== undefined && owner !== node.id) {
				err(['tools', 'include', k], 'duplicate_tool', `tool name \`${name}\` is also exposed by mcp node \`${owner}\`; tool names must be unique, set a different \`prefix\``);
			}
			toolOwners.set(name, node.id);
		});
	}
}

function checkMcpSource(
	node: McpNode,
	err: (path: PathSegment[], code: RawProblem['code'], message: string) => void
): void {
	const present = (f: (typeof INLINE_FIELDS)[number]) => node[f] !== undefined;
	if (node.server !== undefined && node.transport !== undefined) {
		err(['transport'], 'mcp_source', `mcp node \`${node.id}\`: use either \`server\` (a registry entry) or an inline \`transport\`, not both`);
		return;
	}
	if (node.server !== undefined) {
		for (const f of INLINE_FIELDS) {
			if (present(f)) err([f], 'mcp_source', `\`${f}\` only applies to inline servers; the registry entry \`${node.server}\` defines the connection`);
		}
		return;
	}
	if (node.transport === undefined) {
		const guess = node.command !== undefined ? 'stdio' : node.url !== undefined ? 'streamable-http' : undefined;
		err([], 'mcp_source', `mcp node \`${node.id}\` needs \`server\` (a registry name) or an inline \`transport\` (stdio | sse | streamable-http)` + (guess ? `; add \`transport: ${guess}\`` : ' with `url` or `command`'));
		return;
	}
	if (node.transport === 'stdio') {
		if (node.command === undefined) err(['transport'], 'mcp_transport', 'the stdio transport needs `command` (an allow-listed executable) and optional `args`');
		for (const f of HTTP_ONLY) if (present(f)) err([f], 'mcp_transport', `\`${f}\` does not apply to the stdio transport`);
	} else {
		if (node.url === undefined) err(['transport'], 'mcp_transport', `the ${node.transport} transport needs \`url\``);
		for (const f of STDIO_ONLY) if (present(f)) err([f], 'mcp_transport', `\`${f}\` only applies to the stdio transport`);
	}
}

function checkSecrets(input: RulesInput, out: RawProblem[]): void {
	for (const n of input.nodes) {
		const node = n.value;
		const check = (path: PathSegment[], value: string, name: string | undefined, severity: RawProblem['severity']) => {
			for (const bad of malformedRefs(value)) {
				out.push({
					path: nodePath(n, ...path),
					nodeId: node.id,
					severity: 'error',
					code: 'secret_ref',
					message: `\`${bad}\` is not a valid reference; write \${secret:NAME} or \${env:NAME} (NAME: letters, digits, _)`
				});
			}
			const why = looksLikeKey(value, name);
			if (why) {
				out.push({
					path: nodePath(n, ...path),
					nodeId: node.id,
					severity,
					code: 'secret_literal',
					message: `${name ? `\`${name}\`` : 'this value'} contains ${why}; secrets must not be written into a spec: store it as a secret and write \${secret:NAME}`
				});
			}
		};
		if ('baseURL' in node && node.baseURL !== undefined) check(['baseURL'], node.baseURL, undefined, 'warning');
		if (node.type !== 'mcp') continue;
		for (const [h, v] of Object.entries(node.headers ?? {})) check(['headers', h], v, h, 'error');
		for (const [k, v] of Object.entries(node.env ?? {})) check(['env', k], v, k, 'error');
		node.args?.forEach((arg, k) => check(['args', k], arg, undefined, 'error'));
		if (node.url !== undefined) check(['url'], node.url, undefined, 'warning');
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

function checkTests(input: RulesInput, out: RawProblem[]): void {
	const declared = new Set([...Object.keys(input.variables ?? {}), ...input.inputs.map((i) => i.value.name)]);
	const mcp = input.nodes.filter((n) => n.value.type === 'mcp').map((n) => n.value as McpNode);
	// Tool names are statically known only when every mcp node lists its tools.
	const known = mcp.every((m) => m.tools?.include) ? new Set(mcp.flatMap((m) => m.tools!.include!.map((t) => finalToolName(m, t)))) : null;
	for (const { value: test, index } of input.tests) {
		for (const name of Object.keys(test.variables ?? {})) {
			if (declared.has(name)) continue;
			out.push({
				path: ['tests', index, 'variables', name],
				atKey: true,
				severity: 'warning',
				code: 'test_expectation',
				message: `test \`${test.name}\` sets \`${name}\`, which is not declared in \`variables\` or \`inputs\`${hint(name, [...declared])}`
			});
		}
		test.turns.forEach((turn, t) => {
			turn.expect?.toolCalls?.forEach((tool, k) => {
				if (!known || known.has(tool)) return;
				const guess = didYouMean(tool, [...known]);
				out.push({
					path: ['tests', index, 'turns', t, 'expect', 'toolCalls', k],
					severity: 'warning',
					code: 'test_expectation',
					message: `test \`${test.name}\` expects a call to \`${tool}\`, which no mcp node exposes` + (guess ? ` (did you mean \`${guess}\`?)` : '')
				});
			});
		});
	}
}
