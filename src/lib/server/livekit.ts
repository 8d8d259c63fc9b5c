import { AccessToken, AgentDispatchClient, RoomServiceClient } from 'livekit-server-sdk';
import type { ServerConfig } from './config';

export type LiveKitConfig = NonNullable<ServerConfig['livekit']>;

/** Participant tokens for test calls are short-lived: long enough to join, not to share. */
export const TEST_CALL_TOKEN_TTL_SECONDS = 10 * 60;
/** A test room with nobody left in it is closed by LiveKit after this long. */
export const TEST_ROOM_EMPTY_TIMEOUT_SECONDS = 120;

/** The server SDK speaks Twirp over HTTP(S); LIVEKIT_URL is usually the ws(s):// client URL. */
export function httpHost(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

export function liveKitClients(config: LiveKitConfig) {
  const host = httpHost(config.url);
  return {
    rooms: new RoomServiceClient(host, config.apiKey, config.apiSecret),
    dispatch: new AgentDispatchClient(host, config.apiKey, config.apiSecret)
  };
}

export async function participantToken(
  config: LiveKitConfig,
  { identity, name, room }: { identity: string; name: string; room: string }
): Promise<{ token: string; expiresAt: Date }> {
  const at = new AccessToken(config.apiKey, config.apiSecret, { identity, name, ttl: TEST_CALL_TOKEN_TTL_SECONDS });
  at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
  return { token: await at.toJwt(), expiresAt: new Date(Date.now() + TEST_CALL_TOKEN_TTL_SECONDS * 1000) };
}
