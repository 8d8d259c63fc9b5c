/**
 * Debounced saving of the draft with optimistic concurrency: every PUT carries the revision it was
 * based on; a 412 stops saving and keeps the unsaved text until the user reloads or overwrites.
 */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'conflict' | 'error';

export interface AutosaveState {
  status: SaveStatus;
  revision: number;
  /** The server's revision when a save was refused as stale. */
  conflictRevision?: number;
  error?: string;
  savedAt?: number;
}

export class ConflictError extends Error {
  readonly code = 'precondition_failed';
  constructor(readonly currentRevision: number) {
    super('The draft was changed elsewhere.');
  }
}

export interface AutosaverOptions {
  /** PUT the text with If-Match: revision; resolves to the new revision, throws ConflictError on 412. */
  save: (yaml: string, revision: number) => Promise<{ revision: number }>;
  onChange?: (state: AutosaveState) => void;
  delayMs?: number;
  retryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

export class Autosaver {
  #saved: string;
  #pending: string | null = null;
  #inFlight: Promise<void> | null = null;
  #timer: unknown = null;
  #state: AutosaveState;
  readonly #o: Required<Omit<AutosaverOptions, 'onChange'>> & Pick<AutosaverOptions, 'onChange'>;

  constructor(savedYaml: string, revision: number, options: AutosaverOptions) {
    this.#saved = savedYaml;
    this.#state = { status: 'saved', revision };
    this.#o = {
      delayMs: 800,
      retryMs: 5000,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      ...options
    };
  }

  get state(): AutosaveState {
    return this.#state;
  }
  /** Unsaved text exists (waiting, in flight, refused or failed). */
  get dirty(): boolean {
    return this.#pending !== null || this.#inFlight !== null;
  }
  get unsavedYaml(): string | null {
    return this.#pending;
  }

  /** The document changed: save it after a quiet period. */
  schedule(yaml: string): void {
    if (yaml === this.#saved && !this.#inFlight) {
      this.#pending = null;
      this.#cancelTimer();
      if (this.#state.status === 'pending') this.#set({ status: 'saved' });
      return;
    }
    this.#pending = yaml;
    if (this.#state.status === 'conflict') return;
    if (this.#state.status !== 'saving') this.#set({ status: 'pending', error: undefined });
    this.#restartTimer(this.#o.delayMs);
  }

  /** Saves now (Ctrl+S, before publishing or leaving); resolves once nothing is left unsaved or saving failed. */
  async flush(): Promise<void> {
    this.#cancelTimer();
    while (this.#inFlight) await this.#inFlight;
    if (this.#pending === null || this.#state.status === 'conflict') return;
    await this.#run();
  }

  /** After a conflict: save our text over the server's revision. */
  async overwrite(): Promise<void> {
    if (this.#state.status !== 'conflict') return;
    const revision = this.#state.conflictRevision ?? this.#state.revision;
    this.#set({ status: 'pending', revision, conflictRevision: undefined });
    if (this.#pending === null) this.#pending = this.#saved;
    await this.flush();
  }

  /** The editor now shows the server's text (loaded, reloaded or restored): nothing is unsaved. */
  acceptServer(yaml: string, revision: number): void {
    this.#cancelTimer();
    this.#saved = yaml;
    this.#pending = null;
    this.#set({ status: 'saved', revision, conflictRevision: undefined, error: undefined });
  }

  dispose(): void {
    this.#cancelTimer();
  }

  #run(): Promise<void> {
    const yaml = this.#pending;
    if (yaml === null) return Promise.resolve();
    this.#set({ status: 'saving' });
    const attempt = this.#o
      .save(yaml, this.#state.revision)
      .then(
        ({ revision }) => {
          this.#saved = yaml;
          if (this.#pending === yaml) this.#pending = null;
          this.#set({ status: this.#pending === null ? 'saved' : 'pending', revision, savedAt: this.#o.now(), error: undefined });
        },
        (err: unknown) => {
          if (err instanceof ConflictError) {
            this.#set({ status: 'conflict', conflictRevision: err.currentRevision });
          } else {
            this.#set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
          }
        }
      )
      .finally(() => {
        this.#inFlight = null;
        if (this.#pending !== null && this.#state.status === 'pending') this.#restartTimer(this.#o.delayMs);
        else if (this.#state.status === 'error') this.#restartTimer(this.#o.retryMs);
      });
    this.#inFlight = attempt;
    return attempt;
  }

  #restartTimer(ms: number): void {
    this.#cancelTimer();
    this.#timer = this.#o.setTimer(() => {
      this.#timer = null;
      if (this.#inFlight) return; // its completion reschedules
      void this.#run();
    }, ms);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#o.clearTimer(this.#timer);
    this.#timer = null;
  }

  #set(patch: Partial<AutosaveState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#o.onChange?.(this.#state);
  }
}
