import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inference } from '@livekit/agents';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as elevenlabs from '@livekit/agents-plugin-elevenlabs';
import * as openai from '@livekit/agents-plugin-openai';
import { AudioFrame } from '@livekit/rtc-node';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { pipelineSpecObject, quietLogger } from '../test/helpers.js';
import { assembleAgent } from './assemble.js';
import { RuntimeError } from './errors.js';
import { specFromText } from './spec-load.js';

let oa: OpenAIFake;
let vendor: Server;
let vendorUrl: string;
const vendorRequests: Array<{ url: string; auth: string | undefined }> = [];

/** Minimal Deepgram (POST /v1/listen) and ElevenLabs (POST /v1/text-to-speech/…) endpoints. */
beforeAll(async () => {
  quietLogger();
  oa = await startOpenAIFake();
  vendor = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      vendorRequests.push({ url: req.url ?? '', auth: String(req.headers.authorization ?? req.headers['xi-api-key'] ?? '') });
      if (req.url?.startsWith('/v1/listen')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ metadata: { request_id: 'r1' }, results: { channels: [{ alternatives: [{ transcript: 'hello deepgram', confidence: 0.9, words: [] }] }] } }));
      } else {
        res.writeHead(200, { 'content-type': 'audio/pcm' });
        res.end(Buffer.alloc(4410));
      }
    });
  });
  await new Promise<void>((r) => vendor.listen(0, '127.0.0.1', r));
  vendorUrl = `127.0.0.1:${(vendor.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await oa?.close();
  vendor?.closeAllConnections();
  await new Promise((r) => vendor?.close(r));
});

const second = () => new AudioFrame(new Int16Array(16000), 16000, 1, 16000);

function specWith(nodes: Record<string, unknown>[], edges: Array<[string, string]>) {
  return specFromText(
    stringify({
      apiVersion: 'voice-agent-studio/v1',
      kind: 'Agent',
      metadata: { name: 'providers' },
      nodes: [...nodes, { id: 'persona', type: 'prompt', role: 'instructions', text: 'hi' }],
      edges: edges.map(([from, to]) => ({ from, to }))
    })
  );
}

describe('providers', () => {
  it('builds deepgram → openai → elevenlabs with the built-in VAD; base URLs from env reach the vendors', async () => {
    const spec = specFromText(stringify(pipelineSpecObject({ llmBaseURL: oa.baseURL })));
    const a = assembleAgent(spec, {
      mode: 'voice',
      env: {
        OPENAI_API_KEY: 'sk-oa',
        DEEPGRAM_API_KEY: 'dg-key',
        ELEVEN_API_KEY: 'el-key',
        DEEPGRAM_BASE_URL: `ws://${vendorUrl}`,
        ELEVENLABS_BASE_URL: `http://${vendorUrl}/v1`
      }
    });
    const { stt, llm, tts, vad } = a.session;
    expect(stt).toBeInstanceOf(deepgram.STT);
    expect(llm).toBeInstanceOf(openai.LLM);
    expect(tts).toBeInstanceOf(elevenlabs.TTS);
    expect(vad).toBeInstanceOf(inference.VAD);
    expect((stt as deepgram.STT).model).toBe('nova-3');
    expect((llm as openai.LLM).model).toBe('fake-model');

    const heard = await stt!.recognize([second()]);
    expect(heard.alternatives?.[0].text).toBe('hello deepgram');
    let frames = 0;
    for await (const _ of tts!.synthesize('hello')) frames++;
    expect(frames).toBeGreaterThan(0);
    expect(vendorRequests.map((r) => [r.url.split('?')[0], r.auth])).toEqual([
      ['/v1/listen', 'Token dg-key'],
      ['/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL/stream', 'el-key']
    ]);
    await a.close();
  });

  it('builds openai stt and tts; spec baseURL and ${secret:} apiKey are used', async () => {
    const spec = specWith(
      [
        { id: 'ears', type: 'stt', provider: 'openai', model: 'whisper-1', baseURL: oa.baseURL, apiKey: '${secret:OA_KEY}' },
        { id: 'brain', type: 'llm', provider: 'openai', model: 'm', baseURL: oa.baseURL, apiKey: '${secret:OA_KEY}' },
        { id: 'mouth', type: 'tts', provider: 'openai', voice: 'alloy', baseURL: oa.baseURL, apiKey: '${env:OA_ENV_KEY}' }
      ],
      [
        ['ears', 'brain'],
        ['brain', 'mouth'],
        ['persona', 'brain']
      ]
    );
    oa.reset();
    const a = assembleAgent(spec, { mode: 'voice', secrets: { OA_KEY: 'sk-from-secret' }, env: { OA_ENV_KEY: 'sk-from-env' } });
    expect(a.session.stt).toBeInstanceOf(openai.STT);
    expect(a.session.tts).toBeInstanceOf(openai.TTS);
    const heard = await a.session.stt!.recognize([second()]);
    expect(heard.alternatives?.[0].text).toBe('hello from the fake transcriber');
    for await (const _ of a.session.tts!.synthesize('hi')) break;
    // (the LLM may prewarm with GET /v1/models; only the audio calls matter here)
    expect(oa.requests.filter((r) => r.path.startsWith('/v1/audio')).map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/audio/transcriptions', 'Bearer sk-from-secret'],
      ['/v1/audio/speech', 'Bearer sk-from-env']
    ]);
    await a.close();
  });

  it('text mode leaves STT, TTS and VAD out', () => {
    const spec = specFromText(stringify(pipelineSpecObject({ llmBaseURL: oa.baseURL })));
    const a = assembleAgent(spec, { mode: 'text', env: { OPENAI_API_KEY: 'sk' } });
    expect(a.session.stt).toBeUndefined();
    expect(a.session.tts).toBeUndefined();
    expect(a.session.vad).toBeUndefined();
    expect(a.session.llm).toBeInstanceOf(openai.LLM);
  });

  it('a missing key is a clear error naming the environment variable', () => {
    const spec = specFromText(stringify(pipelineSpecObject({ llmBaseURL: oa.baseURL })));
    const build = (env: Record<string, string>) => () => assembleAgent(spec, { mode: 'voice', env });
    expect(build({})).toThrow(/OPENAI_API_KEY/);
    expect(build({ OPENAI_API_KEY: 'k' })).toThrow(/DEEPGRAM_API_KEY/);
    expect(build({ OPENAI_API_KEY: 'k', DEEPGRAM_API_KEY: 'k' })).toThrow(/ELEVEN_API_KEY/);
    try {
      build({})();
    } catch (e) {
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as RuntimeError).code).toBe('missing_api_key');
      expect((e as RuntimeError).details).toMatchObject({ nodeId: 'brain', envVar: 'OPENAI_API_KEY' });
    }
    // an unresolved ${secret:} names the secret
    const withRef = specWith(
      [{ id: 'brain', type: 'llm', provider: 'openai', model: 'm', apiKey: '${secret:NOPE}' }, { id: 'ears', type: 'stt', provider: 'deepgram' }, { id: 'mouth', type: 'tts', provider: 'openai' }],
      [
        ['ears', 'brain'],
        ['brain', 'mouth'],
        ['persona', 'brain']
      ]
    );
    expect(() => assembleAgent(withRef, { mode: 'text', env: {} })).toThrow(/\$\{secret:NOPE\}/);
  });
});

describe('realtime', () => {
  const realtimeSpec = () =>
    specWith(
      [
        {
          id: 'rt',
          type: 'realtime',
          provider: 'openai',
          model: 'gpt-realtime',
          voice: 'coral',
          baseURL: oa.baseURL,
          turnDetection: { type: 'server_vad', threshold: 0.7, prefixPaddingMs: 250, silenceDurationMs: 900 }
        }
      ],
      [['persona', 'rt']]
    );

  it("constructs the model with the spec's VAD settings and sends them on connect", async () => {
    oa.reset();
    const a = assembleAgent(realtimeSpec(), { mode: 'voice', env: { OPENAI_API_KEY: 'sk-rt' } });
    const model = a.session.llm as openai.realtime.RealtimeModel;
    expect(model).toBeInstanceOf(openai.realtime.RealtimeModel);
    expect(model._options.turnDetection).toEqual({ type: 'server_vad', threshold: 0.7, prefix_padding_ms: 250, silence_duration_ms: 900 });
    expect(model._options.voice).toBe('coral');
    expect(a.session.stt).toBeUndefined();
    await a.start();
    const update = await (async () => {
      for (let i = 0; i < 100; i++) {
        const ev = oa.realtimeEvents.find((e) => e.type === 'session.update' && (e.session as { audio?: unknown }).audio);
        if (ev) return ev;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('no session.update');
    })();
    expect(oa.realtimeConnections[0].path).toBe('/v1/realtime?model=gpt-realtime');
    expect(oa.realtimeConnections[0].headers.authorization).toBe('Bearer sk-rt');
    const session = update.session as { audio: { input: { turn_detection: unknown } }; output_modalities: string[] };
    expect(session.audio.input.turn_detection).toEqual({ type: 'server_vad', threshold: 0.7, prefix_padding_ms: 250, silence_duration_ms: 900 });
    expect(session.output_modalities).toEqual(['audio']);
    await a.close();
  });

  it('text mode asks the realtime model for text only', async () => {
    oa.reset();
    const a = assembleAgent(realtimeSpec(), { mode: 'text', env: { OPENAI_API_KEY: 'sk-rt' } });
    expect((a.session.llm as openai.realtime.RealtimeModel)._options.modalities).toEqual(['text']);
    await a.close();
  });
});
