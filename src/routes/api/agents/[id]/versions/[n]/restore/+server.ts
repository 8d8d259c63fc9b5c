import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { badRequest } from '$lib/server/errors';
import { parseIfMatch } from '$lib/server/services/drafts';
import { parseVersionParam, restoreVersion } from '$lib/server/services/versions';
import { draftResponse } from '$lib/server/spec-http';

export const POST: RequestHandler = api(async ({ locals, params, url, request }) => {
  const user = requireUser(locals);
  const ifMatch = parseIfMatch(request.headers.get('if-match'));
  if (ifMatch === -1) throw badRequest('If-Match must be the draft revision.', null, 'invalid_if_match');
  const draft = await restoreVersion(await db(), user.id, params.id, parseVersionParam(params.n), ifMatch);
  return draftResponse(draft, url, request);
});
