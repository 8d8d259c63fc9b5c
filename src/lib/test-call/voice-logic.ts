/**
 * The plain parts of a voice test call: reading the agent's state from its participant
 * attributes, folding LiveKit transcription streams into transcript lines, the mic meter.
 */

/** agents-js publishes its state on the agent participant (ATTRIBUTE_AGENT_STATE). */
export const AGENT_STATE_ATTRIBUTE = 'lk.agent.state';
/** Text-stream topic and attributes of agents-js transcriptions. */
export const TRANSCRIPTION_TOPIC = 'lk.transcription';
export const SEGMENT_ID_ATTRIBUTE = 'lk.segment_id';
export const TRANSCRIPTION_FINAL_ATTRIBUTE = 'lk.transcription_final';

export type AgentState = 'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking';
const AGENT_STATES: readonly string[] = ['initializing', 'idle', 'listening', 'thinking', 'speaking'];

export type VoiceStatus = 'idle' | 'microphone' | 'dialing' | 'connecting' | 'connected' | 'reconnecting' | 'ending' | 'ended';

export function agentStateOf(attributes: Record<string, string> | undefined): AgentState | undefined {
  const v = attributes?.[AGENT_STATE_ATTRIBUTE];
  return v && AGENT_STATES.includes(v) ? (v as AgentState) : undefined;
}

/** LiveKit marks agents with kind AGENT; older servers only show the state attribute. */
export function isAgentParticipant(p: { kind?: unknown; attributes?: Record<string, string> }, agentKind: unknown): boolean {
  return p.kind === agentKind || agentStateOf(p.attributes) !== undefined;
}

export const STATUS_LABEL: Record<VoiceStatus, string> = {
  idle: 'Not connected',
  microphone: 'Asking for the microphone…',
  dialing: 'Starting the agent…',
  connecting: 'Connecting to LiveKit…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  ending: 'Hanging up…',
  ended: 'Call ended'
};

export const AGENT_STATE_LABEL: Record<AgentState | 'waiting', string> = {
  waiting: 'Waiting for the agent to join…',
  initializing: 'Agent is starting…',
  idle: 'Agent is idle',
  listening: 'Listening',
  thinking: 'Thinking…',
  speaking: 'Speaking'
};

export interface VoiceLine {
  /** segment id (or stream id): later streams of a segment replace its text */
  id: string;
  speaker: 'user' | 'agent';
  text: string;
  final: boolean;
}

/** Adds or updates a segment. Interim transcripts come as whole texts, so text replaces. */
export function upsertSegment(lines: VoiceLine[], seg: VoiceLine): VoiceLine[] {
  const i = lines.findIndex((l) => l.id === seg.id);
  if (i < 0) return seg.text.trim() ? [...lines, seg] : lines;
  const out = lines.slice();
  out[i] = { ...lines[i], text: seg.text, final: seg.final || lines[i].final };
  return out;
}

export function segmentFromStream(
  info: { id: string; attributes?: Record<string, string> },
  senderIdentity: string,
  localIdentity: string,
  text: string,
  ended: boolean
): VoiceLine {
  const attrs = info.attributes ?? {};
  const final = attrs[TRANSCRIPTION_FINAL_ATTRIBUTE] === 'true' || ended;
  return { id: attrs[SEGMENT_ID_ATTRIBUTE] || info.id, speaker: senderIdentity === localIdentity ? 'user' : 'agent', text, final };
}

/** Meter smoothing: rise at once, fall slowly, so speech reads as a steady bar. */
export function smoothLevel(previous: number, volume: number, decay = 0.85): number {
  const v = Math.max(0, Math.min(1, Number.isFinite(volume) ? volume : 0));
  return v >= previous ? v : Math.max(v, previous * decay);
}

/** Rejects with `onTimeout()` when the promise takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Turns livekit-client's connect failures into a sentence a user can act on. */
export function connectFailureMessage(url: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const detail = raw && raw !== '[object Object]' ? ` (${raw.replace(/\s+/g, ' ').slice(0, 200)})` : '';
  return `The browser could not connect to LiveKit at ${url}${detail}.`;
}
