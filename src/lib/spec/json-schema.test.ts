import { describe, expect, it } from 'vitest';
import { agentSpecJsonSchema } from './json-schema.js';

describe('agentSpecJsonSchema', () => {
	const schema = agentSpecJsonSchema() as any;

	it('is draft 2020-12 with the top-level fields documented', () => {
		expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
		expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'nodes']);
		expect(Object.keys(schema.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'variables', 'inputs', 'nodes', 'edges', 'layout', 'tests']);
		expect(schema.properties.variables.description).toContain('defaults');
		expect(schema.properties.inputs.description).toContain('Required dispatch inputs');
	});

	it('closes objects except for x- extensions', () => {
		expect(schema.additionalProperties).toBe(false);
		expect(schema.patternProperties).toEqual({ '^x-': {} });
		const json = JSON.stringify(schema);
		expect(json).not.toContain('"additionalProperties":{}');
	});

	it('describes every node type and provider', () => {
		const json = JSON.stringify(schema);
		for (const s of ['"stt"', '"llm"', '"tts"', '"realtime"', '"prompt"', '"mcp"', '"deepgram"', '"elevenlabs"', '"server_vad"', '"semantic_vad"', '"streamable-http"']) {
			expect(json).toContain(s);
		}
	});

	it('returns a fresh copy each time', () => {
		const a = agentSpecJsonSchema() as any;
		a.title = 'changed';
		expect((agentSpecJsonSchema() as any).title).not.toBe('changed');
	});
});

// ajv arrives with @modelcontextprotocol/sdk; the check is skipped if it ever goes away.
const Ajv2020 = await import('ajv/dist/2020.js').then((m: any) => m.default?.default ?? m.default).catch(() => undefined);

describe.skipIf(!Ajv2020)('the JSON Schema agrees with the validator', async () => {
	const { readdirSync, readFileSync } = await import('node:fs');
	const { join } = await import('node:path');
	const { parseSpec } = await import('./parse.js');
	const { pipeline, realtime, edited } = await import('./testing.js');
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	const check = ajv.compile(agentSpecJsonSchema());

	it('accepts the examples and the fixtures', () => {
		const dir = join(import.meta.dirname, '../../../agent-specs');
		const specs = readdirSync(dir)
			.filter((f: string) => f.endsWith('.yaml'))
			.map((f: string) => parseSpec(readFileSync(join(dir, f), 'utf8')).spec);
		for (const spec of [...specs, pipeline(), realtime()]) expect(check(spec), JSON.stringify(check.errors)).toBe(true);
	});

	it('rejects unknown fields and accepts x- extensions', () => {
		expect(check(edited(pipeline(), (s) => (s.nodes[1].modle = 'x')))).toBe(false);
		expect(check(edited(pipeline(), (s) => (s.nodes[1]['x-note'] = 'x')))).toBe(true);
		expect(check(edited(pipeline(), (s) => (s.nodes[1].temperature = 3)))).toBe(false);
	});
});
