import { loadLocalSpec, localSessionOptions, parseVars } from '../../../runtime/src/cli/local-spec.js';
import { formatJson, formatTap, runSpecTests, type SpecTestReport } from '../../../runtime/src/cli/test-runner.js';
import { collectSpecFiles, display, parse } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

export const summary = "run the specs' tests: blocks (text mode, through the runtime assembly)";
export const usage = `usage: agentspec test <files|dirs>... [--format tap|json] [--filter TEXT] [--var name=value]... [--mcp-servers FILE]

Runs each spec's \`tests:\` in a fresh text session per test: every turn sends \`user\` and checks
\`expect.toolCalls\` (tools called in that turn) and \`expect.replyContains\` (case-insensitive).

  --format tap|json   TAP version 13 (default) or a JSON report
  --filter TEXT       only tests whose name contains TEXT
  --var name=value    dispatch variable for every test (a test's own variables win)
  --mcp-servers FILE  registry for \`server:\` MCP nodes (default: mcp-servers.json next to each spec)

Exit codes: 0 all passed · 1 a test failed · 2 usage, I/O or spec error.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		format: { type: 'string', default: 'tap' },
		filter: { type: 'string' },
		var: { type: 'string', multiple: true },
		'mcp-servers': { type: 'string' }
	});
	if (values.format !== 'tap' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\` (tap | json)`);
	if (!positionals.length) throw new UsageError('name at least one spec file or directory');
	let vars: Record<string, string>;
	try {
		vars = parseVars(values.var);
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const { files, missing } = await collectSpecFiles(positionals, io.cwd);
	for (const m of missing) io.err(`agentspec test: cannot read ${m}`);
	if (!files.length) {
		if (!missing.length) io.err('agentspec test: no *.yaml or *.yml files found');
		return EXIT.usage;
	}
	const reports: SpecTestReport[] = [];
	let broken = missing.length > 0;
	for (const file of files) {
		const name = display(file, io.cwd);
		try {
			const local = await loadLocalSpec(file, { mcpServersFile: values['mcp-servers'], cwd: io.cwd });
			reports.push(await runSpecTests(local.spec, { ...localSessionOptions(local, io.env), variables: vars, filter: values.filter, file: name }));
		} catch (e) {
			io.err(`agentspec test: ${name}: ${(e as Error).message}`);
			broken = true;
		}
	}
	io.out(values.format === 'json' ? formatJson(reports) : formatTap(reports));
	if (broken) return EXIT.usage;
	return reports.every((r) => r.ok) ? EXIT.ok : EXIT.findings;
}
