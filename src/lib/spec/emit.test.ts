import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commentsOf, emitYaml } from './emit.js';
import { prng } from './testing.js';
import { parseDocument } from 'yaml';

const ALPHABET = [
	'a', 'Z', '0', '9', ' ', '  ', '\n', '\n\n', '\t', ':', ': ', '#', ' #', '-', '- ', '?', ',', '[', ']', '{', '}',
	'"', "'", '\\', '|', '>', '&', '*', '!', '%', '@', '`', '~', '.', '+', 'e', 'null', 'true', 'No', '0x1F', '1e3',
	'.inf', '${secret:X}', '{{v}}', 'é', '🍕', '\u2028', '\u0085', '\u00a0', '\ufeff', '\u0000', '\u007f', '\r', '---', '...'
];

function randomString(r: () => number): string {
	let s = '';
	const n = Math.floor(r() * 8);
	for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
	return s;
}

describe('emitYaml', () => {
	it('writes any string so that YAML reads it back exactly, as value, list item and key', () => {
		const r = prng(42);
		for (let i = 0; i < 3000; i++) {
			const s = randomString(r);
			const value = { [s || 'k']: s, list: [s, 'x'], nested: { deeper: [{ text: s, n: 1 }] }, edges: [{ from: s, to: 'b' }] };
			const text = emitYaml(value, { flowMap: (p) => p[0] === 'edges' });
			expect(parse(text), JSON.stringify(s) + '\n' + text).toEqual(value);
			expect(emitYaml(parse(text), { flowMap: (p) => p[0] === 'edges' })).toBe(text);
		}
	});

	it('uses literal blocks for multi-line text with the right chomping and indentation', () => {
		const cases: Array<[string, string]> = [
			['a\nb\n', 't: |\n  a\n  b\n'],
			['a\nb', 't: |-\n  a\n  b\n'],
			['a\n\n\n', 't: |+\n  a\n\n\n'],
			['  indented\nx\n', 't: |2\n    indented\n  x\n'],
			['trailing space \nx', 't: "trailing space \\nx"\n']
		];
		for (const [value, expected] of cases) {
			expect(emitYaml({ t: value })).toBe(expected);
			expect(parse(expected)).toEqual({ t: value });
		}
	});

	it('quotes what would read as another type', () => {
		expect(emitYaml({ a: 'true', b: '12', c: 'null', d: '', e: '-1', f: '.5', g: 'x: y', h: '-y', i: '+1555' })).toBe(
			'a: "true"\nb: "12"\nc: "null"\nd: ""\ne: "-1"\nf: ".5"\ng: "x: y"\nh: -y\ni: "+1555"\n'
		);
	});

	it('carries comments over by path, idempotently', () => {
		const source = '# head\na: 1 # one\n# before b\nb:\n  # inside\n  - x # ex\n  - { k: v } # flow\nc: |\n  text\n# tail\n';
		const doc = parseDocument(source);
		const { tree, header, footer } = commentsOf(doc);
		const out = emitYaml(doc.toJS(), { comments: tree, header, footer });
		for (const c of ['# head', '# one', '# before b', '# inside', '# ex', '# flow', '# tail']) expect(out).toContain(c);
		const again = parseDocument(out);
		const c2 = commentsOf(again);
		expect(emitYaml(again.toJS(), { comments: c2.tree, header: c2.header, footer: c2.footer })).toBe(out);
	});
});
