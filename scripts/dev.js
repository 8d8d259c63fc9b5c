import { runAll } from './processes.js';

const runtimeEntry = 'runtime/src/main.ts';
// Binaries are started with node directly (not through npx) so a signal to this process reaches them.
runAll(
  [
    { name: 'editor', cmd: process.execPath, args: ['node_modules/vite/bin/vite.js', 'dev', ...process.argv.slice(2)] },
    // Runs the LiveKit worker when LIVEKIT_URL is set; always serves the text playground.
    { name: 'runtime', cmd: process.execPath, args: ['node_modules/tsx/dist/cli.mjs', runtimeEntry, 'dev'], optional: runtimeEntry }
  ],
  process.env.PORT || 5173
);
