/**
 * The spec's `tests:` block, run through text sessions of the draft: per turn, send the user's
 * words and check `expect.toolCalls` and `expect.replyContains` / `replyNotContains`
 * (case-insensitive). Each test gets a fresh session, so one test's conversation never leaks into
 * the next; test variables override the panel's.
 */
import type { CallError } from './errors';
import { checkTurn } from '../spec/expectations';
import type { SpecTest } from '../spec/schema';

export type { SpecTest };

export interface TurnOutcome {
  reply: string;
  toolCalls: string[];
  durationMs?: number;
}

export type TurnStatus = 'pending' | 'running' | 'passed' | 'failed' | 'error' | 'skipped';

export interface TurnResult {
  user: string;
  status: TurnStatus;
  failures: string[];
  reply?: string;
  toolCalls?: string[];
  durationMs?: number;
  error?: CallError;
}

export interface TestResult {
  name: string;
  status: TurnStatus;
  turns: TurnResult[];
  error?: CallError;
}

export interface TestSession {
  /** resolves with the turn's outcome, or rejects with a CallError-like value */
  send(text: string): Promise<TurnOutcome>;
  close(): Promise<void>;
}

export interface TestDriver {
  open(variables: Record<string, string>): Promise<TestSession>;
}

export function initialResults(tests: SpecTest[]): TestResult[] {
  return tests.map((t) => ({ name: t.name, status: 'pending', turns: t.turns.map((turn) => ({ user: turn.user, status: 'pending', failures: [] })) }));
}

function stringVars(vars: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, String(v)]));
}

export function asCallError(e: unknown): CallError {
  const err = e as Partial<CallError> & { status?: number } | null;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') {
    return { code: err.code, message: err.message, status: err.status, details: err.details };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export interface RunOptions {
  variables?: Record<string, string>;
  /** called with a fresh snapshot after every change */
  onProgress?: (results: TestResult[]) => void;
  signal?: AbortSignal;
}

/** Runs every test in order; never throws: failures and errors land in the results. */
export async function runSpecTests(tests: SpecTest[], driver: TestDriver, opts: RunOptions = {}): Promise<TestResult[]> {
  let results = initialResults(tests);
  const update = (ti: number, patch: (r: TestResult) => TestResult) => {
    results = results.map((r, i) => (i === ti ? patch(r) : r));
    opts.onProgress?.(results);
  };
  const setTurn = (ti: number, k: number, turn: Partial<TurnResult>) =>
    update(ti, (r) => ({ ...r, turns: r.turns.map((t, j) => (j === k ? { ...t, ...turn } : t)) }));
  const skipRest = (ti: number, from: number) =>
    update(ti, (r) => ({ ...r, turns: r.turns.map((t, j) => (j >= from && t.status === 'pending' ? { ...t, status: 'skipped' } : t)) }));

  for (const [ti, test] of tests.entries()) {
    if (opts.signal?.aborted) {
      skipRest(ti, 0);
      update(ti, (r) => ({ ...r, status: 'skipped' }));
      continue;
    }
    update(ti, (r) => ({ ...r, status: 'running' }));
    let session: TestSession;
    try {
      session = await driver.open({ ...(opts.variables ?? {}), ...stringVars(test.variables) });
    } catch (e) {
      skipRest(ti, 0);
      update(ti, (r) => ({ ...r, status: 'error', error: asCallError(e) }));
      continue;
    }
    let failed = false;
    try {
      for (const [k, turn] of test.turns.entries()) {
        if (opts.signal?.aborted) {
          skipRest(ti, k);
          break;
        }
        setTurn(ti, k, { status: 'running' });
        let outcome: TurnOutcome;
        try {
          outcome = await session.send(turn.user);
        } catch (e) {
          setTurn(ti, k, { status: 'error', error: asCallError(e) });
          skipRest(ti, k + 1);
          update(ti, (r) => ({ ...r, status: 'error' }));
          failed = true;
          break;
        }
        const failures = checkTurn(turn.expect, outcome);
        if (failures.length) failed = true;
        setTurn(ti, k, { status: failures.length ? 'failed' : 'passed', failures, reply: outcome.reply, toolCalls: outcome.toolCalls, durationMs: outcome.durationMs });
      }
    } finally {
      await session.close().catch(() => undefined);
    }
    update(ti, (r) => {
      if (r.status === 'error') return r;
      const skipped = r.turns.some((t) => t.status === 'skipped');
      return { ...r, status: failed ? 'failed' : skipped ? 'skipped' : 'passed' };
    });
  }
  return results;
}

export function summarize(results: TestResult[]): { passed: number; failed: number; errors: number; total: number } {
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    errors: results.filter((r) => r.status === 'error').length,
    total: results.length
  };
}
