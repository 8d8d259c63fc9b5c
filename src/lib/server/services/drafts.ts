import { and, eq, ne } from 'drizzle-orm';
import type { Problem } from '../../spec';
import type { Db } from '../db/client';
import { agentDrafts, agents } from '../db/schema';
import { notFound, preconditionFailed } from '../errors';
import { getOwnedAgent, specName } from './agents';
import { evaluateDraft } from './draft-eval';

export interface DraftView {
  agentId: string;
  yaml: string;
  revision: number;
  valid: boolean;
  problems: Problem[];
  sha256: string | null;
  updatedAt: Date;
}

export async function getDraft(db: Db, ownerId: string, agentId: string): Promise<DraftView> {
  await getOwnedAgent(db, ownerId, agentId);
  const [row] = await db.select().from(agentDrafts).where(eq(agentDrafts.agentId, agentId));
  if (!row) throw notFound('Draft');
  return { agentId, yaml: row.yaml, revision: row.revision, valid: row.valid, problems: row.problems, sha256: row.sha256, updatedAt: row.updatedAt };
}

/**
 * Saves draft text (valid or not — users save work in progress). With `ifMatch` the save only
 * lands on that revision; a stale one gets 412 with the current revision, never an overwrite.
 */
export async function saveDraft(db: Db, ownerId: string, agentId: string, yaml: string, ifMatch?: number): Promise<DraftView> {
  const agent = await getOwnedAgent(db, ownerId, agentId);
  const evaluation = evaluateDraft(yaml);
  const name = specName(yaml, evaluation.spec);
  const problems = [...evaluation.problems];
  let rename: string | null = null;
  if (name && name !== agent.name) {
    const clash = await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.ownerId, ownerId), eq(agents.name, name), ne(agents.id, agentId)));
    if (clash.length) {
      problems.push({
        path: 'metadata.name',
        message: `You already have another agent named \`${name}\`; pick a different name.`,
        line: 0,
        col: 0,
        severity: 'error',
        code: 'invalid_value'
      });
    } else rename = name;
  }
  const valid = evaluation.valid && problems.length === evaluation.problems.length;
  const sha256 = valid ? evaluation.sha256 : null;

  const updated = await db.transaction(async (tx) => {
    const where = ifMatch === undefined ? eq(agentDrafts.agentId, agentId) : and(eq(agentDrafts.agentId, agentId), eq(agentDrafts.revision, ifMatch));
    const [row] = await tx
      .select({ revision: agentDrafts.revision })
      .from(agentDrafts)
      .where(where)
      .for('update');
    if (!row) return null;
    const [saved] = await tx
      .update(agentDrafts)
      .set({ yaml, revision: row.revision + 1, valid, problems, sha256, updatedBy: ownerId, updatedAt: new Date() })
      .where(eq(agentDrafts.agentId, agentId))
      .returning();
    await tx
      .update(agents)
      .set({
        updatedAt: new Date(),
        ...(rename ? { name: rename } : {}),
        ...(evaluation.spec?.metadata?.description !== undefined ? { description: evaluation.spec.metadata.description } : {})
      })
      .where(eq(agents.id, agentId));
    return saved;
  });
  if (!updated) {
    const [current] = await db.select({ revision: agentDrafts.revision }).from(agentDrafts).where(eq(agentDrafts.agentId, agentId));
    throw preconditionFailed('The draft was changed elsewhere since you loaded it. Reload it, or save again to overwrite.', {
      currentRevision: current?.revision ?? null,
      yourRevision: ifMatch
    });
  }
  return { agentId, yaml: updated.yaml, revision: updated.revision, valid, problems, sha256, updatedAt: updated.updatedAt };
}

/** Parses an `If-Match` header: `3`, `"3"` or `W/"3"`. */
export function parseIfMatch(header: string | null): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const m = header.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  return m ? Number(m[1]) : -1;
}
