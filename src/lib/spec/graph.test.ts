import { describe, expect, it } from 'vitest';
import { canConnect } from './connections.js';
import { NODE_TYPES } from './constants.js';
import { autoLayout, graphToSpec, specToGraph } from './graph.js';
import { edited, pipeline, realtime } from './testing.js';

describe('specToGraph / graphToSpec', () => {
	it('maps nodes, edges and layout to the xyflow shape', () => {
		const g = specToGraph(pipeline());
		expect(g.nodes[1]).toEqual({
			id: 'brain',
			type: 'llm',
			position: { x: 260, y: 120 },
			data: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.6 }
		});
		expect(g.edges[0]).toEqual({ id: 'ears->brain', source: 'ears', target: 'brain' });
		expect(g.meta.spec.metadata.name).toBe('pizza-order');
	});

	it('is lossless both ways, layout included', () => {
		for (const spec of [pipeline(), realtime()]) {
			const g = specToGraph(spec);
			expect(graphToSpec(g)).toEqual(spec);
			expect(specToGraph(graphToSpec(g))).toEqual(g);
		}
	});

	it('auto-lays out nodes without a position, deterministically, and does not write them back', () => {
		const g = specToGraph(realtime());
		expect(specToGraph(realtime())).toEqual(g);
		const byId = Object.fromEntries(g.nodes.map((n) => [n.id, n.position]));
		expect(byId.persona.x).toBeLessThan(byId.rt.x);
		expect(byId.everything.x).toBe(byId.persona.x);
		expect(byId.everything.y).not.toBe(byId.persona.y);
		expect(graphToSpec(g).layout).toBeUndefined();
	});

	it('writes a moved node to layout and keeps the rest implicit', () => {
		const g = specToGraph(realtime());
		g.nodes[0].position = { x: 999, y: 5 };
		expect(graphToSpec(g).layout).toEqual({ rt: { x: 999, y: 5 } });
	});

	it('keeps layout entries of unknown ids and x- fields', () => {
		const spec = edited(pipeline(), (s) => {
			s.layout.ghost = { x: 1, y: 1 };
			s.nodes[0]['x-ui'] = { collapsed: true };
			s['x-team'] = 'voice';
		});
		expect(graphToSpec(specToGraph(spec))).toEqual(spec);
	});

	it('gives duplicate edges distinct ids', () => {
		const spec = edited(pipeline(), (s) => s.edges.push({ from: 'ears', to: 'brain' }));
		const ids = specToGraph(spec).edges.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('places columns by role', () => {
		const pos = autoLayout([
			{ id: 'p', type: 'prompt' },
			{ id: 's', type: 'stt' },
			{ id: 'l', type: 'llm' },
			{ id: 't', type: 'tts' }
		]);
		expect([pos.p.x, pos.s.x, pos.l.x, pos.t.x]).toEqual([0, 280, 560, 840]);
	});
});

describe('canConnect', () => {
	it('allows exactly the edges of the two shapes', () => {
		const allowed = NODE_TYPES.flatMap((a) => NODE_TYPES.filter((b) => canConnect(a, b).ok).map((b) => `${a}->${b}`));
		expect(allowed.sort()).toEqual(['llm->tts', 'mcp->llm', 'mcp->realtime', 'prompt->llm', 'prompt->realtime', 'stt->llm'].sort());
	});

	it('explains why an edge is not allowed', () => {
		expect(canConnect('llm', 'stt')).toEqual({ ok: false, hint: 'connect the other way round: stt → llm' });
		const r = canConnect('stt', 'realtime');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.hint).toContain('realtime model hears the audio itself');
	});
});
