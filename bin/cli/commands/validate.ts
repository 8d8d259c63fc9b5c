import { formatProblem, parseSpec, type Problem } from '../../../src/lib/spec/index.js';
import { collectSpecFiles, display, parse, readText } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

export const summary = 'check specs: schema, graph rules, secrets (file:line:col: error: message  [path])';
export const usage = `usage: agentspec validate <files|dirs>... [--format text|json]

Validates agent specs. Directories are searched recursively for *.yaml and *.yml.

  --format text   file:line:col: severity: message  [path]   (default)
  --format json   {"files":[{"file","valid","problems":[{path,message,line,col,nodeId?,severity,code}]}],"errors","warnings"}

Exit codes: 0 no errors (warnings allowed) · 1 errors found · 2 usage or I/O error.`;

interface FileReport {
	file: string;
	valid: boolean;
	problems: Problem[];
}

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, { format: { type: 'string', default: 'text' } });
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\` (text | json)`);
	if (!positionals.length) throw new UsageError('name at least one file or directory');
	const { files, missing } = await collectSpecFiles(positionals, io.cwd);
	for (const m of missing) io.err(`agentspec validate: cannot read ${m}`);
	if (!files.length && !missing.length) {
		io.err('agentspec validate: no *.yaml or *.yml files found');
		return EXIT.usage;
	}
	const reports: FileReport[] = [];
	let ioFailed = missing.length > 0;
	for (const file of files) {
		const name = display(file, io.cwd);
		let text: string;
		try {
			text = await readText(file);
		} catch (err) {
			io.err(`agentspec validate: cannot read ${name}: ${(err as Error).message}`);
			ioFailed = true;
			continue;
		}
		const { problems } = parseSpec(text, { file: name });
		reports.push({ file: name, valid: !problems.some((p) => p.severity === 'error'), problems });
	}
	const errors = reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'error').length, 0);
	const warnings = reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
	if (values.format === 'json') {
		io.out(JSON.stringify({ files: reports, errors, warnings }, null, 2));
	} else {
		for (const r of reports) for (const p of r.problems) io.out(formatProblem(p, r.file));
		const invalid = reports.filter((r) => !r.valid).length;
		io.err(
			`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ` +
				`${invalid ? `${invalid} invalid` : 'all valid'}, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`
		);
	}
	if (ioFailed) return EXIT.usage;
	return errors ? EXIT.findings : EXIT.ok;
}
