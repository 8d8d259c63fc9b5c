/** The agents API as small functions; pages and editor state call these, never fetch directly. */
import type { Problem, SpecChange, SpecDiff } from '$lib/spec';
import { request, RequestError } from '$lib/ui/http';
import { ConflictError } from '../state/autosave';

export interface AgentSummary {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  latestVersion: number | null;
  draftRevision: number;
  draftValid: boolean;
}

export interface Draft {
  agentId: string;
  yaml: string;
  revision: number;
  valid: boolean;
  problems: Problem[];
  sha256: string | null;
  updatedAt: string;
}

export interface VersionSummary {
  version: number;
  sha256: string;
  message: string | null;
  authorEmail?: string | null;
  createdAt: string;
}

export interface DiffResult {
  /** Semantic changes; null when either side does not pass the schema (the text diff still applies). */
  changes: SpecChange[] | null;
  unified: string;
}

export interface ImportResult {
  name: string;
  agentId: string | null;
  created: boolean;
  revision: number | null;
  problems: Problem[];
  missingMcpServers: string[];
}

export type VersionRef = number | 'draft';

const base = (id: string) => `/api/agents/${encodeURIComponent(id)}`;

export async function listAgents(fetcher?: typeof fetch): Promise<AgentSummary[]> {
  return (await request<{ agents: AgentSummary[] }>('/api/agents', {}, fetcher)).agents;
}

export function createAgent(body: { yaml?: string; name?: string }): Promise<{ agent: AgentSummary; draft: Draft }> {
  return request('/api/agents', { method: 'POST', json: body });
}

export function duplicateAgent(id: string): Promise<{ agent: AgentSummary }> {
  return request(`${base(id)}/duplicate`, { method: 'POST' });
}

export function deleteAgent(id: string): Promise<void> {
  return request(base(id), { method: 'DELETE' });
}

export function getAgent(id: string, fetcher?: typeof fetch): Promise<AgentSummary> {
  return request<AgentSummary | { agent: AgentSummary }>(base(id), {}, fetcher).then((r) => ('agent' in r ? r.agent : r));
}

export function getDraft(id: string, fetcher?: typeof fetch): Promise<Draft> {
  return request(`${base(id)}/draft`, {}, fetcher);
}

/** PUT the draft text; a stale revision becomes a ConflictError carrying the server's revision. */
export async function saveDraft(id: string, yaml: string, revision: number): Promise<Draft> {
  try {
    return await request<Draft>(`${base(id)}/draft`, {
      method: 'PUT',
      body: yaml,
      headers: { 'content-type': 'application/yaml', 'if-match': String(revision) }
    });
  } catch (err) {
    throw conflictOr(err, revision);
  }
}

export function publish(id: string, message?: string): Promise<VersionSummary> {
  return request(`${base(id)}/versions`, { method: 'POST', json: message ? { message } : {} });
}

export async function listVersions(id: string): Promise<VersionSummary[]> {
  return (await request<{ versions: VersionSummary[] }>(`${base(id)}/versions`)).versions;
}

/** Restores a version as the draft; `revision` guards against overwriting a draft changed elsewhere. */
export async function restoreVersion(id: string, version: number, revision?: number): Promise<Draft> {
  try {
    return await request<Draft>(`${base(id)}/versions/${version}/restore`, {
      method: 'POST',
      headers: revision === undefined ? {} : { 'if-match': String(revision) }
    });
  } catch (err) {
    throw conflictOr(err, revision ?? 0);
  }
}

function conflictOr(err: unknown, revision: number): unknown {
  if (err instanceof RequestError && err.status === 412) {
    const current = (err.details as { currentRevision?: number } | null)?.currentRevision;
    return new ConflictError(typeof current === 'number' ? current : revision);
  }
  return err;
}

export async function diff(id: string, from: VersionRef, to: VersionRef): Promise<DiffResult> {
  const r = await request<{ changes: SpecDiff | SpecChange[] | null; unified: string }>(`${base(id)}/diff?from=${from}&to=${to}`);
  const changes = r.changes === null ? null : Array.isArray(r.changes) ? r.changes : r.changes.changes;
  return { changes, unified: r.unified ?? '' };
}

export function exportUrl(id: string, version: VersionRef): string {
  return `${base(id)}/export?version=${version}`;
}

export function exportYaml(id: string, version: VersionRef): Promise<string> {
  return request<string>(exportUrl(id, version));
}

export async function importYaml(yaml: string): Promise<ImportResult[]> {
  const res = await request<{ results: ImportResult[] }>('/api/agents/import', {
    method: 'POST',
    body: yaml,
    headers: { 'content-type': 'application/yaml' }
  });
  return res.results;
}

/** A human sentence for any error a call can throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof RequestError) {
    if (err.status === 404 && err.code === 'not_found') return `${err.message} (this server may not support it yet)`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
