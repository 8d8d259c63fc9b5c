import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { runAll } from './processes.js';

// `npm ci && npm start` must work without a separate build step.
if (!existsSync('build/index.js')) {
  console.log('[start] building the editor (first start only)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
}
const port = process.env.PORT || 3000;
process.env.ORIGIN ||= `http://localhost:${port}`;
const runtimeEntry = 'runtime/src/main.ts';
runAll(
  [
    { name: 'editor', cmd: process.execPath, args: ['build/index.js'] },
    { name: 'runtime', cmd: process.execPath, args: ['node_modules/tsx/dist/cli.mjs', runtimeEntry, 'start'], optional: runtimeEntry }
  ],
  port
);
