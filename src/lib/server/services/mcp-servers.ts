/**
 * The per-user MCP server registry: CRUD and validation. Nothing secret is ever stored here:
 * header and env values are `${secret:NAME}` references or harmless literals, so every view of a
 * record can be returned as is. Connecting (secret resolution, probing) lives in mcp-health.ts.
 *
 * Transport: `stdio | sse | streamable-http | auto`. A URL without a transport is stored as
 * `auto` — the client tries streamable HTTP first and falls back to SSE on every connect, so a
 * server that migrates later keeps working; the transport that answered is kept in
 * `metadata.capabilities.transport` for display.
 */
import { and, asc, eq } from 'drizzle-orm';
import { checkStdioAllowed, checkStdioEnv, STDIO_ALLOW_ENV, type AllowList } from '../../mcp';
import type { McpErrorInfo, McpServerInfo } from '../../mcp';
import { looksLikeKey } from '../../spec';
import { malformedRefs, refsInString } from '../../spec/refs';
import { isUniqueViolation } from '../auth/accounts';
import type { Db } from '../db/client';
import { mcpServers } from '../db/schema';
import { ApiError, badRequest, conflict, notFound } from '../errors';
import { randomId } from '../ids';
import { mcpEvents, type McpEventBus } from './mcp-events';

export const SERVER_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const REGISTRY_TRANSPORTS = ['stdio', 'sse', 'streamable-http', 'auto'] as const;
export type RegistryTransport = (typeof REGISTRY_TRANSPORTS)[number];
export type ConnectionStatus = 'connecting' | 'connected' | 'error' | 'disconnected';

const MAX_HEADERS = 32;
const MAX_ARGS = 64;
const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Headers whose whole purpose is a credential: a literal value there is a secret by definition. */
const CREDENTIAL_HEADER_RE = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;

export interface ToolSummary {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpServerMetadata {
  capabilities?: {
    tools: ToolSummary[];
    serverInfo?: McpServerInfo;
    /** The transport that answered (useful for `auto`). */
    transport?: string;
    latencyMs?: number;
    at?: string;
  };
  error?: McpErrorInfo & { at: string };
  /** Environment of a stdio server: `${secret:NAME}` references or harmless literals. */
  env?: Record<string, string>;
}

export type McpServerRow = typeof mcpServers.$inferSelect;
export type McpServerView = Omit<McpServerRow, 'ownerId' | 'metadata'> & { metadata: McpServerMetadata };

/** What a client sends; every field optional so the same shape serves create and update. */
export interface McpServerInput {
  name?: unknown;
  transport?: unknown;
  url?: unknown;
  command?: unknown;
  args?: unknown;
  headers?: unknown;
  env?: unknown;
  isActive?: unknown;
}

/** A validated connection config, ready to store. */
export interface McpServerFields {
  name: string;
  transport: RegistryTransport;
  url: string | null;
  command: string | null;
  args: string[];
  headers: Record<string, string>;
  env: Record<string, string>;
}

export interface RegistryOptions {
  /** The stdio allow-list; defaults to `process.env.MCP_STDIO_ALLOW` read at call time. */
  allowList?: AllowList | string;
  events?: McpEventBus;
}

export const allowListFrom = (opts: RegistryOptions = {}) => opts.allowList ?? process.env[STDIO_ALLOW_ENV];

export function toView(row: McpServerRow): McpServerView {
  const { ownerId: _owner, metadata, ...rest } = row;
  return { ...rest, metadata: (metadata ?? {}) as McpServerMetadata };
}

export async function getServerRow(db: Db, ownerId: string, id: string): Promise<McpServerRow> {
  const [row] = await db
    .select()
    .from(mcpServers)
    .where(and(eq(mcpServers.id, id), eq(mcpServers.ownerId, ownerId)))
    .limit(1);
  if (!row) throw notFound('MCP server');
  return row;
}

export async function listServers(db: Db, ownerId: string): Promise<McpServerView[]> {
  const rows = await db.select().from(mcpServers).where(eq(mcpServers.ownerId, ownerId)).orderBy(asc(mcpServers.name));
  return rows.map(toView);
}

export async function getServer(db: Db, ownerId: string, id: string): Promise<McpServerView> {
  return toView(await getServerRow(db, ownerId, id));
}

export async function createServer(db: Db, ownerId: string, input: McpServerInput, opts: RegistryOptions = {}): Promise<McpServerView> {
  const fields = validateServerFields(input);
  if (fields.transport === 'stdio') assertStdioAllowed(fields, opts);
  const isActive = input.isActive === undefined ? true : parseBoolean(input.isActive, 'isActive');
  const row = await insertServer(db, ownerId, fields, isActive);
  const view = toView(row);
  (opts.events ?? mcpEvents()).publish({ type: 'server-added', ownerId, server: view });
  return view;
}

/** Inserts an already validated server; 409 when the name is taken. Exported for the importer. */
export async function insertServer(db: Db, ownerId: string, fields: McpServerFields, isActive = true): Promise<McpServerRow> {
  const { env, ...columns } = fields;
  const now = new Date();
  try {
    const [row] = await db
      .insert(mcpServers)
      .values({
        id: randomId(),
        ownerId,
        ...columns,
        isActive,
        connectionStatus: 'disconnected',
        metadata: Object.keys(env).length ? { env } : {},
        createdAt: now,
        // Set from JS (millisecond precision) so status writers can compare it exactly: see mcp-health.ts.
        updatedAt: now
      })
      .returning();
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(fields.name);
    throw err;
  }
}

export const nameTaken = (name: string) =>
  conflict(`You already have an MCP server named "${name}". Pick another name.`, { field: 'name' }, 'name_taken');

/**
 * Partial update: omitted fields keep their values. Changing how to connect resets the status
 * (and lets the health loop check the server at once); (re)activating clears the failure count.
 */
export async function updateServer(
  db: Db,
  ownerId: string,
  id: string,
  input: McpServerInput,
  opts: RegistryOptions = {}
): Promise<McpServerView> {
  const current = await getServerRow(db, ownerId, id);
  const before = fieldsOf(current);
  const merged: McpServerInput = { ...before, ...definedOnly(input) };
  // Switching transport drops the other kind's fields unless the client sent them anew.
  if (input.transport !== undefined && input.transport !== before.transport) {
    if (input.transport === 'stdio') merged.url = input.url ?? null;
    else {
      merged.command = input.command ?? null;
      merged.args = input.args ?? [];
      merged.env = input.env ?? {};
    }
  }
  const fields = validateServerFields(merged);
  const isActive = input.isActive === undefined ? current.isActive : parseBoolean(input.isActive, 'isActive');
  const connectionChanged = connectionKey(fields) !== connectionKey(before);
  const activating = isActive && !current.isActive;
  if (fields.transport === 'stdio' && (connectionChanged || activating)) assertStdioAllowed(fields, opts);

  const metadata: McpServerMetadata = { ...(current.metadata as McpServerMetadata) };
  if (Object.keys(fields.env).length) metadata.env = fields.env;
  else delete metadata.env;
  const set: Partial<McpServerRow> = {
    name: fields.name,
    transport: fields.transport,
    url: fields.url,
    command: fields.command,
    args: fields.args,
    headers: fields.headers,
    isActive,
    updatedAt: new Date()
  };
  if (connectionChanged) {
    delete metadata.capabilities;
    delete metadata.error;
    Object.assign(set, { connectionStatus: 'disconnected', failureCount: 0, nextCheckAt: null });
  }
  if (activating) Object.assign(set, { failureCount: 0, nextCheckAt: null });
  if (!isActive) Object.assign(set, { connectionStatus: 'disconnected', nextCheckAt: null });
  set.metadata = metadata as Record<string, unknown>;

  let row: McpServerRow | undefined;
  try {
    [row] = await db
      .update(mcpServers)
      .set(set)
      .where(and(eq(mcpServers.id, id), eq(mcpServers.ownerId, ownerId)))
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(fields.name);
    throw err;
  }
  if (!row) throw notFound('MCP server');
  const view = toView(row);
  (opts.events ?? mcpEvents()).publish({ type: 'server-status-update', ownerId, server: view });
  return view;
}

export async function deleteServer(db: Db, ownerId: string, id: string, opts: RegistryOptions = {}): Promise<void> {
  const [row] = await db
    .delete(mcpServers)
    .where(and(eq(mcpServers.id, id), eq(mcpServers.ownerId, ownerId)))
    .returning({ id: mcpServers.id, name: mcpServers.name });
  if (!row) throw notFound('MCP server');
  (opts.events ?? mcpEvents()).publish({ type: 'server-removed', ownerId, server: row });
}

export function fieldsOf(row: McpServerRow): McpServerFields {
  return {
    name: row.name,
    transport: row.transport as RegistryTransport,
    url: row.url,
    command: row.command,
    args: row.args ?? [],
    headers: row.headers ?? {},
    env: ((row.metadata ?? {}) as McpServerMetadata).env ?? {}
  };
}

const connectionKey = (f: McpServerFields) => JSON.stringify([f.transport, f.url, f.command, f.args, f.headers, f.env]);

function definedOnly(input: McpServerInput): McpServerInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

// ─── validation ────────────────────────────────────────────────────────────────────────────

const invalid = (field: string, message: string, code = 'invalid_field') => badRequest(message, { field }, code);

export function assertStdioAllowed(fields: Pick<McpServerFields, 'command' | 'args'>, opts: RegistryOptions = {}): void {
  const check = checkStdioAllowed(fields.command ?? undefined, fields.args, allowListFrom(opts));
  if (!check.ok) throw new ApiError(403, 'stdio_not_allowed', check.message, { field: 'command' });
}

/** Validates a full config (no allow-list check: see `assertStdioAllowed`). Throws 400 with `details.field`. */
export function validateServerFields(input: McpServerInput): McpServerFields {
  const name = input.name;
  if (typeof name !== 'string' || !SERVER_NAME_RE.test(name)) {
    throw invalid('name', 'Name the server with lowercase letters, digits, - and _ (max 64), e.g. "github".');
  }
  const transport = parseTransport(input);
  if (transport === 'stdio') {
    if (input.url) throw invalid('url', 'A stdio server runs a command; it takes no URL.');
    const command = typeof input.command === 'string' ? input.command.trim() : '';
    if (!command || command.length > 1024) throw invalid('command', 'A stdio server needs a command (the program to run).');
    return {
      name,
      transport,
      url: null,
      command,
      args: parseArgs(input.args),
      headers: parseStringMap(input.headers, 'headers'),
      env: parseStringMap(input.env, 'env')
    };
  }
  if (input.command) throw invalid('command', `A ${transport} server is reached by URL; it takes no command.`);
  if (input.env && Object.keys(input.env as object).length) throw invalid('env', 'Environment variables only apply to stdio servers.');
  return {
    name,
    transport,
    url: parseUrl(input.url),
    command: null,
    args: [],
    headers: parseStringMap(input.headers, 'headers'),
    env: {}
  };
}

function parseTransport(input: McpServerInput): RegistryTransport {
  const t = input.transport;
  if (t === undefined || t === null || t === '') return input.command ? 'stdio' : 'auto';
  if (typeof t === 'string' && (REGISTRY_TRANSPORTS as readonly string[]).includes(t)) return t as RegistryTransport;
  throw invalid('transport', 'transport must be stdio, sse, streamable-http or auto (streamable HTTP, then SSE).');
}

function parseUrl(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw invalid('url', 'An HTTP server needs a URL, e.g. https://example.com/mcp.');
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url', `"${text.slice(0, 200)}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', 'The URL must start with http:// or https://.');
  if (text.length > 2048) throw invalid('url', 'The URL is longer than 2048 characters.');
  if (url.username || url.password) {
    throw invalid('url', 'Put credentials in a header that references a secret (e.g. Authorization: Bearer ${secret:NAME}), not in the URL.', 'secret_in_literal');
  }
  for (const [key, v] of url.searchParams) {
    const what = looksLikeKey(v, key);
    if (what) throw secretLiteral('url', `The URL parameter "${key}"`, what);
  }
  return text;
}

function parseArgs(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((a) => typeof a !== 'string')) throw invalid('args', 'args must be a list of strings.');
  if (value.length > MAX_ARGS) throw invalid('args', `At most ${MAX_ARGS} arguments.`);
  for (const arg of value as string[]) {
    if (arg.length > 4096) throw invalid('args', 'An argument is longer than 4096 characters.');
    const what = looksLikeKey(arg);
    if (what) throw secretLiteral('args', 'An argument', what);
  }
  return value as string[];
}

/** headers / env: names checked, values must be `${secret:…}` references or non-secret literals. */
function parseStringMap(value: unknown, field: 'headers' | 'env'): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(field, `${field} must be an object of name → value strings.`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_HEADERS) throw invalid(field, `At most ${MAX_HEADERS} ${field === 'env' ? 'variables' : 'headers'}.`);
  const out: Record<string, string> = {};
  const label = field === 'env' ? 'Environment variable' : 'Header';
  for (const [name, v] of entries) {
    if (!(field === 'env' ? ENV_NAME_RE : HEADER_NAME_RE).test(name)) throw invalid(field, `${label} name "${name.slice(0, 100)}" is not valid.`);
    if (typeof v !== 'string') throw invalid(field, `${label} ${name} must be a string.`);
    if (v.length > 4096 || /[\r\n\0]/.test(v)) throw invalid(field, `${label} ${name} is too long or contains a line break.`);
    const bad = malformedRefs(v);
    if (bad.length) throw invalid(field, `${label} ${name}: ${bad[0]} is not a valid reference; write \${secret:NAME}.`);
    if (refsInString(v).some((r) => r.kind === 'env')) {
      throw invalid(field, `${label} ${name}: registry servers may only reference secrets (\${secret:NAME}), not the editor's environment.`);
    }
    const what = looksLikeKey(v, name) ?? (CREDENTIAL_HEADER_RE.test(name) && !refsInString(v).length && v.trim() ? `a credential` : undefined);
    if (what) throw secretLiteral(field, `${label} ${name}`, what);
    out[name] = v;
  }
  if (field === 'env') {
    const check = checkStdioEnv(out);
    if (!check.ok) throw invalid('env', check.message, 'env_not_allowed');
  }
  return out;
}

function secretLiteral(field: string, where: string, what: string): ApiError {
  return badRequest(
    `${where} looks like ${what}. Store it as a secret (Secrets page, or PUT /api/secrets/NAME) and write \${secret:NAME} instead.`,
    { field },
    'secret_in_literal'
  );
}

function parseBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false.`);
  return value;
}

/** Secret names referenced by a server's headers and env. */
export function secretRefsOf(fields: Pick<McpServerFields, 'headers' | 'env'>): string[] {
  const names = [...Object.values(fields.headers), ...Object.values(fields.env)].flatMap((v) =>
    refsInString(v).filter((r) => r.kind === 'secret').map((r) => r.name)
  );
  return [...new Set(names)];
}

/** Which of the owner's servers reference each secret (for the Secrets page: "used by"). */
export async function secretUsage(db: Db, ownerId: string): Promise<Map<string, string[]>> {
  const rows = await db.select().from(mcpServers).where(eq(mcpServers.ownerId, ownerId)).orderBy(asc(mcpServers.name));
  const usage = new Map<string, string[]>();
  for (const row of rows) {
    for (const name of secretRefsOf(fieldsOf(row))) usage.set(name, [...(usage.get(name) ?? []), row.name]);
  }
  return usage;
}
