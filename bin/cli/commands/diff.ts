import {
	diffSpecs,
	formatProblem,
	formatSpecDiff,
	parseSpec,
	serializeSpec,
	unifiedYamlDiff,
	type AgentSpec
} from '../../../src/lib/spec/index.js';
import { parse, readSpecFile } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

export const summary = 'semantic diff of two specs, then a unified diff of their canonical YAML';
export const usage = `usage: agentspec diff <a> <b> [--format text|json]

Compares two specs by meaning (nodes, edges, variables, prompt lines …), then prints a unified
diff of their canonical YAML, so formatting-only differences do not show.

  --format json   {"equal","changes":[…],"unified"}

Exit codes: 0 same meaning · 1 the specs differ · 2 usage, I/O error or a spec that does not parse.`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, { format: { type: 'string', default: 'text' } });
	if (positionals.length !== 2) throw new UsageError('give exactly two files');
	if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\` (text | json)`);
	const specs: AgentSpec[] = [];
	for (const p of positionals) {
		const file = await readSpecFile(p, io, 'diff');
		if (!file) return EXIT.usage;
		const { spec, problems } = parseSpec(file.text, { file: file.name });
		if (!spec) {
			for (const problem of problems) io.err(formatProblem(problem, file.name));
			io.err(`agentspec diff: ${file.name} is not a spec that can be compared`);
			return EXIT.usage;
		}
		specs.push(spec);
	}
	const [a, b] = specs;
	const semantic = diffSpecs(a, b);
	const unified = unifiedYamlDiff(serializeSpec(a), serializeSpec(b), positionals[0], positionals[1]);
	if (values.format === 'json') {
		io.out(JSON.stringify({ equal: semantic.equal, cosmeticOnly: semantic.cosmeticOnly, changes: semantic.changes, unified }, null, 2));
	} else {
		io.out(formatSpecDiff(semantic));
		if (unified) io.out('\n' + unified);
	}
	return semantic.equal ? EXIT.ok : EXIT.findings;
}
