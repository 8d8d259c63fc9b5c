/** The JSON Schema of the spec, generated from the zod schema (served at /schema/agent-spec.v1.json). */
import { z } from 'zod';
import { API_VERSION } from './constants.js';
import { isClosedObject, AgentSpecSchema } from './schema.js';

export const AGENT_SPEC_SCHEMA_ID = 'https://voice-agent-studio.dev/schema/agent-spec.v1.json';

let cached: Record<string, unknown> | undefined;

/** JSON Schema (draft 2020-12). Closed objects allow only `x-` extension keys beyond their fields. */
export function agentSpecJsonSchema(): Record<string, unknown> {
	cached ??= z.toJSONSchema(AgentSpecSchema, {
		target: 'draft-2020-12',
		unrepresentable: 'any',
		override(ctx) {
			if (isClosedObject(ctx.zodSchema)) {
				const json = ctx.jsonSchema as Record<string, unknown>;
				json.additionalProperties = false;
				json.patternProperties = { '^x-': {} };
			}
		}
	}) as Record<string, unknown>;
	return structuredClone({
		...cached,
		$id: AGENT_SPEC_SCHEMA_ID,
		title: `Voice Agent Studio agent spec (${API_VERSION})`
	});
}
