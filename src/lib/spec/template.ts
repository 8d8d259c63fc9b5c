/** `{{name}}` placeholders in prompt text, and the variables that fill them. */
import type { AgentSpec, VariableValue } from './schema.js';

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ANY_BRACES_RE = /\{\{([^{}]*)\}\}/g;

export interface PlaceholderUse {
	name: string;
	/** Offset of `{{` in the text, and the length of the whole placeholder. */
	offset: number;
	length: number;
}

export function placeholders(text: string): PlaceholderUse[] {
	const out: PlaceholderUse[] = [];
	for (const m of text.matchAll(PLACEHOLDER_RE)) out.push({ name: m[1], offset: m.index, length: m[0].length });
	return out;
}

/** `{{…}}` that are not valid placeholders (e.g. `{{first name}}`), to warn about. */
export function malformedPlaceholders(text: string): PlaceholderUse[] {
	const out: PlaceholderUse[] = [];
	for (const m of text.matchAll(ANY_BRACES_RE)) {
		if (!/^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/.test(m[1])) out.push({ name: m[1], offset: m.index, length: m[0].length });
	}
	return out;
}

/** Variable names used by a text, unique, in order of first use. */
export function templateVariables(text: string): string[] {
	return [...new Set(placeholders(text).map((p) => p.name))];
}

export class MissingVariablesError extends Error {
	readonly code = 'missing_variables';
	constructor(readonly missing: string[]) {
		super(`missing required variable${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
		this.name = 'MissingVariablesError';
	}
}

export type Variables = Record<string, string>;

function stringify(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value);
}

/** Fills every placeholder; throws MissingVariablesError naming all the variables it lacks. */
export function renderTemplate(text: string, vars: Record<string, VariableValue | undefined>): string {
	const missing = templateVariables(text).filter((name) => stringify(vars[name]) === undefined);
	if (missing.length) throw new MissingVariablesError(missing);
	return text.replace(PLACEHOLDER_RE, (_, name: string) => stringify(vars[name]) as string);
}

/**
 * Spec defaults overridden by dispatch variables, as strings. `required` names (the spec's
 * `inputs`) must end up with a value, or MissingVariablesError lists every missing one.
 */
export function mergeVariables(
	specDefaults: Record<string, VariableValue> | undefined,
	dispatchVars: Record<string, unknown> | undefined,
	required: readonly string[] = []
): Variables {
	const merged: Variables = {};
	for (const [k, v] of Object.entries(specDefaults ?? {})) {
		const s = stringify(v);
		if (s !== undefined) merged[k] = s;
	}
	for (const [k, v] of Object.entries(dispatchVars ?? {})) {
		const s = stringify(v);
		if (s !== undefined) merged[k] = s;
	}
	const missing = required.filter((name) => merged[name] === undefined);
	if (missing.length) throw new MissingVariablesError(missing);
	return merged;
}

/** Variables for a session of `spec`: its defaults, the dispatch values, and its required inputs. */
export function resolveVariables(spec: AgentSpec, dispatchVars?: Record<string, unknown>): Variables {
	return mergeVariables(spec.variables, dispatchVars, (spec.inputs ?? []).map((i) => i.name));
}

export interface RenderedPrompts {
	instructions: string;
	greeting?: string;
}

/** The instructions and greeting of a spec with variables filled in (throws on missing ones). */
export function renderPrompts(spec: AgentSpec, dispatchVars?: Record<string, unknown>): RenderedPrompts {
	const vars = resolveVariables(spec, dispatchVars);
	const missing = new Set<string>();
	const render = (text: string) => {
		try {
			return renderTemplate(text, vars);
		} catch (err) {
			if (err instanceof MissingVariablesError) err.missing.forEach((m) => missing.add(m));
			else throw err;
			return '';
		}
	};
	let instructions = '';
	let greeting: string | undefined;
	for (const node of spec.nodes) {
		if (node.type !== 'prompt') continue;
		if (node.role === 'instructions') instructions = render(node.text);
		else if (node.role === 'greeting') greeting = render(node.text);
	}
	if (missing.size) throw new MissingVariablesError([...missing]);
	return greeting === undefined ? { instructions } : { instructions, greeting };
}
