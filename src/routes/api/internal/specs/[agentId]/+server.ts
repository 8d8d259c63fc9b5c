import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { db } from '$lib/server/app';
import { requireRuntimeToken } from '$lib/server/internal-auth';
import { loadRuntimeSpec } from '$lib/server/services/runtime-read';
import { parseRef } from '$lib/server/services/versions';

// GET /api/internal/specs/{agentId}?version=<n|draft>  (Authorization: Bearer RUNTIME_TOKEN)
export const GET: RequestHandler = api(async ({ params, url, request }) => {
  requireRuntimeToken(request);
  const version = parseRef(url.searchParams.get('version'), 'draft');
  const spec = await loadRuntimeSpec(await db(), params.agentId, version);
  const etag = `"${version === 'draft' ? `draft-${spec.revision}` : spec.sha256}"`;
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
  return json(spec, { headers: { etag, 'cache-control': 'no-store' } });
});
