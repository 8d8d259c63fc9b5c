import { runChat } from '../../../runtime/src/cli/chat.js';
import { parseVars } from '../../../runtime/src/cli/local-spec.js';
import { parse } from '../files.js';
import { UsageError, type CliIo } from '../io.js';

export const summary = 'chat with a spec in text mode, through the runtime assembly';
export const usage = `usage: agentspec chat <file> [--say TEXT]... [--var name=value]... [--json] [--mcp-servers FILE]

Starts a text session of the spec (same assembly as a LiveKit call, without audio) and prints
the transcript with tool calls. Without --say, reads messages from stdin (/quit to end).

  --say TEXT          send TEXT and print the reply; repeat for several turns, then exit
  --var name=value    dispatch variable (repeatable)
  --json              print trace events as NDJSON instead of a transcript
  --mcp-servers FILE  registry for \`server:\` MCP nodes (default: mcp-servers.json next to the spec)

Provider keys and \${secret:NAME} / \${env:NAME} come from the environment (OPENAI_API_KEY, …).
Exit codes: 0 ok · 1 a turn failed · 2 usage, I/O or spec error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		say: { type: 'string', multiple: true },
		var: { type: 'string', multiple: true },
		json: { type: 'boolean', default: false },
		'mcp-servers': { type: 'string' }
	});
	if (positionals.length !== 1) throw new UsageError('name exactly one spec file');
	let vars: Record<string, string>;
	try {
		vars = parseVars(values.var);
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const { exitCode } = await runChat(positionals[0], {
		say: values.say,
		vars,
		json: values.json,
		mcpServersFile: values['mcp-servers'],
		io,
		env: io.env,
		cwd: io.cwd
	});
	return exitCode;
}
