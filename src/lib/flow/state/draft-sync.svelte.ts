/**
 * Keeps the server's draft in step with the editor: autosave of every change, the conflict flow
 * (reload theirs as an undoable step, or overwrite with ours) and loading restored versions.
 */
import { getDraft, saveDraft, type Draft } from '../api/agents';
import { Autosaver, type AutosaveState } from './autosave';
import type { EditorState } from './editor.svelte';

export class DraftSync {
  state = $state.raw<AutosaveState>({ status: 'saved', revision: 0 });
  /** The server's view of the last saved draft (validity, hash). */
  draft = $state.raw<Draft>() as Draft;
  readonly #saver: Autosaver;
  readonly #unsubscribe: () => void;

  constructor(
    readonly agentId: string,
    initial: Draft,
    readonly editor: EditorState,
    options: { delayMs?: number } = {}
  ) {
    this.draft = initial;
    this.#saver = new Autosaver(initial.yaml, initial.revision, {
      delayMs: options.delayMs ?? 800,
      save: async (yaml, revision) => {
        const saved = await saveDraft(agentId, yaml, revision);
        this.draft = saved;
        return { revision: saved.revision };
      },
      onChange: (s) => (this.state = s)
    });
    this.state = this.#saver.state;
    this.#unsubscribe = editor.onChange((doc, source) => {
      if (source !== 'load' && source !== 'server') this.#saver.schedule(doc.yaml);
    });
  }

  get dirty(): boolean {
    return this.#saver.dirty;
  }
  get unsavedYaml(): string | null {
    return this.#saver.unsavedYaml;
  }

  flush(): Promise<void> {
    this.editor.flushViews();
    return this.#saver.flush();
  }

  overwrite(): Promise<void> {
    return this.#saver.overwrite();
  }

  /** Loads the server's draft as an undoable step: our text stays one Undo away. */
  async reload(): Promise<void> {
    const draft = await getDraft(this.agentId);
    this.accept(draft);
  }

  /** The server's draft replaced ours (restore, reload). */
  accept(draft: Draft): void {
    this.draft = draft;
    this.editor.replaceYaml(draft.yaml, 'server');
    // Saved there already; an undo back to our text is a change like any other and saves again.
    this.#saver.acceptServer(draft.yaml, draft.revision);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#saver.dispose();
  }
}
