/**
 * Canonical YAML: fixed key order (schema order, from schema.ts), 2-space indent, block literals for
 * multi-line text, flow maps for edges and layout entries, flow lists for lists of scalars.
 * `formatSpecText` produces the same bytes plus the comments of the source.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { z } from 'zod';
import { commentsOf, emitYaml } from './emit.js';
import { childSchema, isPlainObject, objectSchemaFor, orderedKeys, schemaKind, shapeOf } from './introspect.js';
import { AgentSpecSchema, type AgentSpec } from './schema.js';
import { loadYaml } from './source.js';

/** A plain object with the spec's keys in canonical order (undefined values dropped). */
export function canonicalizeSpec<T = AgentSpec>(spec: T): T {
	const out = canonical(spec, AgentSpecSchema) as Record<string, unknown>;
	if (isPlainObject(out) && isPlainObject(out.layout) && Array.isArray(out.nodes)) {
		out.layout = orderLayout(out.layout, out.nodes);
	}
	return out as T;
}

function canonical(value: unknown, schema: z.ZodType | undefined): unknown {
	if (Array.isArray(value)) {
		const element = schema && childSchema(schema, value, 0);
		return value.map((v) => canonical(v, element));
	}
	if (!isPlainObject(value)) return value;
	const out: Record<string, unknown> = {};
	if (schema && schemaKind(schema) === 'record') {
		const valueSchema = childSchema(schema, value, '');
		for (const k of Object.keys(value)) if (value[k] !== undefined) out[k] = canonical(value[k], valueSchema);
		return out;
	}
	const objectSchema = schema && objectSchemaFor(schema, value);
	const shape = objectSchema ? shapeOf(objectSchema) : undefined;
	for (const k of orderedKeys(objectSchema, value)) {
		if (value[k] !== undefined) out[k] = canonical(value[k], shape?.[k]);
	}
	return out;
}

/** Layout entries follow the node order; entries for unknown ids keep their place at the end. */
function orderLayout(layout: Record<string, unknown>, nodes: unknown[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const n of nodes) {
		const id = isPlainObject(n) ? n.id : undefined;
		if (typeof id === 'string' && Object.hasOwn(layout, id)) out[id] = layout[id];
	}
	for (const [k, v] of Object.entries(layout)) if (!Object.hasOwn(out, k)) out[k] = v;
	return out;
}

/** Short records that read best on one line: `{ from: a, to: b }`, `{ x: 0, y: 120 }`. */
function flowMap(path: readonly (string | number)[]): boolean {
	return (path.length === 2 && (path[0] === 'edges' || path[0] === 'layout')) || path[path.length - 1] === 'turnDetection';
}

/** The canonical YAML text of a spec. Idempotent: serializeSpec(parse(serializeSpec(x))) is equal. */
export function serializeSpec(spec: AgentSpec | Record<string, unknown>): string {
	return emitYaml(canonicalizeSpec(spec), { flowMap });
}

/** Canonical JSON (same key order as the YAML), for JSON files and API responses. */
export function serializeSpecJson(spec: AgentSpec | Record<string, unknown>): string {
	return JSON.stringify(canonicalizeSpec(spec), null, 2) + '\n';
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
 * `# yaml-language-server: $schema=…` line included): the same bytes as serializeSpec, with the
 * source's comments carried over by path. Works on specs with schema errors too; throws
 * SpecSyntaxError when the text is not YAML.
 */
export function formatSpecText(text: string): string {
	const { doc, value, problems } = loadYaml(text);
	const error = problems.find((p) => p.severity === 'error');
	if (error) throw new SpecSyntaxError(error.message.replace(/^YAML: /, ''), error.line, error.col);
	if (!isPlainObject(value)) throw new SpecSyntaxError('a spec must be a YAML mapping', 1, 1);
	const { tree, header, footer } = commentsOf(doc);
	return emitYaml(canonicalizeSpec(value), { flowMap, comments: tree, header, footer });
}

/** sha256 (hex) of the canonical YAML; a string argument is taken to be canonical YAML already. */
export function specHash(spec: AgentSpec | string): string {
	const text = typeof spec === 'string' ? spec : serializeSpec(spec);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
