/**
 * The variables form: rows prefilled from the draft (defaults, required inputs, placeholders the
 * prompts use), free key/value rows, and what gets sent with the call.
 */
import { parseSpec, templateVariables, VARIABLE_NAME_RE, type AgentSpec } from '../spec';
import type { SpecTest } from './test-runner';

export interface VariableRow {
  key: string;
  value: string;
  /** from the draft: `inputs` (required), `variables` (default) or a prompt placeholder */
  source?: 'input' | 'default' | 'placeholder';
  description?: string;
}

export interface DraftInfo {
  variables: VariableRow[];
  tests: SpecTest[];
}

/** Reads what the panel needs from the saved draft; an unparsable draft gives empty lists. */
export function draftInfo(yaml: string): DraftInfo {
  const { spec } = parseSpec(yaml);
  if (!spec) return { variables: [], tests: [] };
  return { variables: variableRows(spec), tests: (spec.tests ?? []) as SpecTest[] };
}

export function variableRows(spec: AgentSpec): VariableRow[] {
  const rows = new Map<string, VariableRow>();
  for (const input of spec.inputs ?? []) rows.set(input.name, { key: input.name, value: '', source: 'input', description: input.description });
  for (const [key, value] of Object.entries(spec.variables ?? {})) {
    const row = rows.get(key);
    rows.set(key, { ...row, key, value: String(value), source: row?.source ?? 'default' });
  }
  for (const node of spec.nodes) {
    if (node.type !== 'prompt') continue;
    for (const name of templateVariables(node.text)) if (!rows.has(name)) rows.set(name, { key: name, value: '', source: 'placeholder' });
  }
  return [...rows.values()];
}

/**
 * Merges fresh draft rows into what the user already typed: their values win, rows the draft
 * no longer has disappear unless the user added or changed them.
 */
export function mergeRows(current: VariableRow[], fromDraft: VariableRow[], passed: Record<string, string> = {}): VariableRow[] {
  const typed = new Map(current.map((r) => [r.key, r]));
  const out: VariableRow[] = fromDraft.map((row) => {
    const mine = typed.get(row.key);
    const value = mine && mine.value !== '' ? mine.value : (passed[row.key] ?? row.value);
    return { ...row, value };
  });
  for (const [key, value] of Object.entries(passed)) if (!out.some((r) => r.key === key)) out.push({ key, value });
  for (const row of current) {
    if (out.some((r) => r.key === row.key)) continue;
    if (!row.source || row.value !== '') out.push({ key: row.key, value: row.value });
  }
  return out;
}

export interface VariablesCheck {
  variables: Record<string, string>;
  /** per row index */
  errors: Record<number, string>;
}

/** Row list → the call's variables; rows without a value are left out, required inputs must have one. */
export function collectVariables(rows: VariableRow[]): VariablesCheck {
  const variables: Record<string, string> = {};
  const errors: Record<number, string> = {};
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (!key && !row.value) return;
    if (!VARIABLE_NAME_RE.test(key)) errors[i] = key ? `“${key}” is not a variable name (letters, digits, _).` : 'Give the variable a name.';
    else if (key in variables) errors[i] = `“${key}” is set twice.`;
    else if (row.value === '') {
      // An empty value would hide the draft's default; only required inputs must be filled.
      if (row.source === 'input') errors[i] = `${key} is required by the agent.`;
    } else variables[key] = row.value;
  });
  return { variables, errors };
}
