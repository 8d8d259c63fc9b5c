import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { importSpecs } from '$lib/server/services/transfer';
import { readSpecBody } from '$lib/server/spec-http';

export const POST: RequestHandler = api(async ({ locals, request, url }) => {
  const user = requireUser(locals);
  const text = await readSpecBody(request, 4 * 1024 * 1024);
  const results = await importSpecs(await db(), user.id, text, url.searchParams.get('file') ?? 'import.yaml');
  return json({ results }, { status: results.some((r) => r.created) ? 201 : 200 });
});
