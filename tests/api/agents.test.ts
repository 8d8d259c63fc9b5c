import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { createPgDatabase } from '../helpers/db';
import { DANGLING_TTS, PIZZA, withPrompt } from '../fixtures/specs';

const RUNTIME_TOKEN = 'runtime-token-for-tests-0123456789';

describe.each(['pglite', 'postgres'] as const)('agents API on %s', (kind) => {
  let app: RunningApp;
  let alice: ApiClient;
  let bob: ApiClient;
  beforeAll(async () => {
    app = await startApp({
      ...(kind === 'postgres' ? { databaseUrl: await createPgDatabase() } : {}),
      env: { RUNTIME_TOKEN }
    });
    alice = await new ApiClient(app.url).signup('alice@example.com');
    bob = await new ApiClient(app.url).signup('bob@example.com');
  });
  afterAll(() => app?.stop());

  it('covers the lifecycle over HTTP with YAML bodies, ETags and the right statuses', async () => {
    const created = await alice.json('POST', '/api/agents', { yaml: PIZZA });
    expect(created.status).toBe(201);
    const id = created.body.agent.id as string;

    const draftYaml = await alice.call('GET', `/api/agents/${id}/draft?format=yaml`);
    expect(draftYaml.headers.get('content-type')).toContain('application/yaml');
    expect(draftYaml.headers.get('etag')).toBe('"1"');
    expect(await draftYaml.text()).toBe(PIZZA); // stored as written, comments included

    const saved = await alice.json('PUT', `/api/agents/${id}/draft`, withPrompt(PIZZA, 'One for {{shop}}.'), { 'if-match': '"1"' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 2, valid: true });
    const stale = await alice.json('PUT', `/api/agents/${id}/draft`, PIZZA, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'precondition_failed', details: { currentRevision: 2 } });

    const v1 = await alice.json('POST', `/api/agents/${id}/versions`, { message: 'first' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await alice.json('POST', `/api/agents/${id}/versions`)).status).toBe(409);

    // JSON bodies work too: {"yaml": "..."}.
    const jsonSave = await alice.json('PUT', `/api/agents/${id}/draft`, { yaml: withPrompt(PIZZA, 'Two for {{shop}}.') }, { 'if-match': '2' });
    expect(jsonSave.body.revision).toBe(3);
    const v2 = await alice.json('POST', `/api/agents/${id}/versions`, { message: 'second' });
    expect(v2.body.version).toBe(2);

    const diff = await alice.json('GET', `/api/agents/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.unified).toContain('+      Two for {{shop}}.');
    const badDiff = await alice.json('GET', `/api/agents/${id}/diff?from=banana`);
    expect(badDiff.status).toBe(400);

    const version = await alice.call('GET', `/api/agents/${id}/versions/1?format=yaml`);
    expect(version.headers.get('cache-control')).toContain('immutable');
    expect(await version.text()).toContain('One for {{shop}}.');
    expect((await alice.json('GET', `/api/agents/${id}/versions/9`)).status).toBe(404);

    const restored = await alice.json('POST', `/api/agents/${id}/versions/1/restore`);
    expect(restored.body.sha256).toBe(v1.body.sha256);

    const exported = await alice.call('GET', `/api/agents/${id}/export?version=2`);
    expect(exported.headers.get('content-disposition')).toContain('pizza-order.v2.yaml');
    const exportedText = await exported.text();
    const reimport = await alice.json('POST', '/api/agents/import', exportedText);
    expect(reimport.body.results[0]).toMatchObject({ agentId: id, created: false, valid: true, missingMcpServers: ['menu-api'] });
    expect((await alice.json('GET', `/api/agents/${id}/draft`)).body.sha256).toBe(v2.body.sha256);

    const list = await alice.json('GET', '/api/agents');
    expect(list.body.agents).toEqual([expect.objectContaining({ id, name: 'pizza-order', latestVersion: 2 })]);
  });

  it('reports bad input clearly and loses nothing', async () => {
    const { body } = await alice.json('POST', '/api/agents', { yaml: DANGLING_TTS.replace('pizza-order', 'wip') });
    const id = body.agent.id;
    expect(body.draft.valid).toBe(false);

    const wrongVersion = await alice.json('PUT', `/api/agents/${id}/draft`, DANGLING_TTS.replace('voice-agent-studio/v1', 'voice-agent-studio/v9').replace('pizza-order', 'wip'));
    expect(wrongVersion.status).toBe(200);
    const apiProblem = wrongVersion.body.problems.find((p: { path: string }) => p.path === 'apiVersion');
    expect(apiProblem).toMatchObject({ line: 2, col: expect.any(Number) });
    expect(apiProblem.message).toContain('voice-agent-studio/v1');

    const malformed = await alice.json('POST', '/api/agents/import', 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: {name: broken\n');
    expect(malformed.status).toBe(200);
    expect(malformed.body.results[0].problems[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });

    const big = 'x'.repeat(5 * 1024 * 1024);
    const tooBig = await alice.json('PUT', `/api/agents/${id}/draft`, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    const wrongType = await alice.json('PUT', `/api/agents/${id}/draft`, PIZZA, { 'content-type': 'application/xml' });
    expect(wrongType.status).toBe(415);
    const badIfMatch = await alice.json('PUT', `/api/agents/${id}/draft`, PIZZA, { 'if-match': 'yesterday' });
    expect(badIfMatch.status).toBe(400);
    // Nothing was lost by the refused requests.
    const draft = await alice.json('GET', `/api/agents/${id}/draft`);
    expect(draft.body.yaml).toContain('voice-agent-studio/v9');
    const publish = await alice.json('POST', `/api/agents/${id}/versions`);
    expect(publish.status).toBe(422);
    expect(publish.body.error.details.problems.length).toBeGreaterThan(0);
  });

  it('shows other users 404, through cookies and tokens alike', async () => {
    const { body } = await alice.json('POST', '/api/agents', { yaml: PIZZA.replace('pizza-order', 'secret-plan') });
    const id = body.agent.id;
    await alice.json('POST', `/api/agents/${id}/versions`);
    const bobToken = new ApiClient(app.url);
    bobToken.token = (await bob.json('POST', '/api/tokens', { name: 'cli' })).body.token;
    for (const client of [bob, bobToken]) {
      for (const [method, path] of [
        ['GET', `/api/agents/${id}`],
        ['GET', `/api/agents/${id}/draft`],
        ['PUT', `/api/agents/${id}/draft`],
        ['GET', `/api/agents/${id}/versions`],
        ['GET', `/api/agents/${id}/versions/1`],
        ['POST', `/api/agents/${id}/versions/1/restore`],
        ['GET', `/api/agents/${id}/export?version=1`],
        ['GET', `/api/agents/${id}/diff?from=1&to=draft`],
        ['DELETE', `/api/agents/${id}`]
      ]) {
        const res = await client.json(method, path, method === 'PUT' ? PIZZA : undefined);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect((await client.json('GET', '/api/agents')).body.agents).toEqual([]);
    }
    expect((await alice.json('GET', `/api/agents/${id}`)).status).toBe(200);
  });

  it('serves specs to the runtime only with RUNTIME_TOKEN, and the JSON Schema to anyone', async () => {
    const { body } = await alice.json('POST', '/api/agents', { yaml: PIZZA.replace('pizza-order', 'runtime-read') });
    const id = body.agent.id;
    const anon = new ApiClient(app.url);
    expect((await anon.json('GET', `/api/internal/specs/${id}?version=draft`)).status).toBe(401);
    anon.token = 'wrong';
    expect((await anon.json('GET', `/api/internal/specs/${id}?version=draft`)).status).toBe(401);
    const runtime = new ApiClient(app.url);
    runtime.token = RUNTIME_TOKEN;
    const draft = await runtime.json('GET', `/api/internal/specs/${id}?version=draft`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ agentId: id, version: 'draft', revision: '1' });
    const cached = await runtime.json('GET', `/api/internal/specs/${id}?version=draft`, undefined, { 'if-none-match': draft.res.headers.get('etag')! });
    expect(cached.status).toBe(304);

    const schema = await new ApiClient(app.url).json('GET', '/schema/agent-spec.v1.json');
    expect(schema.status).toBe(200);
    expect(JSON.stringify(schema.body)).toContain('voice-agent-studio/v1');
  });
});
