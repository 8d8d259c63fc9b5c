import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSpecText } from '../../src/lib/spec/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/agentspec.js');

interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

function agentspec(args: string[], cwd = ROOT): Promise<Result> {
	return new Promise((done) => {
		execFile(process.execPath, [BIN, ...args], { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
			const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
			done({ code, stdout, stderr });
		});
	});
}

const BROKEN = `apiVersion: voice-agent-studio/v1
kind: Agent
metadata:
  name: broken
nodes:
  - id: brain
    type: llm
    provider: openai
    modle: gpt-4o-mini
  - id: persona
    type: prompt
    role: instructions
    text: Hello {{who}}
edges:
  - { from: persona, to: brain }
`;

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'agentspec-cli-'));
	await writeFile(join(dir, 'broken.yaml'), BROKEN);
	await writeFile(join(dir, 'not-yaml.yaml'), 'a: [\n');
	await copyFile(join(ROOT, 'agent-specs/pizza-order.yaml'), join(dir, 'pizza.yaml'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('agentspec', () => {
	it.concurrent('prints usage and exits 2 without a command, 0 with --help', async () => {
		const none = await agentspec([]);
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('usage: agentspec <command>');
		for (const name of ['validate', 'fmt', 'diff', 'schema']) expect(none.stderr).toContain(`  ${name}`);
		const help = await agentspec(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('Exit codes');
	});

	it.concurrent('rejects unknown commands and options with exit 2', async () => {
		expect((await agentspec(['lint'])).code).toBe(2);
		const bad = await agentspec(['validate', '--bogus', 'x.yaml']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('usage: agentspec validate');
	});

	it.concurrent('shows help for each command', async () => {
		const r = await agentspec(['fmt', '--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('usage: agentspec fmt');
	});
});

describe('agentspec validate', () => {
	it.concurrent('passes every example in agent-specs/', async () => {
		const r = await agentspec(['validate', 'agent-specs']);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(/^\d+ files checked: all valid, 0 errors/);
		expect(r.code).toBe(0);
	});

	it.concurrent('prints file:line:col: error: message  [path] and exits 1', async () => {
		const r = await agentspec(['validate', 'broken.yaml'], dir);
		expect(r.code).toBe(1);
		const lines = r.stdout.trim().split('\n');
		for (const line of lines) expect(line).toMatch(/^broken\.yaml:\d+:\d+: (error|warning): .+ {2}\[.+\]$/);
		expect(lines).toContain('broken.yaml:9:5: error: unknown field `modle` (did you mean `model`?); custom fields must start with `x-`  [nodes[0].modle]');
		expect(r.stdout).toContain('broken.yaml:13:17: error: prompt `persona` uses {{who}}');
	});

	it.concurrent('reports YAML syntax errors with positions', async () => {
		const r = await agentspec(['validate', 'not-yaml.yaml'], dir);
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^not-yaml\.yaml:\d+:\d+: error: YAML: /);
	});

	it.concurrent('emits JSON with --format json', async () => {
		const r = await agentspec(['validate', '--format', 'json', 'broken.yaml', 'pizza.yaml'], dir);
		expect(r.code).toBe(1);
		const report = JSON.parse(r.stdout);
		expect(report.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
			['broken.yaml', false],
			['pizza.yaml', true]
		]);
		expect(report.errors).toBeGreaterThan(0);
		expect(report.files[0].problems.find((p: { code: string }) => p.code === 'unknown_field')).toMatchObject({ line: 9, col: 5, path: 'nodes[0].modle', nodeId: 'brain', severity: 'error', code: 'unknown_field' });
	});

	it.concurrent('exits 2 on missing files and empty arguments', async () => {
		const missing = await agentspec(['validate', 'does-not-exist.yaml'], dir);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('cannot read does-not-exist.yaml');
		expect((await agentspec(['validate'])).code).toBe(2);
	});
});

describe('agentspec fmt', () => {
	it.concurrent('finds every example already canonical', async () => {
		const r = await agentspec(['fmt', '--check', 'agent-specs']);
		expect(r.stdout).toBe('');
		expect(r.code).toBe(0);
	});

	it('lists files that would change with --check, then rewrites them in place', async () => {
		const file = join(dir, 'messy.yaml');
		const messy = (await readFile(join(ROOT, 'agent-specs/pizza-order.yaml'), 'utf8')).replace('kind: Agent\n', '').replace('apiVersion:', 'kind: Agent\napiVersion:');
		await writeFile(file, messy);
		const check = await agentspec(['fmt', '--check', 'messy.yaml'], dir);
		expect(check).toMatchObject({ code: 1, stdout: 'messy.yaml\n' });
		expect(await readFile(file, 'utf8')).toBe(messy);
		const write = await agentspec(['fmt', 'messy.yaml'], dir);
		expect(write).toMatchObject({ code: 0, stdout: 'formatted messy.yaml\n' });
		const formatted = await readFile(file, 'utf8');
		expect(formatted).toBe(formatSpecText(messy));
		expect(formatted).toContain('# yaml-language-server: $schema=');
		expect((await agentspec(['fmt', '--check', 'messy.yaml'], dir)).code).toBe(0);
	});

	it.concurrent('refuses to format invalid YAML (exit 1)', async () => {
		const r = await agentspec(['fmt', '--check', 'not-yaml.yaml'], dir);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/^not-yaml\.yaml:\d+:\d+: error: YAML: /);
	});
});

describe('agentspec diff', () => {
	it.concurrent('exits 0 for the same meaning despite formatting', async () => {
		const r = await agentspec(['diff', join(ROOT, 'agent-specs/pizza-order.yaml'), 'pizza.yaml'], dir);
		expect(r).toMatchObject({ code: 0, stdout: 'no changes\n' });
	});

	it.concurrent('prints the semantic diff, then the unified diff, and exits 1', async () => {
		const r = await agentspec(['diff', 'agent-specs/pizza-order.yaml', 'agent-specs/pizza-realtime-local.yaml']);
		expect(r.code).toBe(1);
		expect(r.stdout).toContain('+ node rt (realtime)');
		expect(r.stdout).toContain('- edge ears → brain');
		expect(r.stdout.indexOf('+ node rt')).toBeLessThan(r.stdout.indexOf('--- agent-specs/pizza-order.yaml'));
		expect(r.stdout).toContain('+++ agent-specs/pizza-realtime-local.yaml');
	});

	it.concurrent('supports --format json and exits 2 on a file that does not parse', async () => {
		const json = await agentspec(['diff', '--format', 'json', 'agent-specs/pizza-order.yaml', 'agent-specs/concierge-realtime.yaml']);
		const out = JSON.parse(json.stdout);
		expect(out.equal).toBe(false);
		expect(out.unified).toContain('@@');
		const bad = await agentspec(['diff', join(dir, 'not-yaml.yaml'), 'agent-specs/pizza-order.yaml']);
		expect(bad.code).toBe(2);
		expect((await agentspec(['diff', 'one.yaml'])).code).toBe(2);
	});
});

describe('agentspec schema', () => {
	it.concurrent('prints the JSON Schema', async () => {
		const r = await agentspec(['schema']);
		expect(r.code).toBe(0);
		const schema = JSON.parse(r.stdout);
		expect(schema.$schema).toContain('2020-12');
		expect(schema.properties.nodes).toBeDefined();
	});
});
