import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { startEditorFake, type EditorFake } from '../test/editor-fake.js';
import { pipelineYaml, quietLogger } from '../test/helpers.js';
import { parseJobMetadata } from './job.js';
import { ApiSpecSource } from './spec-source.js';
import { prepareJob } from './worker.js';

describe('parseJobMetadata', () => {
  it('accepts the dispatch shape and normalises versions and variables', () => {
    expect(parseJobMetadata('{"agentId":"a1","version":3,"variables":{"shop":"Mario","n":2}}')).toEqual({
      agentId: 'a1',
      version: 3,
      variables: { shop: 'Mario', n: '2' }
    });
    expect(parseJobMetadata('{"agentId":"a1","version":"7"}').version).toBe(7);
    expect(parseJobMetadata('{"agentId":"a1","version":"draft","revision":"r9"}')).toMatchObject({ version: 'draft', revision: 'r9' });
    expect(parseJobMetadata('{"agentId":"a1"}').version).toBe('draft');
    expect(parseJobMetadata('{"agentId":"a1","version":"draft","revision":12}').revision).toBe('12');
  });

  it('explains what is wrong', () => {
    expect(() => parseJobMetadata('')).toThrow(/empty/);
    expect(() => parseJobMetadata('not json')).toThrow(/not JSON/);
    expect(() => parseJobMetadata('{"version":2}')).toThrow(/agentId/);
    expect(() => parseJobMetadata('{"agentId":"a","version":-1}')).toThrow(/version/);
    expect(() => parseJobMetadata('{"agentId":"a","extra":1}')).toThrow(/extra/);
    try {
      parseJobMetadata('{}');
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad_metadata' });
    }
  });
});

describe('prepareJob (metadata → spec → assembly)', () => {
  let editor: EditorFake;
  let llm: OpenAIFake;
  beforeAll(async () => {
    quietLogger();
    llm = await startOpenAIFake();
    editor = await startEditorFake();
    editor.agents.set('a1', {
      versions: { 4: pipelineYaml({ name: 'pizza', llmBaseURL: llm.baseURL, variables: { shop: 'X' }, instructions: 'Orders for {{shop}}.' }) }
    });
    editor.agents.set('broken', { versions: { 1: 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: {name: b}\nnodes: []\n' } });
  });
  afterAll(async () => {
    await editor?.close();
    await llm?.close();
  });
  const deps = () => ({ source: new ApiSpecSource(editor.url, editor.token), env: { OPENAI_API_KEY: 'k', DEEPGRAM_API_KEY: 'k', ELEVEN_API_KEY: 'k' } });

  it('loads the requested version and assembles a voice pipeline with the dispatch variables', async () => {
    const job = await prepareJob('{"agentId":"a1","version":4,"variables":{"shop":"Mario"}}', deps());
    expect(editor.requests.at(-1)).toMatchObject({ path: '/api/internal/specs/a1', version: '4' });
    expect(job.assembled.instructions).toBe('Orders for Mario.');
    expect(job.assembled.shape).toBe('pipeline');
    expect(job.assembled.session.stt).toBeDefined();
    await job.assembled.close();
  });

  it('fails with a coded error for bad metadata, unknown agents and invalid specs', async () => {
    await expect(prepareJob('{"agent":"a1"}', deps())).rejects.toMatchObject({ code: 'bad_metadata' });
    await expect(prepareJob('{"agentId":"zzz","version":1}', deps())).rejects.toMatchObject({ code: 'unknown_agent' });
    await expect(prepareJob('{"agentId":"a1","version":9}', deps())).rejects.toMatchObject({ code: 'unknown_version' });
    await expect(prepareJob('{"agentId":"broken","version":1}', deps())).rejects.toMatchObject({ code: 'invalid_spec' });
  });
});
