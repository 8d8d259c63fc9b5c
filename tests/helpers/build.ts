import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'build/.vas-build-stamp';
const SOURCES = ['src', 'static', 'migrations', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

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

/** Builds the editor (`vite build`) unless the build is newer than every source file. */
export function ensureBuild(log = console.log): void {
  const sourcesChanged = Math.max(...SOURCES.map(newestMtime));
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (existsSync('build/index.js') && sourcesChanged <= built) return;
  const started = Date.now();
  execSync('npx vite build', { stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(STAMP, new Date().toISOString());
  log(`[build] built the editor in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
