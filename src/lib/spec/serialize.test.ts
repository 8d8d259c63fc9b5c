import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse.js';
import { canonicalizeSpec, formatSpecText, serializeSpec, serializeSpecJson, specHash, SpecSyntaxError } from './serialize.js';
import { edited, pipeline, PIPELINE_YAML, realtime, REALTIME_YAML } from './testing.js';

const EXAMPLES = join(import.meta.dirname, '../../../agent-specs');

describe('serializeSpec', () => {
	it('writes the canonical form', () => {
		const text = serializeSpec(realtime());
		expect(text).toBe(`apiVersion: voice-agent-studio/v1
kind: Agent
metadata:
  name: concierge
nodes:
  - id: rt
    type: realtime
    provider: openai
    model: gpt-realtime
    voice: coral
    turnDetection: { type: server_vad, threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 700 }
  - id: persona
    type: prompt
    role: instructions
    text: You are a hotel concierge.
  - id: everything
    type: mcp
    transport: streamable-http
    url: http://127.0.0.1:3001/mcp
    headers:
      Authorization: Bearer \${secret:EVERYTHING_TOKEN}
edges:
  - { from: persona, to: rt }
  - { from: everything, to: rt }
`);
	});

	it('orders keys by the schema whatever the input order', () => {
		const spec = pipeline();
		const shuffled = Object.fromEntries(Object.entries(spec).reverse()) as typeof spec;
		shuffled.nodes = spec.nodes.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n);
		expect(serializeSpec(shuffled)).toBe(serializeSpec(spec));
		expect(Object.keys(canonicalizeSpec(shuffled))).toEqual(['apiVersion', 'kind', 'metadata', 'variables', 'nodes', 'edges', 'layout', 'tests']);
		expect(Object.keys(canonicalizeSpec(shuffled).nodes[5])).toEqual(['id', 'type', 'server', 'tools', 'prefix', 'cache', 'timeoutMs']);
	});

	it('round-trips: parse(serialize(x)) equals x, and serializing again gives the same bytes', () => {
		for (const spec of [pipeline(), realtime()]) {
			const text = serializeSpec(spec);
			const back = parseSpec(text);
			expect(back.problems).toEqual([]);
			expect(back.spec).toEqual(spec);
			expect(serializeSpec(back.spec!)).toBe(text);
		}
	});

	it('writes multi-line text as a block literal and keeps awkward strings exact', () => {
		const texts = [
			'line one\nline two\n',
			'no trailing newline\nsecond',
			'  leading spaces\nand more\n',
			'trailing blank lines\n\n\n',
			'# not a comment: {{shop}}\n- not a list\n',
			'tabs\there\nand "quotes" and \'single\'',
			'yes',
			'123',
			'null',
			'',
			': colon first',
			'\u00e9t\u00e9 \u2014 unicode \u{1F355}'
		];
		for (const text of texts) {
			const spec = edited(pipeline(), (s) => {
				s.nodes[3].text = text || 'x';
				s.metadata.description = text;
			});
			const out = serializeSpec(spec);
			expect(parseSpec(out).spec, out).toEqual(spec);
			if (text.includes('\n') && !text.startsWith(' ')) expect(out).toContain('text: |');
		}
	});

	it('keeps x- extensions after the known keys', () => {
		const spec = edited(pipeline(), (s) => {
			s['x-team'] = 'voice';
			s.nodes[0]['x-ui'] = { color: 'red' };
		});
		const text = serializeSpec(spec);
		expect(text).toMatch(/tests:[\s\S]*x-team: voice\n$/);
		expect(parseSpec(text).spec).toEqual(spec);
	});

	it('orders layout entries by node order', () => {
		const spec = edited(pipeline(), (s) => (s.layout = { mouth: { x: 1, y: 1 }, ears: { x: 0, y: 0 } }));
		expect(serializeSpec(spec)).toContain('layout:\n  ears: { x: 0, y: 0 }\n  mouth: { x: 1, y: 1 }\n');
	});

	it('writes canonical JSON with the same key order', () => {
		const json = serializeSpecJson(pipeline());
		expect(JSON.parse(json)).toEqual(pipeline());
		expect(json.indexOf('"apiVersion"')).toBeLessThan(json.indexOf('"nodes"'));
	});
});

describe('formatSpecText', () => {
	it('keeps comments, the schema line included, and is idempotent', () => {
		const out = formatSpecText(PIPELINE_YAML);
		expect(out.startsWith('# yaml-language-server: $schema=http://localhost:5173/schema/agent-spec.v1.json\n')).toBe(true);
		expect(out).toContain('# baseURL: http://127.0.0.1:11434/v1');
		expect(out).toContain('provider: deepgram # deepgram | openai');
		expect(formatSpecText(out)).toBe(out);
		expect(parseSpec(out).spec).toEqual(pipeline());
	});

	it('gives the same bytes as serializeSpec when there are no comments', () => {
		expect(formatSpecText(REALTIME_YAML.replace(/ +# .*$/m, ''))).toBe(serializeSpec(realtime()));
		expect(formatSpecText(serializeSpecJson(pipeline()))).toBe(serializeSpec(pipeline()));
	});

	it('normalises number and string styles', () => {
		const text = serializeSpec(pipeline()).replace('temperature: 0.6', 'temperature: 0.60').replace('model: nova-3', 'model: "nova-3"');
		expect(formatSpecText(text)).toBe(serializeSpec(pipeline()));
	});

	it('formats specs with schema errors but refuses invalid YAML', () => {
		expect(formatSpecText('nodes: []\napiVersion: x\n')).toBe('apiVersion: x\nnodes: []\n');
		expect(() => formatSpecText('a: [\n')).toThrow(SpecSyntaxError);
	});

	it('leaves every example in agent-specs/ unchanged (they are canonical)', () => {
		const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
		expect(files.length).toBeGreaterThanOrEqual(5);
		for (const f of files) {
			const text = readFileSync(join(EXAMPLES, f), 'utf8');
			expect(formatSpecText(text), f).toBe(text);
			expect(parseSpec(text).problems.filter((p) => p.severity === 'error'), f).toEqual([]);
		}
	});
});

describe('specHash', () => {
	it('is the sha256 of the canonical YAML, independent of formatting', () => {
		const hash = specHash(pipeline());
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(specHash(parseSpec(formatSpecText(PIPELINE_YAML)).spec!)).toBe(hash);
		expect(specHash(serializeSpec(pipeline()))).toBe(hash);
		expect(specHash(edited(pipeline(), (s) => (s.nodes[1].temperature = 0.7)))).not.toBe(hash);
		expect(specHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});
});
