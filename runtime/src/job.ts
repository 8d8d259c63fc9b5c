/**
 * Job metadata set by the editor at dispatch:
 * `{"agentId": "...", "version": 3 | "draft", "variables": {...}, "revision"?: "..."}`.
 */
import { z } from 'zod';
import { RuntimeError } from './errors.js';

const variableValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const jobMetadataSchema = z
  .object({
    agentId: z.string().min(1, 'agentId must not be empty'),
    version: z.union([z.literal('draft'), z.number().int().positive()]).default('draft'),
    variables: z.record(z.string(), variableValue).default({}),
    // The editor's draft revision is a number in its database; either spelling names the same draft.
    revision: z
      .union([z.string().min(1), z.number().int().nonnegative()])
      .transform((v) => String(v))
      .optional()
  })
  .strict();

export type JobMetadata = z.infer<typeof jobMetadataSchema>;

/** Accepts `version` as a number, a numeric string (`"3"`) or `"draft"`. */
export function parseJobMetadata(raw: string | undefined | null): JobMetadata {
  if (!raw || raw.trim() === '') {
    throw new RuntimeError('bad_metadata', 'Job metadata is empty: dispatch with {"agentId": "...", "version": n | "draft"}.');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new RuntimeError('bad_metadata', `Job metadata is not JSON: ${(e as Error).message}.`);
  }
  if (json && typeof json === 'object' && typeof (json as { version?: unknown }).version === 'string') {
    const v = (json as { version: string }).version;
    if (/^\d+$/.test(v)) (json as { version: unknown }).version = Number(v);
  }
  const parsed = jobMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RuntimeError('bad_metadata', `Invalid job metadata: ${issues.join('; ')}.`, { issues });
  }
  return parsed.data;
}
