import { describe, expect, it } from 'vitest';
import { unifiedYamlDiff } from '$lib/spec';
import { sideBySide } from './side-by-side';

describe('sideBySide', () => {
  it('pairs removed and added lines and numbers both sides', () => {
    const a = 'a: 1\nb: 2\nc: 3\nd: 4\n';
    const b = 'a: 1\nb: 20\nc: 3\nd: 4\ne: 5\n';
    const rows = sideBySide(unifiedYamlDiff(a, b, 'v1', 'draft'));
    expect(rows[0]).toMatchObject({ type: 'hunk' });
    const lines = rows.filter((r) => r.type === 'line');
    expect(lines).toContainEqual({ type: 'line', left: { no: 2, text: 'b: 2', kind: 'del' }, right: { no: 2, text: 'b: 20', kind: 'add' } });
    expect(lines).toContainEqual({ type: 'line', left: null, right: { no: 5, text: 'e: 5', kind: 'add' } });
    expect(lines[0]).toEqual({ type: 'line', left: { no: 1, text: 'a: 1', kind: 'same' }, right: { no: 1, text: 'a: 1', kind: 'same' } });
  });

  it('is empty for no diff', () => {
    expect(sideBySide('')).toEqual([]);
  });
});
