import type { SpecNode } from '$lib/spec';

/**
 * A node switched to another provider: the new provider's defaults, keeping the id and the fields
 * both providers understand (language, model names do not carry over).
 */
export function switchProvider<T extends SpecNode>(node: T, defaults: Record<string, object>, provider: string, keep: string[] = ['language']): T {
  const base = defaults[provider];
  if (!base) return { ...node, provider } as T;
  const next: Record<string, unknown> = { id: node.id, type: node.type, provider, ...base };
  const old = node as Record<string, unknown>;
  for (const k of keep) if (old[k] !== undefined && k in base) next[k] = old[k];
  return next as T;
}
