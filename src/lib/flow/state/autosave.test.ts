import { describe, expect, it } from 'vitest';
import { Autosaver, ConflictError, type AutosaveState } from './autosave';

/** Manual timers and a scripted server. */
function setup(respond: (yaml: string, revision: number) => Promise<{ revision: number }>) {
  const timers: Array<{ fn: () => void; ms: number } | null> = [];
  const calls: Array<{ yaml: string; revision: number }> = [];
  const states: AutosaveState[] = [];
  const saver = new Autosaver('v0', 1, {
    delayMs: 800,
    save: (yaml, revision) => {
      calls.push({ yaml, revision });
      return respond(yaml, revision);
    },
    onChange: (s) => states.push(s),
    setTimer: (fn, ms) => timers.push({ fn, ms }) - 1,
    clearTimer: (h) => (timers[h as number] = null)
  });
  const fire = async () => {
    const live = timers.map((t, i) => [t, i] as const).filter(([t]) => t);
    for (const [t, i] of live) {
      timers[i] = null;
      t!.fn();
    }
    await new Promise((r) => setTimeout(r, 0));
  };
  return { saver, calls, states, fire };
}

describe('Autosaver', () => {
  it('debounces edits into one save carrying the revision, then tracks the new one', async () => {
    let rev = 1;
    const { saver, calls, fire } = setup(async () => ({ revision: ++rev }));
    saver.schedule('v1');
    saver.schedule('v2');
    expect(saver.state.status).toBe('pending');
    expect(saver.dirty).toBe(true);
    await fire();
    expect(calls).toEqual([{ yaml: 'v2', revision: 1 }]);
    expect(saver.state).toMatchObject({ status: 'saved', revision: 2 });
    expect(saver.dirty).toBe(false);
    saver.schedule('v3');
    await saver.flush();
    expect(calls[1]).toEqual({ yaml: 'v3', revision: 2 });
  });

  it('going back to the saved text is not a change', async () => {
    const { saver, calls, fire } = setup(async () => ({ revision: 2 }));
    saver.schedule('v1');
    saver.schedule('v0');
    await fire();
    expect(calls).toEqual([]);
    expect(saver.state.status).toBe('saved');
  });

  it('edits made while a save is in flight are saved next, on the new revision', async () => {
    let release!: () => void;
    let rev = 1;
    const { saver, calls, fire } = setup(() => new Promise((r) => (release = () => r({ revision: ++rev }))));
    saver.schedule('v1');
    await fire();
    saver.schedule('v2');
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(saver.state.status).toBe('pending');
    await fire();
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => [c.yaml, c.revision])).toEqual([
      ['v1', 1],
      ['v2', 2]
    ]);
    expect(saver.state).toMatchObject({ status: 'saved', revision: 3 });
  });

  it('a 412 stops saving, keeps the text, and overwrite saves it over the server revision', async () => {
    let conflict = true;
    const { saver, calls, fire } = setup(async (_y, revision) => {
      if (conflict) throw new ConflictError(7);
      return { revision: revision + 1 };
    });
    saver.schedule('mine');
    await fire();
    expect(saver.state).toMatchObject({ status: 'conflict', conflictRevision: 7 });
    expect(saver.unsavedYaml).toBe('mine');
    saver.schedule('mine, more');
    await fire();
    expect(calls).toHaveLength(1);
    conflict = false;
    await saver.overwrite();
    expect(calls[1]).toEqual({ yaml: 'mine, more', revision: 7 });
    expect(saver.state).toMatchObject({ status: 'saved', revision: 8 });
  });

  it('reloading the server text clears the conflict', () => {
    const { saver } = setup(async () => {
      throw new ConflictError(3);
    });
    saver.schedule('mine');
    saver.acceptServer('theirs', 3);
    expect(saver.state).toMatchObject({ status: 'saved', revision: 3 });
    expect(saver.dirty).toBe(false);
  });

  it('network errors are reported and retried', async () => {
    let fail = true;
    const { saver, fire } = setup(async () => {
      if (fail) throw new Error('offline');
      return { revision: 2 };
    });
    saver.schedule('v1');
    await fire();
    expect(saver.state).toMatchObject({ status: 'error', error: 'offline' });
    expect(saver.dirty).toBe(true);
    fail = false;
    await fire();
    expect(saver.state.status).toBe('saved');
  });
});
