import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEditorFake, type EditorFake } from '../test/editor-fake.js';
import { pipelineYaml } from '../test/helpers.js';
import { ApiSpecSource, DirSpecSource, specSourceFromEnv } from './spec-source.js';

const yamlFor = (name: string, instructions = 'Hi.') =>
  pipelineYaml({ name, llmBaseURL: 'http://127.0.0.1:1/v1', instructions });

describe('DirSpecSource', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'specs-'));
    await writeFile(path.join(dir, 'pizza.yaml'), yamlFor('pizza-order'));
    await writeFile(
      path.join(dir, 'concierge.yml'),
      pipelineYaml({
        name: 'concierge',
        llmBaseURL: 'http://127.0.0.1:1/v1',
        mcp: [{ id: 'menu', server: 'menu-api' }, { id: 'inline', transport: 'streamable-http', url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer ${secret:MENU_TOKEN}' } }]
      })
    );
    await writeFile(path.join(dir, 'broken.yaml'), 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: { name: broken }\nnodes: []\nbogus: 1\n');
    await writeFile(
      path.join(dir, 'mcp-servers.json'),
      JSON.stringify({ mcpServers: { 'menu-api': { transport: 'streamable-http', url: 'http://127.0.0.1:2/mcp', headers: { 'X-Key': '${env:MENU_KEY}' } } } })
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds specs by metadata.name or file stem; secrets and registry come from the environment', async () => {
    const src = new DirSpecSource(dir, { MENU_TOKEN: 'tok', MENU_KEY: 'k1' });
    const pizza = await src.load('pizza-order');
    expect(pizza.spec.metadata.name).toBe('pizza-order');
    expect(pizza.version).toBe('draft');
    expect(pizza.revision).toMatch(/^[0-9a-f]{64}$/);
    expect((await src.load('pizza')).spec.metadata.name).toBe('pizza-order'); // file stem
    const c = await src.load('concierge');
    expect(c.secrets).toEqual({ MENU_TOKEN: 'tok' });
    expect(c.mcpServers['menu-api']).toMatchObject({ name: 'menu-api', url: 'http://127.0.0.1:2/mcp', headers: { 'X-Key': '${env:MENU_KEY}' } });
  });

  it('reports invalid specs with positions and unknown agents with the known names', async () => {
    const src = new DirSpecSource(dir, {});
    await expect(src.load('broken')).rejects.toMatchObject({ code: 'invalid_spec', message: expect.stringMatching(/broken\.yaml:5:1.*bogus/) });
    await expect(src.load('nobody')).rejects.toMatchObject({ code: 'unknown_agent', message: expect.stringContaining('pizza-order') });
  });

  it('is chosen when SPEC_DIR is set', () => {
    expect(specSourceFromEnv({ SPEC_DIR: dir }).kind).toBe('dir');
    expect(specSourceFromEnv({ RUNTIME_TOKEN: 't', EDITOR_URL: 'http://x' }).kind).toBe('api');
    expect(() => specSourceFromEnv({})).toThrow(/RUNTIME_TOKEN/);
  });
});

describe('ApiSpecSource', () => {
  let editor: EditorFake;
  beforeAll(async () => {
    editor = await startEditorFake();
    editor.agents.set('a1', {
      versions: { 1: yamlFor('pizza-order', 'Version one.'), 2: yamlFor('pizza-order', 'Version two.') },
      draft: { yaml: yamlFor('pizza-order', 'Draft A.'), revision: 'rev-a' },
      mcpServers: { 'menu-api': { name: 'menu-api', transport: 'streamable-http', url: 'http://127.0.0.1:3/mcp', headers: { Authorization: 'Bearer resolved' } } },
      secrets: { MENU_TOKEN: 's3' }
    });
    editor.agents.set('bad', { versions: { 1: 'apiVersion: nope\n' } });
  });
  afterAll(async () => {
    await editor?.close();
  });

  it('fetches a version with the runtime token and caches published versions', async () => {
    const src = new ApiSpecSource(editor.url, editor.token);
    const v2 = await src.load('a1', 2);
    expect(v2.spec.nodes.find((n) => n.type === 'prompt')).toMatchObject({ text: 'Version two.' });
    expect(v2.mcpServers['menu-api'].headers).toEqual({ Authorization: 'Bearer resolved' });
    expect(v2.secrets).toEqual({ MENU_TOKEN: 's3' });
    expect(editor.requests.at(-1)).toMatchObject({ path: '/api/internal/specs/a1', version: '2', auth: `Bearer ${editor.token}` });
    const before = src.requests;
    expect(await src.load('a1', 2)).toBe(v2);
    expect(src.requests).toBe(before);
    const v1 = await src.load('a1', 1);
    expect(v1.spec.nodes.find((n) => n.type === 'prompt')).toMatchObject({ text: 'Version one.' });
  });

  it('concurrent loads of one version share a request', async () => {
    const src = new ApiSpecSource(editor.url, editor.token);
    const [a, b, c] = await Promise.all([src.load('a1', 1), src.load('a1', 1), src.load('a1', 1)]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(src.requests).toBe(1);
  });

  it('serves a stale published entry at once and refreshes it in the background', async () => {
    const src = new ApiSpecSource(editor.url, editor.token, { refreshMs: 0 });
    const first = await src.load('a1', 1);
    const second = await src.load('a1', 1);
    expect(second).toBe(first);
    await new Promise((r) => setTimeout(r, 100));
    expect(src.requests).toBe(2);
  });

  it('caches drafts by revision and revalidates them cheaply', async () => {
    const src = new ApiSpecSource(editor.url, editor.token, { refreshMs: 0 });
    const d1 = await src.load('a1', 'draft');
    expect(d1.revision).toBe('rev-a');
    const d2 = await src.load('a1', 'draft');
    expect(d2).toBe(d1);
    expect(editor.requests.at(-1)).toMatchObject({ version: 'draft', ifNoneMatch: '"rev-a"', status: 304 });
    editor.agents.get('a1')!.draft = { yaml: yamlFor('pizza-order', 'Draft B.'), revision: 'rev-b' };
    const d3 = await src.load('a1', 'draft', { revision: 'rev-b' });
    expect(d3.revision).toBe('rev-b');
    expect(d3.spec.nodes.find((n) => n.type === 'prompt')).toMatchObject({ text: 'Draft B.' });
    // a fresh entry with the revision the job names needs no request at all
    const fresh = new ApiSpecSource(editor.url, editor.token);
    await fresh.load('a1', 'draft');
    await fresh.load('a1', 'draft', { revision: 'rev-b' });
    expect(fresh.requests).toBe(1);
  });

  it('turns editor answers into clear errors', async () => {
    const src = new ApiSpecSource(editor.url, editor.token);
    await expect(src.load('ghost', 1)).rejects.toMatchObject({ code: 'unknown_agent' });
    await expect(src.load('a1', 9)).rejects.toMatchObject({ code: 'unknown_version' });
    await expect(src.load('bad', 1)).rejects.toMatchObject({ code: 'invalid_spec' });
    await expect(new ApiSpecSource(editor.url, 'wrong').load('a1', 1)).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('RUNTIME_TOKEN') });
    await expect(new ApiSpecSource('http://127.0.0.1:9', 't').load('a1', 1)).rejects.toMatchObject({ code: 'spec_source_unavailable' });
  });
});
