import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { api, requireUser } from '$lib/server/api';
import { db } from '$lib/server/app';
import { duplicateAgent } from '$lib/server/services/agents';

export const POST: RequestHandler = api(async ({ locals, params }) => json(await duplicateAgent(await db(), requireUser(locals).id, params.id), { status: 201 }));
