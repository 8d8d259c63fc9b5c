/**
 * Pure shaping of MCP tools into what an LLM accepts: filtered, prefixed, uniquely named, with a
 * clean object JSON Schema. No Node imports, so the editor page can preview names with it too.
 */
import type { McpToolInfo } from './types.js';

/** OpenAI, Anthropic and Gemini all accept this; MCP itself allows more (dots, slashes). */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_NAME = 64;
const HASH_LEN = 8;

export interface ToolFilter {
  /** Tool names to keep (`*` wildcards allowed). Empty or absent: keep all. */
  include?: readonly string[];
  /** Tool names to drop (`*` wildcards allowed), applied after `include`. */
  exclude?: readonly string[];
}

export interface ShapeOptions extends ToolFilter {
  /** Put before each name as `prefix_name`; usually the server's slug. */
  prefix?: string;
}

export interface ShapedTool {
  /** The name to give the LLM: matches TOOL_NAME_PATTERN, unique within its server. */
  name: string;
  /** The name to call on the MCP server. */
  originalName: string;
  description: string;
  /** Cleaned input schema, always `{type: 'object', properties: {…}, …}`. */
  parameters: JsonSchemaObject;
}

/** Two or more tools of one server that came out with the same name; later ones were renamed. */
export interface ShapeCollision {
  name: string;
  originalNames: string[];
  /** What each later tool was renamed to, in the order of `originalNames.slice(1)`. */
  renamedTo: string[];
}

/** A final name offered by more than one server (or twice by one). */
export interface ToolNameCollision {
  name: string;
  sources: { server: string; originalName: string }[];
}

export type JsonSchemaObject = { type: 'object'; properties: Record<string, unknown>; [key: string]: unknown };

type Named = { name: string };

export function filterTools<T extends Named>(tools: readonly T[], filter: ToolFilter = {}): T[] {
  const include = filter.include?.length ? filter.include.map(globToRegExp) : undefined;
  const exclude = (filter.exclude ?? []).map(globToRegExp);
  return tools.filter(
    (t) => (!include || include.some((re) => re.test(t.name))) && !exclude.some((re) => re.test(t.name))
  );
}

/**
 * `prefix_name`, with characters outside [a-zA-Z0-9_-] replaced by `_`. Longer than 64: cut to 55
 * and end with `_` + an 8-hex hash of the unsanitized input, so the result is stable across runs
 * and two long names sharing a start stay distinct.
 */
export function prefixToolName(prefix: string | undefined, name: string): string {
  const raw = prefix ? `${prefix}_${name}` : name;
  const safe = raw.replace(/[^a-zA-Z0-9_-]/g, '_') || '_';
  return safe.length <= MAX_NAME ? safe : withHash(safe, raw);
}

export function shapeTools(
  tools: readonly McpToolInfo[],
  opts: ShapeOptions = {}
): { tools: ShapedTool[]; collisions: ShapeCollision[] } {
  const shaped: ShapedTool[] = [];
  const byName = new Map<string, ShapeCollision>();
  const taken = new Set<string>();
  for (const tool of filterTools(tools, opts)) {
    let name = prefixToolName(opts.prefix, tool.name);
    if (taken.has(name)) {
      // Sanitizing or truncating mapped two tools onto one name: the later one gets a hashed name.
      const collision = byName.get(name) ?? { name, originalNames: [shaped.find((s) => s.name === name)!.originalName], renamedTo: [] };
      byName.set(name, collision);
      const raw = opts.prefix ? `${opts.prefix}_${tool.name}` : tool.name;
      name = uniqueHashedName(name, raw, taken);
      collision.originalNames.push(tool.name);
      collision.renamedTo.push(name);
    }
    taken.add(name);
    shaped.push({
      name,
      originalName: tool.name,
      description: tool.description ?? tool.title ?? '',
      parameters: cleanJsonSchema(tool.inputSchema)
    });
  }
  return { tools: shaped, collisions: [...byName.values()] };
}

/** Final names that several servers (or one server twice) would give the LLM. */
export function detectCollisions(
  servers: readonly { server: string; tools: readonly { name: string; originalName: string }[] }[]
): ToolNameCollision[] {
  const seen = new Map<string, ToolNameCollision>();
  for (const { server, tools } of servers) {
    for (const tool of tools) {
      const entry = seen.get(tool.name) ?? { name: tool.name, sources: [] };
      entry.sources.push({ server, originalName: tool.originalName });
      seen.set(tool.name, entry);
    }
  }
  return [...seen.values()].filter((c) => c.sources.length > 1);
}

// JSON Schema keywords whose values are schemas — the only places `$schema` is a keyword. Anywhere
// else (a property *named* "$schema", `const`, `default`, `enum`, `examples`) it is data and kept.
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_VALUES = new Set([
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else'
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/**
 * Drops `$schema` wherever it is a keyword and copies everything else as is. The root always comes
 * out as an object schema: `type: 'object'` added when missing, `properties: {}` when absent. A
 * root that declares another type cannot be a tool's arguments and becomes `{type:'object', properties:{}}`.
 */
export function cleanJsonSchema(schema: unknown): JsonSchemaObject {
  const cleaned = isRecord(schema) ? cleanSchemaNode(schema) : {};
  if (cleaned.type !== undefined && cleaned.type !== 'object') return { type: 'object', properties: {} };
  const result = { type: 'object' as const, ...cleaned } as JsonSchemaObject;
  if (!isRecord(result.properties)) result.properties = {};
  return result;
}

function cleanSchemaNode(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    out[key] = cleanKeyword(key, value);
  }
  return out;
}

function cleanKeyword(key: string, value: unknown): unknown {
  if (SCHEMA_MAPS.has(key) && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanSubschema(v)]));
  }
  if (key === 'dependencies' && isRecord(value)) {
    // draft-07: each value is a schema or a list of property names.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? [...v] : cleanSubschema(v)]));
  }
  if (key === 'items') return Array.isArray(value) ? value.map(cleanSubschema) : cleanSubschema(value);
  if (SCHEMA_VALUES.has(key)) return cleanSubschema(value);
  if (SCHEMA_LISTS.has(key) && Array.isArray(value)) return value.map(cleanSubschema);
  return copy(value);
}

function cleanSubschema(value: unknown): unknown {
  return isRecord(value) ? cleanSchemaNode(value) : copy(value); // boolean schemas stay booleans
}

function copy(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

function withHash(safe: string, raw: string): string {
  return `${safe.slice(0, MAX_NAME - HASH_LEN - 1)}_${fnv1a(raw)}`;
}

function uniqueHashedName(base: string, raw: string, taken: Set<string>): string {
  let name = withHash(base, raw);
  for (let salt = 1; taken.has(name); salt++) name = withHash(base, `${raw}#${salt}`);
  return name;
}

/** 32-bit FNV-1a as 8 hex digits: tiny, sync, and the same in the browser and Node. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(HASH_LEN, '0');
}
