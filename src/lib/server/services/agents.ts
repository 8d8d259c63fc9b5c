import { and, asc, eq, max } from 'drizzle-orm';
import { parse as parseYaml, parseDocument } from 'yaml';
import { SLUG_RE, type AgentSpec, type Problem } from '../../spec';
import type { Db } from '../db/client';
import { agentDrafts, agents, agentVersions } from '../db/schema';
import { badRequest, conflict, notFound } from '../errors';
import { isUniqueViolation } from '../auth/accounts';
import { randomId } from '../ids';
import { evaluateDraft } from './draft-eval';

export interface AgentSummary {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  latestVersion: number | null;
  draftRevision: number;
  draftValid: boolean;
}

export type AgentRow = typeof agents.$inferSelect;

/** The agent if `ownerId` owns it; 404 otherwise, so strangers cannot probe ids. */
export async function getOwnedAgent(db: Db, ownerId: string, agentId: string): Promise<AgentRow> {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.ownerId, ownerId)))
    .limit(1);
  if (!row) throw notFound('Agent');
  return row;
}

export async function listAgents(db: Db, ownerId: string): Promise<AgentSummary[]> {
  const latest = db
    .select({ agentId: agentVersions.agentId, latest: max(agentVersions.version).as('latest') })
    .from(agentVersions)
    .groupBy(agentVersions.agentId)
    .as('latest');
  const rows = await db
    .select({
      agent: agents,
      latestVersion: latest.latest,
      draftRevision: agentDrafts.revision,
      draftValid: agentDrafts.valid
    })
    .from(agents)
    .leftJoin(latest, eq(latest.agentId, agents.id))
    .leftJoin(agentDrafts, eq(agentDrafts.agentId, agents.id))
    .where(eq(agents.ownerId, ownerId))
    .orderBy(asc(agents.name));
  return rows.map((r) => ({
    ...r.agent,
    latestVersion: r.latestVersion ?? null,
    draftRevision: r.draftRevision ?? 0,
    draftValid: r.draftValid ?? false
  }));
}

export function blankSpecYaml(name: string, description = ''): string {
  return [
    'apiVersion: voice-agent-studio/v1',
    'kind: Agent',
    'metadata:',
    `  name: ${name}`,
    ...(description ? [`  description: ${JSON.stringify(description)}`] : []),
    'nodes: []',
    'edges: []',
    ''
  ].join('\n');
}

/** Reads `metadata.name` even from a spec that fails validation, for naming a work-in-progress draft. */
export function specName(yaml: string, parsed?: AgentSpec | null): string | null {
  let name: unknown = parsed?.metadata?.name;
  if (name === undefined) {
    try {
      name = (parseYaml(yaml) as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    } catch {
      name = undefined;
    }
  }
  return typeof name === 'string' && SLUG_RE.test(name) ? name : null;
}

export interface CreateAgentInput {
  name?: unknown;
  description?: unknown;
  yaml?: unknown;
}

export async function createAgent(db: Db, ownerId: string, input: CreateAgentInput) {
  let yaml: string;
  if (typeof input.yaml === 'string' && input.yaml.trim()) {
    yaml = input.yaml;
  } else {
    if (typeof input.name !== 'string' || !SLUG_RE.test(input.name)) {
      throw badRequest('Name the agent with lowercase letters, digits and dashes (e.g. pizza-order).', { field: 'name' }, 'invalid_field');
    }
    yaml = blankSpecYaml(input.name, typeof input.description === 'string' ? input.description : '');
  }
  const evaluation = evaluateDraft(yaml);
  const spec = evaluation.spec;
  const name = specName(yaml, spec);
  if (!name) {
    throw badRequest('The spec needs `metadata.name`: lowercase letters, digits and dashes.', { path: 'metadata.name' }, 'invalid_field');
  }
  const id = randomId();
  try {
    const agent = await db.transaction(async (tx) => {
      const [agent] = await tx
        .insert(agents)
        .values({ id, ownerId, name, description: spec?.metadata?.description ?? '' })
        .returning();
      await tx.insert(agentDrafts).values({
        agentId: id,
        yaml,
        revision: 1,
        valid: evaluation.valid,
        problems: evaluation.problems,
        sha256: evaluation.sha256,
        updatedBy: ownerId
      });
      return agent;
    });
    const { valid, problems, sha256 } = evaluation;
    return { agent, draft: { agentId: id, yaml, revision: 1, valid, problems, sha256, updatedAt: agent.updatedAt } };
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

export const nameTaken = (name: string) =>
  conflict(`You already have an agent named \`${name}\`. Pick another metadata.name.`, { path: 'metadata.name', name }, 'name_taken');

export async function updateAgent(db: Db, ownerId: string, agentId: string, patch: { description?: unknown }) {
  await getOwnedAgent(db, ownerId, agentId);
  if (patch.description !== undefined && (typeof patch.description !== 'string' || patch.description.length > 500)) {
    throw badRequest('description must be a string of at most 500 characters.', { field: 'description' }, 'invalid_field');
  }
  const [row] = await db
    .update(agents)
    .set({ ...(typeof patch.description === 'string' ? { description: patch.description } : {}), updatedAt: new Date() })
    .where(and(eq(agents.id, agentId), eq(agents.ownerId, ownerId)))
    .returning();
  return row;
}

/** Deletes the agent with its draft and versions (versions are immutable only while the agent exists). */
export async function deleteAgent(db: Db, ownerId: string, agentId: string): Promise<void> {
  await getOwnedAgent(db, ownerId, agentId);
  await db.delete(agents).where(and(eq(agents.id, agentId), eq(agents.ownerId, ownerId)));
}

/** Copies the draft into a new agent named `<name>-copy[-n]`. */
export async function duplicateAgent(db: Db, ownerId: string, agentId: string) {
  const source = await getOwnedAgent(db, ownerId, agentId);
  const [draft] = await db.select().from(agentDrafts).where(eq(agentDrafts.agentId, agentId));
  const taken = new Set((await db.select({ name: agents.name }).from(agents).where(eq(agents.ownerId, ownerId))).map((r) => r.name));
  let name = `${source.name.slice(0, 57)}-copy`;
  for (let n = 2; taken.has(name); n++) name = `${source.name.slice(0, 55)}-copy-${n}`;
  const yaml = renameSpecYaml(draft?.yaml ?? blankSpecYaml(source.name), name);
  return createAgent(db, ownerId, { yaml });
}

/** Rewrites `metadata.name` through the YAML document, so comments and layout survive. */
export function renameSpecYaml(yaml: string, to: string): string {
  const doc = parseDocument(yaml);
  if (doc.errors.length || !doc.hasIn(['metadata'])) return yaml;
  doc.setIn(['metadata', 'name'], to);
  return doc.toString();
}

export type { Problem };
