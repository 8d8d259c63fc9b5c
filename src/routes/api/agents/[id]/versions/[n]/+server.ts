import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { getVersion, parseVersionParam } from '$lib/server/services/versions';
import { wantsYaml, yamlResponse } from '$lib/server/spec-http';

// Published bytes never change, so clients may cache them for good.
const IMMUTABLE = 'private, max-age=31536000, immutable';

export const GET: RequestHandler = api(async ({ locals, params, url, request }) => {
  const v = await getVersion(await db(), requireUser(locals).id, params.id, parseVersionParam(params.n));
  const headers = { etag: `"${v.sha256}"`, 'cache-control': IMMUTABLE };
  return wantsYaml(url, request) ? yamlResponse(v.yaml, { headers }) : json(v, { headers });
});
