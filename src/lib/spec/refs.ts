/**
 * `${secret:NAME}` / `${env:NAME}` references: detection, resolution and the "looks like a key" check.
 * Secrets never live in a spec; these helpers let the server and the runtime resolve them late.
 */

export type RefKind = 'secret' | 'env';
export interface SecretRef {
	kind: RefKind;
	name: string;
	/** Dotted path of the string that holds the reference, relative to the searched value. */
	path: string;
}

const REF_NAME = '[A-Za-z_][A-Za-z0-9_]*';
export const PURE_REF_RE = new RegExp(`^\\$\\{(secret|env):${REF_NAME}\\}$`);
const REF_RE = new RegExp(`\\$\\{(secret|env):(${REF_NAME})\\}`, 'g');
/** Any `${...}` at all, to catch malformed references such as `${secrets:X}` or `${secret:}`. */
const ANY_INTERPOLATION_RE = /\$\{([^}]*)\}/g;

export function isHttpUrlOrRef(value: string): boolean {
	if (value.includes('${')) return true; // resolved at runtime, e.g. ${env:OPENAI_BASE_URL}
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

export function refsInString(text: string): Array<{ kind: RefKind; name: string }> {
	const out: Array<{ kind: RefKind; name: string }> = [];
	for (const m of text.matchAll(REF_RE)) out.push({ kind: m[1] as RefKind, name: m[2] });
	return out;
}

/** `${...}` fragments that are not valid secret/env references. */
export function malformedRefs(text: string): string[] {
	if (!text.includes('${')) return [];
	const bad: string[] = [];
	for (const m of text.matchAll(ANY_INTERPOLATION_RE)) {
		if (!PURE_REF_RE.test(m[0])) bad.push(m[0]);
	}
	return bad;
}

/** Every reference in a value (strings, arrays and objects, deeply). */
export function findSecretRefs(value: unknown, path = ''): SecretRef[] {
	const out: SecretRef[] = [];
	walkStrings(value, path, (text, at) => {
		for (const ref of refsInString(text)) out.push({ ...ref, path: at });
	});
	return out;
}

export interface RefResolvers {
	secret?: (name: string) => string | undefined;
	env?: (name: string) => string | undefined;
}

export class UnresolvedRefsError extends Error {
	readonly code = 'unresolved_refs';
	constructor(readonly missing: Array<{ kind: RefKind; name: string }>) {
		super(
			`unresolved reference${missing.length === 1 ? '' : 's'}: ` +
				missing.map((m) => `\${${m.kind}:${m.name}}`).join(', ')
		);
		this.name = 'UnresolvedRefsError';
	}
}

/**
 * A deep copy of `value` with every reference replaced by its resolved value.
 * Throws UnresolvedRefsError naming every reference that no resolver could supply.
 */
export function resolveRefs<T>(value: T, resolvers: RefResolvers): T {
	const missing = new Map<string, { kind: RefKind; name: string }>();
	const resolveString = (text: string) =>
		text.replace(REF_RE, (whole, kind: RefKind, name: string) => {
			const resolved = resolvers[kind]?.(name);
			if (resolved === undefined) {
				missing.set(`${kind}:${name}`, { kind, name });
				return whole;
			}
			return resolved;
		});
	const result = mapStrings(value, resolveString) as T;
	if (missing.size) throw new UnresolvedRefsError([...missing.values()]);
	return result;
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
	if (typeof value === 'string') return f(value);
	if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
		return out;
	}
	return value;
}

function walkStrings(value: unknown, path: string, visit: (text: string, path: string) => void): void {
	if (typeof value === 'string') visit(value, path);
	else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${path}[${i}]`, visit));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) walkStrings(v, path ? `${path}.${k}` : k, visit);
	}
}

const KEY_PATTERNS: Array<[RegExp, string]> = [
	[/\bsk-[A-Za-z0-9_-]{10,}/, 'an OpenAI-style key (sk-…)'],
	[/\bsk_(live|test)_[A-Za-z0-9]{10,}/, 'a Stripe-style key'],
	[/\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, 'a GitHub token'],
	[/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
	[/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
	[/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key'],
	[/\bAIza[0-9A-Za-z_-]{30,}/, 'a Google API key'],
	[/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JWT'],
	[/^\s*(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{16,}\s*$/i, 'a literal bearer token']
];

const SECRETISH_HEADER_RE = /(auth|token|key|secret|password|cookie|session)/i;

/**
 * Why a literal looks like a credential, or undefined. References are removed first, so
 * `Bearer ${secret:X}` is fine. `name` (a header or env name) makes long opaque values suspicious.
 */
export function looksLikeKey(value: string, name?: string): string | undefined {
	const literal = value.replace(ANY_INTERPOLATION_RE, '');
	for (const [re, what] of KEY_PATTERNS) if (re.test(literal)) return what;
	if (name && SECRETISH_HEADER_RE.test(name) && /^[A-Za-z0-9._~+/=-]{24,}$/.test(literal.trim())) {
		return `a literal credential in \`${name}\``;
	}
	return undefined;
}
