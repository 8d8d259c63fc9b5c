// Runs the editor and the runtime playground side by side for `npm run dev` / `npm start`:
// one command for a user. Both get the same RUNTIME_TOKEN; either exiting stops the other.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export function sharedEnv(editorPort) {
  const port = process.env.PLAYGROUND_PORT || '8787';
  return {
    ...process.env,
    PORT: String(editorPort),
    // The runtime reads specs from the editor's internal API.
    EDITOR_URL: process.env.EDITOR_URL || `http://localhost:${editorPort}`,
    RUNTIME_TOKEN: process.env.RUNTIME_TOKEN || randomBytes(24).toString('hex'),
    PLAYGROUND_PORT: port,
    PLAYGROUND_URL: process.env.PLAYGROUND_URL || `http://127.0.0.1:${port}`
  };
}

export function runAll(commands, editorPort) {
  const env = sharedEnv(editorPort);
  const children = [];
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
  };
  for (const { name, cmd, args, optional } of commands) {
    if (optional && !existsSync(optional)) continue;
    const child = spawn(cmd, args, { env, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (!stopping) console.log(`[${name}] exited (${signal ?? code}); stopping.`);
      stop(code ?? 0);
    });
    children.push(child);
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
}
