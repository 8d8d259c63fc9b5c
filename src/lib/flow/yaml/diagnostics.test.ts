import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '$lib/spec';
import { pipelineYaml } from '../state/fixtures';
import { minimalChange, toDiagnostics } from './diagnostics';

describe('YAML view helpers', () => {
  it('puts a problem on its line and column', () => {
    const text = pipelineYaml().replace('provider: deepgram', 'provider: deepgrm');
    const { problems } = parseSpec(text);
    const doc = Text.of(text.split('\n'));
    const [d] = toDiagnostics(doc, problems.filter((p) => p.path.endsWith('provider')));
    expect(text.slice(d.from, d.to)).toContain('deepgrm');
    expect(d.severity).toBe('error');
  });

  it('clamps positions outside the text', () => {
    const doc = Text.of(['a: 1']);
    const [d] = toDiagnostics(doc, [{ path: '', message: 'x', line: 9, col: 40, severity: 'warning' }]);
    expect(d.from).toBeLessThanOrEqual(doc.length);
    expect(d.to).toBeLessThanOrEqual(doc.length);
  });

  it('replaces only the part that changed', () => {
    expect(minimalChange('abcXdef', 'abcYYdef')).toEqual({ from: 3, to: 4, insert: 'YY' });
    expect(minimalChange('same', 'same')).toBeNull();
    expect(minimalChange('aaa', 'aaaa')).toEqual({ from: 3, to: 3, insert: 'a' });
  });
});
