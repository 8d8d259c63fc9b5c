import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('undoes and redoes in order, and a new edit drops the redo branch', () => {
    const h = new History('a');
    h.push('b');
    h.push('c');
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toBe('b');
    h.push('x');
    expect(h.canRedo).toBe(false);
    expect(h.present).toBe('x');
    expect(h.undo()).toBe('b');
  });

  it('coalesces rapid edits with the same key into one step', () => {
    let now = 0;
    const h = new History('', { coalesceMs: 500, now: () => now });
    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) {
      h.push(text, 'field');
      now += 100;
    }
    expect(h.size.past).toBe(1);
    expect(h.undo()).toBe('');
    expect(h.redo()).toBe('hello');
  });

  it('starts a new step after a pause, another key, an undo or a seal', () => {
    let now = 0;
    const h = new History('0', { coalesceMs: 500, now: () => now });
    h.push('1', 'k');
    now = 1000;
    h.push('2', 'k');
    h.push('3', 'other');
    h.seal();
    h.push('4', 'other');
    expect(h.size.past).toBe(4);
  });

  it('keeps at most `limit` steps', () => {
    const h = new History(0, { limit: 3 });
    for (let i = 1; i <= 10; i++) h.push(i);
    expect(h.size.past).toBe(3);
    h.undo();
    h.undo();
    h.undo();
    expect(h.present).toBe(7);
    expect(h.canUndo).toBe(false);
  });
});
