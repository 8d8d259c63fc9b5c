import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYamlFast } from './parse.js';
import { loadYaml } from './source.js';
import { PIPELINE_YAML, REALTIME_YAML, prng } from './testing.js';

const examples = [
	PIPELINE_YAML,
	REALTIME_YAML,
	...readdirSync('agent-specs').map((f) => readFileSync(`agent-specs/${f}`, 'utf8'))
];

// Scalars on which YAML versions and libraries are known to disagree.
const TRICKY = ['yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', '0x1F', '0o17', '017', '1e3',
	'1_000', '.inf', '-.Inf', '.nan', '2024-01-02', '12:30:00', '+12', '0.', '"quoted"', "'single'", '""', '|', '>-', '{}', '[]', '- x', 'a: b', '#c', ' #c', '@x', '`x`', '%x', '? x', '=', '<<'];

function mutate(text: string, rand: () => number): string {
	const lines = text.split('\n');
	const i = Math.floor(rand() * lines.length);
	const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
	switch (Math.floor(rand() * 6)) {
		case 0:
			lines[i] = lines[i].replace(/:\s.*$/, `: ${pick(TRICKY)}`);
			break;
		case 1:
			lines.splice(i, 0, lines[i]);
			break;
		case 2:
			lines[i] = lines[i].slice(0, Math.floor(rand() * lines[i].length));
			break;
		case 3:
			lines[i] = ' '.repeat(Math.floor(rand() * 3)) + lines[i];
			break;
		case 4:
			lines[i] = lines[i] + ` ${pick(TRICKY)}`;
			break;
		default:
			lines.splice(i, 1);
	}
	return lines.join('\n');
}

describe('the js-yaml fast path agrees with the positioned parser', () => {
	it('on every example and on thousands of mutations of them', () => {
		const rand = prng(20261125);
		let compared = 0;
		for (const example of examples) {
			for (let n = 0; n < 300; n++) {
				let text = example;
				const edits = 1 + Math.floor(rand() * 3);
				for (let e = 0; e < edits; e++) text = mutate(text, rand);
				for (const candidate of n === 0 ? [example, text] : [text]) {
					const fast = parseYamlFast(candidate);
					if (fast === undefined) continue;
					const slow = loadYaml(candidate);
					// Whatever the fast path accepts, the positioned parser must accept with the same value.
					expect(slow.problems.filter((p) => p.severity === 'error'), candidate).toEqual([]);
					expect(fast, candidate).toEqual(slow.value);
					compared++;
				}
			}
		}
		expect(compared).toBeGreaterThan(examples.length * 100);
	});

	it('reads each tricky scalar exactly as the positioned parser does', () => {
		let compared = 0;
		for (const scalar of TRICKY) {
			for (const text of [`k: ${scalar}\n`, `k:\n  - ${scalar}\n`, `k: { v: ${scalar} }\n`]) {
				const fast = parseYamlFast(text);
				if (fast === undefined) continue;
				expect(fast, text).toEqual(loadYaml(text).value);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(TRICKY.length);
	});

	it('leaves anchors, aliases, tags and several documents to the positioned parser', () => {
		expect(parseYamlFast('a: &x 1\nb: *x\n')).toBeUndefined();
		expect(parseYamlFast('a: !!str 1\n')).toBeUndefined();
		expect(parseYamlFast('a: 1\n---\nb: 2\n')).toBeUndefined();
		expect(parseYamlFast('a: 1\na: 2\n')).toBeUndefined(); // duplicate keys: reported with a position
		expect(parseYamlFast('a:\n\t- 1\n')).toBeUndefined();
		expect(parseYamlFast('a: [1, 2]\nb: "*not an alias*"\n')).toEqual({ a: [1, 2], b: '*not an alias*' });
	});
});
