import { describe, expect, it } from 'vitest';
import { findSecretRefs, looksLikeKey, resolveRefs, UnresolvedRefsError } from './refs.js';
import {
	mergeVariables,
	MissingVariablesError,
	renderPrompts,
	renderTemplate,
	resolveVariables,
	templateVariables
} from './template.js';
import { edited, pipeline } from './testing.js';

describe('templates', () => {
	it('lists placeholders once, in order, tolerating spaces', () => {
		expect(templateVariables('{{a}} {{ b }} {{a}} {{not valid}} {{c_1}}')).toEqual(['a', 'b', 'c_1']);
	});

	it('renders and throws a typed error listing every missing variable', () => {
		expect(renderTemplate('Hi {{ name }}, {{n}} items', { name: 'Ann', n: 3 })).toBe('Hi Ann, 3 items');
		expect(renderTemplate('{{x}}', { x: '' })).toBe('');
		try {
			renderTemplate('{{a}} {{b}} {{c}}', { b: 'ok' });
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(MissingVariablesError);
			expect((err as MissingVariablesError).missing).toEqual(['a', 'c']);
			expect((err as Error).message).toBe('missing required variables: a, c');
		}
	});

	it('merges defaults with dispatch values and checks required inputs', () => {
		expect(mergeVariables({ shop: 'Luigi', n: 1 }, { shop: 'Mario', flag: true, skip: null })).toEqual({ shop: 'Mario', n: '1', flag: 'true' });
		expect(() => mergeVariables({}, { a: 1 }, ['a', 'b'])).toThrow(new MissingVariablesError(['b']));
	});

	it('renders the prompts of a spec for a session', () => {
		expect(renderPrompts(pipeline())).toEqual({
			instructions: "You take pizza orders for Luigi's. Be brief.\n",
			greeting: "Hi, this is Luigi's. What can I get you?"
		});
		const spec = edited(pipeline(), (s) => {
			s.inputs = [{ name: 'caller' }];
			s.nodes[4].text = 'Hi {{caller}}';
		});
		expect(() => resolveVariables(spec, {})).toThrow(MissingVariablesError);
		expect(renderPrompts(spec, { caller: 'Bo' }).greeting).toBe('Hi Bo');
	});
});

describe('secret references', () => {
	const value = { headers: { Authorization: 'Bearer ${secret:TOKEN}', 'X-Env': '${env:HOME_DIR}' }, args: ['${secret:TOKEN}'] };

	it('finds references deeply with their paths', () => {
		expect(findSecretRefs(value)).toEqual([
			{ kind: 'secret', name: 'TOKEN', path: 'headers.Authorization' },
			{ kind: 'env', name: 'HOME_DIR', path: 'headers.X-Env' },
			{ kind: 'secret', name: 'TOKEN', path: 'args[0]' }
		]);
	});

	it('resolves references without touching the input', () => {
		const out = resolveRefs(value, { secret: (n) => (n === 'TOKEN' ? 't0k' : undefined), env: () => '/home' });
		expect(out).toEqual({ headers: { Authorization: 'Bearer t0k', 'X-Env': '/home' }, args: ['t0k'] });
		expect(value.headers.Authorization).toBe('Bearer ${secret:TOKEN}');
	});

	it('throws naming every unresolved reference', () => {
		try {
			resolveRefs(value, {});
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(UnresolvedRefsError);
			expect((err as UnresolvedRefsError).missing).toEqual([
				{ kind: 'secret', name: 'TOKEN' },
				{ kind: 'env', name: 'HOME_DIR' }
			]);
		}
	});

	it('recognises key-looking literals but not references or ordinary values', () => {
		expect(looksLikeKey('sk-proj-0123456789abcdef')).toBeDefined();
		expect(looksLikeKey('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc')).toBeDefined();
		expect(looksLikeKey('0123456789abcdef0123456789abcdef', 'X-Api-Key')).toBeDefined();
		expect(looksLikeKey('0123456789abcdef0123456789abcdef', 'X-Request-Id')).toBeUndefined();
		expect(looksLikeKey('Bearer ${secret:TOKEN}', 'Authorization')).toBeUndefined();
		expect(looksLikeKey('application/json', 'Accept')).toBeUndefined();
		expect(looksLikeKey('risk-assessment-tool')).toBeUndefined();
	});
});
