/**
 * Runs `@modelcontextprotocol/server-everything` (the reference server) for tests and benches.
 *
 *   node node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio            (stdin/stdout)
 *   PORT=<port> node …/dist/index.js sse             → GET http://127.0.0.1:<port>/sse, POST /message
 *   PORT=<port> node …/dist/index.js streamableHttp  → http://127.0.0.1:<port>/mcp
 *
 * (`npx mcp-server-everything <mode>` is the same script through the package's bin.) Both HTTP
 * modes read only PORT (default 3001) and print their "listening" line on stderr once bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { McpServerConfig } from '../../src/lib/mcp/types.js';

export const EVERYTHING_SCRIPT = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js'
);

export type EverythingHttpMode = 'sse' | 'streamableHttp';

/** A stdio config (the client spawns the process) plus the MCP_STDIO_ALLOW value admitting it. */
export function everythingStdio(): { config: McpServerConfig; allowList: string } {
  return {
    config: { name: 'everything-stdio', transport: 'stdio', command: process.execPath, args: [EVERYTHING_SCRIPT, 'stdio'] },
    allowList: `"${process.execPath}" "${EVERYTHING_SCRIPT}"`
  };
}

export interface EverythingServer {
  mode: EverythingHttpMode;
  port: number;
  url: string;
  pid: number;
  config: McpServerConfig;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL now (a crash); resolves once the process is gone. */
  kill(): Promise<void>;
}

const READY_LINE = /listening on port|Server is running on port/;
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startEverything(mode: EverythingHttpMode, readyTimeoutMs = 20_000): Promise<EverythingServer> {
  let lastError: unknown;
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort(); // a tiny race with other processes: retried on EADDRINUSE
    try {
      return await launch(mode, port, readyTimeoutMs);
    } catch (err) {
      lastError = err;
      if (!String(err).includes('already in use')) break;
    }
  }
  throw lastError;
}

async function launch(mode: EverythingHttpMode, port: number, readyTimeoutMs: number): Promise<EverythingServer> {
  const child = spawn(process.execPath, [EVERYTHING_SCRIPT, mode], {
    env: { ...process.env, PORT: String(port) },
    // streamableHttp logs every request on stdout: discard it rather than let the pipe fill up.
    stdio: ['ignore', 'ignore', 'pipe']
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => children.delete(child));
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server-everything ${mode} not ready after ${readyTimeoutMs} ms: ${output}`)), readyTimeoutMs);
      child.stderr!.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4_000);
        if (READY_LINE.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server-everything ${mode} exited (${code}) before it was ready: ${output}`));
      });
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  const endpoint = mode === 'sse' ? '/sse' : '/mcp';
  const url = `http://127.0.0.1:${port}${endpoint}`;
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    mode,
    port,
    url,
    pid: child.pid!,
    config: { name: `everything-${mode}`, transport: mode === 'sse' ? 'sse' : 'streamable-http', url },
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL')
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
