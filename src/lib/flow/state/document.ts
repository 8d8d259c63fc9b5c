/**
 * One editor document: the YAML text, the spec the canvas draws, and the problems of the text.
 * Both views edit the same document: graph edits produce canonical YAML, YAML edits produce a spec.
 */
import { parse as parseYaml } from 'yaml';
import { API_VERSION, KIND, NODE_TYPES, parseSpec, serializeSpec, type AgentSpec, type Problem } from '$lib/spec';

export interface DocState {
  yaml: string;
  /** What the canvas draws: the typed spec, a loosely read one when the schema fails, or the last drawable one. */
  spec: AgentSpec;
  /** false when the text cannot be drawn (not YAML, or not shaped like a spec): the canvas is read-only. */
  drawable: boolean;
  /** true when the schema accepted the text (graph rules may still fail). */
  typed: boolean;
  problems: Problem[];
}

export function emptySpec(name = 'new-agent'): AgentSpec {
  return { apiVersion: API_VERSION, kind: KIND, metadata: { name }, nodes: [] } as AgentSpec;
}

const NODE_TYPE_SET = new Set<string>(NODE_TYPES);

/**
 * parseSpec returns no spec when the schema fails (a bad temperature, an unknown field). The canvas
 * still draws such a document so the error can sit on its node: every node with a string id and a
 * known type is kept as written.
 */
export function looseSpec(text: string): AgentSpec | null {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch {
    return null;
  }
  if (!isObject(value) || !Array.isArray(value.nodes)) return null;
  const nodes = value.nodes.filter((n) => isObject(n) && typeof n.id === 'string' && NODE_TYPE_SET.has(String(n.type)));
  const edges = Array.isArray(value.edges)
    ? value.edges.filter((e) => isObject(e) && typeof e.from === 'string' && typeof e.to === 'string')
    : undefined;
  const layout = isObject(value.layout)
    ? Object.fromEntries(Object.entries(value.layout).filter(([, p]) => isObject(p) && Number.isFinite(p.x) && Number.isFinite(p.y)))
    : undefined;
  const metadata = isObject(value.metadata) ? value.metadata : { name: '' };
  return { ...value, metadata, nodes, edges, layout } as unknown as AgentSpec;
}

/** A document from text typed in the YAML view (or loaded from the server). */
export function docFromYaml(yaml: string, fallback: AgentSpec): DocState {
  const { spec, problems } = parseSpec(yaml);
  if (spec) return { yaml, spec, drawable: true, typed: true, problems };
  const hasSyntaxError = problems.some((p) => p.code === 'yaml_syntax' && p.severity === 'error');
  const loose = hasSyntaxError ? null : looseSpec(yaml);
  if (loose) return { yaml, spec: loose, drawable: true, typed: false, problems };
  return { yaml, spec: fallback, drawable: false, typed: false, problems };
}

/** A document from a graph or inspector edit: the text becomes the canonical YAML of the spec. */
export function docFromSpec(spec: AgentSpec): DocState {
  const yaml = serializeSpec(spec);
  const parsed = parseSpec(yaml);
  return { yaml, spec, drawable: true, typed: parsed.spec !== null, problems: parsed.problems };
}

/** Problems grouped by the node they belong to. */
export function problemsByNode(problems: readonly Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!p.nodeId) continue;
    const list = out.get(p.nodeId);
    if (list) list.push(p);
    else out.set(p.nodeId, [p]);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
