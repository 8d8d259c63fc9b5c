import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { runAll } from './processes.js';

// `npm ci && npm start` must work without a separate build step.
if (!existsSync('build/index.js')) {
  console.log('[start] building the editor (first start only)…');
  execSync('npx vite build', { stdio: 'inherit' });
}
const port = process.env.PORT || 3000;
process.env.ORIGIN ||= `http://localhost:${port}`;
const runtimeEntry = 'runtime/src/main.ts';
runAll([
  { name: 'editor', cmd: 'node', args: ['build/index.js'] },
  { name: 'runtime', cmd: 'npx', args: ['tsx', runtimeEntry, 'start'], optional: runtimeEntry }
], port);
