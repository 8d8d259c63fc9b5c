/** Variables, dispatch inputs, {{placeholders}} and the tests block. */
import { didYouMean, hint, type RawProblem } from './problems.js';
import type { McpNode } from './schema.js';
import { malformedPlaceholders, placeholders } from './template.js';
import { finalToolName } from './tools.js';
import { nodePath, type RulesInput } from './rules-shared.js';

export function checkVariables(input: RulesInput, out: RawProblem[]): void {
	const defaults = Object.keys(input.variables ?? {});
	const declared = new Set(defaults);
	const inputNames = new Map<string, number>();
	for (const { value, index } of input.inputs) {
		const dup = inputNames.get(value.name);
		if (dup !== undefined) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'error',
				code: 'duplicate_input',
				message: `input \`${value.name}\` is listed twice (see inputs[${dup}])`
			});
			continue;
		}
		inputNames.set(value.name, index);
		if (declared.has(value.name)) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'warning',
				code: 'duplicate_input',
				message: `input \`${value.name}\` also has a default in \`variables\`, so it is never missing at dispatch`
			});
		}
	}
	for (const name of inputNames.keys()) declared.add(name);

	const used = new Set<string>();
	const candidates = [...declared];
	for (const n of input.nodes) {
		if (n.value.type !== 'prompt') continue;
		const text = n.value.text;
		for (const p of placeholders(text)) {
			used.add(p.name);
			if (declared.has(p.name)) continue;
			out.push({
				path: nodePath(n, 'text'),
				nodeId: n.value.id,
				severity: 'error',
				code: 'undeclared_variable',
				valueOffset: p.offset,
				valueLength: p.length,
				message: `prompt \`${n.value.id}\` uses {{${p.name}}}, but \`${p.name}\` is not declared in \`variables\` or \`inputs\`${hint(p.name, candidates)}`
			});
		}
		for (const bad of malformedPlaceholders(text)) {
			out.push({
				path: nodePath(n, 'text'),
				nodeId: n.value.id,
				severity: 'warning',
				code: 'undeclared_variable',
				valueOffset: bad.offset,
				valueLength: bad.length,
				message: `\`{{${bad.name}}}\` is not a placeholder (names are letters, digits and _); it will be sent as written`
			});
		}
	}
	if (input.partial) return;
	for (const name of defaults) {
		if (!used.has(name)) {
			out.push({
				path: ['variables', name],
				atKey: true,
				severity: 'warning',
				code: 'unused_variable',
				message: `variable \`${name}\` is declared but no prompt uses {{${name}}}`
			});
		}
	}
	for (const [name, index] of inputNames) {
		if (!used.has(name)) {
			out.push({
				path: ['inputs', index, 'name'],
				severity: 'warning',
				code: 'unused_variable',
				message: `input \`${name}\` is required at dispatch but no prompt uses {{${name}}}`
			});
		}
	}
}

export function checkTests(input: RulesInput, out: RawProblem[]): void {
	const declared = new Set([...Object.keys(input.variables ?? {}), ...input.inputs.map((i) => i.value.name)]);
	const mcp = input.nodes.filter((n) => n.value.type === 'mcp').map((n) => n.value as McpNode);
	// Tool names are statically known only when every mcp node lists its tools.
	const known = mcp.every((m) => m.tools?.include) ? new Set(mcp.flatMap((m) => m.tools!.include!.map((t) => finalToolName(m, t)))) : null;
	for (const { value: test, index } of input.tests) {
		for (const name of Object.keys(test.variables ?? {})) {
			if (declared.has(name)) continue;
			out.push({
				path: ['tests', index, 'variables', name],
				atKey: true,
				severity: 'warning',
				code: 'test_expectation',
				message: `test \`${test.name}\` sets \`${name}\`, which is not declared in \`variables\` or \`inputs\`${hint(name, [...declared])}`
			});
		}
		test.turns.forEach((turn, t) => {
			turn.expect?.toolCalls?.forEach((tool, k) => {
				if (!known || known.has(tool)) return;
				const guess = didYouMean(tool, [...known]);
				out.push({
					path: ['tests', index, 'turns', t, 'expect', 'toolCalls', k],
					severity: 'warning',
					code: 'test_expectation',
					message: `test \`${test.name}\` expects a call to \`${tool}\`, which no mcp node exposes` + (guess ? ` (did you mean \`${guess}\`?)` : '')
				});
			});
		});
	}
}
