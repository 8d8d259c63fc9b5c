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
  // The runtime revalidates a cached draft with `If-None-Match: "<revision>"`, so the draft's
  // ETag is exactly its revision string.
  const etag = `"${wire.revision ?? wire.sha256 ?? ''}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  return json(wire, { headers: { etag, 'cache-control': 'no-store' } });
});

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
