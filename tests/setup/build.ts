// Global setup of the `app` project: a PostgreSQL cluster (for API tests on both databases)
// and a production build of the editor, rebuilt only when sources changed since the last one.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import startPostgres from './postgres';

const STAMP = 'build/.vas-build-stamp';
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export default async function setup(project: TestProject) {
  const stopPostgres = await startPostgres(project);
  const sourcesChanged = Math.max(...SOURCES.map(newestMtime));
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (!existsSync('build/index.js') || sourcesChanged > built) {
    const started = Date.now();
    execSync('npx vite build', { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(STAMP, new Date().toISOString());
    console.log(`[setup] built the editor in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return stopPostgres;
}
