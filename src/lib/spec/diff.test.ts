import { describe, expect, it } from 'vitest';
import { diffSpecs, formatSpecDiff, unifiedYamlDiff } from './diff.js';
import { serializeSpec } from './serialize.js';
import { edited, pipeline } from './testing.js';

describe('diffSpecs', () => {
	it('finds nothing between equal specs', () => {
		expect(diffSpecs(pipeline(), pipeline())).toEqual({ changes: [], equal: true, cosmeticOnly: false });
		expect(formatSpecDiff(diffSpecs(pipeline(), pipeline()))).toBe('no changes');
	});

	it('reports added, removed and changed nodes with field paths and values', () => {
		const b = edited(pipeline(), (s) => {
			s.nodes = s.nodes.filter((n: any) => n.id !== 'hello');
			s.nodes.push({ id: 'bye', type: 'prompt', role: 'greeting', text: 'Bye' });
			s.nodes[1].temperature = 0.2;
			s.nodes[4].tools.include.push('cancel_order');
		});
		const { changes } = diffSpecs(pipeline(), b);
		expect(changes).toContainEqual(expect.objectContaining({ kind: 'node-removed', nodeId: 'hello', nodeType: 'prompt' }));
		expect(changes).toContainEqual(expect.objectContaining({ kind: 'node-added', nodeId: 'bye' }));
		expect(changes).toContainEqual({
			kind: 'node-changed',
			nodeId: 'brain',
			nodeType: 'llm',
			fields: [{ path: 'temperature', before: 0.6, after: 0.2 }]
		});
		expect(changes).toContainEqual({
			kind: 'node-changed',
			nodeId: 'menu',
			nodeType: 'mcp',
			fields: [{ path: 'tools.include', before: ['get_menu', 'place_order'], after: ['get_menu', 'place_order', 'cancel_order'] }]
		});
	});

	it('reports edges, variables and metadata', () => {
		const b = edited(pipeline(), (s) => {
			s.edges.pop();
			s.edges.push({ from: 'hello', to: 'mouth' });
			s.variables.shop = 'Mario';
			s.variables.city = 'Rome';
			s.metadata.description = 'new';
		});
		const { changes } = diffSpecs(pipeline(), b);
		expect(changes).toContainEqual({ kind: 'edge-removed', from: 'menu', to: 'brain' });
		expect(changes).toContainEqual({ kind: 'edge-added', from: 'hello', to: 'mouth' });
		expect(changes).toContainEqual({
			kind: 'section-changed',
			section: 'variables',
			fields: [
				{ path: 'variables.shop', before: "Luigi's", after: 'Mario' },
				{ path: 'variables.city', after: 'Rome' }
			]
		});
		expect(changes).toContainEqual({
			kind: 'section-changed',
			section: 'metadata',
			fields: [{ path: 'metadata.description', before: 'Takes pizza orders by phone', after: 'new' }]
		});
	});

	it('diffs prompt text line by line', () => {
		const b = edited(pipeline(), (s) => (s.nodes[3].text = 'You take pizza orders for {{shop}}. Be brief.\nNever promise delivery times.\n'));
		const change = diffSpecs(pipeline(), b).changes[0];
		expect(change).toMatchObject({ kind: 'node-changed', nodeId: 'persona' });
		if (change.kind !== 'node-changed') throw new Error('unexpected');
		expect(change.fields[0].lines).toEqual([
			{ op: 'same', text: 'You take pizza orders for {{shop}}. Be brief.' },
			{ op: 'add', text: 'Never promise delivery times.' }
		]);
		expect(formatSpecDiff(diffSpecs(pipeline(), b))).toContain('+ Never promise delivery times.');
	});

	it('flags layout-only changes as cosmetic', () => {
		const b = edited(pipeline(), (s) => (s.layout.ears.x = 10));
		const d = diffSpecs(pipeline(), b);
		expect(d.cosmeticOnly).toBe(true);
		expect(d.equal).toBe(false);
	});

	it('ignores key order and formatting', () => {
		const a = pipeline();
		const b = Object.fromEntries(Object.entries(pipeline()).reverse()) as typeof a;
		expect(diffSpecs(a, b).equal).toBe(true);
	});
});

describe('unifiedYamlDiff', () => {
	it('is empty for equal texts and a unified patch otherwise', () => {
		const a = serializeSpec(pipeline());
		expect(unifiedYamlDiff(a, a)).toBe('');
		const b = serializeSpec(edited(pipeline(), (s) => (s.nodes[1].temperature = 0.2)));
		const patch = unifiedYamlDiff(a, b, 'v1', 'draft');
		expect(patch).toContain('--- v1');
		expect(patch).toContain('+++ draft');
		expect(patch).toContain('-    temperature: 0.6');
		expect(patch).toContain('+    temperature: 0.2');
	});
});
