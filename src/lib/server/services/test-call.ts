import { VARIABLE_NAME_RE } from '../../spec';
import { ApiError, badRequest, notFound } from '../errors';
import type { Db } from '../db/client';
import type { ServerConfig } from '../config';
import { liveKitClients, participantToken, TEST_ROOM_EMPTY_TIMEOUT_SECONDS } from '../livekit';
import { randomId } from '../ids';
import { getOwnedAgent } from './agents';
import { getDraft } from './drafts';
import { createTextSession, getTextSession } from '../playground-client';

export type TestCallMode = 'voice' | 'text';

export interface TestCallRequest {
  mode?: unknown;
  variables?: unknown;
}

export interface VoiceCall {
  mode: 'voice';
  url: string;
  token: string;
  room: string;
  identity: string;
  dispatchId: string;
  revision: number;
  expiresAt: Date;
}

export const VOICE_SETUP_HINT =
  'Voice test calls need LiveKit: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (e.g. `livekit-server --dev` ' +
  'gives ws://127.0.0.1:7880 with devkey/secret) and restart. Text chat works without it.';

export function readVariables(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('variables must be an object of strings.', { field: 'variables' }, 'invalid_field');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!VARIABLE_NAME_RE.test(key)) throw badRequest(`"${key}" is not a variable name.`, { field: `variables.${key}` }, 'invalid_field');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw badRequest(`Variable ${key} must be a string, number or boolean.`, { field: `variables.${key}` }, 'invalid_field');
    }
    out[key] = String(v);
  }
  return out;
}

export function chooseMode(requested: unknown, config: ServerConfig): TestCallMode {
  if (requested === undefined || requested === null) return config.livekit ? 'voice' : 'text';
  if (requested !== 'voice' && requested !== 'text') throw badRequest('mode must be "voice" or "text".', { field: 'mode' }, 'invalid_field');
  if (requested === 'voice' && !config.livekit) throw new ApiError(409, 'voice_unavailable', VOICE_SETUP_HINT);
  return requested;
}

/** The draft must be runnable before any call starts; problems come back for the panel. */
export async function requireValidDraft(db: Db, ownerId: string, agentId: string) {
  const draft = await getDraft(db, ownerId, agentId);
  if (!draft.valid) {
    throw new ApiError(422, 'invalid_draft', 'The draft has errors; fix them (see Problems) before calling it.', { problems: draft.problems });
  }
  return draft;
}

/**
 * Voice: a fresh room, an explicit dispatch of the runtime worker with the draft's revision in
 * the job metadata, and a short-lived token for the browser to join.
 */
export async function startVoiceCall(
  db: Db,
  config: ServerConfig,
  user: { id: string; email: string },
  agentId: string,
  variables: Record<string, string>
): Promise<VoiceCall> {
  const livekit = config.livekit;
  if (!livekit) throw new ApiError(409, 'voice_unavailable', VOICE_SETUP_HINT);
  const agent = await getOwnedAgent(db, user.id, agentId);
  const draft = await requireValidDraft(db, user.id, agentId);
  const room = testRoomName(agent.id);
  const { rooms, dispatch } = liveKitClients(livekit);
  const metadata = JSON.stringify({ agentId: agent.id, version: 'draft', revision: draft.revision, variables });
  try {
    await rooms.createRoom({ name: room, emptyTimeout: TEST_ROOM_EMPTY_TIMEOUT_SECONDS, maxParticipants: 4 });
    const created = await dispatch.createDispatch(room, livekit.agentName, { metadata });
    const identity = `user-${user.id}-${randomId(4)}`;
    const { token, expiresAt } = await participantToken(livekit, { identity, name: user.email, room });
    return { mode: 'voice', url: livekit.url, token, room, identity, dispatchId: created.id, revision: draft.revision, expiresAt };
  } catch (err) {
    await rooms.deleteRoom(room).catch(() => undefined);
    throw liveKitError(err, livekit.url);
  }
}

/** Ends a test call: deletes the room (which also ends the agent's job). */
export async function endVoiceCall(db: Db, config: ServerConfig, ownerId: string, agentId: string, room: string): Promise<void> {
  const agent = await getOwnedAgent(db, ownerId, agentId);
  if (!config.livekit) throw new ApiError(409, 'voice_unavailable', VOICE_SETUP_HINT);
  // Only rooms minted for this agent can be closed through it.
  if (!room.startsWith(`${testRoomPrefix(agent.id)}`)) throw notFound('Test call');
  const { rooms } = liveKitClients(config.livekit);
  try {
    await rooms.deleteRoom(room);
  } catch (err) {
    const e = liveKitError(err, config.livekit.url);
    if (e.status !== 404) throw e;
  }
}

const testRoomPrefix = (agentId: string) => `vas-test-${agentId}-`;
export const testRoomName = (agentId: string) => testRoomPrefix(agentId) + randomId(6);

function liveKitError(err: unknown, url: string): ApiError {
  const e = err as { status?: number; code?: string; message?: string; cause?: { code?: string } };
  if (e.status === 401 || e.code === 'unauthenticated') {
    return new ApiError(502, 'livekit_auth', 'LiveKit refused the API key/secret. Check LIVEKIT_API_KEY and LIVEKIT_API_SECRET.');
  }
  if (e.status === 404) return new ApiError(404, 'not_found', 'Test call not found.');
  const network = e.cause?.code ?? (/(ECONNREFUSED|ENOTFOUND|fetch failed)/.exec(String(e.message))?.[1] ?? '');
  if (network) return new ApiError(502, 'livekit_unreachable', `Cannot reach LiveKit at ${url} (${network}). Is the server running?`);
  return new ApiError(502, 'livekit_error', `LiveKit answered an error: ${e.message ?? String(err)}`);
}

/** Text: a playground session of the draft, through the very same runtime assembly. */
export async function startTextCall(db: Db, config: ServerConfig, ownerId: string, agentId: string, variables: Record<string, string>) {
  await getOwnedAgent(db, ownerId, agentId);
  const draft = await requireValidDraft(db, ownerId, agentId);
  const session = await createTextSession(config, { agentId, revision: draft.revision, variables });
  return { mode: 'text' as const, sessionId: session.sessionId, revision: draft.revision, greeting: session.greeting ?? null, tools: session.tools ?? [], voiceAvailable: !!config.livekit };
}

/** A playground session may only be used through the agent (and so the user) it was made for. */
export async function ownedTextSession(db: Db, config: ServerConfig, ownerId: string, agentId: string, sessionId: string) {
  await getOwnedAgent(db, ownerId, agentId);
  const session = await getTextSession(config, sessionId);
  if (session.agent.agentId !== agentId) throw notFound('Test session');
  return session;
}

export const isVoiceRoom = (id: string) => id.startsWith('vas-test-');
