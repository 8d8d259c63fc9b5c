/**
 * The agent spec schema: the single source of truth for types, validation and the JSON Schema.
 *
 * Objects are declared through `obj()`: at runtime they keep unknown keys (so `x-` extensions survive
 * a round trip and unknown fields can be reported with a position and a "did you mean" hint by
 * `unknown-keys.ts`), while their static type stays exact.
 */
import { z } from 'zod';
import {
	API_VERSION,
	KIND,
	MCP_TRANSPORTS,
	PROMPT_ROLES,
	SLUG_RE,
	SPEC_LIMITS,
	TOOL_NAME_RE,
	VARIABLE_NAME_RE
} from './constants.js';
import { isHttpUrlOrRef, PURE_REF_RE } from './refs.js';

/** A closed object: unknown keys are errors unless they start with `x-`. */
function obj<S extends z.core.$ZodLooseShape>(shape: S): z.ZodObject<S, z.core.$strip> {
	return z.object(shape).catchall(z.unknown()) as unknown as z.ZodObject<S, z.core.$strip>;
}

/**
 * Objects made by obj() are recognised by their `unknown` catchall (a marker would not survive
 * `.describe()`, which clones the schema).
 */
export function isClosedObject(schema: unknown): boolean {
	const def = (schema as { _zod?: { def?: { type?: string; catchall?: { _zod: { def: { type: string } } } } } })?._zod?.def;
	return def?.type === 'object' && def.catchall?._zod.def.type === 'unknown';
}

const slug = () =>
	z.string().regex(SLUG_RE, {
		error: 'must be a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters'
	});

const nodeId = slug().describe('Unique node id (slug); edges and layout refer to it.');

const secretRef = z
	.string()
	.regex(PURE_REF_RE, {
		error: 'must be a reference like ${secret:NAME} or ${env:NAME}, never the key itself'
	})
	.describe('API key as a reference: ${secret:NAME} (owner secret) or ${env:NAME} (runtime environment).');

const baseURL = z
	.string()
	.refine(isHttpUrlOrRef, { error: 'must be an http(s) URL' })
	.describe('Override the provider endpoint (any compatible server, or a local fake in tests).');

const scalarValue = z.union([z.string(), z.number(), z.boolean()]);
const variableName = z.string().regex(VARIABLE_NAME_RE, {
	error: 'must be an identifier: letters, digits and _, not starting with a digit'
});

// ── provider nodes ────────────────────────────────────────────────────────────────────────────

const providerCommon = {
	baseURL: baseURL.optional(),
	apiKey: secretRef.optional()
};

export const DeepgramSttSchema = obj({
	id: nodeId,
	type: z.literal('stt'),
	provider: z.literal('deepgram').describe('Speech-to-text provider: deepgram | openai.'),
	model: z.string().min(1).optional().describe('Deepgram model, e.g. nova-3.'),
	language: z.string().min(1).optional().describe('Language code, e.g. en, en-US, multi.'),
	interimResults: z.boolean().optional(),
	punctuate: z.boolean().optional(),
	smartFormat: z.boolean().optional(),
	fillerWords: z.boolean().optional(),
	numerals: z.boolean().optional(),
	profanityFilter: z.boolean().optional(),
	endpointingMs: z.number().int().min(0).max(10_000).optional().describe('Silence (ms) that ends an utterance.'),
	keyterms: z.array(z.string().min(1)).optional().describe('Terms to boost recognition of (nova-3).'),
	...providerCommon
}).describe('Speech-to-text with Deepgram.');

export const OpenAISttSchema = obj({
	id: nodeId,
	type: z.literal('stt'),
	provider: z.literal('openai').describe('Speech-to-text provider: deepgram | openai.'),
	model: z.string().min(1).optional().describe('OpenAI transcription model, e.g. gpt-4o-transcribe, whisper-1.'),
	language: z.string().min(1).optional().describe('Language code, e.g. en.'),
	prompt: z.string().optional().describe('Transcription hint (vocabulary, spelling).'),
	...providerCommon
}).describe('Speech-to-text with OpenAI.');

export const SttNodeSchema = z.discriminatedUnion('provider', [DeepgramSttSchema, OpenAISttSchema]);

export const OpenAILlmSchema = obj({
	id: nodeId,
	type: z.literal('llm'),
	provider: z.literal('openai').describe('openai: any OpenAI-compatible chat completions endpoint (see baseURL).'),
	model: z.string().min(1).describe('Model name, e.g. gpt-4o-mini.'),
	temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0–2.'),
	topP: z.number().min(0).max(1).optional().describe('Nucleus sampling, 0–1.'),
	maxCompletionTokens: z.number().int().min(1).max(1_000_000).optional(),
	parallelToolCalls: z.boolean().optional(),
	toolChoice: z.enum(['auto', 'required', 'none']).optional(),
	reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
	...providerCommon
}).describe('Language model (pipeline shape).');

export const LlmNodeSchema = z.discriminatedUnion('provider', [OpenAILlmSchema]);

const ElevenLabsVoiceSettingsSchema = obj({
	stability: z.number().min(0).max(1).optional(),
	similarityBoost: z.number().min(0).max(1).optional(),
	style: z.number().min(0).max(1).optional(),
	speed: z.number().min(0.7).max(1.2).optional(),
	useSpeakerBoost: z.boolean().optional()
}).describe('ElevenLabs voice settings.');

export const ElevenLabsTtsSchema = obj({
	id: nodeId,
	type: z.literal('tts'),
	provider: z.literal('elevenlabs').describe('Text-to-speech provider: elevenlabs | openai.'),
	voice: z.string().min(1).optional().describe('ElevenLabs voice id.'),
	model: z.string().min(1).optional().describe('ElevenLabs model, e.g. eleven_flash_v2_5.'),
	language: z.string().min(1).optional(),
	voiceSettings: ElevenLabsVoiceSettingsSchema.optional(),
	...providerCommon
}).describe('Text-to-speech with ElevenLabs.');

export const OpenAITtsSchema = obj({
	id: nodeId,
	type: z.literal('tts'),
	provider: z.literal('openai').describe('Text-to-speech provider: elevenlabs | openai.'),
	voice: z.string().min(1).optional().describe('OpenAI voice, e.g. alloy, coral, ash.'),
	model: z.string().min(1).optional().describe('OpenAI speech model, e.g. gpt-4o-mini-tts, tts-1.'),
	speed: z.number().min(0.25).max(4).optional(),
	instructions: z.string().optional().describe('Speaking style instructions (gpt-4o-mini-tts).'),
	...providerCommon
}).describe('Text-to-speech with OpenAI.');

export const TtsNodeSchema = z.discriminatedUnion('provider', [ElevenLabsTtsSchema, OpenAITtsSchema]);

export const ServerVadSchema = obj({
	type: z.literal('server_vad'),
	threshold: z.number().min(0).max(1).optional().describe('Voice activity threshold, 0–1.'),
	prefixPaddingMs: z.number().int().min(0).max(10_000).optional(),
	silenceDurationMs: z.number().int().min(0).max(10_000).optional(),
	createResponse: z.boolean().optional(),
	interruptResponse: z.boolean().optional()
});

export const SemanticVadSchema = obj({
	type: z.literal('semantic_vad'),
	eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
	createResponse: z.boolean().optional(),
	interruptResponse: z.boolean().optional()
});

export const TurnDetectionSchema = z
	.discriminatedUnion('type', [ServerVadSchema, SemanticVadSchema])
	.describe('How the realtime model detects the end of a user turn: server_vad | semantic_vad.');

export const OpenAIRealtimeSchema = obj({
	id: nodeId,
	type: z.literal('realtime'),
	provider: z.literal('openai').describe('Realtime speech-to-speech provider: openai.'),
	model: z.string().min(1).optional().describe('Realtime model, e.g. gpt-realtime.'),
	voice: z.string().min(1).optional().describe('Voice, e.g. coral, alloy, marin.'),
	speed: z.number().min(0.25).max(1.5).optional(),
	turnDetection: TurnDetectionSchema.optional(),
	maxResponseOutputTokens: z.union([z.number().int().min(1).max(4096), z.literal('inf')]).optional(),
	...providerCommon
}).describe('Realtime speech-to-speech model (replaces the stt → llm → tts pipeline).');

export const RealtimeNodeSchema = z.discriminatedUnion('provider', [OpenAIRealtimeSchema]);

// ── prompt and mcp nodes ──────────────────────────────────────────────────────────────────────

export const PromptNodeSchema = obj({
	id: nodeId,
	type: z.literal('prompt'),
	role: z.enum(PROMPT_ROLES).describe('instructions (system prompt, exactly one) | greeting (said first, at most one).'),
	text: z
		.string()
		.min(1)
		.max(SPEC_LIMITS.maxTextChars)
		.describe('Prompt text; {{name}} placeholders are filled from variables and dispatch inputs.')
}).describe('A prompt connected into the model node.');

const toolName = z.string().min(1).max(64);

export const McpToolsSchema = obj({
	include: z.array(toolName).optional().describe('Expose only these tools (omit = all).'),
	exclude: z.array(toolName).optional().describe('Expose all tools except these (exclusive with include).')
});

export const McpCacheSchema = obj({
	ttlSeconds: z.number().int().min(1).max(86_400).describe('How long a cached result stays fresh.'),
	tools: z.array(toolName).min(1).describe('Read-only tools whose results may be cached (opt-in).')
});

export const McpNodeSchema = obj({
	id: nodeId,
	type: z.literal('mcp'),
	server: z.string().min(1).optional().describe("A server in the owner's MCP registry, by name."),
	transport: z.enum(MCP_TRANSPORTS).optional().describe('Inline server transport: stdio | sse | streamable-http.'),
	url: z
		.string()
		.refine(isHttpUrlOrRef, { error: 'must be an http(s) URL' })
		.optional()
		.describe('Inline sse / streamable-http server URL.'),
	command: z
		.string()
		.min(1)
		.optional()
		.describe('Inline stdio server command (must be on the admin allow-list MCP_STDIO_ALLOW).'),
	args: z.array(z.string()).optional().describe('Arguments of the stdio command.'),
	env: z
		.record(z.string(), z.string())
		.optional()
		.describe('Environment of the stdio server; secrets as ${secret:NAME} / ${env:NAME}.'),
	headers: z
		.record(z.string(), z.string())
		.optional()
		.describe('HTTP headers for sse / streamable-http; secrets as ${secret:NAME} / ${env:NAME}.'),
	tools: McpToolsSchema.optional(),
	prefix: z
		.string()
		.regex(TOOL_NAME_RE, { error: 'may only contain letters, digits, _ and - (max 64)' })
		.optional()
		.describe('The LLM sees tools as <prefix>_<tool>; defaults to the node id.'),
	cache: McpCacheSchema.optional(),
	timeoutMs: z.number().int().min(1).max(600_000).optional().describe('Timeout of one tool call.')
}).describe('Tools from an MCP server, connected into the model node.');

export const SpecNodeSchema = z.discriminatedUnion('type', [
	SttNodeSchema,
	LlmNodeSchema,
	TtsNodeSchema,
	RealtimeNodeSchema,
	PromptNodeSchema,
	McpNodeSchema
]);

// ── top level ─────────────────────────────────────────────────────────────────────────────────

export const EdgeSchema = obj({
	from: z.string().min(1).describe('Source node id.'),
	to: z.string().min(1).describe('Target node id.')
});

export const PositionSchema = obj({ x: z.number(), y: z.number() });

export const MetadataSchema = obj({
	name: slug().describe('Agent name: a slug, unique per owner.'),
	description: z.string().optional()
});

export const InputSchema = obj({
	name: variableName.describe('Variable name used as {{name}}.'),
	description: z.string().optional()
}).describe('A variable that must be supplied at dispatch (job metadata "variables").');

export const TestExpectSchema = obj({
	toolCalls: z.array(z.string().min(1)).optional().describe('Tools (final, prefixed names) the agent must call.'),
	replyContains: z.array(z.string()).optional().describe('Case-insensitive substrings the reply must contain.'),
	replyNotContains: z.array(z.string()).optional().describe('Case-insensitive substrings the reply must not contain.')
});

export const TestTurnSchema = obj({
	user: z.string().describe('What the user says.'),
	expect: TestExpectSchema.optional()
});

export const TestSchema = obj({
	name: z.string().min(1),
	variables: z.record(variableName, scalarValue).optional().describe('Dispatch variables for this test.'),
	turns: z.array(TestTurnSchema).min(1).max(SPEC_LIMITS.maxTurnsPerTest)
});

export const AgentSpecSchema = obj({
	apiVersion: z.literal(API_VERSION).describe(`Spec format version: ${API_VERSION}.`),
	kind: z.literal(KIND),
	metadata: MetadataSchema,
	variables: z
		.record(variableName, scalarValue)
		.optional()
		.describe('Variable defaults; job metadata may override them at dispatch.'),
	inputs: z
		.array(InputSchema)
		.optional()
		.describe('Required dispatch inputs: variables without a default that the dispatcher must supply.'),
	nodes: z.array(SpecNodeSchema).max(SPEC_LIMITS.maxNodes),
	edges: z.array(EdgeSchema).max(SPEC_LIMITS.maxEdges).optional().describe('Connections between nodes.'),
	layout: z
		.record(z.string(), PositionSchema)
		.optional()
		.describe('Editor positions by node id; the runtime ignores them.'),
	tests: z.array(TestSchema).max(SPEC_LIMITS.maxTests).optional().describe('Scripted checks run by `agentspec test` and the UI.')
}).describe('A voice agent: providers, prompts and MCP tools wired as a graph.');

export type AgentSpec = z.infer<typeof AgentSpecSchema>;
export type SpecNode = z.infer<typeof SpecNodeSchema>;
export type SttNode = z.infer<typeof SttNodeSchema>;
export type LlmNode = z.infer<typeof LlmNodeSchema>;
export type TtsNode = z.infer<typeof TtsNodeSchema>;
export type RealtimeNode = z.infer<typeof RealtimeNodeSchema>;
export type PromptNode = z.infer<typeof PromptNodeSchema>;
export type McpNode = z.infer<typeof McpNodeSchema>;
export type TurnDetection = z.infer<typeof TurnDetectionSchema>;
export type SpecEdge = z.infer<typeof EdgeSchema>;
export type SpecPosition = z.infer<typeof PositionSchema>;
export type SpecTest = z.infer<typeof TestSchema>;
export type SpecInput = z.infer<typeof InputSchema>;
export type VariableValue = z.infer<typeof scalarValue>;
export type ModelNode = LlmNode | RealtimeNode;
