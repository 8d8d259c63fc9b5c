import type { PageLoad } from './$types';
import { errorMessage, listAgents, type AgentSummary } from '$lib/flow/api/agents';

export const load: PageLoad = async ({ fetch }) => {
  try {
    return { agents: await listAgents(fetch), loadError: null as string | null };
  } catch (err) {
    return { agents: [] as AgentSummary[], loadError: errorMessage(err) };
  }
};
