/**
 * Reading the zod schema as data: which object schema applies to a value, which keys it allows and
 * in what order. The unknown-field check, the canonical serializer and the formatter all use this,
 * so the key order and the allowed keys are written once, in schema.ts.
 */
import type { z } from 'zod';
import { EXTENSION_KEY_PREFIX } from './constants.js';
import { isClosedObject } from './schema.js';
import { didYouMean, type PathSegment, type RawProblem } from './problems.js';

type AnySchema = z.ZodType;
interface Def {
	type: string;
	innerType?: AnySchema;
	shape?: Record<string, AnySchema>;
	element?: AnySchema;
	valueType?: AnySchema;
	options?: AnySchema[];
	discriminator?: string;
	values?: unknown[];
}

const def = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'readonly', 'nonoptional', 'catch', 'prefault']);

export function unwrap(schema: AnySchema): AnySchema {
	let s = schema;
	for (let d = def(s); WRAPPERS.has(d.type) && d.innerType; d = def(s)) s = d.innerType;
	return s;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The literal values an option of a discriminated union accepts for `key` (nested unions included). */
function discriminatorValues(schema: AnySchema, key: string): unknown[] {
	const d = def(unwrap(schema));
	if (d.type === 'object') {
		const field = d.shape?.[key];
		return field ? (def(unwrap(field)).values ?? []) : [];
	}
	if (d.type === 'union') return (d.options ?? []).flatMap((o) => discriminatorValues(o, key));
	return [];
}

const optionCache = new WeakMap<object, Map<unknown, AnySchema>>();

/** The object schema that applies to `value` (resolving discriminated unions), if any. */
export function objectSchemaFor(schema: AnySchema, value: unknown): AnySchema | undefined {
	const s = unwrap(schema);
	const d = def(s);
	if (d.type === 'object') return s;
	if (d.type === 'union' && d.discriminator && isPlainObject(value)) {
		let byValue = optionCache.get(s);
		if (!byValue) {
			byValue = new Map();
			for (const option of d.options ?? []) {
				for (const v of discriminatorValues(option, d.discriminator)) byValue.set(v, option);
			}
			optionCache.set(s, byValue);
		}
		const option = byValue.get(value[d.discriminator]);
		return option ? objectSchemaFor(option, value) : undefined;
	}
	return undefined;
}

export function shapeKeys(objectSchema: AnySchema): string[] {
	return Object.keys(def(objectSchema).shape ?? {});
}

export function shapeOf(objectSchema: AnySchema): Record<string, AnySchema> {
	return def(objectSchema).shape ?? {};
}

/** The schema for `value[key]` (objects, records and arrays), or undefined when unknown. */
export function childSchema(schema: AnySchema, value: unknown, key: PathSegment): AnySchema | undefined {
	const s = unwrap(schema);
	const d = def(s);
	if (d.type === 'array') return d.element;
	if (d.type === 'record') return d.valueType;
	const obj = objectSchemaFor(s, value);
	return obj ? def(obj).shape?.[String(key)] : undefined;
}

export function schemaKind(schema: AnySchema): string {
	return def(unwrap(schema)).type;
}

const keyOrderCache = new WeakMap<object, { known: string[]; knownSet: Set<string> }>();

/** Keys in canonical order: schema order first, then extra keys (x- extensions) as written. */
export function orderedKeys(schema: AnySchema | undefined, value: Record<string, unknown>): string[] {
	const keys = Object.keys(value);
	const obj = schema && objectSchemaFor(schema, value);
	if (!obj) return keys;
	let order = keyOrderCache.get(obj);
	if (!order) {
		const known = shapeKeys(obj);
		order = { known, knownSet: new Set(known) };
		keyOrderCache.set(obj, order);
	}
	const out: string[] = [];
	for (const k of order.known) if (Object.hasOwn(value, k)) out.push(k);
	for (const k of keys) if (!order.knownSet.has(k)) out.push(k);
	return out;
}

/** Unknown fields (anything not in the schema that does not start with `x-`), with hints. */
export function findUnknownKeys(
	schema: AnySchema,
	value: unknown,
	path: PathSegment[] = [],
	out: RawProblem[] = []
): RawProblem[] {
	const s = unwrap(schema);
	const d = def(s);
	if (d.type === 'array') {
		if (Array.isArray(value) && d.element) {
			for (let i = 0; i < value.length; i++) findUnknownKeys(d.element, value[i], [...path, i], out);
		}
		return out;
	}
	if (!isPlainObject(value)) return out;
	if (d.type === 'record') {
		if (d.valueType) for (const k of Object.keys(value)) findUnknownKeys(d.valueType, value[k], [...path, k], out);
		return out;
	}
	const obj = objectSchemaFor(s, value);
	if (!obj) return out;
	const shape = def(obj).shape ?? {};
	const allowed = Object.keys(shape);
	for (const key of Object.keys(value)) {
		const field = shape[key];
		if (field) findUnknownKeys(field, value[key], [...path, key], out);
		else if (isClosedObject(obj) && !key.startsWith(EXTENSION_KEY_PREFIX)) {
			const guess = didYouMean(key, allowed);
			const elsewhere = otherVariantsWith(s, value, key);
			out.push({
				path: [...path, key],
				atKey: true,
				severity: 'error',
				code: 'unknown_field',
				message:
					`unknown field \`${key}\`` +
					(elsewhere
						? ` for ${elsewhere.here}: it is an option of ${elsewhere.there.join(', ')}`
						: (guess ? ` (did you mean \`${guess}\`?)` : `; allowed: ${allowed.join(', ')}`) +
							'; custom fields must start with `x-`')
			});
		}
	}
	return out;
}

/** Leaf object schemas of a (nested) discriminated union. */
function leaves(schema: AnySchema): AnySchema[] {
	const d = def(unwrap(schema));
	if (d.type === 'object') return [unwrap(schema)];
	if (d.type === 'union') return (d.options ?? []).flatMap(leaves);
	return [];
}

/**
 * For a field that another variant of the same union accepts — `speed` on an elevenlabs tts node
 * is an openai tts option — name that variant: "it is an option of provider `openai`".
 */
function otherVariantsWith(
	union: AnySchema,
	value: Record<string, unknown>,
	key: string
): { here: string; there: string[] } | undefined {
	const d = def(union);
	if (d.type !== 'union' || !d.discriminator) return undefined;
	const outer = d.discriminator;
	const inner = (value.provider !== undefined ? 'provider' : undefined) as string | undefined;
	if (!inner) return undefined;
	const there = leaves(union)
		.filter((leaf) => {
			const shape = def(leaf).shape ?? {};
			return (
				shape[key] !== undefined &&
				discriminatorValues(leaf, outer).includes(value[outer]) &&
				!discriminatorValues(leaf, inner).includes(value[inner])
			);
		})
		.flatMap((leaf) => discriminatorValues(leaf, inner).map((v) => `provider \`${String(v)}\``));
	return there.length ? { here: `${String(value[outer])} provider \`${String(value[inner])}\``, there } : undefined;
}
