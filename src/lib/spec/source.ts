/** Mapping a JSON path back to a line and column in the YAML source. */
import {
	isAlias,
	isMap,
	isPair,
	isScalar,
	isSeq,
	LineCounter,
	parseDocument,
	type Document,
	type Node,
	type Pair,
	type YAMLError
} from 'yaml';
import type { PathSegment, Problem } from './problems.js';

export interface LoadedYaml {
	doc: Document;
	lines: LineCounter;
	/** The plain value, when the text is YAML without errors. */
	value?: unknown;
	/** YAML errors and warnings, positioned. */
	problems: Problem[];
}

/** Aliases may expand to at most this many nodes each (guards against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Parse YAML text (JSON included) keeping positions; never throws. */
export function loadYaml(text: string): LoadedYaml {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
	const problems: Problem[] = [];
	const add = (e: YAMLError, severity: Problem['severity']) =>
		problems.push({
			path: '',
			message: `YAML: ${e.message.split('\n')[0].trim()}`,
			...spanOf(lines, e.pos[0], e.pos[1]),
			severity,
			code: 'yaml_syntax'
		});
	doc.errors.forEach((e) => add(e, 'error'));
	doc.warnings.forEach((e) => add(e, 'warning'));
	if (doc.errors.length) return { doc, lines, problems };
	try {
		return { doc, lines, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems };
	} catch (err) {
		// Unresolved or excessive aliases surface only when converting.
		problems.push({
			path: '',
			message: `YAML: ${String((err as Error).message ?? err).split('\n')[0]}`,
			line: 1,
			col: 1,
			severity: 'error',
			code: 'yaml_syntax'
		});
		return { doc, lines, problems };
	}
}

export interface Span {
	line: number;
	col: number;
	endLine: number;
	endCol: number;
}

export interface Locator {
	locate(path: readonly PathSegment[], opts?: { atKey?: boolean; valueOffset?: number; valueLength?: number }): Span;
}

export function spanOf(lines: LineCounter, start: number, end: number): Span {
	const a = lines.linePos(start);
	const b = lines.linePos(Math.max(start, end));
	return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

export function sourceLocator(doc: Document, lines: LineCounter, source: string): Locator {
	return {
		locate(path, opts = {}) {
			let node: Node | null | undefined = doc.contents as Node | null;
			let keyNode: Node | undefined;
			let complete = true;
			for (const seg of path) {
				if (isAlias(node)) {
					complete = false;
					break;
				}
				if (isMap(node)) {
					const pair: Pair | undefined = node.items.find(
						(p: Pair) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(seg)
					);
					if (!pair) {
						complete = false;
						break;
					}
					keyNode = pair.key as Node;
					node = (pair.value as Node | null) ?? undefined;
					if (!node) {
						// `key:` with no value: point at the key.
						node = keyNode;
						keyNode = undefined;
					}
				} else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
					keyNode = undefined;
					node = node.items[seg] as Node;
				} else {
					complete = false;
					break;
				}
			}
			const target = complete && opts.atKey && keyNode ? keyNode : node;
			const range = target?.range ?? [0, 0, 0];
			if (complete && !opts.atKey && opts.valueOffset !== undefined && isScalar(target)) {
				const inner = offsetInScalar(target, source, opts.valueOffset, opts.valueLength ?? 1);
				if (inner !== undefined) return spanOf(lines, inner, inner + (opts.valueLength ?? 1));
			}
			return spanOf(lines, range[0], range[1]);
		}
	};
}

/**
 * Source offset of a substring of a scalar's value (e.g. a {{placeholder}} in a block of text):
 * the n-th occurrence in the value is taken to be the n-th occurrence in the scalar's source text,
 * which holds for the placeholder and reference syntax (no escapes, no line folding inside).
 */
function offsetInScalar(node: Node, source: string, offset: number, length: number): number | undefined {
	const value = String((node as { value: unknown }).value);
	const needle = value.slice(offset, offset + length);
	if (!needle || needle.includes('\n')) return undefined;
	let occurrence = 0;
	for (let i = value.indexOf(needle); i !== -1 && i < offset; i = value.indexOf(needle, i + 1)) occurrence++;
	const [start, end] = node.range ?? [0, 0];
	const raw = source.slice(start, end);
	let at = -1;
	for (let k = 0; k <= occurrence; k++) {
		at = raw.indexOf(needle, at + 1);
		if (at === -1) return undefined;
	}
	return start + at;
}
