import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { exportSpec } from '$lib/server/services/transfer';
import { parseRef } from '$lib/server/services/versions';
import { yamlResponse } from '$lib/server/spec-http';

export const GET: RequestHandler = api(async ({ locals, params, url }) => {
  const user = requireUser(locals);
  const { filename, yaml } = await exportSpec(await db(), user.id, params.id, parseRef(url.searchParams.get('version'), 'draft'));
  return yamlResponse(yaml, { headers: { 'content-disposition': `attachment; filename="${filename}"` } });
});
