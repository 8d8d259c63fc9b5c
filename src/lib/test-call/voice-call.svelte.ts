/**
 * A voice test call: microphone first (no room is made when it is refused), then the editor
 * creates the room and dispatches the agent, then livekit-client joins. Hanging up at any step
 * tears down what exists so far and deletes the room.
 */
import type { LocalAudioTrack, RemoteParticipant, RemoteTrack, Room, TextStreamReader } from 'livekit-client';
import * as api from './api';
import { explainError, microphoneError, type CallError, type Explained } from './errors';
import {
  agentStateOf,
  connectFailureMessage,
  isAgentParticipant,
  segmentFromStream,
  smoothLevel,
  TRANSCRIPTION_TOPIC,
  upsertSegment,
  withTimeout,
  type AgentState,
  type VoiceLine,
  type VoiceStatus
} from './voice-logic';

type LiveKit = typeof import('livekit-client');

const CONNECT_TIMEOUT_MS = 20_000;
/** When the agent has not joined by then, say what usually causes it. */
const AGENT_LATE_MS = 15_000;
const METER_INTERVAL_MS = 80;

export class VoiceCall {
  status = $state<VoiceStatus>('idle');
  /** null until an agent participant is in the room */
  agentState = $state<AgentState | null>(null);
  agentLate = $state(false);
  level = $state(0);
  muted = $state(false);
  lines = $state.raw<VoiceLine[]>([]);
  error = $state.raw<Explained | null>(null);
  /** non-fatal trouble during the call (e.g. the agent left) */
  notice = $state<string | null>(null);
  room = $state<string | null>(null);
  url = $state<string | null>(null);
  revision = $state<number | null>(null);

  private generation = 0;
  private lkRoom: Room | null = null;
  private track: LocalAudioTrack | null = null;
  private meter: { stop: () => void } | null = null;
  private audioElements: HTMLMediaElement[] = [];
  private lateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly agentId: string) {}

  get active(): boolean {
    return this.status !== 'idle' && this.status !== 'ended';
  }

  async start(variables: Record<string, string>): Promise<void> {
    if (this.active) return;
    const gen = ++this.generation;
    const stale = () => gen !== this.generation;
    this.error = this.notice = this.room = this.url = null;
    this.lines = [];
    this.agentState = null;
    this.agentLate = this.muted = false;
    this.status = 'microphone';

    let lk: LiveKit;
    try {
      lk = await import('livekit-client');
      this.track = await this.openMicrophone(lk);
    } catch (e) {
      return this.fail(gen, (e as CallError).code ? (e as CallError) : microphoneError(e));
    }
    if (stale()) return this.teardown();
    this.startMeter(lk, this.track);

    this.status = 'dialing';
    let call: Awaited<ReturnType<typeof api.startVoiceCall>>;
    try {
      call = await api.startVoiceCall(this.agentId, variables);
    } catch (e) {
      return this.fail(gen, api.toCallError(e));
    }
    if (stale()) return this.endRemote(call.room);
    this.room = call.room;
    this.url = call.url;
    this.revision = call.revision;

    this.status = 'connecting';
    const room = new lk.Room({ adaptiveStream: false, dynacast: false });
    this.lkRoom = room;
    this.wire(lk, room);
    try {
      await withTimeout(room.connect(call.url, call.token, { autoSubscribe: true }), CONNECT_TIMEOUT_MS, () => new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
    } catch (e) {
      return this.fail(gen, { code: 'livekit_connect', message: connectFailureMessage(call.url, e) });
    }
    if (stale()) return;
    try {
      await room.localParticipant.publishTrack(this.track, { source: lk.Track.Source.Microphone });
    } catch (e) {
      return this.fail(gen, { code: 'livekit_connect', message: `Joined, but the microphone could not be sent: ${(e as Error).message}` });
    }
    await room.startAudio().catch(() => undefined);
    if (stale()) return;
    this.status = 'connected';
    for (const p of room.remoteParticipants.values()) this.seeParticipant(lk, p);
    if (this.agentState === null) this.lateTimer = setTimeout(() => (this.agentLate = this.agentState === null), AGENT_LATE_MS);
  }

  async toggleMute(): Promise<void> {
    if (!this.track) return;
    if (this.muted) await this.track.unmute();
    else await this.track.mute();
    this.muted = !this.muted;
  }

  async hangUp(): Promise<void> {
    if (!this.active) return;
    this.generation++;
    this.status = 'ending';
    const room = this.room;
    await this.teardown();
    if (room) await this.endRemote(room);
    this.status = 'ended';
  }

  dispose(): void {
    void this.hangUp();
  }

  private async openMicrophone(lk: LiveKit): Promise<LocalAudioTrack> {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      throw typeof window !== 'undefined' && !window.isSecureContext
        ? ({ code: 'mic_insecure', message: 'Browsers only give the microphone to secure pages.' } satisfies CallError)
        : ({ code: 'mic_unsupported', message: 'This browser has no microphone API.' } satisfies CallError);
    }
    return lk.createLocalAudioTrack({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
  }

  private startMeter(lk: LiveKit, track: LocalAudioTrack): void {
    try {
      const analyser = lk.createAudioAnalyser(track, { cloneTrack: false, smoothingTimeConstant: 0.6 });
      const timer = setInterval(() => (this.level = this.muted ? 0 : smoothLevel(this.level, analyser.calculateVolume())), METER_INTERVAL_MS);
      this.meter = {
        stop: () => {
          clearInterval(timer);
          void analyser.cleanup().catch(() => undefined);
        }
      };
    } catch {
      this.meter = null; // no Web Audio: the call works without a meter
    }
  }

  private wire(lk: LiveKit, room: Room): void {
    const E = lk.RoomEvent;
    room.on(E.ConnectionStateChanged, (state) => {
      if (this.status !== 'connected' && this.status !== 'reconnecting') return;
      if (state === lk.ConnectionState.Reconnecting || state === lk.ConnectionState.SignalReconnecting) this.status = 'reconnecting';
      else if (state === lk.ConnectionState.Connected) this.status = 'connected';
    });
    room.on(E.Disconnected, (reason) => {
      if (this.status !== 'connected' && this.status !== 'reconnecting') return;
      const why = reason !== undefined ? ` (${lk.DisconnectReason[reason] ?? reason})` : '';
      void this.fail(this.generation, { code: 'livekit_disconnected', message: `LiveKit closed the call${why}.` });
    });
    room.on(E.ParticipantConnected, (p) => this.seeParticipant(lk, p));
    room.on(E.ParticipantAttributesChanged, (_changed, p) => {
      if (p !== room.localParticipant) this.seeParticipant(lk, p as RemoteParticipant);
    });
    room.on(E.ParticipantDisconnected, (p) => {
      if (!isAgentParticipant(p, lk.ParticipantKind.AGENT)) return;
      this.agentState = null;
      this.notice = 'The agent left the call. Hang up and start again to talk to it.';
    });
    room.on(E.TrackSubscribed, (track: RemoteTrack) => {
      if (track.kind !== lk.Track.Kind.Audio) return;
      const el = track.attach();
      el.hidden = true;
      document.body.appendChild(el);
      this.audioElements.push(el);
    });
    room.on(E.TrackUnsubscribed, (track: RemoteTrack) => {
      for (const el of track.detach()) {
        el.remove();
        this.audioElements = this.audioElements.filter((x) => x !== el);
      }
    });
    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, { identity }) => void this.readTranscription(reader, identity, room));
    // Older agents send transcription packets instead of text streams.
    room.on(E.TranscriptionReceived, (segments, participant) => {
      const speaker = participant && participant.identity === room.localParticipant.identity ? 'user' : 'agent';
      for (const s of segments) this.lines = upsertSegment(this.lines, { id: s.id, speaker, text: s.text, final: s.final });
    });
  }

  private async readTranscription(reader: TextStreamReader, identity: string, room: Room): Promise<void> {
    let text = '';
    const local = room.localParticipant.identity;
    try {
      for await (const chunk of reader) {
        text += chunk;
        this.lines = upsertSegment(this.lines, segmentFromStream(reader.info, identity, local, text, false));
      }
      this.lines = upsertSegment(this.lines, segmentFromStream(reader.info, identity, local, text, true));
    } catch {
      /* a stream cut by hang-up */
    }
  }

  private seeParticipant(lk: LiveKit, p: RemoteParticipant): void {
    if (!isAgentParticipant(p, lk.ParticipantKind.AGENT)) return;
    this.agentState = agentStateOf(p.attributes) ?? 'initializing';
    this.agentLate = false;
    this.notice = null;
  }

  private async fail(gen: number, err: CallError): Promise<void> {
    if (gen !== this.generation) return;
    this.generation++;
    this.error = explainError(err);
    const room = this.room;
    await this.teardown();
    if (room) await this.endRemote(room);
    this.status = 'idle';
  }

  private async endRemote(room: string): Promise<void> {
    await api.endCall(this.agentId, room).catch(() => undefined); // LiveKit closes empty rooms anyway
  }

  private async teardown(): Promise<void> {
    clearTimeout(this.lateTimer);
    this.meter?.stop();
    this.meter = null;
    this.level = 0;
    for (const el of this.audioElements) el.remove();
    this.audioElements = [];
    const room = this.lkRoom;
    this.lkRoom = null;
    if (room) {
      room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
      room.removeAllListeners();
      await room.disconnect().catch(() => undefined);
    }
    this.track?.stop();
    this.track = null;
    this.agentState = null;
  }
}
