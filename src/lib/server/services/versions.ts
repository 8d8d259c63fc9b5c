import { and, desc, eq } from 'drizzle-orm';
import { diffSpecs, parseSpec, serializeSpec, unifiedYamlDiff } from '../../spec';
import type { Db } from '../db/client';
import { agentDrafts, agentVersions, users } from '../db/schema';
import { ApiError, badRequest, conflict, notFound } from '../errors';
import { getOwnedAgent } from './agents';
import { evaluateDraft } from './draft-eval';
import { getDraft, saveDraft, type DraftView } from './drafts';

export interface VersionSummary {
  version: number;
  sha256: string;
  message: string;
  authorEmail: string | null;
  createdAt: Date;
}

export interface VersionView extends VersionSummary {
  agentId: string;
  yaml: string;
}

const MAX_MESSAGE = 1000;

/**
 * Freezes the draft into the next version. The draft row is locked for the transaction, so
 * concurrent publishes serialise: one wins, the others see an unchanged draft (409).
 */
export async function publish(db: Db, ownerId: string, agentId: string, message: unknown = ''): Promise<VersionSummary> {
  if (message !== undefined && message !== null && typeof message !== 'string') throw badRequest('message must be a string.', { field: 'message' }, 'invalid_field');
  const text = ((message as string | null) ?? '').trim().slice(0, MAX_MESSAGE);
  await getOwnedAgent(db, ownerId, agentId);
  return db.transaction(async (tx) => {
    const [draft] = await tx.select().from(agentDrafts).where(eq(agentDrafts.agentId, agentId)).for('update');
    if (!draft) throw notFound('Draft');
    const evaluation = evaluateDraft(draft.yaml);
    if (!draft.valid || !evaluation.valid || !evaluation.spec) {
      throw new ApiError(422, 'invalid_draft', 'The draft has errors; fix them before publishing.', { problems: evaluation.problems });
    }
    const canonical = serializeSpec(evaluation.spec);
    const [latest] = await tx
      .select({ version: agentVersions.version, sha256: agentVersions.sha256 })
      .from(agentVersions)
      .where(eq(agentVersions.agentId, agentId))
      .orderBy(desc(agentVersions.version))
      .limit(1);
    if (latest && latest.sha256 === evaluation.sha256) {
      throw conflict(`Nothing to publish: the draft is identical to version ${latest.version}.`, { version: latest.version, sha256: latest.sha256 }, 'unchanged');
    }
    const [row] = await tx
      .insert(agentVersions)
      .values({ agentId, version: (latest?.version ?? 0) + 1, yaml: canonical, sha256: evaluation.sha256!, message: text, authorId: ownerId })
      .returning();
    const [author] = await tx.select({ email: users.email }).from(users).where(eq(users.id, ownerId));
    return { version: row.version, sha256: row.sha256, message: row.message, authorEmail: author?.email ?? null, createdAt: row.createdAt };
  });
}

export async function listVersions(db: Db, ownerId: string, agentId: string): Promise<VersionSummary[]> {
  await getOwnedAgent(db, ownerId, agentId);
  return db
    .select({
      version: agentVersions.version,
      sha256: agentVersions.sha256,
      message: agentVersions.message,
      authorEmail: users.email,
      createdAt: agentVersions.createdAt
    })
    .from(agentVersions)
    .leftJoin(users, eq(users.id, agentVersions.authorId))
    .where(eq(agentVersions.agentId, agentId))
    .orderBy(desc(agentVersions.version));
}

export function parseVersionParam(value: string | null | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1) throw badRequest(`"${value ?? ''}" is not a version number (1, 2, 3 …).`, { field: 'version' }, 'invalid_version');
  return n;
}

export async function getVersion(db: Db, ownerId: string, agentId: string, version: number): Promise<VersionView> {
  await getOwnedAgent(db, ownerId, agentId);
  const [row] = await db
    .select({ version: agentVersions, authorEmail: users.email })
    .from(agentVersions)
    .leftJoin(users, eq(users.id, agentVersions.authorId))
    .where(and(eq(agentVersions.agentId, agentId), eq(agentVersions.version, version)));
  if (!row) throw notFound(`Version ${version}`);
  const v = row.version;
  return { agentId, version: v.version, sha256: v.sha256, message: v.message, authorEmail: row.authorEmail, createdAt: v.createdAt, yaml: v.yaml };
}

/** draft := version n (a new draft revision; the version itself is untouched). */
export async function restoreVersion(db: Db, ownerId: string, agentId: string, version: number, ifMatch?: number): Promise<DraftView> {
  const v = await getVersion(db, ownerId, agentId, version);
  return saveDraft(db, ownerId, agentId, v.yaml, ifMatch);
}

export type Ref = number | 'draft';

export function parseRef(value: string | null, fallback?: Ref): Ref {
  if (value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw badRequest('Name both sides: ?from=<n|draft>&to=<n|draft>.', null, 'invalid_version');
  }
  return value === 'draft' ? 'draft' : parseVersionParam(value);
}

/** YAML text of a version or the draft. */
export async function refText(db: Db, ownerId: string, agentId: string, ref: Ref): Promise<{ yaml: string; label: string; sha256: string | null }> {
  if (ref === 'draft') {
    const d = await getDraft(db, ownerId, agentId);
    return { yaml: d.yaml, label: `draft (rev ${d.revision})`, sha256: d.sha256 };
  }
  const v = await getVersion(db, ownerId, agentId, ref);
  return { yaml: v.yaml, label: `version ${v.version}`, sha256: v.sha256 };
}

/** Semantic and unified diff between two of {version n, draft}. Canonical forms avoid formatting noise. */
export async function diffRefs(db: Db, ownerId: string, agentId: string, from: Ref, to: Ref) {
  const [a, b] = await Promise.all([refText(db, ownerId, agentId, from), refText(db, ownerId, agentId, to)]);
  const pa = parseSpec(a.yaml);
  const pb = parseSpec(b.yaml);
  const canon = (p: typeof pa, raw: string) => (p.spec ? serializeSpec(p.spec) : raw);
  return {
    from: { ref: from, label: a.label, sha256: a.sha256 },
    to: { ref: to, label: b.label, sha256: b.sha256 },
    changes: pa.spec && pb.spec ? diffSpecs(pa.spec, pb.spec) : null,
    unified: unifiedYamlDiff(canon(pa, a.yaml), canon(pb, b.yaml), a.label, b.label)
  };
}
