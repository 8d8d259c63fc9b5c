/** JSON with object keys sorted at every level: equal values give equal strings. */
import { createHash } from 'node:crypto';

export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Fingerprint of the registry data served with a spec (resolved MCP servers and secrets): the
 * part of a spec response that changes without a new revision or version.
 */
export function registryFingerprint(mcpServers: unknown, secrets: unknown): string {
  return createHash('sha256').update(stableJson({ mcpServers, secrets })).digest('hex').slice(0, 16);
}
