import type { RequestHandler } from './$types';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { badRequest } from '$lib/server/errors';
import { getDraft, parseIfMatch, saveDraft } from '$lib/server/services/drafts';
import { draftResponse, readSpecBody } from '$lib/server/spec-http';

export const GET: RequestHandler = api(async ({ locals, params, url, request }) => {
  const draft = await getDraft(await db(), requireUser(locals).id, params.id);
  return draftResponse(draft, url, request);
});

export const PUT: RequestHandler = api(async ({ locals, params, url, request }) => {
  const user = requireUser(locals);
  const ifMatch = parseIfMatch(request.headers.get('if-match'));
  if (ifMatch === -1) throw badRequest('If-Match must be the draft revision, e.g. If-Match: "4".', null, 'invalid_if_match');
  const yaml = await readSpecBody(request);
  const draft = await saveDraft(await db(), user.id, params.id, yaml, ifMatch);
  return draftResponse(draft, url, request);
});
