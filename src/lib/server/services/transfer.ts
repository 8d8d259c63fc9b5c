import { and, eq, inArray } from 'drizzle-orm';
import { parseAllDocuments } from 'yaml';
import { registryServerNames, serializeSpec, type AgentSpec, type Problem } from '../../spec';
import type { Db } from '../db/client';
import { agents, mcpServers } from '../db/schema';
import { badRequest } from '../errors';
import { createAgent, getOwnedAgent, specName } from './agents';
import { evaluateDraft } from './draft-eval';
import { saveDraft } from './drafts';
import { refText, type Ref } from './versions';

export interface ImportResult {
  /** Index of the YAML document in the file (0-based). */
  document: number;
  name: string | null;
  agentId: string | null;
  created: boolean;
  revision: number | null;
  valid: boolean;
  problems: Problem[];
  /** `server:` references that are not in the importer's MCP registry (the draft is kept anyway). */
  missingMcpServers: string[];
}

/**
 * Splits a multi-document YAML file into one text per document, each padded with blank
 * lines/spaces so that positions reported for it are positions in the whole file.
 */
export function splitDocuments(text: string): Array<{ padded: string; source: string }> {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Array<{ padded: string; source: string }> = [];
  for (const doc of list) {
    if (doc.contents === null && !doc.errors.length) continue; // empty document between separators
    const [start, , end] = doc.range;
    const source = text.slice(start, end);
    const padded = text.slice(0, start).replace(/[^\n]/g, ' ') + source;
    out.push({ padded, source });
  }
  return out;
}

export async function missingMcpServers(db: Db, ownerId: string, spec: AgentSpec | null): Promise<string[]> {
  const names = registryServerNames(spec);
  if (!names.length) return [];
  const found = await db
    .select({ name: mcpServers.name })
    .from(mcpServers)
    .where(and(eq(mcpServers.ownerId, ownerId), inArray(mcpServers.name, names)));
  const have = new Set(found.map((r) => r.name));
  return names.filter((n) => !have.has(n)).sort();
}

/** Creates or updates (by metadata.name, within the importer's own agents) one draft per document. */
export async function importSpecs(db: Db, ownerId: string, text: string, file = 'import.yaml'): Promise<ImportResult[]> {
  const documents = splitDocuments(text);
  if (!documents.length) throw badRequest('The file holds no YAML document.', null, 'empty_import');
  const results: ImportResult[] = [];
  for (const [index, doc] of documents.entries()) {
    const evaluation = evaluateDraft(doc.padded, file);
    const name = specName(doc.source, evaluation.spec);
    const base = { document: index, name, problems: evaluation.problems, missingMcpServers: await missingMcpServers(db, ownerId, evaluation.spec) };
    if (!name) {
      results.push({
        ...base,
        agentId: null,
        created: false,
        revision: null,
        valid: false,
        problems: evaluation.problems.length
          ? evaluation.problems
          : [{ path: 'metadata.name', message: 'The spec needs metadata.name to be imported.', line: 1, col: 1, severity: 'error', code: 'required' }]
      });
      continue;
    }
    const [existing] = await db.select({ id: agents.id }).from(agents).where(and(eq(agents.ownerId, ownerId), eq(agents.name, name)));
    if (existing) {
      const draft = await saveDraft(db, ownerId, existing.id, doc.source);
      results.push({ ...base, agentId: existing.id, created: false, revision: draft.revision, valid: draft.valid });
    } else {
      const { agent, draft } = await createAgent(db, ownerId, { yaml: doc.source });
      results.push({ ...base, agentId: agent.id, created: true, revision: draft.revision, valid: draft.valid });
    }
  }
  return results;
}

/** Canonical YAML with a comment header naming agent, version and hash. Specs hold only secret references. */
export async function exportSpec(db: Db, ownerId: string, agentId: string, ref: Ref): Promise<{ filename: string; yaml: string }> {
  const agent = await getOwnedAgent(db, ownerId, agentId);
  const { yaml, sha256 } = await refText(db, ownerId, agentId, ref);
  const evaluation = evaluateDraft(yaml);
  const body = evaluation.spec && evaluation.valid ? serializeSpec(evaluation.spec) : yaml;
  const header = [
    `# agent: ${agent.name}`,
    `# version: ${ref === 'draft' ? 'draft' : ref}${sha256 ? `  sha256: ${sha256}` : '  (draft has errors; not canonical)'}`,
    `# exported from Voice Agent Studio`
  ].join('\n');
  // The yaml-language-server line must stay first for editor autocomplete, so it goes above ours.
  const schemaLine = body.match(/^# yaml-language-server:.*\n/)?.[0] ?? '';
  return {
    filename: `${agent.name}${ref === 'draft' ? '.draft' : `.v${ref}`}.yaml`,
    yaml: `${schemaLine}${header}\n${body.slice(schemaLine.length)}`
  };
}
