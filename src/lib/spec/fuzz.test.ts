/**
 * Seeded fuzzing: random mutations of valid specs never make the module throw, every problem is
 * positioned, and whatever passes the schema round-trips through the canonical serializer.
 * A failure prints its seed; rerun with FUZZ_SEED=<seed> to reproduce it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec, validateSpec } from './parse.js';
import { formatSpecText, serializeSpec, SpecSyntaxError } from './serialize.js';
import { specToGraph, graphToSpec } from './graph.js';
import { PIPELINE_YAML, prng, REALTIME_YAML } from './testing.js';
import type { Problem } from './problems.js';

const EXAMPLES = join(import.meta.dirname, '../../../agent-specs');
const BASES = [
	PIPELINE_YAML,
	REALTIME_YAML,
	...readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.yaml'))
		.map((f) => readFileSync(join(EXAMPLES, f), 'utf8'))
];
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 60);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
	if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), paths(v, [...prefix, i], out)));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), paths(v, [...prefix, k], out);
	}
	return out;
}

function parentOf(root: any, path: (string | number)[]): any {
	let cur = root;
	for (const seg of path.slice(0, -1)) cur = cur?.[seg];
	return cur;
}

const RANDOM_VALUES = [0, -1, 3.5, 1e9, '', 'x', 'sk-abcdefghijklmnopqrstuvwx', '{{ghost}}', '${secret:}', true, null, [], {}, [1, 'a'], { a: 1 }, 'realtime', 'stt'];

function typo(r: Rand, key: string): string {
	if (!key.length) return 'x';
	const i = Math.floor(r() * key.length);
	return pick(r, [
		key.slice(0, i) + key.slice(i + 1),
		key.slice(0, i) + 'x' + key.slice(i),
		key.slice(0, i) + (key[i + 1] ?? '') + key[i] + key.slice(i + 2),
		key.toUpperCase(),
		'x-' + key
	]);
}

function mutateValue(r: Rand, spec: any): void {
	const all = paths(spec);
	if (!all.length) return;
	const path = pick(r, all);
	const parent = parentOf(spec, path);
	const key = path[path.length - 1];
	if (parent === null || typeof parent !== 'object') return;
	switch (Math.floor(r() * 6)) {
		case 0: // delete
			if (Array.isArray(parent)) parent.splice(key as number, 1);
			else delete parent[key];
			break;
		case 1: // change type
			parent[key] = structuredClone(pick(r, RANDOM_VALUES));
			break;
		case 2: // rename key
			if (!Array.isArray(parent)) {
				parent[typo(r, String(key))] = parent[key];
				delete parent[key];
			}
			break;
		case 3: {
			// swap with another value
			const other = pick(r, all);
			const otherParent = parentOf(spec, other);
			if (otherParent && typeof otherParent === 'object') {
				const tmp = parent[key];
				parent[key] = otherParent[other[other.length - 1]];
				otherParent[other[other.length - 1]] = tmp;
			}
			break;
		}
		case 4: // duplicate an array item
			if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
			else parent[key] = [parent[key]];
			break;
		default: // truncate a string
			if (typeof parent[key] === 'string') parent[key] = parent[key].slice(0, Math.floor(r() * parent[key].length));
	}
}

function mutateText(r: Rand, text: string): string {
	const lines = text.split('\n');
	const i = Math.floor(r() * lines.length);
	switch (Math.floor(r() * 6)) {
		case 0:
			return text.slice(0, Math.floor(r() * text.length));
		case 1:
			lines.splice(i, 1);
			return lines.join('\n');
		case 2:
			lines.splice(i, 0, lines[i] ?? '');
			return lines.join('\n');
		case 3:
			lines[i] = (r() < 0.5 ? ' ' : '') + (lines[i] ?? '').slice(r() < 0.5 ? 1 : 0);
			return lines.join('\n');
		case 4: {
			const at = Math.floor(r() * text.length);
			return text.slice(0, at) + pick(r, [':', '-', '[', '{', '"', "'", '#', '&a', '*a', '\t', '|', '\n']) + text.slice(at);
		}
		default: {
			const a = Math.floor(r() * lines.length);
			[lines[i], lines[a]] = [lines[a], lines[i]];
			return lines.join('\n');
		}
	}
}

function checkProblems(problems: Problem[], positioned: boolean, context: string): void {
	for (const p of problems) {
		expect(typeof p.message === 'string' && p.message.length > 0, context).toBe(true);
		expect(['error', 'warning'], context).toContain(p.severity);
		expect(typeof p.path, context).toBe('string');
		if (positioned) {
			expect(p.line, `${context}: ${JSON.stringify(p)}`).toBeGreaterThanOrEqual(1);
			expect(p.col, `${context}: ${JSON.stringify(p)}`).toBeGreaterThanOrEqual(1);
		}
	}
}

function checkText(text: string, context: string): void {
	const { spec, problems } = parseSpec(text);
	checkProblems(problems, true, context);
	if (!problems.some((p) => p.severity === 'error')) expect(spec, context).not.toBeNull();
	if (spec) {
		const canonical = serializeSpec(spec);
		const again = parseSpec(canonical);
		expect(again.spec, `${context}\n${canonical}`).toEqual(spec);
		expect(serializeSpec(again.spec!), context).toBe(canonical);
		expect(graphToSpec(specToGraph(spec)), context).toEqual(spec);
	}
	try {
		const formatted = formatSpecText(text);
		expect(formatSpecText(formatted), `${context}\n${formatted}`).toBe(formatted);
	} catch (err) {
		if (!(err instanceof SpecSyntaxError)) throw err;
	}
}

describe('fuzz', () => {
	it(`value mutations (${ITERATIONS} seeds × ${BASES.length} specs)`, () => {
		for (let seed = FIRST_SEED; seed < FIRST_SEED + ITERATIONS; seed++) {
			BASES.forEach((base, b) => {
				const r = prng(seed * 1000 + b);
				const spec = parseSpec(base).spec as any;
				const rounds = 1 + Math.floor(r() * 3);
				for (let k = 0; k < rounds; k++) mutateValue(r, spec);
				const context = `value mutation, FUZZ_SEED=${seed} base=${b}`;
				checkProblems(validateSpec(spec), false, context);
				checkText(JSON.stringify(spec), `${context} (json)`);
				checkText(serializeSpec(spec), `${context} (yaml)`);
			});
		}
	}, 300_000);

	it(`text mutations (${ITERATIONS} seeds × ${BASES.length} specs)`, () => {
		for (let seed = FIRST_SEED; seed < FIRST_SEED + ITERATIONS; seed++) {
			BASES.forEach((base, b) => {
				const r = prng(seed * 7919 + b);
				let text = base;
				const rounds = 1 + Math.floor(r() * 3);
				for (let k = 0; k < rounds; k++) text = mutateText(r, text);
				checkText(text, `text mutation, FUZZ_SEED=${seed} base=${b}\n${text}`);
			});
		}
	}, 300_000);
});
