import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { diffRefs, parseRef } from '$lib/server/services/versions';

export const GET: RequestHandler = api(async ({ locals, params, url }) => {
  const user = requireUser(locals);
  const from = parseRef(url.searchParams.get('from'));
  const to = parseRef(url.searchParams.get('to'), 'draft');
  return json(await diffRefs(await db(), user.id, params.id, from, to));
});
