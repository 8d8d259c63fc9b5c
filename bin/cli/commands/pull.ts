import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { findAgent, remoteExitCode, remoteFromEnv, RemoteError } from '../remote.js';

export const summary = 'download an agent (a version or the draft) as canonical YAML';
export const usage = `usage: agentspec pull <agent> [--version n|draft] [-o file]

Fetches an agent by name or id from the editor (AGENTSPEC_URL) with a personal access token
(AGENTSPEC_TOKEN). Without --version the draft is pulled. Writes to stdout unless -o is given.
Secrets never appear: only \${secret:NAME} references.

Exit codes: 0 ok · 1 the agent or version does not exist · 2 usage, network or auth error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		version: { type: 'string', default: 'draft' },
		output: { type: 'string', short: 'o' }
	});
	if (positionals.length !== 1) throw new UsageError('name exactly one agent');
	const version = values.version!;
	if (version !== 'draft' && !/^[1-9]\d*$/.test(version)) throw new UsageError('--version is a version number or `draft`');
	try {
		const remote = remoteFromEnv(io);
		const agent = await findAgent(remote, positionals[0]);
		const res = await remote.request('GET', `/api/agents/${agent.id}/export?version=${version}`);
		const yaml = await res.text();
		if (values.output) {
			await writeFile(resolve(io.cwd, values.output), yaml);
			io.err(`pulled ${agent.name} (${version === 'draft' ? 'draft' : `version ${version}`}) → ${values.output}`);
		} else io.out(yaml);
		return EXIT.ok;
	} catch (err) {
		if (!(err instanceof RemoteError)) throw err;
		io.err(`agentspec pull: ${err.message}`);
		return remoteExitCode(err);
	}
}
