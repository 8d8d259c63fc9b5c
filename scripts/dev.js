import { runAll } from './processes.js';

const runtimeEntry = 'runtime/src/main.ts';
runAll([
  { name: 'editor', cmd: 'npx', args: ['vite', 'dev', ...process.argv.slice(2)] },
  // Runs the LiveKit worker when LIVEKIT_URL is set; always serves the text playground.
  { name: 'runtime', cmd: 'npx', args: ['tsx', runtimeEntry, 'dev'], optional: runtimeEntry }
], process.env.PORT || 5173);
