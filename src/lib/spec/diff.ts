/** What changed between two specs, in spec terms, plus a unified diff of their canonical YAML. */
import { createTwoFilesPatch, diffLines } from 'diff';
import { isPlainObject } from './introspect.js';
import { formatPath, type PathSegment } from './problems.js';
import type { AgentSpec, SpecNode } from './schema.js';

export interface LineChange {
	op: 'add' | 'remove' | 'same';
	text: string;
}

export interface FieldChange {
	/** Node fields relative to the node (`temperature`, `tools.include`); others from the top (`variables.shop`, `tests[0].name`). */
	path: string;
	before?: unknown;
	after?: unknown;
	/** For multi-line text (prompts): a line diff. */
	lines?: LineChange[];
}

export type SpecChange =
	| { kind: 'node-added'; nodeId: string; nodeType: string; node: SpecNode }
	| { kind: 'node-removed'; nodeId: string; nodeType: string; node: SpecNode }
	| { kind: 'node-changed'; nodeId: string; nodeType: string; fields: FieldChange[] }
	| { kind: 'edge-added'; from: string; to: string }
	| { kind: 'edge-removed'; from: string; to: string }
	| { kind: 'section-changed'; section: 'metadata' | 'variables' | 'inputs' | 'tests' | 'layout' | 'spec'; fields: FieldChange[] };

export interface SpecDiff {
	changes: SpecChange[];
	/** False when the specs differ in meaning (layout-only changes count as cosmetic). */
	equal: boolean;
	cosmeticOnly: boolean;
}

export function diffSpecs(a: AgentSpec, b: AgentSpec): SpecDiff {
	const changes: SpecChange[] = [];
	const before = new Map(a.nodes.map((n) => [n.id, n]));
	const after = new Map(b.nodes.map((n) => [n.id, n]));
	for (const [id, node] of before) {
		if (!after.has(id)) changes.push({ kind: 'node-removed', nodeId: id, nodeType: node.type, node });
	}
	for (const [id, node] of after) {
		const old = before.get(id);
		if (!old) {
			changes.push({ kind: 'node-added', nodeId: id, nodeType: node.type, node });
			continue;
		}
		const fields = diffValues(old, node, []);
		if (fields.length) changes.push({ kind: 'node-changed', nodeId: id, nodeType: node.type, fields });
	}
	const edgeKey = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;
	const edgesA = new Set((a.edges ?? []).map(edgeKey));
	const edgesB = new Set((b.edges ?? []).map(edgeKey));
	for (const e of a.edges ?? []) if (!edgesB.has(edgeKey(e))) changes.push({ kind: 'edge-removed', from: e.from, to: e.to });
	for (const e of b.edges ?? []) if (!edgesA.has(edgeKey(e))) changes.push({ kind: 'edge-added', from: e.from, to: e.to });

	const sections = ['metadata', 'variables', 'inputs', 'tests', 'layout'] as const;
	for (const section of sections) {
		const fields = diffValues(a[section], b[section], [section]);
		if (fields.length) changes.push({ kind: 'section-changed', section, fields });
	}
	const known = new Set<string>(['nodes', 'edges', ...sections]);
	const rest = (s: AgentSpec) => Object.fromEntries(Object.entries(s).filter(([k]) => !known.has(k)));
	const top = diffValues(rest(a), rest(b), []);
	if (top.length) changes.push({ kind: 'section-changed', section: 'spec', fields: top });

	const cosmeticOnly = changes.length > 0 && changes.every((c) => c.kind === 'section-changed' && c.section === 'layout');
	return { changes, equal: changes.length === 0, cosmeticOnly };
}

function diffValues(a: unknown, b: unknown, path: PathSegment[]): FieldChange[] {
	if (deepEqual(a, b)) return [];
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
		return keys.flatMap((k) => diffValues(a[k], b[k], [...path, k]));
	}
	// Lists of records (tests, inputs, turns) diff item by item; lists of scalars read better whole.
	if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].some((v) => isPlainObject(v))) {
		return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => diffValues(a[i], b[i], [...path, i])).flat();
	}
	const change: FieldChange = { path: formatPath(path) };
	if (a !== undefined) change.before = a;
	if (b !== undefined) change.after = b;
	if (typeof a === 'string' && typeof b === 'string' && (a.includes('\n') || b.includes('\n'))) {
		change.lines = lineDiff(a, b);
	}
	return [change];
}

export function lineDiff(a: string, b: string): LineChange[] {
	const out: LineChange[] = [];
	for (const part of diffLines(a, b)) {
		const op = part.added ? 'add' : part.removed ? 'remove' : 'same';
		const lines = part.value.replace(/\n$/, '').split('\n');
		for (const text of lines) out.push({ op, text });
	}
	return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
	if (isPlainObject(a) && isPlainObject(b)) {
		const ka = Object.keys(a).filter((k) => a[k] !== undefined);
		const kb = Object.keys(b).filter((k) => b[k] !== undefined);
		return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
	}
	return false;
}

/** `git diff`-style unified diff of two texts (usually canonical YAML). */
export function unifiedYamlDiff(aText: string, bText: string, aLabel = 'a', bLabel = 'b'): string {
	if (aText === bText) return '';
	return createTwoFilesPatch(aLabel, bLabel, aText, bText, undefined, undefined, { context: 3 });
}

const show = (v: unknown) => (v === undefined ? '∅' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

/** A readable summary of a semantic diff (CLI, API `text` field). */
export function formatSpecDiff(diff: SpecDiff): string {
	if (diff.equal) return 'no changes';
	const out: string[] = [];
	const fieldLines = (fields: FieldChange[], indent: string) => {
		for (const f of fields) {
			if (f.lines) {
				out.push(`${indent}${f.path}:`);
				for (const l of f.lines) out.push(`${indent}  ${l.op === 'add' ? '+' : l.op === 'remove' ? '-' : ' '} ${l.text}`);
			} else out.push(`${indent}${f.path || '(value)'}: ${show(f.before)} → ${show(f.after)}`);
		}
	};
	for (const c of diff.changes) {
		switch (c.kind) {
			case 'node-added':
				out.push(`+ node ${c.nodeId} (${c.nodeType})`);
				break;
			case 'node-removed':
				out.push(`- node ${c.nodeId} (${c.nodeType})`);
				break;
			case 'node-changed':
				out.push(`~ node ${c.nodeId} (${c.nodeType})`);
				fieldLines(c.fields, '    ');
				break;
			case 'edge-added':
				out.push(`+ edge ${c.from} → ${c.to}`);
				break;
			case 'edge-removed':
				out.push(`- edge ${c.from} → ${c.to}`);
				break;
			case 'section-changed':
				out.push(`~ ${c.section}`);
				fieldLines(c.fields, '    ');
				break;
		}
	}
	return out.join('\n');
}
