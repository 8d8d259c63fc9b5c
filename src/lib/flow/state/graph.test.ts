import { describe, expect, it } from 'vitest';
import { bigSpec, pipelineSpec } from './fixtures';
import { buildGraph, selectOnly } from './graph';
import { moveNodes, removeElements } from './ops';

describe('buildGraph', () => {
  it('maps nodes, positions and edges', () => {
    const { nodes, edges } = buildGraph(pipelineSpec());
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual([
      ['ears', 'stt', { x: 0, y: 100 }],
      ['brain', 'llm', { x: 300, y: 100 }],
      ['mouth', 'tts', { x: 600, y: 100 }],
      ['persona', 'prompt', { x: 150, y: 0 }]
    ]);
    expect(nodes[0].data.spec).toMatchObject({ provider: 'deepgram' });
    expect(edges.map((e) => e.id)).toEqual(['ears->brain', 'brain->mouth', 'persona->brain']);
  });

  it('reuses unchanged objects and keeps selection and measurements on changed ones', () => {
    const first = buildGraph(pipelineSpec());
    const selected = { nodes: selectOnly(first.nodes, new Set(['mouth'])), edges: first.edges };
    selected.nodes[2] = { ...selected.nodes[2], measured: { width: 210, height: 80 } };
    const spec = moveNodes(pipelineSpec(), { mouth: { x: 700, y: 100 } });
    const next = buildGraph(spec, selected);
    expect(next.nodes[0]).toBe(selected.nodes[0]);
    expect(next.nodes[2]).not.toBe(selected.nodes[2]);
    expect(next.nodes[2]).toMatchObject({ selected: true, measured: { width: 210, height: 80 }, position: { x: 700, y: 100 } });
    expect(next.edges[0]).toBe(first.edges[0]);
  });

  it('places nodes without a layout entry and drops edges to missing nodes', () => {
    const spec = removeElements(pipelineSpec(), []);
    delete spec.layout;
    spec.edges = [...spec.edges!, { from: 'ghost', to: 'brain' }];
    const { nodes, edges } = buildGraph(spec);
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(4);
    expect(edges.map((e) => e.id)).not.toContain('ghost->brain');
  });

  it('redraws 300 nodes after a one-node change reusing 299 objects', () => {
    const spec = bigSpec(300);
    const first = buildGraph(spec);
    const next = buildGraph(moveNodes(spec, { 'tools-5': { x: -500, y: -500 } }), first);
    expect(next.nodes.filter((n, i) => n === first.nodes[i])).toHaveLength(299);
  });
});
