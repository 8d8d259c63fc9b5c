import { and, eq, inArray } from 'drizzle-orm';
import { findSecretRefs, registryServerNames, type AgentSpec } from '../../spec';
import type { Db } from '../db/client';
import { agentDrafts, agents, agentVersions, mcpServers } from '../db/schema';
import { ApiError, notFound } from '../errors';
import { evaluateDraft } from './draft-eval';
import { revealSecrets } from './secrets';
import { connectConfigFor } from './mcp-health';
import type { McpServerConfig } from '../../mcp/types';

export interface RuntimeSpec {
  agentId: string;
  ownerId: string;
  agentName: string;
  version: number | 'draft';
  revision: number | null;
  sha256: string | null;
  yaml: string;
  /** Registry servers the spec names, with `${secret:…}` header references already resolved. */
  mcpServers: Record<string, McpServerConfig>;
  /** Owner secrets the spec itself references (inline MCP headers, provider keys). */
  secrets: Record<string, string>;
}

/**
 * The runtime's read path: a spec by (agent, version | draft) with everything it needs
 * resolved. Only the internal API (RUNTIME_TOKEN) calls this; secrets are decrypted here only.
 */
export async function loadRuntimeSpec(db: Db, agentId: string, version: number | 'draft'): Promise<RuntimeSpec> {
  const [agent] = await db.select().from(agents).where(eq(agents.id, agentId));
  if (!agent) throw notFound('Agent');
  let yaml: string;
  let revision: number | null = null;
  let sha256: string | null;
  if (version === 'draft') {
    const [draft] = await db.select().from(agentDrafts).where(eq(agentDrafts.agentId, agentId));
    if (!draft) throw notFound('Draft');
    ({ yaml, revision, sha256 } = draft);
  } else {
    const [row] = await db
      .select()
      .from(agentVersions)
      .where(and(eq(agentVersions.agentId, agentId), eq(agentVersions.version, version)));
    if (!row) throw notFound(`Version ${version}`);
    ({ yaml, sha256 } = row);
  }
  const { spec, problems, valid } = evaluateDraft(yaml);
  if (!valid || !spec) {
    throw new ApiError(422, 'invalid_spec', `The ${version === 'draft' ? 'draft' : `version ${version}`} of \`${agent.name}\` has errors.`, { problems });
  }
  const servers = await registryServers(db, agent.ownerId, spec);
  const secretNames = findSecretRefs(spec).filter((r) => r.kind === 'secret').map((r) => r.name);
  const secrets = await revealSecrets(db, agent.ownerId, secretNames);
  return { agentId, ownerId: agent.ownerId, agentName: agent.name, version, revision, sha256, yaml, mcpServers: servers, secrets };
}

/**
 * The spec's registry servers as client configs, secrets resolved. Deactivated servers (the health
 * loop gave up on them, or the user switched them off) and ones with missing secrets are left out:
 * the runtime then reports the server as unavailable and the other tools keep working.
 */
async function registryServers(db: Db, ownerId: string, spec: AgentSpec): Promise<Record<string, McpServerConfig>> {
  const names = registryServerNames(spec);
  if (!names.length) return {};
  const rows = await db
    .select()
    .from(mcpServers)
    .where(and(eq(mcpServers.ownerId, ownerId), inArray(mcpServers.name, names), eq(mcpServers.isActive, true)));
  const out: Record<string, McpServerConfig> = {};
  for (const row of rows) {
    const resolved = await connectConfigFor(db, row);
    if ('config' in resolved) out[row.name] = resolved.config;
  }
  return out;
}
