import { json } from '@sveltejs/kit';
import { agentSpecJsonSchema } from '$lib/spec';

const schema = agentSpecJsonSchema();

export const GET = () => json(schema, { headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } });
