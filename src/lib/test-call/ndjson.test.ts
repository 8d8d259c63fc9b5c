import { describe, expect, it } from 'vitest';
import { NdjsonParser, readNdjson } from './ndjson';

function streamOf(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === 'string' ? enc.encode(ch) : ch);
      c.close();
    }
  });
}

describe('NdjsonParser', () => {
  it('parses whole lines only, across arbitrary chunk boundaries', () => {
    const out: unknown[] = [];
    const p = new NdjsonParser((v) => out.push(v));
    p.push('{"type":"us');
    expect(out).toEqual([]);
    p.push('er","text":"hi"}\n{"type":"agent_delta","text":"a"}\n{"ty');
    expect(out).toEqual([{ type: 'user', text: 'hi' }, { type: 'agent_delta', text: 'a' }]);
    p.push('pe":"done"}');
    p.end();
    expect(out.at(-1)).toEqual({ type: 'done' });
  });

  it('skips blank lines and reports bad ones without stopping', () => {
    const out: unknown[] = [];
    const bad: string[] = [];
    const p = new NdjsonParser(
      (v) => out.push(v),
      (e) => bad.push(e.line)
    );
    p.push('\n\r\n{"a":1}\r\nnot json\n{"b":2}\n');
    p.end();
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
    expect(bad).toEqual(['not json']);
  });
});

describe('readNdjson', () => {
  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('{"text":"café ☕"}\n{"n":2}');
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte ☕
    const out: unknown[] = [];
    await readNdjson(streamOf([bytes.slice(0, cut), bytes.slice(cut)]), (v) => out.push(v));
    expect(out).toEqual([{ text: 'café ☕' }, { n: 2 }]);
  });
});
