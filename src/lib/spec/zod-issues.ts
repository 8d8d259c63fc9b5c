/** Zod issues → human problems ("`provider` must be one of …, not `deepgrm` (did you mean …?)"). */
import type { z } from 'zod';
import { API_VERSION, KIND, NODE_TYPES, PROVIDERS } from './constants.js';
import { looksLikeKey } from './refs.js';
import { formatPath, hint, oneOf, type PathSegment, type ProblemCode, type RawProblem } from './problems.js';

type Issue = z.core.$ZodIssue;

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
	let cur = data;
	for (const seg of path) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[seg as string];
	}
	return cur;
}

/** Never echo something that may be a credential back into an error message (logs, CI output). */
const looksSecret = (v: string) => looksLikeKey(v) !== undefined || /^sk[-_]/.test(v);

function describeValue(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'object') return 'a mapping';
	if (typeof v === 'string' && looksSecret(v)) return 'a string';
	if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)})`;
	if (typeof v === 'number') return Number.isInteger(v) ? `the number ${v}` : `the number ${v}`;
	if (typeof v === 'boolean') return `\`${v}\``;
	return typeof v;
}

const EXPECTED: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'a whole number',
	boolean: 'a boolean (true/false)',
	array: 'a list',
	object: 'a mapping',
	record: 'a mapping',
	literal: 'a fixed value'
};

/** How a message names the value at `path`: its key, or the whole path for a list item. */
function field(path: readonly PathSegment[]): string {
	if (!path.length) return 'the spec';
	const last = path[path.length - 1];
	return `\`${typeof last === 'number' ? formatPath(path) : String(last)}\``;
}

const orList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

function nodeTypeAt(data: unknown, path: readonly PathSegment[]): string | undefined {
	if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
	const t = valueAt(data, ['nodes', path[1], 'type']);
	return typeof t === 'string' ? t : undefined;
}

function make(path: PathSegment[], code: ProblemCode, message: string, extra: Partial<RawProblem> = {}): RawProblem {
	return { path, code, message, severity: 'error', ...extra };
}

export function issueToProblem(issue: Issue, data: unknown): RawProblem {
	const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
	const value = valueAt(data, path);
	const name = field(path);
	switch (issue.code) {
		case 'invalid_type': {
			if (value === undefined) {
				if (path.length === 1 && path[0] === 'apiVersion') {
					return make(path, 'api_version', `missing \`apiVersion\`; supported: ${oneOf([API_VERSION])}`);
				}
				return make(path, 'required', `missing required field ${name}`);
			}
			const expected = EXPECTED[issue.expected] ?? issue.expected;
			return make(path, 'invalid_type', `${name} must be ${expected}, not ${describeValue(value)}`);
		}
		case 'invalid_value': {
			const values = issue.values as unknown[];
			if (path.length === 1 && path[0] === 'apiVersion') {
				return make(path, 'api_version', `unsupported apiVersion ${JSON.stringify(value)}; supported: ${oneOf([API_VERSION])}`);
			}
			if (path.length === 1 && path[0] === 'kind') {
				return make(path, 'kind', `unsupported kind ${JSON.stringify(value)}; supported: ${oneOf([KIND])}`);
			}
			const guess = typeof value === 'string' ? hint(value, values.map(String)) : '';
			return make(path, 'invalid_value', `${name} must be one of ${oneOf(values)}, not ${describeValue(value)}${guess}`);
		}
		case 'invalid_union': {
			if ('discriminator' in issue && issue.discriminator) return discriminatorProblem(issue, path, value, data);
			const expected = [
				...new Set(issue.errors.flatMap((errs) => errs.map((e) => (e.code === 'invalid_type' ? EXPECTED[e.expected] ?? e.expected : undefined))))
			].filter(Boolean);
			if (value === undefined) return make(path, 'required', `missing required field ${name}`);
			return make(path, 'invalid_type', `${name} must be ${expected.length ? orList(expected as string[]) : 'a valid value'}, not ${describeValue(value)}`);
		}
		case 'too_small':
		case 'too_big': {
			const small = issue.code === 'too_small';
			const bound = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
			const inclusive = issue.inclusive !== false;
			if (issue.origin === 'string') {
				return make(path, 'out_of_range', small ? (bound <= 1 ? `${name} must not be empty` : `${name} must have at least ${bound} characters`) : `${name} is too long (at most ${bound} characters)`);
			}
			if (issue.origin === 'array' || issue.origin === 'set') {
				return make(path, 'out_of_range', small ? `${name} needs at least ${bound} item${bound === 1 ? '' : 's'}` : `${name} has too many items (at most ${bound})`);
			}
			const op = small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
			return make(path, 'out_of_range', `${name} must be ${op} ${bound}, not ${String(value)}`);
		}
		case 'invalid_format':
		case 'custom':
			return make(path, issue.code === 'custom' ? 'invalid' : 'invalid_format', `${name} ${issue.message}${typeof value === 'string' && !looksSecret(value) && path[path.length - 1] !== 'apiKey' ? ` (got ${JSON.stringify(value)})` : ''}`);
		case 'invalid_key': {
			// Zod puts the offending key at the end of the path.
			const key = String(path[path.length - 1] ?? '');
			const inner = issue.issues[0]?.message ?? 'is not allowed';
			const what = path[0] === 'variables' || path[path.length - 3] === 'tests' ? 'variable name' : 'key';
			return make(path, 'invalid_format', `${what} \`${key}\` ${inner}`, { atKey: true });
		}
		case 'invalid_element':
			return make(path, 'invalid', `${name} has an invalid element`);
		case 'unrecognized_keys':
			return make(path, 'unknown_field', `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`);
		default:
			return make(path, 'invalid', `${name}: ${(issue as { message: string }).message}`);
	}
}

function discriminatorProblem(
	issue: Extract<Issue, { code: 'invalid_union' }>,
	path: PathSegment[],
	value: unknown,
	data: unknown
): RawProblem {
	const key = (issue as { discriminator?: string }).discriminator ?? 'type';
	// Zod puts the discriminator key at the end of the path; make sure it is there exactly once.
	const at = path[path.length - 1] === key ? path : [...path, key];
	const parent = valueAt(data, at.slice(0, -1));
	if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
		return make(at.slice(0, -1), 'invalid_type', `${field(at.slice(0, -1))} must be a mapping, not ${describeValue(parent)}`);
	}
	const got = (parent as Record<string, unknown>)[key];
	const isNode = at[0] === 'nodes' && at.length === 3;
	if (isNode && key === 'type') {
		const values = [...NODE_TYPES];
		if (got === undefined) return make(at.slice(0, -1), 'required', `node is missing \`type\`; one of ${oneOf(values)}`);
		return make(at, 'unknown_node_type', `unknown node type ${JSON.stringify(got)}${typeof got === 'string' ? hint(got, values) : ''}; supported: ${oneOf(values)}`);
	}
	if (isNode && key === 'provider') {
		const type = nodeTypeAt(data, at) as keyof typeof PROVIDERS;
		const values: string[] = [...(PROVIDERS[type] ?? [])];
		if (got === undefined) return make(at.slice(0, -1), 'required', `${type} node is missing \`provider\`; one of ${oneOf(values)}`);
		return make(at, 'unknown_provider', `unknown ${type} provider ${JSON.stringify(got)}${typeof got === 'string' ? hint(got, values) : ''}; supported: ${oneOf(values)}`);
	}
	const values = ((issue as { options?: unknown[] }).options ?? []).map(String);
	if (got === undefined) return make(at.slice(0, -1), 'required', `missing \`${key}\`; one of ${oneOf(values)}`);
	return make(at, 'invalid_value', `\`${key}\` must be one of ${oneOf(values)}, not ${describeValue(got)}${typeof got === 'string' ? hint(got, values) : ''}`);
}
