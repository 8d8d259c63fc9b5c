import { formatProblem, parseSpec, type Problem } from '../../../src/lib/spec/index.js';
import { parse, readSpecFiles } from '../files.js';
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, { format: { type: 'string', default: 'text' } });
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\` (text | json)`);
	if (!positionals.length) throw new UsageError('name at least one file or directory');
	const { files, failed } = await readSpecFiles(positionals, io, 'validate');
	if (!files.length && !failed) {
		io.err('agentspec validate: no *.yaml or *.yml files found');
		return EXIT.usage;
	}
	const reports: FileReport[] = files.map(({ name, text }) => {
		const { problems } = parseSpec(text, { file: name });
		return { file: name, valid: !problems.some((p) => p.severity === 'error'), problems };
	});
	const count = (severity: Problem['severity']) =>
		reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === severity).length, 0);
	const errors = count('error');
	const warnings = count('warning');
	if (values.format === 'json') {
		io.out(JSON.stringify({ files: reports, errors, warnings }, null, 2));
	} else if (reports.length) {
		for (const r of reports) for (const p of r.problems) io.out(formatProblem(p, r.file));
		const invalid = reports.filter((r) => !r.valid).length;
		io.err(
			`${plural(reports.length, 'file')} checked: ${invalid ? `${invalid} invalid` : 'all valid'}, ` +
				`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
		);
	}
	if (failed) return EXIT.usage;
	return errors ? EXIT.findings : EXIT.ok;
}
