/** Starter agents offered by "New agent"; each becomes the first draft through serializeSpec. */
import { API_VERSION, KIND, serializeSpec, type AgentSpec, type SpecNode } from '$lib/spec';

export interface AgentTemplate {
  id: string;
  title: string;
  description: string;
  /** Node types drawn on the template card. */
  chips: string[];
  build(name: string): AgentSpec;
}

const INSTRUCTIONS = `You are a friendly voice assistant for {{company}}.
Keep answers short: one or two sentences, no lists.
If you don't know something, say so and offer to take a message.`;

const persona = (): SpecNode => ({ id: 'persona', type: 'prompt', role: 'instructions', text: INSTRUCTIONS });
const hello = (): SpecNode => ({ id: 'hello', type: 'prompt', role: 'greeting', text: 'Hi, this is {{company}}. How can I help?' });

function spec(name: string, description: string, nodes: SpecNode[], edges: [string, string][], layout: Record<string, [number, number]>): AgentSpec {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name, description },
    variables: nodes.some((n) => n.type === 'prompt') ? { company: 'Acme' } : undefined,
    nodes,
    edges: edges.map(([from, to]) => ({ from, to })),
    layout: Object.fromEntries(Object.entries(layout).map(([id, [x, y]]) => [id, { x, y }]))
  } as AgentSpec;
}

// Prompts and tools sit above the model they feed (their edges enter it from the top).
const PIPELINE_LAYOUT: Record<string, [number, number]> = {
  ears: [0, 200],
  brain: [240, 200],
  mouth: [480, 200],
  persona: [120, 0],
  hello: [360, 0]
};
const PIPELINE_EDGES: [string, string][] = [
  ['ears', 'brain'],
  ['brain', 'mouth'],
  ['persona', 'brain'],
  ['hello', 'brain']
];

/** stt → llm → tts with instructions and a greeting; only the stt and tts providers vary. */
function pipeline(name: string, description: string, stt: Record<string, unknown>, tts: Record<string, unknown>): AgentSpec {
  const nodes = [
    { id: 'ears', type: 'stt', ...stt, language: 'en' },
    { id: 'brain', type: 'llm', provider: 'openai', model: 'gpt-4o-mini', temperature: 0.6 },
    { id: 'mouth', type: 'tts', ...tts },
    persona(),
    hello()
  ] as SpecNode[];
  return spec(name, description, nodes, PIPELINE_EDGES, PIPELINE_LAYOUT);
}

export const TEMPLATES: AgentTemplate[] = [
  {
    id: 'pipeline-mixed',
    title: 'Pipeline: Deepgram + OpenAI + ElevenLabs',
    description: 'Deepgram Nova-3 listens, GPT-4o mini answers, ElevenLabs Flash speaks. The low-latency classic.',
    chips: ['stt', 'llm', 'tts', 'prompt'],
    build: (name) =>
      pipeline(
        name,
        'Voice pipeline with Deepgram, OpenAI and ElevenLabs',
        { provider: 'deepgram', model: 'nova-3' },
        { provider: 'elevenlabs', voice: 'EXAVITQu4vr4xnSDxMaL', model: 'eleven_flash_v2_5' }
      )
  },
  {
    id: 'pipeline-openai',
    title: 'Pipeline: all OpenAI',
    description: 'gpt-4o-transcribe, GPT-4o mini and gpt-4o-mini-tts: one API key for everything.',
    chips: ['stt', 'llm', 'tts', 'prompt'],
    build: (name) =>
      pipeline(name, 'Voice pipeline on OpenAI only', { provider: 'openai', model: 'gpt-4o-transcribe' }, { provider: 'openai', voice: 'coral', model: 'gpt-4o-mini-tts' })
  },
  {
    id: 'realtime',
    title: 'Realtime (speech to speech)',
    description: 'One OpenAI realtime model hears and speaks: the most natural turn-taking.',
    chips: ['realtime', 'prompt'],
    build: (name) =>
      spec(
        name,
        'Realtime speech-to-speech agent',
        [
          {
            id: 'voice',
            type: 'realtime',
            provider: 'openai',
            model: 'gpt-realtime',
            voice: 'coral',
            turnDetection: { type: 'server_vad', threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 600 }
          },
          persona(),
          hello()
        ],
        [
          ['persona', 'voice'],
          ['hello', 'voice']
        ],
        { voice: [240, 200], persona: [120, 0], hello: [360, 0] }
      )
  },
  {
    id: 'mcp-tools',
    title: 'Agent with MCP tools',
    description: 'A pipeline whose LLM can call tools from a server in your MCP registry.',
    chips: ['stt', 'llm', 'tts', 'prompt', 'mcp'],
    build: (name) =>
      spec(
        name,
        'Voice agent that calls MCP tools',
        [
          { id: 'ears', type: 'stt', provider: 'deepgram', model: 'nova-3', language: 'en' },
          { id: 'brain', type: 'llm', provider: 'openai', model: 'gpt-4o-mini', temperature: 0.4 },
          { id: 'mouth', type: 'tts', provider: 'elevenlabs', voice: 'EXAVITQu4vr4xnSDxMaL', model: 'eleven_flash_v2_5' },
          { ...persona(), text: INSTRUCTIONS + '\nUse your tools to look things up before answering.' } as SpecNode,
          { id: 'tools', type: 'mcp', server: 'everything', prefix: 'tools', timeoutMs: 10000 }
        ],
        [
          ['ears', 'brain'],
          ['brain', 'mouth'],
          ['persona', 'brain'],
          ['tools', 'brain']
        ],
        { ears: [0, 200], brain: [240, 200], mouth: [480, 200], persona: [120, 0], tools: [360, 0] }
      )
  },
  {
    id: 'blank',
    title: 'Blank',
    description: 'An empty canvas: build the graph yourself from the palette.',
    chips: [],
    build: (name) => ({ apiVersion: API_VERSION, kind: KIND, metadata: { name }, nodes: [] }) as AgentSpec
  }
];

export function templateYaml(template: AgentTemplate, name: string): string {
  return serializeSpec(template.build(name));
}
