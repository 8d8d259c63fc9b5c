/** The protocol fakes against the real clients they stand in for. */
import OpenAI from 'openai';
import { AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveKitTwirpFake, type LiveKitTwirpFake } from '../../tests/fakes/livekit-twirp.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';

describe('OpenAI fake with the openai SDK', () => {
  let fake: OpenAIFake;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startOpenAIFake();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL });
  });
  afterAll(() => fake?.close());

  const tools = [{ type: 'function' as const, function: { name: 'get_menu', description: 'menu', parameters: { type: 'object', properties: {} } } }];

  it('streams text deltas and usage', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage ?? undefined;
    }
    expect(text).toBe('You said: hi');
    expect(usage).toMatchObject({ prompt_tokens: 10 });
  });

  it('calls a tool the user names, then quotes its result; records requests', async () => {
    const first = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'use get_menu please' }], tools });
    const call = first.choices[0].message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
    expect(call.function).toEqual({ name: 'get_menu', arguments: '{}' });
    const second = await client.chat.completions.create({
      model: 'm',
      tools,
      messages: [
        { role: 'user', content: 'use get_menu please' },
        { role: 'assistant', tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
        { role: 'tool', tool_call_id: call.id, content: 'margherita, diavola' }
      ]
    });
    expect(second.choices[0].message.content).toBe('Tool result: margherita, diavola');
    expect(fake.chatRequests.at(-1)!.tools.map((t) => t.function.name)).toEqual(['get_menu']);
  });

  it('takes an injected script, including errors', async () => {
    fake.setScript(() => ({ error: { status: 429, message: 'slow down' } }));
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { maxRetries: 0 })).rejects.toMatchObject({ status: 429 });
    fake.setScript((req) => ({ toolCalls: [{ name: 'get_menu', arguments: { n: req.messages.length } }] }));
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools, stream: true });
    let args = '';
    for await (const chunk of stream) args += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '';
    expect(JSON.parse(args)).toEqual({ n: 1 });
    fake.setScript(undefined);
  });

  it('serves transcriptions and speech', async () => {
    const t = await client.audio.transcriptions.create({ model: 'whisper-1', file: new File([new Uint8Array(100)], 'a.wav') });
    expect(t.text).toBe('hello from the fake transcriber');
    const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi', response_format: 'pcm' });
    expect((await speech.arrayBuffer()).byteLength).toBe(12_000);
  });
});

describe('LiveKit Twirp fake with livekit-server-sdk', () => {
  let fake: LiveKitTwirpFake;
  const dispatched: string[] = [];
  beforeAll(async () => {
    fake = await startLiveKitTwirpFake({ apiKey: 'key', apiSecret: 'secret-secret-secret-secret-secret', onDispatch: (d) => void dispatched.push(d.metadata) });
  });
  afterAll(() => fake?.close());

  it('creates rooms and dispatches, recording grants', async () => {
    const rooms = new RoomServiceClient(fake.url, 'key', 'secret-secret-secret-secret-secret');
    const agents = new AgentDispatchClient(fake.url, 'key', 'secret-secret-secret-secret-secret');
    const room = await rooms.createRoom({ name: 'call-1', emptyTimeout: 60 });
    expect(room.name).toBe('call-1');
    const d = await agents.createDispatch('call-1', 'voice-agent-studio', { metadata: '{"agentId":"a1","version":2}' });
    expect(d).toMatchObject({ agentName: 'voice-agent-studio', room: 'call-1', metadata: '{"agentId":"a1","version":2}' });
    expect(dispatched).toEqual(['{"agentId":"a1","version":2}']);
    expect(fake.calls('CreateDispatch')[0]).toMatchObject({ authValid: true, auth: { video: { roomAdmin: true, room: 'call-1' } } });
    expect(await agents.listDispatch('call-1')).toHaveLength(1);
    await rooms.deleteRoom('call-1');
    expect(fake.rooms.has('call-1')).toBe(false);
  });

  it('rejects bad credentials and injects failures', async () => {
    await expect(new RoomServiceClient(fake.url, 'key', 'wrong-secret-wrong-secret-wrong!!').createRoom({ name: 'x' })).rejects.toMatchObject({ status: 401 });
    fake.failNext('CreateDispatch', { status: 503, code: 'unavailable', msg: 'no workers' });
    const agents = new AgentDispatchClient(fake.url, 'key', 'secret-secret-secret-secret-secret');
    await expect(agents.createDispatch('r', 'a')).rejects.toMatchObject({ status: 503, message: 'no workers' });
  });
});
