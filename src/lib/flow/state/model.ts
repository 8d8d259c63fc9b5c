/**
 * The editor's document and its history, without Svelte: graph edits, YAML edits, undo and redo
 * all go through here, so both views always show the same snapshot.
 */
import type { AgentSpec } from '$lib/spec';
import { docFromSpec, docFromYaml, emptySpec, type DocState } from './document';
import { History, type HistoryOptions } from './history';

export type ChangeSource = 'graph' | 'yaml' | 'history' | 'load' | 'server' | 'import';
export type ChangeListener = (doc: DocState, source: ChangeSource) => void;

export class EditorModel {
  readonly history: History<DocState>;
  #listeners = new Set<ChangeListener>();

  constructor(yaml: string, options: HistoryOptions & { name?: string } = {}) {
    this.history = new History(docFromYaml(yaml, emptySpec(options.name)), options);
  }

  get doc(): DocState {
    return this.history.present;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A graph or inspector edit. Ignored while the text cannot be drawn (the canvas is read-only then). */
  applySpec(spec: AgentSpec, key?: string): boolean {
    if (!this.doc.drawable || spec === this.doc.spec) return false;
    const next = docFromSpec(spec);
    if (next.yaml === this.doc.yaml) return false;
    this.history.push(next, key);
    this.#emit('graph');
    return true;
  }

  /** Text typed in the YAML view; consecutive typing coalesces into one undo step. */
  applyYaml(yaml: string, key = 'yaml'): boolean {
    if (yaml === this.doc.yaml) return false;
    this.history.push(docFromYaml(yaml, this.doc.spec), key);
    this.#emit('yaml');
    return true;
  }

  /**
   * Text replacing the document as one undoable step: from the server (restore, reload after a
   * conflict; already saved there) or imported by the user (to be saved).
   */
  replaceYaml(yaml: string, source: 'server' | 'import'): boolean {
    if (yaml === this.doc.yaml) return false;
    this.history.push(docFromYaml(yaml, this.doc.spec));
    this.#emit(source);
    return true;
  }

  /** A freshly loaded draft: history starts over. */
  load(yaml: string): void {
    this.history.reset(docFromYaml(yaml, this.doc.spec));
    this.#emit('load');
  }

  undo(): boolean {
    if (!this.history.undo()) return false;
    this.#emit('history');
    return true;
  }

  redo(): boolean {
    if (!this.history.redo()) return false;
    this.#emit('history');
    return true;
  }

  #emit(source: ChangeSource): void {
    for (const l of this.#listeners) l(this.doc, source);
  }
}
