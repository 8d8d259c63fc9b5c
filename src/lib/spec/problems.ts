/** The one problem shape shared by the parser, the validator, the CLI, the API and the canvas. */

export type Severity = 'error' | 'warning';

export type ProblemCode =
	| 'yaml_syntax'
	| 'not_an_object'
	| 'too_large'
	| 'api_version'
	| 'kind'
	| 'unknown_field'
	| 'required'
	| 'invalid_type'
	| 'invalid_value'
	| 'out_of_range'
	| 'invalid_format'
	| 'unknown_node_type'
	| 'unknown_provider'
	| 'duplicate_id'
	| 'edge_unknown_node'
	| 'self_loop'
	| 'duplicate_edge'
	| 'invalid_edge'
	| 'shape'
	| 'not_connected'
	| 'prompt_role'
	| 'undeclared_variable'
	| 'unused_variable'
	| 'duplicate_input'
	| 'mcp_source'
	| 'mcp_transport'
	| 'mcp_tools'
	| 'mcp_cache'
	| 'tool_name'
	| 'duplicate_tool'
	| 'secret_literal'
	| 'secret_ref'
	| 'layout_unknown_node'
	| 'test_expectation'
	| 'invalid';

export interface Problem {
	/** Dotted JSON path, e.g. `nodes[2].provider`, `metadata.name`, `mcp.headers["X-Api-Key"]`; '' = the document. */
	path: string;
	message: string;
	/** 1-based; 0 when the spec did not come from text (validateSpec on an object). */
	line: number;
	/** 1-based; 0 when unknown. */
	col: number;
	/** End of the offending range (1-based, exclusive col), when known; editors underline it. */
	endLine?: number;
	endCol?: number;
	nodeId?: string;
	severity: Severity;
	code?: ProblemCode;
}

export type PathSegment = string | number;

/** A problem before positions are resolved: the path is still a list of segments. */
export interface RawProblem {
	path: PathSegment[];
	message: string;
	severity: Severity;
	code: ProblemCode;
	nodeId?: string;
	/** Point at the key of the last segment instead of its value (unknown fields). */
	atKey?: boolean;
	/** Offset inside a string value (e.g. a {{placeholder}} inside prompt text). */
	valueOffset?: number;
	valueLength?: number;
}

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly PathSegment[]): string {
	let out = '';
	for (const seg of path) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else if (IDENT_RE.test(seg)) out += out ? `.${seg}` : seg;
		else out += `[${JSON.stringify(seg)}]`;
	}
	return out;
}

export function hasErrors(problems: readonly Problem[]): boolean {
	return problems.some((p) => p.severity === 'error');
}

/** `file:line:col: error: message  [path]` — the CLI and CI format. */
export function formatProblem(problem: Problem, file = '<spec>'): string {
	const where = problem.line > 0 ? `${file}:${problem.line}:${problem.col}` : file;
	const path = problem.path ? `  [${problem.path}]` : '';
	return `${where}: ${problem.severity}: ${problem.message}${path}`;
}

export function sortProblems<T extends Problem>(problems: T[]): T[] {
	return problems.sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), so
 * `modle` is one step from `model`. Exits early once every path exceeds `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
	if (a === b) return 0;
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev2: number[] = [];
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let rowMin = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
			cur.push(v);
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > max) return max + 1;
		prev2 = prev;
		prev = cur;
	}
	return prev[b.length];
}

/** The closest candidate within a small edit distance (case-insensitive), for "did you mean" hints. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
	const lower = input.toLowerCase();
	const max = input.length <= 4 ? 1 : input.length <= 8 ? 2 : 3;
	let best: string | undefined;
	let bestDistance = max + 1;
	for (const c of candidates) {
		const d = editDistance(lower, c.toLowerCase(), max);
		if (d < bestDistance) {
			best = c;
			bestDistance = d;
		}
	}
	return best;
}

export function hint(input: string, candidates: readonly string[]): string {
	const guess = didYouMean(input, candidates);
	return guess ? ` (did you mean \`${guess}\`?)` : '';
}

export function oneOf(values: readonly unknown[]): string {
	return values.map((v) => `\`${String(v)}\``).join(', ');
}
