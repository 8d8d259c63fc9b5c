import { agentSpecJsonSchema } from '../../../src/lib/spec/index.js';
import { parse } from '../files.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

export const summary = 'print the JSON Schema of the spec format';
export const usage = `usage: agentspec schema

Prints the JSON Schema (draft 2020-12) of agent specs, generated from the validator's own schema.
Editors can use it through a first line such as
  # yaml-language-server: $schema=http://localhost:5173/schema/agent-spec.v1.json`;

export async function run(args: string[], io: CliIo): Promise<number> {
	const { positionals } = parse(args, {});
	if (positionals.length) throw new UsageError('schema takes no arguments');
	io.out(JSON.stringify(agentSpecJsonSchema(), null, 2));
	return EXIT.ok;
}
