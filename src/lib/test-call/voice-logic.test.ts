import { describe, expect, it } from 'vitest';
import { agentStateOf, connectFailureMessage, isAgentParticipant, segmentFromStream, smoothLevel, upsertSegment, withTimeout, type VoiceLine } from './voice-logic';

describe('agent state', () => {
  it('reads lk.agent.state and ignores unknown values', () => {
    expect(agentStateOf({ 'lk.agent.state': 'speaking' })).toBe('speaking');
    expect(agentStateOf({ 'lk.agent.state': 'dancing' })).toBeUndefined();
    expect(agentStateOf(undefined)).toBeUndefined();
  });

  it('recognises the agent by kind or by its state attribute', () => {
    const AGENT = 4;
    expect(isAgentParticipant({ kind: AGENT, attributes: {} }, AGENT)).toBe(true);
    expect(isAgentParticipant({ kind: 0, attributes: { 'lk.agent.state': 'listening' } }, AGENT)).toBe(true);
    expect(isAgentParticipant({ kind: 0, attributes: {} }, AGENT)).toBe(false);
  });
});

describe('transcription segments', () => {
  it('grows a segment, replaces interim text, and keeps it final once final', () => {
    let lines: VoiceLine[] = [];
    const info = (final: boolean) => ({ id: 'stream-1', attributes: { 'lk.segment_id': 'SG_1', 'lk.transcription_final': String(final) } });
    lines = upsertSegment(lines, segmentFromStream(info(false), 'agent-1', 'me', 'Hello', false));
    lines = upsertSegment(lines, segmentFromStream(info(false), 'agent-1', 'me', 'Hello there', false));
    expect(lines).toEqual([{ id: 'SG_1', speaker: 'agent', text: 'Hello there', final: false }]);
    lines = upsertSegment(lines, segmentFromStream(info(true), 'agent-1', 'me', 'Hello there!', true));
    lines = upsertSegment(lines, segmentFromStream({ id: 's2', attributes: {} }, 'me', 'me', 'hi', false));
    expect(lines).toEqual([
      { id: 'SG_1', speaker: 'agent', text: 'Hello there!', final: true },
      { id: 's2', speaker: 'user', text: 'hi', final: false }
    ]);
  });

  it('does not add empty segments', () => {
    expect(upsertSegment([], { id: 'x', speaker: 'agent', text: '  ', final: false })).toEqual([]);
  });
});

describe('meter and timeouts', () => {
  it('rises at once and falls slowly', () => {
    expect(smoothLevel(0.1, 0.5)).toBe(0.5);
    expect(smoothLevel(0.5, 0)).toBeCloseTo(0.425);
    expect(smoothLevel(0, Number.NaN)).toBe(0);
    expect(smoothLevel(0, 7)).toBe(1);
  });

  it('rejects a promise that takes too long', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, () => new Error('late'))).rejects.toThrow('late');
    await expect(withTimeout(Promise.resolve(3), 1000, () => new Error('late'))).resolves.toBe(3);
  });

  it('names the URL in a connect failure', () => {
    expect(connectFailureMessage('ws://127.0.0.1:7880', new Error('could not establish signal connection'))).toBe(
      'The browser could not connect to LiveKit at ws://127.0.0.1:7880 (could not establish signal connection).'
    );
  });
});
