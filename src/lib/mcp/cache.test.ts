import { describe, expect, it } from 'vitest';
import { canonicalJson, ToolResultCache, wrapWithCache } from './cache.js';
import type { McpCallResult } from './types.js';

const ok = (text: string): McpCallResult => ({ content: [{ type: 'text', text }] });

function counter(result: (n: number) => McpCallResult | Error = (n) => ok(`call ${n}`)) {
  let calls = 0;
  const fn = async (_name: string, _args: Record<string, unknown>) => {
    calls++;
    const r = result(calls);
    if (r instanceof Error) throw r;
    return r;
  };
  return { fn, calls: () => calls };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('drops undefined like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('ToolResultCache', () => {
  it('keys on server + tool + canonical args', () => {
    const k = ToolResultCache.key;
    expect(k('s', 't', { a: 1, b: 2 })).toBe(k('s', 't', { b: 2, a: 1 }));
    expect(k('s', 't', { a: 1 })).not.toBe(k('s2', 't', { a: 1 }));
    expect(k('s', 't', { a: 1 })).not.toBe(k('s', 't2', { a: 1 }));
    expect(k('s', 't', { a: 1 })).not.toBe(k('s', 't', { a: 2 }));
    // No separator games: ("a|b","c") and ("a","b|c") stay apart.
    expect(k('a|b', 'c', {})).not.toBe(k('a', 'b|c', {}));
  });

  it('expires after ttlSeconds and counts hits and misses', () => {
    const c = clock();
    const cache = new ToolResultCache({ now: c.now });
    cache.set('k', ok('v'), 10);
    expect(cache.get('k')).toEqual(ok('v'));
    c.advance(9_999);
    expect(cache.get('k')).toEqual(ok('v'));
    c.advance(1);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, size: 0, evictions: 0 });
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const cache = new ToolResultCache({ maxEntries: 2 });
    cache.set('a', ok('a'), 60);
    cache.set('b', ok('b'), 60);
    cache.get('a'); // a is now the most recent
    cache.set('c', ok('c'), 60);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(ok('a'));
    expect(cache.get('c')).toEqual(ok('c'));
    expect(cache.stats()).toMatchObject({ size: 2, evictions: 1 });
  });

  it('hands out copies, so a caller cannot corrupt the cache', () => {
    const cache = new ToolResultCache();
    const value = ok('v');
    cache.set('k', value, 60);
    (value.content[0] as { type: 'text'; text: string }).text = 'changed';
    const got = cache.get('k')!;
    (got.content[0] as { type: 'text'; text: string }).text = 'changed again';
    expect(cache.get('k')).toEqual(ok('v'));
  });

  it('ignores a non-positive ttl', () => {
    const cache = new ToolResultCache();
    cache.set('k', ok('v'), 0);
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('wrapWithCache', () => {
  it('second identical call is a cache hit; different args are not', async () => {
    const backend = counter();
    const call = wrapWithCache(backend.fn, { serverKey: 'srv1', ttlSeconds: 60, tools: ['weather'] });
    expect(await call('weather', { city: 'Oslo', units: 'c' })).toEqual({ result: ok('call 1'), cacheHit: false });
    expect(await call('weather', { units: 'c', city: 'Oslo' })).toEqual({ result: ok('call 1'), cacheHit: true });
    expect(await call('weather', { city: 'Bergen', units: 'c' })).toEqual({ result: ok('call 2'), cacheHit: false });
    expect(backend.calls()).toBe(2);
  });

  it('never caches unlisted tools', async () => {
    const backend = counter();
    const call = wrapWithCache(backend.fn, { serverKey: 's', ttlSeconds: 60, tools: ['weather'] });
    await call('book_flight', { to: 'OSL' });
    expect(await call('book_flight', { to: 'OSL' })).toMatchObject({ cacheHit: false });
    expect(backend.calls()).toBe(2);
  });

  it('refetches after the TTL', async () => {
    const c = clock();
    const backend = counter();
    const cache = new ToolResultCache({ now: c.now });
    const call = wrapWithCache(backend.fn, { serverKey: 's', ttlSeconds: 5, tools: ['t'], cache });
    await call('t', {});
    c.advance(4_000);
    expect((await call('t', {})).cacheHit).toBe(true);
    c.advance(1_000);
    expect(await call('t', {})).toEqual({ result: ok('call 2'), cacheHit: false });
  });

  it('does not cache isError results', async () => {
    const backend = counter((n) => (n === 1 ? { content: [{ type: 'text', text: 'nope' }], isError: true } : ok('fine')));
    const call = wrapWithCache(backend.fn, { serverKey: 's', ttlSeconds: 60, tools: ['t'] });
    expect((await call('t', {})).result.isError).toBe(true);
    expect(await call('t', {})).toEqual({ result: ok('fine'), cacheHit: false });
    expect(await call('t', {})).toEqual({ result: ok('fine'), cacheHit: true });
  });

  it('does not cache thrown errors, and rethrows them', async () => {
    const backend = counter((n) => (n === 1 ? new Error('transport down') : ok('fine')));
    const call = wrapWithCache(backend.fn, { serverKey: 's', ttlSeconds: 60, tools: ['t'] });
    await expect(call('t', {})).rejects.toThrow('transport down');
    expect(await call('t', {})).toEqual({ result: ok('fine'), cacheHit: false });
  });

  it('keeps servers apart in a shared cache', async () => {
    const cache = new ToolResultCache();
    const a = wrapWithCache(counter((n) => ok(`a${n}`)).fn, { serverKey: 'a', ttlSeconds: 60, tools: ['t'], cache });
    const b = wrapWithCache(counter((n) => ok(`b${n}`)).fn, { serverKey: 'b', ttlSeconds: 60, tools: ['t'], cache });
    await a('t', {});
    expect(await b('t', {})).toEqual({ result: ok('b1'), cacheHit: false });
  });

  it('passes call options through', async () => {
    let seen: unknown;
    const call = wrapWithCache(async (_n: string, _a: Record<string, unknown>, opts?: { timeoutMs: number }) => {
      seen = opts;
      return ok('x');
    }, { serverKey: 's', ttlSeconds: 60, tools: [] });
    await call('t', {}, { timeoutMs: 5 });
    expect(seen).toEqual({ timeoutMs: 5 });
  });
});
