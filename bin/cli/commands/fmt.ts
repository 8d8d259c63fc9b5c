import { writeFile } from 'node:fs/promises';
import { formatProblem, formatSpecText, serializeSpecJson, SpecSyntaxError } from '../../../src/lib/spec/index.js';
import { isJsonFile, parse, readSpecFiles } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

export const summary = 'rewrite specs in canonical form (keeps comments); --check lists files that would change';
export const usage = `usage: agentspec fmt <files|dirs>... [--check]

Rewrites each spec in canonical form: fixed key order, 2-space indent, block text for multi-line
strings. Comments are kept. *.json files are written as canonical JSON.

  --check   do not write; list the files that would change and exit 1 if there are any

Exit codes: 0 ok · 1 files need formatting (--check) or are not valid YAML · 2 usage or I/O error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, { check: { type: 'boolean', default: false } });
	if (!positionals.length) throw new UsageError('name at least one file or directory');
	const { files, failed } = await readSpecFiles(positionals, io, 'fmt');
	let ioFailed = failed;
	let findings = 0;
	for (const { path, name, text } of files) {
		let formatted: string;
		try {
			formatted = isJsonFile(path) ? serializeSpecJson(JSON.parse(text)) : formatSpecText(text);
		} catch (err) {
			findings++;
			if (err instanceof SpecSyntaxError) {
				io.err(formatProblem({ path: '', message: `YAML: ${err.message}`, line: err.line, col: err.col, severity: 'error' }, name));
			} else io.err(`${name}: error: ${(err as Error).message}`);
			continue;
		}
		if (formatted === text) continue;
		if (values.check) {
			findings++;
			io.out(name);
			continue;
		}
		try {
			await writeFile(path, formatted);
			io.out(`formatted ${name}`);
		} catch (err) {
			io.err(`agentspec fmt: cannot write ${name}: ${(err as Error).message}`);
			ioFailed = true;
		}
	}
	if (ioFailed) return EXIT.usage;
	return findings ? EXIT.findings : EXIT.ok;
}
