/**
 * Import of `mcp.json` files: Claude Desktop / Cursor / Windsurf (`mcpServers` map), VS Code
 * (`servers` map, or `mcp.servers` inside settings.json; JSON with comments). Every literal `env`
 * and header value moves into a secret named `<SERVER>_<KEY>` and the record keeps only the
 * `${secret:…}` reference. Each entry succeeds or is refused on its own, with a reason.
 * Stdio env references are kept in `metadata.env` (the table has no env column).
 */
import type { Db } from '../db/client';
import { ApiError, badRequest } from '../errors';
import { mcpEvents } from './mcp-events';
import {
  assertStdioAllowed,
  insertServer,
  toView,
  validateServerFields,
  type McpServerFields,
  type McpServerView,
  type RegistryOptions
} from './mcp-servers';
import { putSecret } from './secrets';

const MAX_ENTRIES = 100;

export interface ImportedServer {
  /** The key in the file. */
  source: string;
  server: McpServerView;
  /** Secrets written for this server (names only). */
  secrets: string[];
  warnings: string[];
}

export interface RefusedServer {
  source: string;
  name: string;
  code: string;
  message: string;
}

export interface ImportResult {
  format: 'claude' | 'vscode';
  imported: ImportedServer[];
  refused: RefusedServer[];
}

/** Parses the file and finds its server map; 400 when it is not an mcp.json at all. */
export function parseMcpJson(text: string): { format: ImportResult['format']; servers: Record<string, unknown> } {
  let doc: unknown;
  try {
    doc = JSON.parse(stripJsonc(text));
  } catch (err) {
    throw badRequest(`The file is not valid JSON: ${(err as Error).message}`, null, 'invalid_json');
  }
  const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (obj(doc) && obj(doc.mcpServers)) return { format: 'claude', servers: doc.mcpServers };
  if (obj(doc) && obj(doc.servers)) return { format: 'vscode', servers: doc.servers };
  if (obj(doc) && obj(doc.mcp) && obj(doc.mcp.servers)) return { format: 'vscode', servers: doc.mcp.servers };
  throw badRequest(
    'Expected an mcp.json with an "mcpServers" object (Claude Desktop, Cursor) or a "servers" object (VS Code).',
    null,
    'invalid_import'
  );
}

export async function importMcpJson(db: Db, ownerId: string, text: string, opts: RegistryOptions = {}): Promise<ImportResult> {
  const { format, servers } = parseMcpJson(text);
  const entries = Object.entries(servers);
  if (entries.length > MAX_ENTRIES) throw badRequest(`At most ${MAX_ENTRIES} servers per import.`, null, 'invalid_import');
  const result: ImportResult = { format, imported: [], refused: [] };
  for (const [source, entry] of entries) {
    const name = serverNameFrom(source);
    try {
      const plan = planEntry(name, entry);
      const fields = validateServerFields(plan.input);
      if (fields.transport === 'stdio') assertStdioAllowed(fields, opts);
      const row = await db.transaction(async (tx) => {
        const txDb = tx as unknown as Db;
        for (const s of plan.secrets) await putSecret(txDb, ownerId, s.name, s.value);
        return insertServer(txDb, ownerId, fields as McpServerFields, plan.isActive);
      });
      const server = toView(row);
      (opts.events ?? mcpEvents()).publish({ type: 'server-added', ownerId, server });
      result.imported.push({ source, server, secrets: plan.secrets.map((s) => s.name), warnings: plan.warnings });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      result.refused.push({ source, name, code: err.code, message: err.message });
    }
  }
  return result;
}

interface EntryPlan {
  input: Record<string, unknown>;
  secrets: { name: string; value: string }[];
  isActive: boolean;
  warnings: string[];
}

const PURE_SECRET_REF = /^\$\{secret:[A-Za-z_][A-Za-z0-9_]*\}$/;
const TYPE_ALIASES: Record<string, string> = {
  stdio: 'stdio',
  sse: 'sse',
  http: 'streamable-http',
  'streamable-http': 'streamable-http',
  streamableHttp: 'streamable-http',
  streamable_http: 'streamable-http'
};

function planEntry(name: string, entry: unknown): EntryPlan {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw badRequest('The entry is not an object.', null, 'invalid_entry');
  const e = entry as Record<string, unknown>;
  const warnings: string[] = [];
  const secrets: EntryPlan['secrets'] = [];
  const rawType = e.type ?? e.transport;
  let transport: string | undefined;
  if (rawType !== undefined) {
    transport = typeof rawType === 'string' ? TYPE_ALIASES[rawType] : undefined;
    if (!transport) throw badRequest(`Unsupported transport type "${String(rawType)}".`, { field: 'transport' }, 'invalid_field');
  }
  const url = e.url ?? e.serverUrl;
  if (e.envFile !== undefined) warnings.push('envFile is not imported: add those variables as secrets and reference them in env.');

  const secretFor = (key: string, value: string): string => {
    const secretName = secretNameFor(name, key);
    secrets.push({ name: secretName, value });
    return `\${secret:${secretName}}`;
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(stringMap(e.env, 'env'))) {
    env[key] = PURE_SECRET_REF.test(value) ? value : secretFor(key, checkPlaceholders(value, `env ${key}`));
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(stringMap(e.headers, 'headers'))) {
    // Values that already reference a secret are kept (and validated like any record's headers).
    if (value.includes('${secret:')) headers[key] = value;
    else {
      checkPlaceholders(value, `header ${key}`);
      // "Bearer <token>" keeps its scheme in the header; only the credential becomes the secret.
      const scheme = /^(Bearer|Basic|Token)\s+(\S.*)$/i.exec(value);
      headers[key] = scheme ? `${scheme[1]} ${secretFor(key, scheme[2])}` : secretFor(key, value);
    }
  }
  return {
    input: {
      name,
      transport,
      url,
      command: e.command,
      args: e.args,
      headers,
      env
    },
    secrets,
    isActive: e.disabled !== true,
    warnings
  };
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be an object.`, { field }, 'invalid_field');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else throw badRequest(`${field} ${k} must be a string.`, { field }, 'invalid_field');
  }
  return out;
}

/** VS Code `${input:…}` / `${env:…}` placeholders have no value we could store. */
function checkPlaceholders(value: string, where: string): string {
  const placeholder = /\$\{[^}]*\}/.exec(value)?.[0];
  if (placeholder) {
    throw badRequest(
      `${where} uses ${placeholder}, which has no value here. Store the value as a secret and write \${secret:NAME}, then import again.`,
      null,
      'unresolvable_placeholder'
    );
  }
  return value;
}

/** A registry name from a file key: "GitHub Server" → "github-server". */
export function serverNameFrom(key: string): string {
  const slug = key
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64);
  return slug || 'server';
}

/** `<SERVER>_<KEY>` as an env-style name: github + GITHUB_TOKEN → GITHUB_GITHUB_TOKEN. */
export function secretNameFor(server: string, key: string): string {
  const name = `${server}_${key}`.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  return (/^[A-Z_]/.test(name) ? name : `_${name}`).slice(0, 128);
}

/** JSON with comments and trailing commas (VS Code's mcp.json) → JSON. Strings are left intact. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200).replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ''))) {
      continue; // trailing comma
    } else out += c;
  }
  return out;
}
