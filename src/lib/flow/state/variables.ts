/** The variables of a spec as the variables panel shows them: used, declared, required. */
import { templateVariables, type AgentSpec, type VariableValue } from '$lib/spec';

export interface VariableRow {
  name: string;
  used: boolean;
  /** Default value from `variables`, if declared there. */
  value: VariableValue | undefined;
  /** Listed in `inputs`: must be supplied at dispatch. */
  required: boolean;
}

export function variableRows(spec: AgentSpec): VariableRow[] {
  const used = new Set<string>();
  for (const n of spec.nodes) if (n.type === 'prompt' && typeof n.text === 'string') templateVariables(n.text).forEach((v) => used.add(v));
  const defaults = spec.variables ?? {};
  const required = new Set((spec.inputs ?? []).map((i) => i.name));
  const names = [...new Set([...used, ...Object.keys(defaults), ...required])];
  return names.map((name) => ({ name, used: used.has(name), value: defaults[name], required: required.has(name) }));
}

/** Names a prompt may use without an error: declared defaults and required inputs. */
export function knownVariables(spec: AgentSpec): Set<string> {
  return new Set([...Object.keys(spec.variables ?? {}), ...(spec.inputs ?? []).map((i) => i.name)]);
}

export function setVariable(spec: AgentSpec, name: string, value: VariableValue | undefined): AgentSpec {
  const variables = { ...(spec.variables ?? {}) };
  if (value === undefined) delete variables[name];
  else variables[name] = value;
  const { variables: _old, ...rest } = spec;
  return Object.keys(variables).length ? { ...rest, variables } : rest;
}

export function setRequired(spec: AgentSpec, name: string, required: boolean): AgentSpec {
  const inputs = (spec.inputs ?? []).filter((i) => i.name !== name);
  if (required) inputs.push({ name });
  const { inputs: _old, ...rest } = spec;
  return inputs.length ? { ...rest, inputs } : rest;
}

export function removeVariable(spec: AgentSpec, name: string): AgentSpec {
  return setRequired(setVariable(spec, name, undefined), name, false);
}
