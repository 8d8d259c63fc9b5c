import { describe, expect, it } from 'vitest';
import { codeSpans, formatMs } from './format';

describe('formatMs', () => {
  it('prints ms below a second and seconds above', () => {
    expect(formatMs(undefined)).toBe('–');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_340)).toBe('12.3 s');
  });
});

describe('codeSpans', () => {
  it('splits backtick spans out of server sentences', () => {
    expect(codeSpans('run `npm run dev` then `x`.')).toEqual([
      { text: 'run ', code: false },
      { text: 'npm run dev', code: true },
      { text: ' then ', code: false },
      { text: 'x', code: true },
      { text: '.', code: false }
    ]);
    expect(codeSpans('no code, one ` tick')).toEqual([{ text: 'no code, one ` tick', code: false }]);
  });
});
