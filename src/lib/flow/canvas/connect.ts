/** Whether the canvas may draw an edge: the spec's type rules plus the graph rules a drag can break. */
import { canConnect, type AgentSpec, type ConnectResult } from '$lib/spec';
import { hasEdge } from '../state/ops';

export function checkConnection(spec: AgentSpec, source: string, target: string): ConnectResult {
  if (source === target) return { ok: false, hint: 'a node cannot connect to itself' };
  const from = spec.nodes.find((n) => n.id === source);
  const to = spec.nodes.find((n) => n.id === target);
  if (!from || !to) return { ok: false, hint: 'unknown node' };
  if (hasEdge(spec, source, target)) return { ok: false, hint: `${source} is already connected to ${target}` };
  return canConnect(from.type, to.type);
}
