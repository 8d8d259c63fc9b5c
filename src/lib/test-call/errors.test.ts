import { describe, expect, it } from 'vitest';
import { explainError, microphoneError } from './errors';

describe('explainError', () => {
  it('keeps the server sentence and adds a title and what to do', () => {
    const e = explainError({ status: 503, code: 'runtime_unavailable', message: 'The runtime is not running … `npm run runtime:dev`' });
    expect(e.title).toBe('The runtime is not running');
    expect(e.message).toContain('npm run runtime:dev');
    expect(e.action).toMatch(/Try again/);
  });

  it('lists the draft problems of invalid_draft (errors only, positioned)', () => {
    const e = explainError({
      status: 422,
      code: 'invalid_draft',
      message: 'The draft has errors.',
      details: {
        problems: [
          { path: 'nodes[1].model', message: 'required', line: 7, col: 5, severity: 'error' },
          { path: 'nodes', message: 'no greeting', line: 0, col: 0, severity: 'warning' },
          'junk'
        ]
      }
    });
    expect(e.title).toBe('The draft has errors');
    expect(e.problems).toEqual([{ path: 'nodes[1].model', message: 'required', line: 7, col: 5 }]);
  });

  it('explains a missing provider key, MCP and LiveKit trouble in plain words', () => {
    expect(explainError({ code: 'missing_api_key', message: 'No API key for llm node "brain"' }).action).toContain('OPENAI_API_KEY');
    expect(explainError({ code: 'livekit_unreachable', message: 'x' }).action).toContain('livekit-server --dev');
    expect(explainError({ code: 'unknown_mcp_server', message: 'x' }).action).toContain('MCP servers page');
  });

  it('falls back to a generic sentence for unknown codes', () => {
    expect(explainError({ status: 500, code: 'weird', message: 'boom' })).toMatchObject({ title: 'The server had a problem', message: 'boom' });
    expect(explainError({ status: 400, code: 'weird', message: 'boom' })).toMatchObject({ title: 'Something went wrong' });
  });
});

describe('microphoneError', () => {
  it('maps getUserMedia errors by name', () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    expect(microphoneError(denied).code).toBe('mic_denied');
    expect(explainError(microphoneError(denied)).title).toBe('Microphone access is blocked');
    expect(microphoneError({ name: 'NotFoundError', message: '' }).code).toBe('mic_missing');
    expect(microphoneError({ name: 'NotReadableError', message: 'in use' }).code).toBe('mic_busy');
    expect(microphoneError({ name: 'SecurityError', message: '' }).code).toBe('mic_insecure');
  });
});
