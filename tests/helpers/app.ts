import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

export interface RunningApp {
  url: string;
  dataDir: string;
  logs: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built editor (`node build`) on a free port with its own PGlite directory,
 * or on Postgres when `databaseUrl` is given. Extra environment via `env`.
 */
export async function startApp(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vas-app-'));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: url,
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      SECRET_KEY: process.env.SECRET_KEY ?? 'test-secret-key-0123456789abcdef0123456789abcdef',
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`editor exited early:\n${output}`);
        const res = await fetch(`${url}/api/health`);
        return res.ok || undefined;
      },
      { timeoutMs: 60_000, what: 'the editor to answer /api/health' }
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    dataDir,
    logs: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

/** A minimal API client holding a session cookie, for HTTP-level tests. */
export class ApiClient {
  cookie = '';
  token = '';
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { origin: this.baseUrl, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (typeof body === 'string') {
      payload = body;
      h['content-type'] ??= 'application/yaml';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    const session = setCookie?.match(/vas_session=([^;]*)/)?.[1];
    if (session !== undefined) this.cookie = session ? `vas_session=${session}` : '';
    return res;
  }

  async json<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; res: Response }> {
    const res = await this.call(method, path, body, headers);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* non-JSON (YAML) bodies stay text */
    }
    return { status: res.status, body: parsed as T, res };
  }

  async signup(email: string, password = 'a long test password'): Promise<this> {
    const { status, body } = await this.json('POST', '/api/auth/signup', { email, password });
    if (status !== 201) throw new Error(`signup failed: ${status} ${JSON.stringify(body)}`);
    return this;
  }
}
