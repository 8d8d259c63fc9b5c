import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase } from '../../../../tests/helpers/db';
import { CONCIERGE, DANGLING_TTS, PIZZA, withPrompt } from '../../../../tests/fixtures/specs';
import { parseSpec, specHash } from '../../spec';
import type { Database } from '../db/client';
import { signUp } from '../auth/accounts';
import { createAgent, deleteAgent, duplicateAgent, getOwnedAgent, listAgents } from './agents';
import { getDraft, saveDraft } from './drafts';
import { diffRefs, getVersion, listVersions, publish, restoreVersion } from './versions';
import { exportSpec, importSpecs } from './transfer';
import { loadRuntimeSpec } from './runtime-read';
import { putSecret } from './secrets';

describe.each(DB_KINDS)('agents, drafts and versions on %s', (kind) => {
  let database: Database;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    process.env.SECRET_KEY ??= 'a'.repeat(64);
    database = await freshDatabase(kind);
    alice = (await signUp(database.db, { email: 'alice@example.com', password: 'wonderland rabbit' })).id;
    bob = (await signUp(database.db, { email: 'bob@example.com', password: 'can we fix it yes' })).id;
  });
  afterAll(() => database?.close());

  it('runs the whole lifecycle: create → save → conflict → publish → edit → publish → diff → restore → export → re-import', async () => {
    const db = database.db;
    const { agent, draft } = await createAgent(db, alice, { yaml: PIZZA });
    expect(agent.name).toBe('pizza-order');
    expect(draft.valid).toBe(true);
    expect(draft.revision).toBe(1);

    // Save with the right revision, then a stale save is refused with the current revision.
    const saved = await saveDraft(db, alice, agent.id, withPrompt(PIZZA, 'Version one prompt for {{shop}}.'), 1);
    expect(saved.revision).toBe(2);
    await expect(saveDraft(db, alice, agent.id, PIZZA, 1)).rejects.toMatchObject({
      status: 412,
      details: { currentRevision: 2 }
    });
    expect((await getDraft(db, alice, agent.id)).yaml).toContain('Version one prompt');

    const v1 = await publish(db, alice, agent.id, 'first');
    expect(v1).toMatchObject({ version: 1, message: 'first', authorEmail: 'alice@example.com' });
    expect(v1.sha256).toBe(specHash(parseSpec(saved.yaml).spec!));
    await expect(publish(db, alice, agent.id)).rejects.toMatchObject({ status: 409, code: 'unchanged' });

    await saveDraft(db, alice, agent.id, withPrompt(PIZZA, 'Version two prompt for {{shop}}.'), 2);
    const v2 = await publish(db, alice, agent.id, 'second');
    expect(v2.version).toBe(2);
    expect(v2.sha256).not.toBe(v1.sha256);

    const diff = await diffRefs(db, alice, agent.id, 1, 2);
    expect(diff.unified).toContain('-      Version one prompt');
    expect(diff.unified).toContain('+      Version two prompt');
    expect(JSON.stringify(diff.changes)).toContain('persona');

    const restored = await restoreVersion(db, alice, agent.id, 1);
    expect(restored.sha256).toBe(v1.sha256);
    expect((await getVersion(db, alice, agent.id, 2)).sha256).toBe(v2.sha256); // versions untouched
    expect((await listVersions(db, alice, agent.id)).map((v) => v.version)).toEqual([2, 1]);

    const exported = await exportSpec(db, alice, agent.id, 2);
    expect(exported.yaml).toContain(`# version: 2  sha256: ${v2.sha256}`);
    const [reimported] = await importSpecs(db, alice, exported.yaml);
    expect(reimported).toMatchObject({ agentId: agent.id, created: false, valid: true });
    const after = await getDraft(db, alice, agent.id);
    expect(after.sha256).toBe(v2.sha256);
    expect(reimported.missingMcpServers).toEqual(['menu-api']);
  });

  it('keeps invalid drafts with positioned problems and refuses to publish them', async () => {
    const db = database.db;
    const { agent } = await createAgent(db, alice, { yaml: DANGLING_TTS.replace('pizza-order', 'dangling') });
    const draft = await getDraft(db, alice, agent.id);
    expect(draft.valid).toBe(false);
    const problem = draft.problems.find((p) => p.nodeId === 'mouth');
    expect(problem).toBeDefined();
    expect(problem!.line).toBeGreaterThan(0);
    await expect(publish(db, alice, agent.id)).rejects.toMatchObject({ status: 422, code: 'invalid_draft' });

    const broken = await saveDraft(db, alice, agent.id, 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: { name: dangling\nnodes: [');
    expect(broken.valid).toBe(false);
    expect(broken.problems[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });
    expect((await getDraft(db, alice, agent.id)).yaml).toContain('nodes: ['); // nothing lost
  });

  it('lets exactly one of several concurrent publishes win, with gapless numbers', async () => {
    const db = database.db;
    const { agent } = await createAgent(db, alice, { yaml: PIZZA.replace('pizza-order', 'racer') });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => publish(db, alice, agent.id)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    }
    await saveDraft(db, alice, agent.id, withPrompt(PIZZA.replace('pizza-order', 'racer'), 'Changed for {{shop}}.'));
    await publish(db, alice, agent.id);
    expect((await listVersions(db, alice, agent.id)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('keeps users apart: 404 for anything not yours, names unique per owner only', async () => {
    const db = database.db;
    const { agent } = await createAgent(db, alice, { yaml: PIZZA.replace('pizza-order', 'private-one') });
    await publish(db, alice, agent.id);
    await expect(getOwnedAgent(db, bob, agent.id)).rejects.toMatchObject({ status: 404 });
    await expect(getDraft(db, bob, agent.id)).rejects.toMatchObject({ status: 404 });
    await expect(saveDraft(db, bob, agent.id, PIZZA)).rejects.toMatchObject({ status: 404 });
    await expect(getVersion(db, bob, agent.id, 1)).rejects.toMatchObject({ status: 404 });
    await expect(publish(db, bob, agent.id)).rejects.toMatchObject({ status: 404 });
    await expect(deleteAgent(db, bob, agent.id)).rejects.toMatchObject({ status: 404 });
    expect(await listAgents(db, bob)).toEqual([]);

    // Bob importing a spec with the same name creates his own agent; Alice's is untouched.
    const [imported] = await importSpecs(db, bob, PIZZA.replace('pizza-order', 'private-one'));
    expect(imported.created).toBe(true);
    expect(imported.agentId).not.toBe(agent.id);
    expect((await getDraft(db, alice, agent.id)).revision).toBe(1);

    await expect(createAgent(db, alice, { yaml: PIZZA.replace('pizza-order', 'private-one') })).rejects.toMatchObject({
      status: 409,
      code: 'name_taken'
    });
  });

  it('imports multi-document files with file-relative positions', async () => {
    const db = database.db;
    const text = `${PIZZA.replace('pizza-order', 'multi-a')}---\n${DANGLING_TTS.replace('pizza-order', 'multi-b')}`;
    const results = await importSpecs(db, alice, text, 'both.yaml');
    expect(results.map((r) => [r.name, r.created, r.valid])).toEqual([
      ['multi-a', true, true],
      ['multi-b', true, false]
    ]);
    const firstDocLines = PIZZA.split('\n').length;
    const mouth = results[1].problems.find((p) => p.nodeId === 'mouth')!;
    expect(mouth.line).toBeGreaterThan(firstDocLines);
  });

  it('duplicates and deletes agents with their versions', async () => {
    const db = database.db;
    const { agent } = await createAgent(db, alice, { yaml: PIZZA.replace('pizza-order', 'dup-me') });
    await publish(db, alice, agent.id);
    const copy = await duplicateAgent(db, alice, agent.id);
    expect(copy.agent.name).toBe('dup-me-copy');
    expect(copy.draft.valid).toBe(true);
    await deleteAgent(db, alice, agent.id);
    await expect(getVersion(db, alice, agent.id, 1)).rejects.toMatchObject({ status: 404 });
    await expect(loadRuntimeSpec(db, agent.id, 1)).rejects.toMatchObject({ status: 404 });
  });

  it('serves the runtime a spec with registry servers and referenced secrets resolved', async () => {
    const db = database.db;
    const { agent } = await createAgent(db, alice, { yaml: CONCIERGE });
    await putSecret(db, alice, 'EVERYTHING_TOKEN', 's3cr3t-value');
    const draft = await loadRuntimeSpec(db, agent.id, 'draft');
    expect(draft).toMatchObject({ agentName: 'concierge', version: 'draft', revision: 1, secrets: { EVERYTHING_TOKEN: 's3cr3t-value' } });
    const published = await publish(db, alice, agent.id);
    const v1 = await loadRuntimeSpec(db, agent.id, 1);
    expect(v1.sha256).toBe(published.sha256);
    expect(v1.yaml).not.toContain('s3cr3t-value');
  });
});
