/**
 * `agentspec` entry point. Commands live in ./commands/<name>.ts and are loaded on demand:
 * adding a command is adding that file and one line to COMMANDS.
 */
import { EXIT, UsageError, type CliIo, type Command } from './io.js';

type Loader = () => Promise<Command>;

export const COMMANDS: Record<string, Loader> = {
	validate: () => import('./commands/validate.js'),
	fmt: () => import('./commands/fmt.js'),
	diff: () => import('./commands/diff.js'),
	schema: () => import('./commands/schema.js'),
	pull: () => import('./commands/pull.js'),
	push: () => import('./commands/push.js'),
	chat: () => import('./commands/chat.js'),
	test: () => import('./commands/test.js')
};

export function nodeIo(): CliIo {
	return {
		out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
		err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
		cwd: process.cwd(),
		env: process.env
	};
}

async function usage(): Promise<string> {
	const names = Object.keys(COMMANDS);
	const width = Math.max(...names.map((n) => n.length));
	const lines = await Promise.all(
		names.map(async (name) => `  ${name.padEnd(width)}  ${(await COMMANDS[name]()).summary}`)
	);
	return [
		'usage: agentspec <command> [options]',
		'',
		'commands:',
		...lines,
		'',
		'Run `agentspec <command> --help` for the options of a command.',
		'Exit codes: 0 ok · 1 findings · 2 usage or I/O error.'
	].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
	const [name, ...args] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		if (name === 'help' && args[0] && COMMANDS[args[0]]) {
			io.out((await COMMANDS[args[0]]()).usage);
			return EXIT.ok;
		}
		(name ? io.out : io.err)(await usage());
		return name ? EXIT.ok : EXIT.usage;
	}
	const load = COMMANDS[name];
	if (!load) {
		io.err(`agentspec: unknown command \`${name}\`\n\n${await usage()}`);
		return EXIT.usage;
	}
	const command = await load();
	if (args.includes('--help') || args.includes('-h')) {
		io.out(command.usage);
		return EXIT.ok;
	}
	try {
		return await command.run(args, io);
	} catch (err) {
		if (err instanceof UsageError) {
			io.err(`agentspec ${name}: ${err.message}\n\n${command.usage}`);
			return EXIT.usage;
		}
		io.err(`agentspec ${name}: ${(err as Error).message ?? String(err)}`);
		return EXIT.usage;
	}
}
