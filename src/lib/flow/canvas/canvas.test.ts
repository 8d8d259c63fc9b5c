import { describe, expect, it } from 'vitest';
import { pipelineSpec } from '../state/fixtures';
import { addNode } from '../state/ops';
import { checkConnection } from './connect';
import { placeNode } from './placement';
import { handlesInTextField, isTextTarget, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods
});

describe('checkConnection', () => {
  const spec = addNode(pipelineSpec(), { id: 'tts2', type: 'tts', provider: 'openai' }, { x: 0, y: 0 });
  it('allows what the spec allows', () => {
    expect(checkConnection(spec, 'brain', 'tts2')).toEqual({ ok: true });
  });
  it('refuses with a hint otherwise', () => {
    expect(checkConnection(spec, 'ears', 'tts2')).toMatchObject({ ok: false, hint: expect.stringContaining('llm') });
    expect(checkConnection(spec, 'brain', 'brain')).toMatchObject({ ok: false, hint: expect.stringContaining('itself') });
    expect(checkConnection(spec, 'brain', 'mouth')).toMatchObject({ ok: false, hint: expect.stringContaining('already') });
  });
});

describe('shortcuts', () => {
  it('maps keys to actions', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutFor(key('y', { metaKey: true }))).toBe('redo');
    expect(shortcutFor(key('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBe('copy');
    expect(shortcutFor(key('v', { ctrlKey: true }))).toBe('paste');
    expect(shortcutFor(key('z'))).toBeNull();
    expect(shortcutFor(key('c', { ctrlKey: true, altKey: true }))).toBeNull();
  });
  it('leaves copy and paste to text fields but keeps undo global', () => {
    expect(handlesInTextField('undo')).toBe(true);
    expect(handlesInTextField('paste')).toBe(false);
    expect(isTextTarget(null)).toBe(false);
  });
});

describe('placeNode', () => {
  const spec = pipelineSpec();
  const positions = new Map(Object.entries(spec.layout!));
  it('puts a tts right of the llm and a prompt above it, in a free cell', () => {
    const tts = placeNode('tts', spec, positions, { x: 0, y: 0 });
    expect(tts.y).toBe(positions.get('brain')!.y);
    expect(tts.x).toBeGreaterThan(positions.get('mouth')!.x); // mouth already sits right of brain
    const prompt = placeNode('prompt', spec, positions, { x: 0, y: 0 });
    expect(prompt.y).toBeLessThan(positions.get('brain')!.y);
  });
  it('uses the middle of the view when there is nothing to attach to', () => {
    expect(placeNode('stt', { ...spec, nodes: [] }, new Map(), { x: 500, y: 300 })).toEqual({ x: 400, y: 260 });
  });
});
