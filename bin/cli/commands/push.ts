import { resolve } from 'node:path';
import { formatProblem } from '../../../src/lib/spec/index.js';
import type { ImportResult } from '../../../src/lib/server/services/transfer.js';
import { display, parse, readText } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { remoteExitCode, remoteFromEnv, RemoteError, type Remote } from '../remote.js';

export const summary = 'upload spec files into their agents\u2019 drafts (and optionally publish)';
export const usage = `usage: agentspec push <files…> [--publish] [-m message]

Imports each file into the draft of the agent named by its metadata.name (created when new) on
the editor (AGENTSPEC_URL, AGENTSPEC_TOKEN). Invalid specs are still saved as drafts and their
problems printed as file:line:col. With --publish every valid draft is published as a new version
(an unchanged draft is reported, not re-published).

Exit codes: 0 ok · 1 a spec has errors (not published) · 2 usage, I/O, network or auth error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		publish: { type: 'boolean', default: false },
		message: { type: 'string', short: 'm', default: '' }
	});
	if (!positionals.length) throw new UsageError('name at least one file');
	let exit: number = EXIT.ok;
	try {
		const remote = remoteFromEnv(io);
		for (const p of positionals) {
			const file = resolve(io.cwd, p);
			const name = display(file, io.cwd);
			let text: string;
			try {
				text = await readText(file);
			} catch (err) {
				io.err(`agentspec push: cannot read ${p}: ${(err as Error).message}`);
				return EXIT.usage;
			}
			const { results } = await remote.json<{ results: ImportResult[] }>('POST', `/api/agents/import?file=${encodeURIComponent(name)}`, { yaml: text });
			for (const result of results) exit = Math.max(exit, await report(remote, io, name, result, values.publish!, values.message!));
		}
		return exit;
	} catch (err) {
		if (!(err instanceof RemoteError)) throw err;
		io.err(`agentspec push: ${err.message}`);
		return remoteExitCode(err);
	}
}

async function report(remote: Remote, io: CliIo, file: string, result: ImportResult, publish: boolean, message: string): Promise<number> {
	for (const problem of result.problems) io.err(formatProblem(problem, file));
	for (const server of result.missingMcpServers) io.err(`${file}: warning: MCP server \`${server}\` is not in your registry yet`);
	if (!result.agentId) return EXIT.findings;
	const what = `${result.name} (${result.created ? 'created' : 'updated'}, draft rev ${result.revision})`;
	if (!result.valid) {
		io.out(`${file}: ${what} — saved with errors${publish ? ', not published' : ''}`);
		return EXIT.findings;
	}
	if (!publish) {
		io.out(`${file}: ${what}`);
		return EXIT.ok;
	}
	try {
		const v = await remote.json<{ version: number; sha256: string }>('POST', `/api/agents/${result.agentId}/versions`, { json: { message } });
		io.out(`${file}: ${what} → published version ${v.version} (sha256 ${v.sha256.slice(0, 12)})`);
	} catch (err) {
		if (!(err instanceof RemoteError) || err.code !== 'unchanged') throw err;
		io.out(`${file}: ${what} — unchanged since the latest version, nothing to publish`);
	}
	return EXIT.ok;
}
