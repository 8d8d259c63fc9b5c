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
import { RuntimeError } from './errors.js';

/** The fields of model nodes the runtime reads (a structural subset of the spec's node types). */
export interface ModelNodeFields {
  id: string;
  type: string;
  provider: string;
  model?: string;
  language?: string;
  temperature?: number;
  baseURL?: string;
  apiKey?: string;
  voice?: string;
  speed?: number;
  turnDetection?: TurnDetectionFields;
  [key: string]: unknown;
}

export interface TurnDetectionFields {
  type?: 'server_vad' | 'semantic_vad' | string;
  threshold?: number;
  prefixPaddingMs?: number;
  silenceDurationMs?: number;
  eagerness?: 'auto' | 'low' | 'medium' | 'high';
  createResponse?: boolean;
  interruptResponse?: boolean;
}

export interface ProviderContext {
  /** Environment used for default keys and base URLs (process.env in production). */
  env: Record<string, string | undefined>;
  /** Resolves `${secret:NAME}` / `${env:NAME}` references in a node field. */
  resolve: (value: string, path: string) => string;
  /** text mode builds a realtime model with text-only output. */
  mode: 'voice' | 'text';
}

type Kind = 'stt' | 'llm' | 'tts' | 'realtime';

interface KeySource {
  envVar: string;
}

function apiKeyFor(node: ModelNodeFields, kind: Kind, src: KeySource, ctx: ProviderContext): string {
  if (typeof node.apiKey === 'string' && node.apiKey.length > 0) {
    const key = ctx.resolve(node.apiKey, `nodes.${node.id}.apiKey`);
    if (key) return key;
  }
  const key = ctx.env[src.envVar];
  if (key) return key;
  throw new RuntimeError(
    'missing_api_key',
    `No API key for ${kind} node "${node.id}" (${node.provider}): set ${src.envVar} in the runtime's environment or give the node an apiKey (\${secret:NAME}).`,
    { nodeId: node.id, provider: node.provider, envVar: src.envVar }
  );
}

function baseUrlFor(node: ModelNodeFields, envVar: string | undefined, ctx: ProviderContext): string | undefined {
  if (typeof node.baseURL === 'string' && node.baseURL) return ctx.resolve(node.baseURL, `nodes.${node.id}.baseURL`);
  return envVar ? ctx.env[envVar] || undefined : undefined;
}

/** Only pass fields that are set: plugin defaults must not be overwritten with `undefined`. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Factory<T> = (node: ModelNodeFields, ctx: ProviderContext) => T;

export const sttProviders: Record<string, Factory<sttNs.STT>> = {
  deepgram: (node, ctx) =>
    new deepgram.STT(
      defined({
        apiKey: apiKeyFor(node, 'stt', { envVar: 'DEEPGRAM_API_KEY' }, ctx),
        model: node.model,
        language: node.language,
        // Deepgram's plugin spells it baseUrl and wants the ws(s) origin.
        baseUrl: baseUrlFor(node, 'DEEPGRAM_BASE_URL', ctx)
      }) as Partial<deepgram.STTOptions>
    ),
  openai: (node, ctx) =>
    new openai.STT(
      defined({
        apiKey: apiKeyFor(node, 'stt', { envVar: 'OPENAI_API_KEY' }, ctx),
        model: node.model,
        language: node.language,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      }) as Partial<openai.STTOptions>
    )
};

export const llmProviders: Record<string, Factory<llmNs.LLM>> = {
  openai: (node, ctx) =>
    new openai.LLM(
      defined({
        apiKey: apiKeyFor(node, 'llm', { envVar: 'OPENAI_API_KEY' }, ctx),
        model: node.model ?? 'gpt-4o-mini',
        temperature: node.temperature,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      })
    )
};

export const ttsProviders: Record<string, Factory<ttsNs.TTS>> = {
  elevenlabs: (node, ctx) =>
    new elevenlabs.TTS(
      defined({
        apiKey: apiKeyFor(node, 'tts', { envVar: 'ELEVEN_API_KEY' }, ctx),
        voiceId: node.voice,
        model: node.model,
        language: node.language,
        baseURL: baseUrlFor(node, 'ELEVENLABS_BASE_URL', ctx)
      })
    ),
  openai: (node, ctx) =>
    new openai.TTS(
      defined({
        apiKey: apiKeyFor(node, 'tts', { envVar: 'OPENAI_API_KEY' }, ctx),
        model: node.model,
        voice: node.voice as openai.TTSOptions['voice'] | undefined,
        speed: node.speed,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx)
      })
    )
};

/** Spec turnDetection (camelCase, units in names) → OpenAI realtime wire shape. */
export function realtimeTurnDetection(td: TurnDetectionFields | undefined): openai.realtime.TurnDetectionType | undefined {
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

export const realtimeProviders: Record<string, Factory<llmNs.RealtimeModel>> = {
  openai: (node, ctx) =>
    new openai.realtime.RealtimeModel(
      defined({
        apiKey: apiKeyFor(node, 'realtime', { envVar: 'OPENAI_API_KEY' }, ctx),
        model: node.model,
        voice: node.voice,
        temperature: node.temperature,
        speed: node.speed,
        baseURL: baseUrlFor(node, 'OPENAI_BASE_URL', ctx),
        turnDetection: realtimeTurnDetection(node.turnDetection),
        modalities: ctx.mode === 'text' ? (['text'] as Array<'text' | 'audio'>) : undefined
      })
    )
};

function pick<T>(table: Record<string, Factory<T>>, kind: Kind, node: ModelNodeFields, ctx: ProviderContext): T {
  const make = Object.hasOwn(table, node.provider) ? table[node.provider] : undefined;
  if (!make) {
    throw new RuntimeError(
      'unknown_provider',
      `Unknown ${kind} provider "${node.provider}" on node "${node.id}"; supported: ${Object.keys(table).join(', ')}.`,
      { nodeId: node.id, provider: node.provider }
    );
  }
  return make(node, ctx);
}

export const createStt = (n: ModelNodeFields, c: ProviderContext) => pick(sttProviders, 'stt', n, c);
export const createLlm = (n: ModelNodeFields, c: ProviderContext) => pick(llmProviders, 'llm', n, c);
export const createTts = (n: ModelNodeFields, c: ProviderContext) => pick(ttsProviders, 'tts', n, c);
export const createRealtime = (n: ModelNodeFields, c: ProviderContext) => pick(realtimeProviders, 'realtime', n, c);

/**
 * The agents framework's bundled Silero VAD (local inference, no plugin, no download) — only a
 * voice pipeline needs it; text sessions and realtime models (server VAD) run without one.
 */
export function createVad(): inference.VAD {
  return new inference.VAD({ model: 'silero' });
}
