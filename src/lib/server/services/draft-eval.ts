import { hasErrors, parseSpec, serializeSpec, specHash, type AgentSpec, type Problem } from '../../spec';

export interface DraftEvaluation {
  valid: boolean;
  problems: Problem[];
  /** sha256 of the canonical YAML; null while the draft is invalid. */
  sha256: string | null;
}

/** Validates draft text with the spec module; invalid drafts are still saved, with their problems. */
export function evaluateDraft(yaml: string, file = 'draft.yaml'): DraftEvaluation & { spec: AgentSpec | null } {
  const { spec, problems } = parseSpec(yaml, { file });
  const valid = spec !== null && !hasErrors(problems);
  return { valid, problems, sha256: valid ? specHash(spec) : null, spec };
}

/** Canonical YAML of a valid draft: what a published version freezes. */
export function canonicalYaml(spec: AgentSpec): string {
  return serializeSpec(spec);
}
