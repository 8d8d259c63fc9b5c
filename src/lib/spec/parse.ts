/**
 * Text → spec with positioned problems. One pass reports everything it can: YAML syntax, unknown
 * fields, schema violations and graph rules (over the parts that passed the schema).
 */
import { SPEC_LIMITS } from './constants.js';
import { findUnknownKeys, isPlainObject } from './introspect.js';
import { formatPath, sortProblems, type Problem, type RawProblem } from './problems.js';
import {
	AgentSpecSchema,
	EdgeSchema,
	InputSchema,
	PositionSchema,
	SpecNodeSchema,
	TestSchema,
	type AgentSpec,
	type SpecNode
} from './schema.js';
import { loadYaml, sourceLocator, type Locator } from './source.js';
import { checkRules, rulesInputFromSpec, type RulesInput } from './validate.js';
import { issueToProblem, valueAt } from './zod-issues.js';
import { z } from 'zod';
import { CORE_SCHEMA, load as loadFast } from 'js-yaml';

export interface ParseResult {
	/** The typed spec when it passes the schema (graph rules may still fail); null otherwise. */
	spec: AgentSpec | null;
	problems: Problem[];
}

export interface ParseOptions {
	/** Only used in messages of callers; positions never depend on it. */
	file?: string;
}

const NO_POSITION: Locator = { locate: () => ({ line: 0, col: 0, endLine: 0, endCol: 0 }) };

/** Parse YAML (or JSON, which is YAML) into a spec, with every problem positioned in the text. */
export function parseSpec(text: string, _opts: ParseOptions = {}): ParseResult {
	if (text.length > SPEC_LIMITS.maxSourceBytes) {
		return {
			spec: null,
			problems: [problem('', `the spec is too large (${text.length} characters; at most ${SPEC_LIMITS.maxSourceBytes})`, 1, 1, 'too_large')]
		};
	}
	const fast = parseJsonFast(text) ?? parseYamlFast(text);
	if (fast !== undefined) return analyze(fast, lazyLocator(text));
	const { doc, lines, value, problems } = loadYaml(text);
	if (problems.some((p) => p.severity === 'error')) return { spec: null, problems: sortProblems(problems) };
	const result = analyze(value, sourceLocator(doc, lines, text));
	return { spec: result.spec, problems: sortProblems([...problems, ...result.problems]) };
}

/**
 * JSON (what the editor and API send) is read with JSON.parse, which is many times faster than a
 * YAML parser; the YAML document with positions is built only if a problem needs locating.
 * As with any JSON parser, a duplicated key keeps its last value.
 */
function parseJsonFast(text: string): unknown {
	if (!/^\s*\{/.test(text)) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined; // not strict JSON: let the YAML parser read it and report positions
	}
}

/**
 * Plain YAML — no anchors, aliases, tags, directives or several documents, which is what specs
 * are — is read with js-yaml's YAML 1.2 core schema, several times faster than the positioned
 * parser and giving the same value (a differential test guards that). Anything else, and any
 * text js-yaml rejects (duplicate keys, syntax errors), takes the positioned path, which reports
 * problems with their line and column and bounds alias expansion.
 */
const NEEDS_FULL_PARSER = /(^|[\s[{,:-])[&*!][^\s]|^%|^(---|\.\.\.)\s*\S|\t/m;

export function parseYamlFast(text: string): unknown {
	if (NEEDS_FULL_PARSER.test(text)) return undefined;
	try {
		const value = loadFast(text, { schema: CORE_SCHEMA });
		return isPlainObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function lazyLocator(text: string): Locator {
	let locator: Locator | undefined;
	return {
		locate(path, opts) {
			if (!locator) {
				const { doc, lines } = loadYaml(text);
				locator = sourceLocator(doc, lines, text);
			}
			return locator.locate(path, opts);
		}
	};
}

/** Schema and graph rules for a value that did not come from text (positions are 0). */
export function validateSpec(spec: unknown): Problem[] {
	return analyze(spec, NO_POSITION).problems;
}

/** Like parseSpec for an already-parsed value: returns the typed spec when the schema accepts it. */
export function checkSpec(value: unknown): ParseResult {
	return analyze(value, NO_POSITION);
}

function analyze(value: unknown, locator: Locator): ParseResult {
	if (!isPlainObject(value)) {
		const span = locator.locate([]);
		return {
			spec: null,
			problems: [
				{
					path: '',
					message: 'a spec must be a mapping with apiVersion, kind, metadata and nodes',
					line: span.line || (locator === NO_POSITION ? 0 : 1),
					col: span.col || (locator === NO_POSITION ? 0 : 1),
					severity: 'error',
					code: 'not_an_object'
				}
			]
		};
	}
	const raw: RawProblem[] = findUnknownKeys(AgentSpecSchema, value);
	const parsed = AgentSpecSchema.safeParse(value);
	let spec: AgentSpec | null = null;
	if (parsed.success) {
		spec = parsed.data;
		raw.push(...checkRules(rulesInputFromSpec(spec)));
	} else {
		for (const issue of parsed.error.issues) raw.push(issueToProblem(issue, value));
		raw.push(...checkRules(salvage(value)));
	}
	return { spec, problems: resolve(raw, value, locator) };
}

/** The parts of a broken spec that pass the schema on their own, with their original indexes. */
function salvage(value: Record<string, unknown>): RulesInput {
	const pick = <T>(items: unknown, schema: z.ZodType<T>) =>
		(Array.isArray(items) ? items : []).flatMap((item, index) => {
			const r = schema.safeParse(item);
			return r.success ? [{ value: r.data, index }] : [];
		});
	const nodes = pick<SpecNode>(value.nodes, SpecNodeSchema);
	const brokenNodeIds = new Set<string>();
	if (Array.isArray(value.nodes)) {
		for (const n of value.nodes) if (isPlainObject(n) && typeof n.id === 'string') brokenNodeIds.add(n.id);
	}
	// Every declared name counts, even next to a broken entry, so placeholders are not misreported.
	const variables = isPlainObject(value.variables) ? (value.variables as Record<string, string>) : undefined;
	const layout = z.record(z.string(), PositionSchema).safeParse(value.layout);
	return {
		nodes,
		edges: pick(value.edges, EdgeSchema),
		variables,
		inputs: pick(value.inputs, InputSchema),
		layout: layout.success ? layout.data : undefined,
		tests: pick(value.tests, TestSchema),
		partial: true,
		brokenNodeIds
	};
}

function resolve(raw: RawProblem[], value: unknown, locator: Locator): Problem[] {
	const seen = new Set<string>();
	const out: Problem[] = [];
	for (const p of raw) {
		const path = formatPath(p.path);
		const key = `${path}\u0000${p.message}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const span = locator.locate(p.path, p);
		const nodeId = p.nodeId ?? nodeIdAt(value, p.path);
		const problem: Problem = { path, message: p.message, line: span.line, col: span.col, severity: p.severity, code: p.code };
		if (span.endLine) {
			problem.endLine = span.endLine;
			problem.endCol = span.endCol;
		}
		if (nodeId !== undefined) problem.nodeId = nodeId;
		out.push(problem);
	}
	return sortProblems(out);
}

function nodeIdAt(value: unknown, path: RawProblem['path']): string | undefined {
	if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
	const id = valueAt(value, ['nodes', path[1], 'id']);
	return typeof id === 'string' ? id : undefined;
}

function problem(path: string, message: string, line: number, col: number, code: Problem['code']): Problem {
	return { path, message, line, col, severity: 'error', code };
}
