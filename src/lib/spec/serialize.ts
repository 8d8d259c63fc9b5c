/**
 * Canonical YAML: fixed key order (schema order, from schema.ts), 2-space indent, block literals for
 * multi-line text, flow maps for edges and layout entries, flow lists for lists of scalars.
 * `formatSpecText` produces the same bytes plus the comments of the source.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import {
	Document,
	isMap,
	isPair,
	isScalar,
	isSeq,
	Scalar,
	type Node,
	type ToStringOptions
} from 'yaml';
import { childSchema, isPlainObject, orderedKeys, schemaKind } from './introspect.js';
import { loadYaml } from './source.js';
import { AgentSpecSchema, type AgentSpec } from './schema.js';
import type { z } from 'zod';

const TO_STRING: ToStringOptions = {
	indent: 2,
	indentSeq: true,
	lineWidth: 0,
	minContentWidth: 0,
	blockQuote: 'literal',
	flowCollectionPadding: true
};

/** A plain object with the spec's keys in canonical order (undefined values dropped). */
export function canonicalizeSpec<T = AgentSpec>(spec: T): T {
	const out = canonical(spec, AgentSpecSchema) as Record<string, unknown>;
	if (isPlainObject(out) && isPlainObject(out.layout) && Array.isArray(out.nodes)) {
		out.layout = orderLayout(out.layout, out.nodes);
	}
	return out as T;
}

function canonical(value: unknown, schema: z.ZodType | undefined): unknown {
	if (Array.isArray(value)) return value.map((v, i) => canonical(v, schema && childSchema(schema, value, i)));
	if (!isPlainObject(value)) return value;
	const keys = schema && schemaKind(schema) !== 'record' ? orderedKeys(schema, value) : Object.keys(value);
	const out: Record<string, unknown> = {};
	for (const k of keys) {
		if (value[k] === undefined) continue;
		out[k] = canonical(value[k], schema && childSchema(schema, value, k));
	}
	return out;
}

/** Layout entries follow the node order; entries for unknown ids keep their place at the end. */
function orderLayout(layout: Record<string, unknown>, nodes: unknown[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const n of nodes) {
		const id = isPlainObject(n) ? n.id : undefined;
		if (typeof id === 'string' && id in layout) out[id] = layout[id];
	}
	for (const [k, v] of Object.entries(layout)) if (!(k in out)) out[k] = v;
	return out;
}

/** The canonical YAML text of a spec. Idempotent: serializeSpec(parse(serializeSpec(x))) is equal. */
export function serializeSpec(spec: AgentSpec | Record<string, unknown>): string {
	return canonicalDocument(spec).toString(TO_STRING);
}

/** Canonical JSON (same key order as the YAML), for JSON files and API responses. */
export function serializeSpecJson(spec: AgentSpec | Record<string, unknown>): string {
	return JSON.stringify(canonicalizeSpec(spec), null, 2) + '\n';
}

function canonicalDocument(spec: unknown): Document {
	const doc = new Document(canonicalizeSpec(spec), { version: '1.2' });
	styleNode(doc.contents as Node, []);
	return doc;
}

function styleNode(node: Node | null, path: (string | number)[]): void {
	if (isMap(node)) {
		if ((path.length === 2 && (path[0] === 'edges' || path[0] === 'layout')) || path[path.length - 1] === 'turnDetection') {
			node.flow = true;
		}
		for (const pair of node.items) {
			const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
			styleNode(pair.value as Node | null, [...path, key]);
		}
	} else if (isSeq(node)) {
		const scalars = node.items.every((i) => isScalar(i) && !(typeof i.value === 'string' && i.value.includes('\n')));
		if (scalars && node.items.length) node.flow = true;
		node.items.forEach((item, i) => styleNode(item as Node, [...path, i]));
	} else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n')) {
		node.type = Scalar.BLOCK_LITERAL;
	}
}

export class SpecSyntaxError extends Error {
	readonly code = 'yaml_syntax';
	constructor(
		message: string,
		readonly line: number,
		readonly col: number
	) {
		super(message);
		this.name = 'SpecSyntaxError';
	}
}

/**
 * Canonical formatting of spec text that keeps its comments (the leading
 * `# yaml-language-server: $schema=…` line included): the text is rebuilt exactly as
 * serializeSpec would write it, then comments are carried over by path. Works on specs with
 * schema errors too; throws SpecSyntaxError when the text is not YAML.
 */
export function formatSpecText(text: string): string {
	const { doc: source, value, problems } = loadYaml(text);
	const error = problems.find((p) => p.severity === 'error');
	if (error) throw new SpecSyntaxError(error.message.replace(/^YAML: /, ''), error.line, error.col);
	if (!isPlainObject(value)) throw new SpecSyntaxError('a spec must be a YAML mapping', 1, 1);
	const doc = canonicalDocument(value);
	doc.commentBefore = source.commentBefore;
	doc.comment = source.comment;
	copyComments(source.contents as Node | null, doc.contents as Node | null);
	// A blank line kept before a comment that ends up first in the document would not survive a
	// second pass; drop it so formatting stays idempotent.
	return doc.toString(TO_STRING).replace(/^\n+/, '');
}

type Commented = { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };

function takeComments(from: Node | null | undefined, to: Node | null | undefined): void {
	if (!from || !to) return;
	const f = from as Commented;
	const t = to as Commented;
	if (f.commentBefore) {
		t.commentBefore = f.commentBefore;
		t.spaceBefore = f.spaceBefore;
	}
	if (f.comment) t.comment = f.comment;
}

function copyComments(from: Node | null, to: Node | null): void {
	if (!from || !to) return;
	takeComments(from, to);
	if (isMap(from) && isMap(to)) {
		const targets = new Map<string, (typeof to.items)[number]>();
		for (const pair of to.items) targets.set(String(isScalar(pair.key) ? pair.key.value : pair.key), pair);
		for (const pair of from.items) {
			if (!isPair(pair)) continue;
			const target = targets.get(String(isScalar(pair.key) ? pair.key.value : pair.key));
			if (!target) continue;
			takeComments(pair.key as Node, target.key as Node);
			copyComments(pair.value as Node | null, target.value as Node | null);
		}
	} else if (isSeq(from) && isSeq(to)) {
		from.items.forEach((item, i) => copyComments(item as Node, to.items[i] as Node));
	}
}

/** sha256 (hex) of the canonical YAML; a string argument is taken to be canonical YAML already. */
export function specHash(spec: AgentSpec | string): string {
	const text = typeof spec === 'string' ? spec : serializeSpec(spec);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
