import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';
import { getAgent, getDraft } from '$lib/flow/api/agents';
import { RequestError } from '$lib/ui/http';

// The editor (xyflow canvas, CodeMirror) is a client-side application.
export const ssr = false;

export const load: PageLoad = async ({ params, fetch }) => {
  try {
    const [agent, draft] = await Promise.all([getAgent(params.id, fetch), getDraft(params.id, fetch)]);
    return { agent, draft };
  } catch (err) {
    if (err instanceof RequestError) error(err.status === 404 ? 404 : err.status || 500, err.message);
    throw err;
  }
};
