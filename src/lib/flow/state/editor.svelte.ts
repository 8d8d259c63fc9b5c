/**
 * Reactive face of EditorModel for the components: the current document, undo/redo availability,
 * problems by node, and the canvas selection. All logic lives in the plain-TS model.
 */
import type { AgentSpec, Problem, SpecNode } from '$lib/spec';
import { problemsByNode, type DocState } from './document';
import type { HistoryOptions } from './history';
import { EditorModel, type ChangeSource } from './model';
import { replaceNode } from './ops';

export class EditorState {
  readonly model: EditorModel;
  doc = $state.raw<DocState>() as DocState;
  canUndo = $state(false);
  canRedo = $state(false);
  /** Ids of the selected nodes, as the canvas reports them. */
  selection = $state.raw<string[]>([]);
  /** A request for the canvas to select (and reveal) nodes; `seq` makes repeated requests distinct. */
  reveal = $state.raw<{ ids: string[]; seq: number } | null>(null);
  /** Bumped whenever the document changes from outside the YAML view, so it can sync its text. */
  externalChange = $state(0);
  /** A request for the YAML view to show a position. */
  yamlCursor = $state.raw<{ line: number; col: number; seq: number } | null>(null);
  /** Views with edits not yet applied (the YAML view debounces typing) flush them before history moves. */
  #flushers = new Set<() => void>();

  readonly problemsByNode = $derived(problemsByNode(this.doc.problems));
  readonly errorCount = $derived(this.doc.problems.filter((p) => p.severity === 'error').length);
  readonly spec = $derived(this.doc.spec);
  readonly readonly = $derived(!this.doc.drawable);
  readonly selectedNode = $derived.by((): SpecNode | undefined =>
    this.selection.length === 1 ? this.doc.spec.nodes.find((n) => n.id === this.selection[0]) : undefined
  );

  constructor(yaml: string, options: HistoryOptions & { name?: string } = {}) {
    this.model = new EditorModel(yaml, options);
    this.doc = this.model.doc;
    this.model.subscribe((doc, source) => this.#sync(doc, source));
  }

  /** Listen to document changes (autosave); returns the unsubscribe function. */
  onChange(listener: (doc: DocState, source: ChangeSource) => void): () => void {
    return this.model.subscribe(listener);
  }

  /** Registers a view's pending-edit flush; returns the unregister function. */
  registerFlush(flush: () => void): () => void {
    this.#flushers.add(flush);
    return () => this.#flushers.delete(flush);
  }

  flushViews(): void {
    for (const f of this.#flushers) f();
  }

  edit(change: (spec: AgentSpec) => AgentSpec, key?: string): boolean {
    this.flushViews();
    return this.model.applySpec(change(this.doc.spec), key);
  }

  updateNode(id: string, next: SpecNode, key?: string): boolean {
    const ok = this.edit((spec) => replaceNode(spec, id, next), key);
    if (ok && next.id !== id) this.selection = this.selection.map((s) => (s === id ? next.id : s));
    return ok;
  }

  applyYaml(text: string): boolean {
    return this.model.applyYaml(text);
  }
  replaceYaml(text: string, source: 'server' | 'import'): boolean {
    this.flushViews();
    return this.model.replaceYaml(text, source);
  }
  load(text: string): void {
    this.model.load(text);
  }
  undo(): boolean {
    this.flushViews();
    return this.model.undo();
  }
  redo(): boolean {
    this.flushViews();
    return this.model.redo();
  }
  /** Ends undo coalescing (e.g. when a field loses focus). */
  seal(): void {
    this.model.history.seal();
  }

  problemsOf(nodeId: string): Problem[] {
    return this.problemsByNode.get(nodeId) ?? [];
  }

  select(ids: string[]): void {
    this.reveal = { ids, seq: (this.reveal?.seq ?? 0) + 1 };
  }

  /** Shows a problem: selects its node on the canvas and its position in the YAML view. */
  showProblem(problem: Problem): void {
    if (problem.nodeId && this.doc.spec.nodes.some((n) => n.id === problem.nodeId)) this.select([problem.nodeId]);
    if (problem.line > 0) this.yamlCursor = { line: problem.line, col: problem.col, seq: (this.yamlCursor?.seq ?? 0) + 1 };
  }

  #sync(doc: DocState, source: ChangeSource): void {
    this.doc = doc;
    this.canUndo = this.model.history.canUndo;
    this.canRedo = this.model.history.canRedo;
    if (source !== 'yaml') this.externalChange++;
    const ids = new Set(doc.spec.nodes.map((n) => n.id));
    if (this.selection.some((id) => !ids.has(id))) this.selection = this.selection.filter((id) => ids.has(id));
  }
}
