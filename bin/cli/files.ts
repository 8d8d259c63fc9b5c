/** Argument parsing and file helpers shared by the commands. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type CliIo } from './io.js';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
	try {
		return parseArgs({ args, options, allowPositionals: true, strict: true });
	} catch (err) {
		throw new UsageError((err as Error).message);
	}
}

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml']);
const SKIP_DIRS = new Set(['node_modules', '.git', '.svelte-kit', 'build', 'dist']);

export interface FileList {
	files: string[];
	/** Paths that do not exist or cannot be read. */
	missing: string[];
}

/** Files named on the command line; directories are searched recursively for *.yaml / *.yml. */
export async function collectSpecFiles(paths: string[], cwd: string): Promise<FileList> {
	const files: string[] = [];
	const missing: string[] = [];
	for (const p of paths) {
		const abs = resolve(cwd, p);
		try {
			const s = await stat(abs);
			if (s.isDirectory()) files.push(...(await walk(abs)));
			else files.push(abs);
		} catch {
			missing.push(p);
		}
	}
	return { files: [...new Set(files)], missing };
}

async function walk(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	entries.sort((a, b) => a.name.localeCompare(b.name));
	const out: string[] = [];
	for (const e of entries) {
		const full = join(dir, e.name);
		if (e.isDirectory()) {
			if (!SKIP_DIRS.has(e.name)) out.push(...(await walk(full)));
		} else if (SPEC_EXTENSIONS.has(extname(e.name))) out.push(full);
	}
	return out;
}

export function display(file: string, cwd: string): string {
	const rel = relative(cwd, file);
	return rel && !rel.startsWith('..') ? rel : file;
}

export async function readText(file: string): Promise<string> {
	return readFile(file, 'utf8');
}

export function isJsonFile(file: string): boolean {
	return extname(file).toLowerCase() === '.json';
}

export interface SpecFile {
	path: string;
	/** The path as shown in messages (relative to the working directory when inside it). */
	name: string;
	text: string;
}

/** Reads one file; a failure is reported on stderr and gives undefined. */
export async function readSpecFile(p: string, io: CliIo, command: string): Promise<SpecFile | undefined> {
	const path = resolve(io.cwd, p);
	const name = display(path, io.cwd);
	try {
		return { path, name, text: await readText(path) };
	} catch (err) {
		io.err(`agentspec ${command}: cannot read ${name}: ${(err as Error).message}`);
		return undefined;
	}
}

/** Files and directories (searched for *.yaml / *.yml), read; failures are reported on stderr. */
export async function readSpecFiles(paths: string[], io: CliIo, command: string): Promise<{ files: SpecFile[]; failed: boolean }> {
	const { files: found, missing } = await collectSpecFiles(paths, io.cwd);
	for (const m of missing) io.err(`agentspec ${command}: cannot read ${m}`);
	const files: SpecFile[] = [];
	let failed = missing.length > 0;
	for (const path of found) {
		const file = await readSpecFile(path, io, command);
		if (file) files.push(file);
		else failed = true;
	}
	return { files, failed };
}
