/**
 * Spec provider name → plugin constructor. Adding a vendor = adding a row here; nothing else in
 * the runtime switches on provider strings.
 *
 * API keys: the node's `apiKey` (a `${secret:}`/`${env:}` ref, resolved by the caller) wins, else
 * the vendor's usual environment variable. A missing key is a `RuntimeError` naming that variable,
 * raised at assembly time rather than deep inside the first request.
 */
import { inference, type llm as llmNs, type stt as sttNs, type tts as ttsNs } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as elevenlabs from '@livekit/agents-plugin-elevenlabs';
import * as openai from '@livekit/agents-plugin-openai';
import type { LlmNode, RealtimeNode, SttNode, TtsNode, TurnDetection } from '../../src/lib/spec/index.js';
import { RuntimeError } from './errors.js';

export interface ProviderContext {
  /** Environment used for default keys and base URLs (process.env in production). */
  env: Record<string, string | undefined>;
  /** Resolves `${secret:NAME}` / `${env:NAME}` references in a node field. */
  resolve: (value: string, path: string) => string;
  /** text mode builds a realtime model with text-only output. */
  mode: 'voice' | 'text';
}

type Kind = 'stt' | 'llm' | 'tts' | 'realtime';
type ModelNode = SttNode | LlmNode | TtsNode | RealtimeNode;

function apiKeyFor(node: ModelNode, envVar: string, ctx: ProviderContext): string {
  if (node.apiKey) {
    const key = ctx.resolve(node.apiKey, `nodes.${node.id}.apiKey`);
    if (key) return key;
  }
  const key = ctx.env[envVar];
  if (key) return key;
  throw new RuntimeError(
    'missing_api_key',
    `No API key for ${node.type} node "${node.id}" (${node.provider}): set ${envVar} in the runtime's environment or give the node an apiKey (\${secret:NAME}).`,
    { nodeId: node.id, provider: node.provider, envVar }
  );
}

function baseUrlFor(node: ModelNode, envVar: string, ctx: ProviderContext): string | undefined {
  if (node.baseURL) return ctx.resolve(node.baseURL, `nodes.${node.id}.baseURL`);
  return ctx.env[envVar] || undefined;
}

/** Only pass fields that are set: plugin defaults must not be overwritten with `undefined`. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Table<N extends { provider: string }, T> = { [P in N['provider']]: (node: Extract<N, { provider: P }>, ctx: ProviderContext) => T };

export const sttProviders: Table<SttNode, sttNs.STT> = {
  deepgram: (node, ctx) =>
    new deepgram.STT(
      defined({
        apiKey: apiKeyFor(node, 'DEEPGRAM_API_KEY', ctx),
        model: node.model,
        language: node.language,
        interimResults: node.interimResults,
        punctuate: node.punctuate,
        smartFormat: node.smartFormat,
        fillerWords: node.fillerWords,
        numerals: node.numerals,
        profanityFilter: node.profanityFilter,
        endpointing: node.endpointingMs,
        keyterm: node.keyterms,
        // Deepgram's plugin spells it baseUrl and wants the ws(s) origin, e.g. wss://api.deepgram.com.
        baseUrl: baseUrlFor(node, 'DEEPGRAM_BASE_URL', ctx)
      })
    ),
  openai: (node, ctx) =>
    new openai.STT(
      defined({
        apiKey: apiKeyFor(node, 'OPENAI_API_KEY', ctx),
        model: node.model,
        language: node.language,
        prompt: node.prompt,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      })
    )
};

export const llmProviders: Table<LlmNode, llmNs.LLM> = {
  openai: (node, ctx) =>
    new openai.LLM(
      defined({
        apiKey: apiKeyFor(node, 'OPENAI_API_KEY', ctx),
        model: node.model,
        temperature: node.temperature,
        topP: node.topP,
        maxCompletionTokens: node.maxCompletionTokens,
        parallelToolCalls: node.parallelToolCalls,
        toolChoice: node.toolChoice,
        reasoningEffort: node.reasoningEffort,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      })
    )
};

export const ttsProviders: Table<TtsNode, ttsNs.TTS> = {
  elevenlabs: (node, ctx) => {
    const vs = node.voiceSettings;
    return new elevenlabs.TTS(
      defined({
        apiKey: apiKeyFor(node, 'ELEVEN_API_KEY', ctx),
        voiceId: node.voice,
        model: node.model,
        language: node.language,
        voiceSettings: vs
          ? (defined({
              stability: vs.stability ?? 0.5,
              similarity_boost: vs.similarityBoost ?? 0.75,
              style: vs.style,
              speed: vs.speed,
              use_speaker_boost: vs.useSpeakerBoost
            }) as elevenlabs.VoiceSettings)
          : undefined,
        baseURL: baseUrlFor(node, 'ELEVENLABS_BASE_URL', ctx)
      })
    );
  },
  openai: (node, ctx) =>
    new openai.TTS(
      defined({
        apiKey: apiKeyFor(node, 'OPENAI_API_KEY', ctx),
        model: node.model,
        voice: node.voice as openai.TTSOptions['voice'] | undefined,
        speed: node.speed,
        instructions: node.instructions,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      })
    )
};

/** Spec turnDetection (camelCase, units in names) → the OpenAI realtime wire shape. */
export function realtimeTurnDetection(td: TurnDetection | undefined): openai.realtime.TurnDetectionType | undefined {
  if (!td) return undefined;
  if (td.type === 'semantic_vad') {
    return defined({
      type: 'semantic_vad' as const,
      eagerness: td.eagerness,
      create_response: td.createResponse,
      interrupt_response: td.interruptResponse
    }) as openai.realtime.TurnDetectionType;
  }
  return defined({
    type: 'server_vad' as const,
    threshold: td.threshold,
    prefix_padding_ms: td.prefixPaddingMs,
    silence_duration_ms: td.silenceDurationMs,
    create_response: td.createResponse,
    interrupt_response: td.interruptResponse
  }) as openai.realtime.TurnDetectionType;
}

export const realtimeProviders: Table<RealtimeNode, llmNs.RealtimeModel> = {
  openai: (node, ctx) =>
    new openai.realtime.RealtimeModel(
      defined({
        apiKey: apiKeyFor(node, 'OPENAI_API_KEY', ctx),
        model: node.model,
        voice: node.voice,
        speed: node.speed,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx),
        turnDetection: realtimeTurnDetection(node.turnDetection),
        // A text session (playground, CLI) must not ask the model for audio nobody plays.
        modalities: ctx.mode === 'text' ? (['text'] as Array<'text' | 'audio'>) : undefined
      })
    )
};

function pick<N extends ModelNode, T>(table: Table<N, T>, kind: Kind, node: N, ctx: ProviderContext): T {
  const make = Object.hasOwn(table, node.provider)
    ? (table as unknown as Record<string, (n: N, c: ProviderContext) => T>)[node.provider]
    : undefined;
  if (!make) {
    throw new RuntimeError(
      'unknown_provider',
      `Unknown ${kind} provider "${node.provider}" on node "${node.id}"; supported: ${Object.keys(table).join(', ')}.`,
      { nodeId: node.id, provider: node.provider }
    );
  }
  return make(node, ctx);
}

export const createStt = (n: SttNode, c: ProviderContext) => pick(sttProviders, 'stt', n, c);
export const createLlm = (n: LlmNode, c: ProviderContext) => pick(llmProviders, 'llm', n, c);
export const createTts = (n: TtsNode, c: ProviderContext) => pick(ttsProviders, 'tts', n, c);
export const createRealtime = (n: RealtimeNode, c: ProviderContext) => pick(realtimeProviders, 'realtime', n, c);

/**
 * The agents framework's bundled Silero VAD (local inference, no plugin, no download). Only a
 * voice pipeline needs it; text sessions and realtime models (server-side VAD) run without one.
 */
export function createVad(): inference.VAD {
  return new inference.VAD({ model: 'silero' });
}
