/** A small client for the editor's API, configured by AGENTSPEC_URL and AGENTSPEC_TOKEN. */
import type { CliIo } from './io.js';

export class RemoteError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: unknown = null
	) {
		super(message);
		this.name = 'RemoteError';
	}
}

export interface Remote {
	baseUrl: string;
	request(method: string, path: string, body?: { yaml?: string; json?: unknown }): Promise<Response>;
	json<T>(method: string, path: string, body?: { yaml?: string; json?: unknown }): Promise<T>;
}

export function remoteFromEnv(io: CliIo): Remote {
	const baseUrl = (io.env.AGENTSPEC_URL ?? '').replace(/\/+$/, '');
	const token = io.env.AGENTSPEC_TOKEN ?? '';
	if (!baseUrl) throw new RemoteError(0, 'config', 'set AGENTSPEC_URL to the editor, e.g. AGENTSPEC_URL=http://localhost:5173');
	if (!token) throw new RemoteError(0, 'config', 'set AGENTSPEC_TOKEN to a personal access token (Access tokens page of the editor)');

	async function request(method: string, path: string, body?: { yaml?: string; json?: unknown }): Promise<Response> {
		const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
		let payload: string | undefined;
		if (body?.yaml !== undefined) {
			headers['content-type'] = 'application/yaml';
			payload = body.yaml;
		} else if (body?.json !== undefined) {
			headers['content-type'] = 'application/json';
			payload = JSON.stringify(body.json);
		}
		let res: Response;
		try {
			res = await fetch(baseUrl + path, { method, headers, body: payload });
		} catch (err) {
			const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
			throw new RemoteError(0, 'network', `cannot reach ${baseUrl} (${cause})`);
		}
		if (!res.ok) {
			const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null;
			throw new RemoteError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? `HTTP ${res.status}`, data?.error?.details);
		}
		return res;
	}
	return {
		baseUrl,
		request,
		json: async <T>(method: string, path: string, body?: { yaml?: string; json?: unknown }) => (await (await request(method, path, body)).json()) as T
	};
}

interface AgentSummary {
	id: string;
	name: string;
}

/** An agent by name (metadata.name) or id among the token owner's agents. */
export async function findAgent(remote: Remote, nameOrId: string): Promise<AgentSummary> {
	const { agents } = await remote.json<{ agents: AgentSummary[] }>('GET', '/api/agents');
	const agent = agents.find((a) => a.name === nameOrId) ?? agents.find((a) => a.id === nameOrId);
	if (!agent) throw new RemoteError(404, 'not_found', `no agent \`${nameOrId}\` among your agents`);
	return agent;
}

/** Exit code for a remote failure: 1 when the server refused the content, 2 for config/network/auth. */
export function remoteExitCode(err: RemoteError): number {
	return err.status === 404 || err.status === 409 || err.status === 422 ? 1 : 2;
}
