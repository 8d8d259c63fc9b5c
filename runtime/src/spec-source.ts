/**
 * Where the runtime gets specs: the editor's internal API (normal deployments) or a directory of
 * YAML files (SPEC_DIR, specs from git without the editor).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { McpServerConfig } from '../../src/lib/mcp/index.js';
import { findSecretRefs, type AgentSpec } from '../../src/lib/spec/index.js';
import { RuntimeError, type RuntimeErrorCode } from './errors.js';
import { specFromText } from './spec-load.js';

export type SpecVersion = number | 'draft';

export interface LoadedSpec {
  agentId: string;
  ownerId?: string;
  version: SpecVersion;
  /** draft revision (the editor's ETag) or, in dir mode, the file's sha256 */
  revision?: string;
  sha256?: string;
  spec: AgentSpec;
  yaml: string;
  /** registry servers by name, headers resolved */
  mcpServers: Record<string, McpServerConfig>;
  /** owner secrets for `${secret:NAME}` */
  secrets: Record<string, string>;
}

export interface LoadOptions {
  /** draft revision from the job metadata: a cached draft with this revision is used as is */
  revision?: string;
  /**
   * Revalidate with the source now, whatever the cache says (live sessions polling for registry
   * edits: MCP servers, headers, secrets). A cached entry is only kept on a 304 whose ETag
   * covers the registry data too.
   */
  refresh?: boolean;
}

export interface SpecSource {
  load(agentId: string, version: SpecVersion, opts?: LoadOptions): Promise<LoadedSpec>;
  readonly kind: 'api' | 'dir';
}

// ── editor internal API ──────────────────────────────────────────────────────────────────────────

const mcpServerSchema = z
  .object({
    name: z.string().optional(),
    transport: z.enum(['stdio', 'sse', 'streamable-http', 'auto']).optional(),
    url: z.string().optional(),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    headers: z.record(z.string(), z.string()).optional()
  })
  .passthrough();

const internalSpecSchema = z.object({
  agentId: z.string(),
  ownerId: z.string().optional(),
  version: z.union([z.number().int(), z.literal('draft')]),
  revision: z.union([z.string(), z.number()]).transform(String).optional(),
  sha256: z.string().optional(),
  yaml: z.string(),
  mcpServers: z.record(z.string(), mcpServerSchema).default({}),
  secrets: z.record(z.string(), z.string()).default({})
});

interface CacheEntry {
  loaded: LoadedSpec;
  fetchedAt: number;
  /** the response's ETag header, verbatim */
  etag?: string;
}

export interface ApiSpecSourceOptions {
  /**
   * A cached entry younger than this is served without a request. Published specs never change,
   * but their MCP servers and secrets may: an older entry is still served at once (the cached
   * spec) and refreshed in the background. Drafts older than this are revalidated first.
   */
  refreshMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  maxEntries?: number;
}

/**
 * `GET {EDITOR_URL}/api/internal/specs/{agentId}?version=n|draft` with `Authorization: Bearer
 * RUNTIME_TOKEN`. Cached entries are revalidated with `If-None-Match: <the ETag last served>`
 * (`"<revision>"` when the editor sent none); a 304 keeps the cached entry. `load(…, {refresh:
 * true})` revalidates at once and never trusts a bare revision ETag, which registry edits do
 * not change.
 */
export class ApiSpecSource implements SpecSource {
  readonly kind = 'api';
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<LoadedSpec>>();
  private readonly refreshMs: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly maxEntries: number;
  /** requests made, for tests and logs */
  requests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    opts: ApiSpecSourceOptions = {}
  ) {
    this.refreshMs = opts.refreshMs ?? 60_000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetchFn = opts.fetch ?? fetch;
    this.maxEntries = opts.maxEntries ?? 1_000;
  }

  async load(agentId: string, version: SpecVersion, opts: LoadOptions = {}): Promise<LoadedSpec> {
    const key = `${agentId}@${version}`;
    const entry = this.cache.get(key);
    if (opts.refresh) return this.fetchOnce(key, agentId, version, entry, true);
    const fresh = entry && Date.now() - entry.fetchedAt < this.refreshMs;
    if (entry && version !== 'draft') {
      if (!fresh) void this.fetchOnce(key, agentId, version, entry).catch(() => undefined);
      return entry.loaded;
    }
    if (entry && version === 'draft' && fresh && (!opts.revision || opts.revision === entry.loaded.revision)) {
      return entry.loaded;
    }
    return this.fetchOnce(key, agentId, version, entry);
  }

  private fetchOnce(key: string, agentId: string, version: SpecVersion, cached: CacheEntry | undefined, force = false): Promise<LoadedSpec> {
    // A forced refresh shares only another forced one: a plain request in flight may be a
    // revalidation that cannot see registry edits.
    const flightKey = force ? `${key}#refresh` : key;
    let p = this.inflight.get(flightKey);
    if (!p) {
      p = this.fetchSpec(agentId, version, cached, force).finally(() => this.inflight.delete(flightKey));
      this.inflight.set(flightKey, p);
    }
    return p;
  }

  private async fetchSpec(agentId: string, version: SpecVersion, cached: CacheEntry | undefined, force = false): Promise<LoadedSpec> {
    const url = new URL(`/api/internal/specs/${encodeURIComponent(agentId)}`, this.baseUrl);
    url.searchParams.set('version', String(version));
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    // The editor's ETag is the draft revision or a version's sha256, plus (newer editors and the
    // runtime's spec proxy) a fingerprint of the registry data: `"<revision>.<fingerprint>"`.
    const bare = cached ? `"${cached.loaded.revision ?? cached.loaded.sha256 ?? ''}"` : undefined;
    const etag = cached?.etag ?? bare;
    // A forced refresh is about registry data: a bare revision ETag does not cover it, so it
    // must not turn the request into a 304.
    if (etag && etag !== '""' && !(force && etag === bare)) headers['if-none-match'] = etag;
    // Tells the runtime's spec proxy to revalidate with the editor rather than answer from its cache.
    if (force) headers['cache-control'] = 'no-cache';
    let res: Response;
    this.requests++;
    try {
      res = await this.fetchFn(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new RuntimeError('spec_source_unavailable', `Could not reach the editor at ${this.baseUrl}: ${(e as Error).message}.`);
    }
    const key = `${agentId}@${version}`;
    if (res.status === 304 && cached) {
      this.remember(key, cached.loaded, cached.etag);
      return cached.loaded;
    }
    if (!res.ok) throw await apiError(res, agentId, version);
    let body: z.infer<typeof internalSpecSchema>;
    try {
      body = internalSpecSchema.parse(await res.json());
    } catch (e) {
      throw new RuntimeError('spec_source_unavailable', `The editor sent an unexpected spec response: ${(e as Error).message}.`);
    }
    const loaded: LoadedSpec = {
      agentId: body.agentId,
      ownerId: body.ownerId,
      version: body.version,
      revision: body.revision,
      sha256: body.sha256,
      spec: specFromText(body.yaml, `${agentId}@${version}`),
      yaml: body.yaml,
      mcpServers: Object.fromEntries(Object.entries(body.mcpServers).map(([name, c]) => [name, { ...c, name: c.name ?? name }])),
      secrets: body.secrets
    };
    this.remember(key, loaded, res.headers.get('etag') ?? undefined);
    return loaded;
  }

  private remember(key: string, loaded: LoadedSpec, etag?: string): void {
    this.cache.delete(key);
    this.cache.set(key, { loaded, fetchedAt: Date.now(), ...(etag ? { etag } : {}) });
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
  }
}

const PASSTHROUGH: ReadonlySet<string> = new Set(['invalid_spec', 'unknown_agent', 'unknown_version', 'missing_secret']);

async function apiError(res: Response, agentId: string, version: SpecVersion): Promise<RuntimeError> {
  let remote: { code?: string; message?: string } = {};
  try {
    remote = ((await res.json()) as { error?: typeof remote }).error ?? {};
  } catch {
    /* not JSON */
  }
  const what = `agent "${agentId}" version ${version}`;
  // The runtime's own spec proxy (and an editor that uses these codes) says exactly what failed.
  if (remote.code && PASSTHROUGH.has(remote.code) && remote.message) {
    return new RuntimeError(remote.code as RuntimeErrorCode, remote.message, { agentId, version });
  }
  if (res.status === 401 || res.status === 403) {
    return new RuntimeError('unauthorized', `The editor refused the runtime's token (HTTP ${res.status}): check RUNTIME_TOKEN.`);
  }
  if (res.status === 404) {
    const code = remote.code === 'unknown_version' || /version/i.test(remote.message ?? '') ? 'unknown_version' : 'unknown_agent';
    return new RuntimeError(code, `The editor has no ${what}${remote.message ? `: ${remote.message}` : ''}.`, { agentId, version });
  }
  return new RuntimeError('spec_source_unavailable', `The editor answered HTTP ${res.status} for ${what}${remote.message ? `: ${remote.message}` : ''}.`);
}

// ── directory of YAML files ──────────────────────────────────────────────────────────────────────

/** Optional registry for dir mode: `${SPEC_DIR}/mcp-servers.json`, `{ "mcpServers": { name: config } }`. */
export const DIR_MCP_SERVERS_FILE = 'mcp-servers.json';

interface DirEntry {
  file: string;
  mtimeMs: number;
  text: string;
  spec: AgentSpec;
}

/**
 * Specs from `SPEC_DIR` (*.yaml / *.yml, one level deep). The agent id is `metadata.name`, or the
 * file stem; the version is ignored (always the file as it is now). `${secret:NAME}` and
 * `${env:NAME}` both come from the environment.
 */
export class DirSpecSource implements SpecSource {
  readonly kind = 'dir';
  private readonly parsed = new Map<string, DirEntry>();

  constructor(
    readonly dir: string,
    private readonly env: Record<string, string | undefined> = process.env
  ) {}

  async load(agentId: string): Promise<LoadedSpec> {
    const entry = await this.find(agentId);
    if (!entry) {
      const known = (await this.list()).map((e) => e.spec.metadata.name);
      throw new RuntimeError('unknown_agent', `No spec for agent "${agentId}" in ${this.dir} (found: ${known.join(', ') || 'none'}).`, {
        agentId
      });
    }
    const secrets: Record<string, string> = {};
    for (const ref of findSecretRefs(entry.spec)) {
      const value = this.env[ref.name];
      if (ref.kind === 'secret' && value !== undefined) secrets[ref.name] = value;
    }
    const revision = createHash('sha256').update(entry.text).digest('hex');
    return {
      agentId,
      version: 'draft',
      revision,
      sha256: revision,
      spec: entry.spec,
      yaml: entry.text,
      mcpServers: await this.registry(),
      secrets
    };
  }

  /** Every valid spec in the directory (invalid files are skipped here; loading one by name reports it). */
  async list(): Promise<DirEntry[]> {
    const out: DirEntry[] = [];
    for (const file of await this.files()) {
      try {
        out.push(await this.read(file));
      } catch {
        /* skipped */
      }
    }
    return out;
  }

  private async find(agentId: string): Promise<DirEntry | undefined> {
    const files = await this.files();
    // The file named after the agent is the fast path; its errors are the user's to see.
    const direct = files.find((f) => path.basename(f).replace(/\.ya?ml$/, '') === agentId);
    if (direct) {
      const entry = await this.read(direct);
      if (entry.spec.metadata.name === agentId || !(await this.byName(files, agentId, direct))) return entry;
    }
    return this.byName(files, agentId, direct);
  }

  private async byName(files: string[], agentId: string, skip?: string): Promise<DirEntry | undefined> {
    for (const file of files) {
      if (file === skip) continue;
      try {
        const entry = await this.read(file);
        if (entry.spec.metadata.name === agentId) return entry;
      } catch {
        /* another file's problem */
      }
    }
    return undefined;
  }

  private async files(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      throw new RuntimeError('spec_source_unavailable', `Cannot read SPEC_DIR ${this.dir}: ${(e as Error).message}.`);
    }
    return names
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => path.join(this.dir, n));
  }

  private async read(file: string): Promise<DirEntry> {
    const { mtimeMs } = await stat(file);
    const hit = this.parsed.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const text = await readFile(file, 'utf8');
    const entry = { file, mtimeMs, text, spec: specFromText(text, path.relative(process.cwd(), file)) };
    this.parsed.set(file, entry);
    return entry;
  }

  private registry(): Promise<Record<string, McpServerConfig>> {
    return readMcpRegistryFile(path.join(this.dir, DIR_MCP_SERVERS_FILE));
  }
}

/**
 * A registry file `{ "mcpServers": { name: {transport?, url?, command?, args?, env?, headers?} } }`
 * (the Claude Desktop shape plus `transport`/`headers`); a missing file is an empty registry.
 * `${env:}`/`${secret:}` refs stay in place: the bridge resolves them per server, so one server
 * with a missing variable fails alone.
 */
export async function readMcpRegistryFile(file: string): Promise<Record<string, McpServerConfig>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RuntimeError('invalid_spec', `${file}: not JSON (${(e as Error).message}).`);
  }
  const parsed = z.object({ mcpServers: z.record(z.string(), mcpServerSchema) }).safeParse(json);
  if (!parsed.success) throw new RuntimeError('invalid_spec', `${file}: expected {"mcpServers": {name: {url|command, …}}}.`);
  return Object.fromEntries(Object.entries(parsed.data.mcpServers).map(([name, c]) => [name, { ...c, name } as McpServerConfig]));
}

export interface SpecSourceConfig {
  SPEC_DIR?: string;
  EDITOR_URL?: string;
  RUNTIME_TOKEN?: string;
}

/** SPEC_DIR set → files; else the editor's internal API at EDITOR_URL (default http://127.0.0.1:5173). */
export function specSourceFromEnv(env: SpecSourceConfig & Record<string, string | undefined> = process.env): SpecSource {
  if (env.SPEC_DIR) return new DirSpecSource(path.resolve(env.SPEC_DIR), env);
  if (!env.RUNTIME_TOKEN) {
    throw new RuntimeError('unauthorized', 'RUNTIME_TOKEN is not set: the runtime needs it to fetch specs from the editor (or set SPEC_DIR).');
  }
  return new ApiSpecSource(env.EDITOR_URL ?? 'http://127.0.0.1:5173', env.RUNTIME_TOKEN);
}
