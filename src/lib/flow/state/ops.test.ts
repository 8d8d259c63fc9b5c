import { describe, expect, it } from 'vitest';
import { copyNodes, pasteClip } from './clipboard';
import { pipelineSpec } from './fixtures';
import { addNode, connect, moveNodes, removeElements, replaceNode, uniqueId } from './ops';

describe('spec operations', () => {
  it('picks unused ids', () => {
    const spec = pipelineSpec();
    expect(uniqueId(spec, 'tts')).toBe('tts');
    expect(uniqueId(spec, 'mouth')).toBe('mouth-2');
    expect(uniqueId(spec, 'Big Brain!')).toBe('big-brain');
  });

  it('adds, connects, moves and removes without touching the input', () => {
    const spec = pipelineSpec();
    const frozen = JSON.stringify(spec);
    let next = addNode(spec, { id: 'hello', type: 'prompt', role: 'greeting', text: 'Hi' }, { x: 10.4, y: 20.6 });
    next = connect(next, 'hello', 'brain');
    expect(connect(next, 'hello', 'brain')).toBe(next);
    expect(connect(next, 'hello', 'hello')).toBe(next);
    next = moveNodes(next, { hello: { x: 50, y: 60 } });
    expect(next.layout!.hello).toEqual({ x: 50, y: 60 });
    expect(moveNodes(next, { hello: { x: 50.2, y: 59.9 } })).toBe(next);
    next = removeElements(next, ['brain']);
    expect(next.edges).toEqual([]);
    expect(next.layout!.brain).toBeUndefined();
    expect(JSON.stringify(spec)).toBe(frozen);
  });

  it('removes single edges by key', () => {
    const next = removeElements(pipelineSpec(), [], ['brain->mouth']);
    expect(next.edges!.map((e) => `${e.from}->${e.to}`)).toEqual(['ears->brain', 'persona->brain']);
  });

  it('renaming a node carries its edges and position along', () => {
    const spec = pipelineSpec();
    const brain = spec.nodes.find((n) => n.id === 'brain')!;
    const next = replaceNode(spec, 'brain', { ...brain, id: 'mind' });
    expect(next.edges!.filter((e) => e.from === 'mind' || e.to === 'mind')).toHaveLength(3);
    expect(next.layout!.mind).toEqual(spec.layout!.brain);
    expect(next.layout!.brain).toBeUndefined();
  });

  it('copies a selection with its inner edges and pastes it under fresh ids', () => {
    const spec = pipelineSpec();
    const clip = copyNodes(spec, ['brain', 'mouth'], (id) => spec.layout![id])!;
    expect(clip.edges).toEqual([{ from: 'brain', to: 'mouth' }]);
    const { spec: next, ids } = pasteClip(spec, clip, { x: 40, y: 40 });
    expect(ids).toEqual(['brain-2', 'mouth-2']);
    expect(next.edges).toContainEqual({ from: 'brain-2', to: 'mouth-2' });
    expect(next.layout!['mouth-2']).toEqual({ x: 640, y: 140 });
    expect(copyNodes(spec, ['nope'], () => undefined)).toBeNull();
  });
});
