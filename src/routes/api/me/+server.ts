import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';

export const GET: RequestHandler = api(({ locals }) => json({ user: requireUser(locals), authVia: locals.authVia }));
