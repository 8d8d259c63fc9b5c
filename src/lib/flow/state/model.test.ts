import { describe, expect, it } from 'vitest';
import { parseSpec, serializeSpec } from '$lib/spec';
import { pipelineSpec, pipelineYaml } from './fixtures';
import { EditorModel } from './model';
import { addNode, connect, removeElements } from './ops';

const dangling = (model: EditorModel, id: string) => model.doc.problems.filter((p) => p.nodeId === id && p.severity === 'error');

describe('EditorModel: graph ↔ YAML sync', () => {
  it('a graph edit rewrites the YAML canonically, and the YAML parses back to the same spec', () => {
    const model = new EditorModel(pipelineYaml());
    expect(model.applySpec(structuredClone(model.doc.spec))).toBe(false); // same text: no step
    expect(model.applySpec(connect(model.doc.spec, 'brain', 'mouth'))).toBe(false);
    model.applySpec(removeElements(model.doc.spec, ['persona']));
    expect(model.doc.yaml).toBe(serializeSpec(model.doc.spec));
    expect(model.doc.yaml).not.toContain('persona');
    expect(parseSpec(model.doc.yaml).spec).toEqual(model.doc.spec);
  });

  it('a YAML edit redraws the spec; a dangling tts node carries its error until connected', () => {
    const model = new EditorModel(pipelineYaml());
    const cut = model.doc.yaml.replace(/\n\s*- \{ from: brain, to: mouth \}/, '');
    model.applyYaml(cut);
    expect(model.doc.spec.edges).toHaveLength(2);
    expect(dangling(model, 'mouth').length).toBeGreaterThan(0);
    model.applySpec(connect(model.doc.spec, 'brain', 'mouth'));
    expect(dangling(model, 'mouth')).toEqual([]);
  });

  it('YAML that is not YAML keeps the last graph, read-only, with positioned errors', () => {
    const model = new EditorModel(pipelineYaml());
    const before = model.doc.spec;
    model.applyYaml(model.doc.yaml + '\n  bad: [unclosed\n');
    expect(model.doc.drawable).toBe(false);
    expect(model.doc.spec).toBe(before);
    expect(model.doc.problems[0]).toMatchObject({ code: 'yaml_syntax', severity: 'error' });
    expect(model.doc.problems[0].line).toBeGreaterThan(1);
    expect(model.applySpec(removeElements(before, ['persona']))).toBe(false);
  });

  it('a schema error still draws the graph, with the error on its node', () => {
    const model = new EditorModel(pipelineYaml());
    model.applyYaml(model.doc.yaml.replace('model: gpt-4o-mini', 'model: gpt-4o-mini\n    temperature: 7'));
    expect(model.doc.typed).toBe(false);
    expect(model.doc.drawable).toBe(true);
    expect(model.doc.spec.nodes.map((n) => n.id)).toEqual(['ears', 'brain', 'mouth', 'persona']);
    expect(model.doc.problems.some((p) => p.nodeId === 'brain' && p.path.includes('temperature'))).toBe(true);
  });

  it('undo and redo step across graph and YAML edits', () => {
    const model = new EditorModel(pipelineYaml());
    const original = model.doc.yaml;
    model.applySpec(addNode(model.doc.spec, { id: 'hello', type: 'prompt', role: 'greeting', text: 'Hi' }, { x: 1, y: 2 }));
    const withGreeting = model.doc.yaml;
    model.applyYaml(withGreeting.replace('text: Hi', 'text: Hello there'));
    expect(model.doc.spec.nodes.find((n) => n.id === 'hello')).toMatchObject({ text: 'Hello there' });
    model.undo();
    expect(model.doc.yaml).toBe(withGreeting);
    model.undo();
    expect(model.doc.yaml).toBe(original);
    model.redo();
    model.redo();
    expect(model.doc.spec.nodes.find((n) => n.id === 'hello')).toMatchObject({ text: 'Hello there' });
  });

  it('tells listeners where a change came from', () => {
    const model = new EditorModel(pipelineYaml());
    const seen: string[] = [];
    model.subscribe((_, source) => seen.push(source));
    model.applySpec(removeElements(model.doc.spec, ['persona']));
    model.applyYaml(pipelineYaml());
    model.undo();
    model.replaceYaml(serializeSpec({ ...pipelineSpec(), metadata: { name: 'other' } }), 'server');
    model.load(pipelineYaml());
    expect(seen).toEqual(['graph', 'yaml', 'history', 'server', 'load']);
    expect(model.history.canUndo).toBe(false);
  });
});
