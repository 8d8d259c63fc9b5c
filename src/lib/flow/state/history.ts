/**
 * Undo/redo over immutable snapshots. Rapid edits with the same `key` (typing in one field or in
 * the YAML view) coalesce into one step, so undo goes back a word-burst rather than a keystroke.
 */
export interface HistoryOptions {
  /** Most steps kept; older ones are dropped. */
  limit?: number;
  /** Edits with the same key closer together than this merge into one step. */
  coalesceMs?: number;
  now?: () => number;
}

export class History<T> {
  #past: T[] = [];
  #future: T[] = [];
  #present: T;
  #lastKey: string | undefined;
  #lastAt = 0;
  readonly #limit: number;
  readonly #coalesceMs: number;
  readonly #now: () => number;

  constructor(initial: T, options: HistoryOptions = {}) {
    this.#present = initial;
    this.#limit = options.limit ?? 200;
    this.#coalesceMs = options.coalesceMs ?? 1000;
    this.#now = options.now ?? (() => Date.now());
  }

  get present(): T {
    return this.#present;
  }
  get canUndo(): boolean {
    return this.#past.length > 0;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }
  get size(): { past: number; future: number } {
    return { past: this.#past.length, future: this.#future.length };
  }

  /** Records `next` as the new present. A keyed edit right after one with the same key replaces it. */
  push(next: T, key?: string): void {
    const at = this.#now();
    const merge = key !== undefined && key === this.#lastKey && at - this.#lastAt < this.#coalesceMs && this.#past.length > 0;
    if (!merge) {
      this.#past.push(this.#present);
      if (this.#past.length > this.#limit) this.#past.shift();
    }
    this.#present = next;
    this.#future = [];
    this.#lastKey = key;
    this.#lastAt = at;
  }

  /** Replaces the present without creating a step (e.g. the server normalised what we saved). */
  replace(next: T): void {
    this.#present = next;
  }

  undo(): T | undefined {
    const prev = this.#past.pop();
    if (prev === undefined) return undefined;
    this.#future.push(this.#present);
    this.#present = prev;
    this.#lastKey = undefined;
    return prev;
  }

  redo(): T | undefined {
    const next = this.#future.pop();
    if (next === undefined) return undefined;
    this.#past.push(this.#present);
    this.#present = next;
    this.#lastKey = undefined;
    return next;
  }

  /** Forgets every step: a freshly loaded document. */
  reset(state: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = state;
    this.#lastKey = undefined;
  }

  /** Ends coalescing, so the next keyed edit starts a new step. */
  seal(): void {
    this.#lastKey = undefined;
  }
}
