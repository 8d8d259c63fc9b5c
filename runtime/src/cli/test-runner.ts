/**
 * The spec's `tests:` block, run through the runtime assembly in text mode: each test gets a
 * fresh session; each turn sends `user` and checks `expect` (tools called during the turn,
 * case-insensitive substrings of the reply).
 */
import type { AgentSpec } from '../../../src/lib/spec/index.js';
import { toErrorBody } from '../errors.js';
import { TextSession, type TextSessionOptions } from '../text-session.js';
import { checkTurn } from '../../../src/lib/spec/expectations.js';

export interface TurnReport {
  user: string;
  reply: string;
  toolCalls: string[];
  ok: boolean;
  failures: string[];
  durationMs: number;
}

export interface TestReport {
  name: string;
  ok: boolean;
  turns: TurnReport[];
  /** set when the session could not start or a turn failed outright */
  error?: string;
  durationMs: number;
}

export interface SpecTestReport {
  spec: string;
  file?: string;
  ok: boolean;
  passed: number;
  failed: number;
  tests: TestReport[];
}

export interface RunSpecTestsOptions extends Omit<TextSessionOptions, 'variables'> {
  /** dispatch variables for every test; a test's own `variables` override them */
  variables?: Record<string, unknown>;
  /** only tests whose name contains this (case-insensitive) */
  filter?: string;
  file?: string;
  onTest?: (report: TestReport) => void;
}

export async function runSpecTests(spec: AgentSpec, opts: RunSpecTestsOptions = {}): Promise<SpecTestReport> {
  const tests = (spec.tests ?? []).filter((t) => !opts.filter || t.name.toLowerCase().includes(opts.filter.toLowerCase()));
  const reports: TestReport[] = [];
  for (const test of tests) {
    const started = performance.now();
    const report: TestReport = { name: test.name, ok: true, turns: [], durationMs: 0 };
    let session: TextSession | undefined;
    try {
      session = await TextSession.create(spec, {
        ...opts,
        variables: { ...opts.variables, ...test.variables },
        waitForTools: opts.waitForTools ?? { timeoutMs: 15_000 }
      });
      for (const turn of test.turns) {
        const result = await session.send(turn.user);
        const failures = checkTurn(turn.expect, result);
        report.turns.push({ user: turn.user, reply: result.reply, toolCalls: result.toolCalls, ok: failures.length === 0, failures, durationMs: result.durationMs });
        if (failures.length) report.ok = false;
      }
    } catch (e) {
      report.ok = false;
      report.error = toErrorBody(e).error.message;
    } finally {
      await session?.close();
    }
    report.durationMs = Math.round(performance.now() - started);
    reports.push(report);
    opts.onTest?.(report);
  }
  const passed = reports.filter((r) => r.ok).length;
  return { spec: spec.metadata.name, file: opts.file, ok: passed === reports.length, passed, failed: reports.length - passed, tests: reports };
}

const yamlString = (s: string) => JSON.stringify(s);

/** TAP version 13 over one or more specs; YAML diagnostics under each failing test. */
export function formatTap(reports: readonly SpecTestReport[]): string {
  const total = reports.reduce((n, r) => n + r.tests.length, 0);
  const lines = ['TAP version 13', `1..${total}`];
  let i = 0;
  for (const r of reports) {
    if (reports.length > 1 || r.file) lines.push(`# ${r.file ?? r.spec}`);
    for (const t of r.tests) {
      i++;
      lines.push(`${t.ok ? 'ok' : 'not ok'} ${i} - ${r.spec}: ${t.name}`);
      if (t.ok) continue;
      lines.push('  ---');
      if (t.error) lines.push(`  error: ${yamlString(t.error)}`);
      const bad = t.turns.map((turn, n) => ({ turn, n })).filter(({ turn }) => !turn.ok);
      if (bad.length) {
        lines.push('  turns:');
        for (const { turn, n } of bad) {
          lines.push(`    - turn: ${n + 1}`, `      user: ${yamlString(turn.user)}`, `      reply: ${yamlString(turn.reply)}`);
          lines.push(`      toolCalls: [${turn.toolCalls.map(yamlString).join(', ')}]`, '      failures:');
          for (const f of turn.failures) lines.push(`        - ${yamlString(f)}`);
        }
      }
      lines.push('  ...');
    }
  }
  const passed = reports.reduce((n, r) => n + r.passed, 0);
  lines.push(`# tests ${total}`, `# pass ${passed}`, `# fail ${total - passed}`);
  return lines.join('\n');
}

export function formatJson(reports: readonly SpecTestReport[]): string {
  const passed = reports.reduce((n, r) => n + r.passed, 0);
  const total = reports.reduce((n, r) => n + r.tests.length, 0);
  return JSON.stringify({ ok: passed === total, passed, failed: total - passed, specs: reports }, null, 2);
}
