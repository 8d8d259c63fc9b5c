/** What a command may touch: output streams, the working directory and the environment. */
export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	cwd: string;
	env: Record<string, string | undefined>;
}

export interface Command {
	/** One line for the command list. */
	summary: string;
	/** Full `--help` text. */
	usage: string;
	/** Exit code: 0 ok · 1 findings · 2 usage or I/O error. */
	run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}
