import { describe, expect, it } from 'vitest';
import { checkTurn } from '../spec/expectations';
import { runSpecTests, summarize, type SpecTest, type TestDriver, type TurnOutcome } from './test-runner';

describe('checkTurn', () => {
  it('passes when the tools were called and the reply matches, case-insensitively', () => {
    expect(checkTurn({ toolCalls: ['menu_get_menu'], replyContains: ['MARGHERITA'] }, { reply: 'We have Margherita.', toolCalls: ['menu_get_menu', 'x'] })).toEqual([]);
    expect(checkTurn(undefined, { reply: '', toolCalls: [] })).toEqual([]);
  });

  it('lists every failed expectation', () => {
    const failures = checkTurn(
      { toolCalls: ['menu_get_menu'], replyContains: ['margherita', 'diavola'], replyNotContains: ['sorry'] },
      { reply: 'Sorry, only Margherita.', toolCalls: [] }
    );
    expect(failures).toEqual(['expected a call to menu_get_menu; called: no tools', 'reply does not contain "diavola"', 'reply contains "sorry"']);
  });
});

function fakeDriver(answer: (text: string, vars: Record<string, string>) => TurnOutcome | Error, log: string[] = []): TestDriver {
  return {
    async open(vars) {
      log.push(`open ${JSON.stringify(vars)}`);
      if (vars.fail_open) throw { code: 'runtime_unavailable', message: 'not running', status: 503 };
      return {
        async send(text) {
          log.push(`send ${text}`);
          const out = answer(text, vars);
          if (out instanceof Error) throw { code: 'turn_failed', message: out.message };
          return out;
        },
        async close() {
          log.push('close');
        }
      };
    }
  };
}

const tests: SpecTest[] = [
  {
    name: 'reads the menu',
    turns: [
      { user: 'What pizzas?', expect: { toolCalls: ['menu_get'], replyContains: ['margherita'] } },
      { user: 'Thanks', expect: { replyContains: ['welcome'] } }
    ]
  },
  { name: 'greets by shop', variables: { shop: 'Mario' }, turns: [{ user: 'Who are you?', expect: { replyContains: ['mario'] } }] }
];

describe('runSpecTests', () => {
  it('runs each test in a fresh session with test variables over the panel ones, and reports per turn', async () => {
    const log: string[] = [];
    const progress: number[] = [];
    const driver = fakeDriver((text, vars) => {
      if (text === 'What pizzas?') return { reply: 'Margherita and more', toolCalls: ['menu_get'] };
      if (text === 'Thanks') return { reply: 'Bye', toolCalls: [] };
      return { reply: `This is ${vars.shop}`, toolCalls: [] };
    }, log);
    const results = await runSpecTests(tests, driver, { variables: { shop: 'Luigi', tone: 'warm' }, onProgress: (r) => progress.push(r.length) });
    expect(log).toEqual([
      'open {"shop":"Luigi","tone":"warm"}',
      'send What pizzas?',
      'send Thanks',
      'close',
      'open {"shop":"Mario","tone":"warm"}',
      'send Who are you?',
      'close'
    ]);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['reads the menu', 'failed'],
      ['greets by shop', 'passed']
    ]);
    expect(results[0].turns.map((t) => t.status)).toEqual(['passed', 'failed']);
    expect(results[0].turns[1]).toMatchObject({ failures: ['reply does not contain "welcome"'], reply: 'Bye' });
    expect(summarize(results)).toEqual({ passed: 1, failed: 1, errors: 0, total: 2 });
    expect(progress.length).toBeGreaterThan(4);
  });

  it('marks a turn error, skips the rest of that test, and goes on with the next', async () => {
    const driver = fakeDriver((text) => (text === 'What pizzas?' ? new Error('provider down') : { reply: 'mario', toolCalls: [] }));
    const results = await runSpecTests(tests, driver);
    expect(results[0]).toMatchObject({ status: 'error' });
    expect(results[0].turns.map((t) => t.status)).toEqual(['error', 'skipped']);
    expect(results[0].turns[0].error).toMatchObject({ code: 'turn_failed', message: 'provider down' });
    expect(results[1].status).toBe('passed');
  });

  it('reports a session that cannot open as an error of that test', async () => {
    const results = await runSpecTests([{ ...tests[1], variables: { fail_open: 'yes' } }], fakeDriver(() => ({ reply: '', toolCalls: [] })));
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'runtime_unavailable', status: 503 } });
    expect(results[0].turns[0].status).toBe('skipped');
  });

  it('stops when aborted and marks the rest skipped', async () => {
    const ctrl = new AbortController();
    const driver = fakeDriver(() => {
      ctrl.abort();
      return { reply: 'margherita', toolCalls: ['menu_get'] };
    });
    const results = await runSpecTests(tests, driver, { signal: ctrl.signal });
    expect(results[0].turns.map((t) => t.status)).toEqual(['passed', 'skipped']);
    expect(results[1].status).toBe('skipped');
  });
});
