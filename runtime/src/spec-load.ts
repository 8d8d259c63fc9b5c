/** Spec text → a typed, validated spec, or one `invalid_spec` error listing the problems. */
import { formatProblem, hasErrors, parseSpec, type AgentSpec, type Problem } from '../../src/lib/spec/index.js';
import { RuntimeError } from './errors.js';

export function specFromText(text: string, file = '<spec>'): AgentSpec {
  const { spec, problems } = parseSpec(text, { file });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!spec || hasErrors(problems)) throw invalidSpec(errors, file);
  return spec;
}

export function invalidSpec(errors: readonly Problem[], file = '<spec>'): RuntimeError {
  const shown = errors.slice(0, 5).map((p) => formatProblem(p, file));
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return new RuntimeError('invalid_spec', `The spec is invalid: ${shown.join('; ')}${more}`, { problems: errors });
}
