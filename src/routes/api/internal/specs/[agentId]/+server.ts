import { createHash } from 'node:crypto';
import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { db } from '$lib/server/app';
import { requireRuntimeToken } from '$lib/server/internal-auth';
import { loadRuntimeSpec, type RuntimeSpec } from '$lib/server/services/runtime-read';
import { parseRef } from '$lib/server/services/versions';

// GET /api/internal/specs/{agentId}?version=<n|draft>  (Authorization: Bearer RUNTIME_TOKEN)
export const GET: RequestHandler = api(async ({ params, url, request }) => {
  requireRuntimeToken(request);
  const version = parseRef(url.searchParams.get('version'), 'draft');
  const spec = await loadRuntimeSpec(await db(), params.agentId, version);
  const wire = toRuntimeWire(spec);
  // ETag: the draft revision (or the version's sha256) plus a fingerprint of the resolved registry
  // servers and secrets, which change without a new revision. The runtime revalidates with the
  // ETag it was last sent, so a registry edit (URL, header, secret, server switched off) is a 200
  // while live sessions poll for it.
  const etag = `"${wire.revision ?? wire.sha256 ?? ''}.${registryFingerprint(wire.mcpServers, wire.secrets)}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  return json(wire, { headers: { etag, 'cache-control': 'no-store' } });
});

/** sha256 of the canonical JSON (keys sorted) of the registry data, 16 hex characters. */
function registryFingerprint(mcpServers: unknown, secrets: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])])
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical({ mcpServers, secrets })))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The runtime's zod schema (runtime/src/spec-source.ts) reads `revision` and `sha256` as optional
 * strings: null fails it, and the draft revision (a number in the database) travels as a string,
 * the same string the editor puts in playground sessions and job metadata.
 */
function toRuntimeWire(spec: RuntimeSpec) {
  const { revision, sha256, ...rest } = spec;
  return {
    ...rest,
    ...(revision !== null ? { revision: String(revision) } : {}),
    ...(sha256 !== null ? { sha256 } : {})
  };
}
