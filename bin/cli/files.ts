/** Argument parsing and file helpers shared by the commands. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

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
