/** Identity and limits of the agent spec format (see shared/spec-format.md). */

export const API_VERSION = 'voice-agent-studio/v1';
export const SUPPORTED_API_VERSIONS = [API_VERSION] as const;
export const KIND = 'Agent';
export const SUPPORTED_KINDS = [KIND] as const;

export const NODE_TYPES = ['stt', 'llm', 'tts', 'realtime', 'prompt', 'mcp'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Model nodes: the node every prompt and mcp node connects into. */
export const MODEL_NODE_TYPES = ['llm', 'realtime'] as const satisfies readonly NodeType[];

export const PROVIDERS = {
	stt: ['deepgram', 'openai'],
	llm: ['openai'],
	tts: ['elevenlabs', 'openai'],
	realtime: ['openai']
} as const;

export const PROMPT_ROLES = ['instructions', 'greeting'] as const;
export const MCP_TRANSPORTS = ['stdio', 'sse', 'streamable-http'] as const;
export const TURN_DETECTION_TYPES = ['server_vad', 'semantic_vad'] as const;

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const VARIABLE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const TOOL_NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;
export const EXTENSION_KEY_PREFIX = 'x-';

/** Hard limits; they keep a hostile spec from costing the validator or the runtime much. */
export const SPEC_LIMITS = {
	maxNodes: 2000,
	maxEdges: 10000,
	maxTextChars: 100_000,
	maxTests: 200,
	maxTurnsPerTest: 100,
	maxSourceBytes: 2_000_000
} as const;
