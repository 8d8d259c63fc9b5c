import { describe, expect, it } from 'vitest';
import { parseSpec, validateSpec } from './parse.js';
import { PIPELINE_YAML, REALTIME_YAML, pipeline } from './testing.js';
import { serializeSpecJson } from './serialize.js';

const errorsOf = (text: string) => parseSpec(text).problems.filter((p) => p.severity === 'error');
const one = (text: string, code?: string) => {
	const errors = errorsOf(text).filter((p) => !code || p.code === code);
	expect(errors, JSON.stringify(errorsOf(text), null, 2)).toHaveLength(1);
	return errors[0];
};

describe('parseSpec', () => {
	it('accepts both examples of spec-format.md unchanged', () => {
		for (const text of [PIPELINE_YAML, REALTIME_YAML]) {
			const { spec, problems } = parseSpec(text);
			expect(problems).toEqual([]);
			expect(spec?.apiVersion).toBe('voice-agent-studio/v1');
		}
	});

	it('accepts JSON (JSON is YAML)', () => {
		const { spec, problems } = parseSpec(serializeSpecJson(pipeline()));
		expect(problems).toEqual([]);
		expect(spec).toEqual(pipeline());
	});

	it('reports YAML syntax errors with a position and no spec', () => {
		const { spec, problems } = parseSpec('apiVersion: voice-agent-studio/v1\nnodes: [\n  - a\n');
		expect(spec).toBeNull();
		expect(problems.length).toBeGreaterThan(0);
		expect(problems[0]).toMatchObject({ code: 'yaml_syntax', severity: 'error', path: '' });
		expect(problems[0].line).toBeGreaterThanOrEqual(2);
	});

	it('rejects duplicate keys as a YAML error', () => {
		const p = one(PIPELINE_YAML.replace('kind: Agent\n', 'kind: Agent\nkind: Agent\n'));
		expect(p).toMatchObject({ code: 'yaml_syntax', line: 4 });
	});

	it('rejects a document that is not a mapping', () => {
		for (const text of ['', '- a', 'just text']) {
			const { spec, problems } = parseSpec(text);
			expect(spec).toBeNull();
			expect(problems).toMatchObject([{ code: 'not_an_object', line: 1, col: 1 }]);
		}
	});

	it('names the supported apiVersion and kind', () => {
		const v = one(PIPELINE_YAML.replace('voice-agent-studio/v1', 'voice-agent-studio/v2'), 'api_version');
		expect(v).toMatchObject({ path: 'apiVersion', line: 2, col: 13 });
		expect(v.message).toContain('voice-agent-studio/v1');
		const k = one(PIPELINE_YAML.replace('kind: Agent', 'kind: Team'), 'kind');
		expect(k.message).toContain('`Agent`');
	});

	it('reports an unknown field at its key with a did-you-mean hint', () => {
		const p = one(PIPELINE_YAML.replace('    model: gpt-4o-mini', '    modle: gpt-4o-mini'), 'unknown_field');
		expect(p).toMatchObject({ path: 'nodes[1].modle', line: 18, col: 5, nodeId: 'brain' });
		expect(p.message).toContain('did you mean `model`?');
	});

	it('accepts x- extension fields anywhere and keeps them', () => {
		const text = PIPELINE_YAML.replace('kind: Agent\n', 'kind: Agent\nx-owner: team-voice\n').replace(
			'    model: nova-3\n',
			'    model: nova-3\n    x-note: keep me\n'
		);
		const { spec, problems } = parseSpec(text);
		expect(problems).toEqual([]);
		expect((spec as any)['x-owner']).toBe('team-voice');
		expect((spec!.nodes[0] as any)['x-note']).toBe('keep me');
	});

	it('reports every problem at once, in source order', () => {
		const text = PIPELINE_YAML.replace('model: nova-3', 'modle: nova-3')
			.replace('temperature: 0.6', 'temperature: 3')
			.replace('provider: elevenlabs', 'provider: elevenlab')
			.replace('{ from: brain, to: mouth }', '{ from: brain, to: mouht }');
		const errors = errorsOf(text);
		expect(errors.map((e) => e.code)).toEqual(['unknown_field', 'out_of_range', 'unknown_provider', 'edge_unknown_node']);
		expect(errors.map((e) => e.line)).toEqual([13, 19, 23, 47]);
		expect(errors[2].message).toContain('did you mean `elevenlabs`?');
		expect(errors[3].message).toContain('did you mean `mouth`?');
	});

	it('explains wrong types and ranges in words', () => {
		const t = one(PIPELINE_YAML.replace('temperature: 0.6', 'temperature: hot'));
		expect(t).toMatchObject({ code: 'invalid_type', path: 'nodes[1].temperature' });
		expect(t.message).toBe('`temperature` must be a number, not a string ("hot")');
		const r = one(PIPELINE_YAML.replace('temperature: 0.6', 'temperature: -1'));
		expect(r.message).toBe('`temperature` must be ≥ 0, not -1');
	});

	it('reports a missing required field at its parent', () => {
		const p = one(PIPELINE_YAML.replace('    model: gpt-4o-mini\n', ''), 'required');
		expect(p).toMatchObject({ path: 'nodes[1].model', line: 15, col: 5, nodeId: 'brain' });
		expect(p.message).toBe('missing required field `model`');
	});

	it('suggests the node type and lists the supported ones', () => {
		const p = one(PIPELINE_YAML.replace('type: stt', 'type: sst'), 'unknown_node_type');
		expect(p).toMatchObject({ path: 'nodes[0].type', line: 11, col: 11 });
		expect(p.message).toContain('did you mean `stt`?');
		expect(p.message).toContain('`realtime`');
	});

	it('still runs graph rules on the valid parts of a broken spec', () => {
		const text = PIPELINE_YAML.replace('temperature: 0.6', 'temperature: 9').replace('  - { from: hello, to: brain }\n', '');
		const codes = errorsOf(text).map((p) => p.code);
		expect(codes).toContain('out_of_range');
		expect(parseSpec(text).spec).toBeNull();
		// hello is not connected, but with the llm node broken there is no model node to blame it on.
		expect(codes).not.toContain('shape');
	});

	it('returns the typed spec when only graph rules fail', () => {
		const { spec, problems } = parseSpec(PIPELINE_YAML.replace('  - { from: hello, to: brain }\n', ''));
		expect(spec).not.toBeNull();
		expect(problems.map((p) => p.code)).toEqual(['not_connected']);
	});

	it('points into prompt text at the undeclared placeholder', () => {
		const problems = errorsOf(PIPELINE_YAML.replace("  shop: Luigi's", "  store: Luigi's"));
		expect(problems.map((p) => p.nodeId)).toEqual(['persona', 'hello']);
		expect(problems[1]).toMatchObject({ path: 'nodes[4].text', line: 34, col: 23, endCol: 31 });
		const p = problems[0];
		expect(p).toMatchObject({ path: 'nodes[3].text', line: 30, col: 33, endCol: 41, nodeId: 'persona' });
	});

	it('rejects oversized input before parsing', () => {
		const { problems } = parseSpec('#'.repeat(2_000_001));
		expect(problems[0].code).toBe('too_large');
	});

	it('validateSpec checks objects without positions', () => {
		expect(validateSpec(pipeline())).toEqual([]);
		const problems = validateSpec({ ...pipeline(), kind: 'Team' });
		expect(problems).toMatchObject([{ code: 'kind', line: 0, col: 0, path: 'kind' }]);
		expect(validateSpec(null)[0].code).toBe('not_an_object');
	});

	it('bounds alias expansion (billion laughs)', () => {
		const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
		const { spec, problems } = parseSpec(bomb);
		expect(spec).toBeNull();
		expect(problems[0].code).toBe('yaml_syntax');
	});
});
