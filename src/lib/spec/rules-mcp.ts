/** MCP node rules: where the server comes from, tool filters, cache, tool names, secrets. */
import { TOOL_NAME_RE } from './constants.js';
import { hint, type PathSegment, type RawProblem } from './problems.js';
import { looksLikeKey, malformedRefs } from './refs.js';
import type { McpNode } from './schema.js';
import { finalToolName, isValidToolName, toolPrefix } from './tools.js';
import { nodePath, type RulesInput } from './rules-shared.js';

const INLINE_FIELDS = ['url', 'command', 'args', 'env', 'headers'] as const;
const HTTP_ONLY = ['url', 'headers'] as const;
const STDIO_ONLY = ['command', 'args', 'env'] as const;

export function checkMcp(input: RulesInput, out: RawProblem[]): void {
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

export function checkSecrets(input: RulesInput, out: RawProblem[]): void {
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

