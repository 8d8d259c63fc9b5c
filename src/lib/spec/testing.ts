/** Specs for tests (the two examples of spec-format.md) and helpers to derive broken variants. */
import { parseSpec } from './parse.js';
import type { AgentSpec } from './schema.js';

export const PIPELINE_YAML = `# yaml-language-server: $schema=http://localhost:5173/schema/agent-spec.v1.json
apiVersion: voice-agent-studio/v1
kind: Agent
metadata:
  name: pizza-order            # slug [a-z0-9][a-z0-9-]{0,62}, unique per owner
  description: Takes pizza orders by phone
variables:                     # defaults; job metadata may override them at dispatch
  shop: Luigi's
nodes:
  - id: ears
    type: stt
    provider: deepgram         # deepgram | openai
    model: nova-3
    language: en
  - id: brain
    type: llm
    provider: openai           # openai (any OpenAI-compatible endpoint via baseURL)
    model: gpt-4o-mini
    temperature: 0.6
    # baseURL: http://127.0.0.1:11434/v1
  - id: mouth
    type: tts
    provider: elevenlabs       # elevenlabs | openai
    voice: EXAVITQu4vr4xnSDxMaL
    model: eleven_flash_v2_5
  - id: persona
    type: prompt
    role: instructions         # instructions | greeting
    text: |
      You take pizza orders for {{shop}}. Be brief.
  - id: hello
    type: prompt
    role: greeting
    text: Hi, this is {{shop}}. What can I get you?
  - id: menu
    type: mcp
    server: menu-api           # a server in the owner's MCP registry, by name
    tools:
      include: [get_menu, place_order]   # omit = all; or exclude: [...]
    prefix: menu               # LLM sees menu_get_menu; default prefix = node id
    cache:
      ttlSeconds: 300          # opt-in; only for the listed read-only tools
      tools: [get_menu]
    timeoutMs: 10000
edges:
  - { from: ears, to: brain }
  - { from: brain, to: mouth }
  - { from: persona, to: brain }
  - { from: hello, to: brain }
  - { from: menu, to: brain }
layout:                        # editor positions only; the runtime ignores it
  ears: { x: 0, y: 120 }
  brain: { x: 260, y: 120 }
  mouth: { x: 520, y: 120 }
tests:                         # scripted checks, run by \`agentspec test\` and the UI
  - name: reads the menu
    turns:
      - user: What pizzas do you have?
        expect:
          toolCalls: [menu_get_menu]
          replyContains: [margherita]    # case-insensitive substrings
`;

export const REALTIME_YAML = `apiVersion: voice-agent-studio/v1
kind: Agent
metadata: { name: concierge }
nodes:
  - id: rt
    type: realtime
    provider: openai
    model: gpt-realtime
    voice: coral
    turnDetection: { type: server_vad, threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 700 }
  - id: persona
    type: prompt
    role: instructions
    text: You are a hotel concierge.
  - id: everything
    type: mcp
    transport: streamable-http          # inline server: stdio | sse | streamable-http
    url: http://127.0.0.1:3001/mcp
    headers: { Authorization: "Bearer \${secret:EVERYTHING_TOKEN}" }
edges:
  - { from: persona, to: rt }
  - { from: everything, to: rt }
`;

export function specOf(text: string): AgentSpec {
	const { spec, problems } = parseSpec(text);
	if (!spec || problems.some((p) => p.severity === 'error')) {
		throw new Error(`fixture does not validate: ${JSON.stringify(problems, null, 2)}`);
	}
	return spec;
}

export const pipeline = (): AgentSpec => specOf(PIPELINE_YAML);
export const realtime = (): AgentSpec => specOf(REALTIME_YAML);

/** A copy of `spec` changed by `edit` (which may mutate freely). */
export function edited<T = AgentSpec>(spec: AgentSpec, edit: (s: any) => void): T {
	const copy = structuredClone(spec);
	edit(copy);
	return copy as unknown as T;
}

/** Deterministic PRNG (mulberry32) so fuzz failures reproduce from the seed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
