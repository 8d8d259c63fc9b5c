import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { database } from '$lib/server/app';

export const GET: RequestHandler = api(async () => json({ ok: true, database: (await database()).kind }));
