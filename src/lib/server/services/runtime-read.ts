import { and, eq, inArray } from 'drizzle-orm';
import { findSecretRefs, type AgentSpec } from '../../spec';
import type { Db } from '../db/client';
import { agentDrafts, agents, agentVersions, mcpServers } from '../db/schema';
import { ApiError, notFound } from '../errors';
import { evaluateDraft } from './draft-eval';
import { revealSecrets } from './secrets';

export interface ResolvedMcpServer {
  name: string;
  transport: string;
  url?: string;
  command?: string;
  args?: string[];
  headers?: Record<string, string>;
}

export interface RuntimeSpec {
  agentId: string;
  ownerId: string;
  agentName: string;
  version: number | 'draft';
  revision: number | null;
  sha256: string | null;
  yaml: string;
  /** Registry servers the spec names, with `${secret:…}` header references already resolved. */
  mcpServers: Record<string, ResolvedMcpServer>;
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
  const secretNames = [
    ...findSecretRefs(spec).filter((r) => r.kind === 'secret').map((r) => r.name),
    ...Object.values(servers).flatMap((s) => findSecretRefs(s.headers ?? {}).filter((r) => r.kind === 'secret').map((r) => r.name))
  ];
  const secrets = await revealSecrets(db, agent.ownerId, secretNames);
  for (const server of Object.values(servers)) server.headers = resolveSecretRefs(server.headers ?? {}, secrets);
  return { agentId, ownerId: agent.ownerId, agentName: agent.name, version, revision, sha256, yaml, mcpServers: servers, secrets: pick(secrets, findSecretRefs(spec).map((r) => r.name)) };
}

async function registryServers(db: Db, ownerId: string, spec: AgentSpec): Promise<Record<string, ResolvedMcpServer>> {
  const names = [...new Set(spec.nodes.flatMap((n) => (n.type === 'mcp' && n.server ? [n.server] : [])))];
  if (!names.length) return {};
  const rows = await db
    .select()
    .from(mcpServers)
    .where(and(eq(mcpServers.ownerId, ownerId), inArray(mcpServers.name, names)));
  const out: Record<string, ResolvedMcpServer> = {};
  for (const row of rows) {
    out[row.name] = {
      name: row.name,
      transport: row.transport,
      ...(row.url ? { url: row.url } : {}),
      ...(row.command ? { command: row.command, args: row.args } : {}),
      headers: { ...row.headers }
    };
  }
  return out;
}

/** Replaces `${secret:NAME}` in header values; unknown names stay as they are (the runtime reports them). */
function resolveSecretRefs(headers: Record<string, string>, secrets: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    out[key] = value.replace(/\$\{secret:([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => secrets[name] ?? whole);
  }
  return out;
}

function pick(values: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) if (name in values) out[name] = values[name];
  return out;
}
