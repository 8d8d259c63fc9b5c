import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { freshDatabase } from '../../../../tests/helpers/db';
import { startLiveKitTwirpFake, type LiveKitTwirpFake } from '../../../../tests/fakes/livekit-twirp';
import { DANGLING_TTS, PIZZA } from '../../../../tests/fixtures/specs';
import type { Database } from '../db/client';
import { readConfig, type ServerConfig } from '../config';
import { signUp } from '../auth/accounts';
import { createAgent } from './agents';
import { saveDraft } from './drafts';
import { chooseMode, endVoiceCall, startVoiceCall } from './test-call';

const KEY = 'devkey';
const SECRET = 'secret-secret-secret-secret-secret';

describe('voice test calls against a LiveKit Twirp fake', () => {
  let database: Database;
  let fake: LiveKitTwirpFake;
  let config: ServerConfig;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };

  beforeAll(async () => {
    database = await freshDatabase('pglite');
    fake = await startLiveKitTwirpFake({ apiKey: KEY, apiSecret: SECRET });
    config = readConfig({ LIVEKIT_URL: fake.url.replace('http', 'ws'), LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET, LIVEKIT_AGENT_NAME: 'studio-test' });
    alice = await signUp(database.db, { email: 'alice@example.com', password: 'wonderland rabbit' });
    bob = await signUp(database.db, { email: 'bob@example.com', password: 'can we fix it yes' });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it('creates a room, dispatches the runtime with the draft revision, and mints a short-lived token', async () => {
    const { agent } = await createAgent(database.db, alice.id, { yaml: PIZZA });
    await saveDraft(database.db, alice.id, agent.id, PIZZA.replace('Be brief.', 'Be very brief.'));
    const call = await startVoiceCall(database.db, config, alice, agent.id, { shop: 'Mario' });

    expect(call.mode).toBe('voice');
    expect(call.url).toBe(config.livekit!.url);
    const [createRoom] = fake.calls('CreateRoom');
    expect(createRoom.body).toMatchObject({ name: call.room });
    const [dispatch] = fake.calls('CreateDispatch');
    expect(dispatch.authValid).toBe(true);
    expect(dispatch.body).toMatchObject({ agentName: 'studio-test', room: call.room });
    expect(JSON.parse(String(dispatch.body.metadata))).toEqual({ agentId: agent.id, version: 'draft', revision: 2, variables: { shop: 'Mario' } });

    const claims = await new TokenVerifier(KEY, SECRET).verify(call.token);
    expect(claims.video).toMatchObject({ roomJoin: true, room: call.room, canPublish: true, canSubscribe: true });
    expect(claims.sub).toBe(call.identity);
    const lifetime = (claims.exp as number) - (claims.nbf as number ?? Math.floor(Date.now() / 1000));
    expect(lifetime).toBeGreaterThan(60);
    expect(lifetime).toBeLessThanOrEqual(15 * 60);

    await endVoiceCall(database.db, config, alice.id, agent.id, call.room);
    expect(fake.calls('DeleteRoom').map((r) => r.body.room)).toEqual([call.room]);
    expect(fake.rooms.has(call.room)).toBe(false);
  });

  it("refuses another user's agent, invalid drafts and foreign rooms", async () => {
    const { agent } = await createAgent(database.db, alice.id, { yaml: PIZZA.replace('pizza-order', 'mine') });
    const before = fake.calls('CreateDispatch').length;
    await expect(startVoiceCall(database.db, config, bob, agent.id, {})).rejects.toMatchObject({ status: 404 });
    await expect(endVoiceCall(database.db, config, bob.id, agent.id, `vas-test-${agent.id}-x`)).rejects.toMatchObject({ status: 404 });
    await expect(endVoiceCall(database.db, config, alice.id, agent.id, 'some-other-room')).rejects.toMatchObject({ status: 404 });

    const { agent: broken } = await createAgent(database.db, alice.id, { yaml: DANGLING_TTS.replace('pizza-order', 'broken') });
    await expect(startVoiceCall(database.db, config, alice, broken.id, {})).rejects.toMatchObject({ status: 422, code: 'invalid_draft' });
    expect(fake.calls('CreateDispatch').length).toBe(before);
  });

  it('explains an unreachable LiveKit and a missing configuration in plain words', async () => {
    const { agent } = await createAgent(database.db, alice.id, { yaml: PIZZA.replace('pizza-order', 'offline') });
    const offline = readConfig({ LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });
    await expect(startVoiceCall(database.db, offline, alice, agent.id, {})).rejects.toMatchObject({ status: 502, code: 'livekit_unreachable' });
    expect(() => chooseMode('voice', readConfig({}))).toThrow(/LIVEKIT_URL/);
    expect(chooseMode(undefined, readConfig({}))).toBe('text');
    expect(chooseMode(undefined, config)).toBe('voice');
  });
});
