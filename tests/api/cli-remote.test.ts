import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiClient, startApp, type RunningApp } from '../helpers/app';
import { DANGLING_TTS, PIZZA, withPrompt } from '../fixtures/specs';
import { parseSpec, specHash } from '../../src/lib/spec';

const exec = promisify(execFile);
let app: RunningApp;
let token: string;
let dir: string;

async function agentspec(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/agentspec.js', ...args], {
      env: { ...process.env, AGENTSPEC_URL: app.url, AGENTSPEC_TOKEN: token, ...env }
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  app = await startApp();
  const client = await new ApiClient(app.url).signup('ci@example.com');
  token = (await client.json('POST', '/api/tokens', { name: 'ci' })).body.token;
  dir = mkdtempSync(join(tmpdir(), 'vas-cli-'));
});
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('pushes, publishes and pulls back the identical spec with a personal access token', async () => {
  const file = join(dir, 'pizza.yaml');
  writeFileSync(file, PIZZA);
  const pushed = await agentspec(['push', file, '--publish', '-m', 'from CI']);
  expect(pushed.code, pushed.stderr).toBe(0);
  expect(pushed.stdout).toMatch(/pizza-order \(created, draft rev 1\) → published version 1/);
  expect(pushed.stderr).toContain('MCP server `menu-api` is not in your registry');

  const again = await agentspec(['push', file, '--publish']);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('nothing to publish');

  writeFileSync(file, withPrompt(PIZZA, 'Second take for {{shop}}.'));
  expect((await agentspec(['push', file, '--publish', '-m', 'second'])).stdout).toContain('published version 2');

  const out = join(dir, 'pulled.yaml');
  const pulled = await agentspec(['pull', 'pizza-order', '--version', '1', '-o', out]);
  expect(pulled.code, pulled.stderr).toBe(0);
  const text = readFileSync(out, 'utf8');
  expect(text).toMatch(/^# agent: pizza-order/m);
  const v1Hash = specHash(parseSpec(PIZZA).spec!);
  expect(text).toContain(`sha256: ${v1Hash}`);
  expect(specHash(parseSpec(text).spec!)).toBe(v1Hash);

  const stdoutPull = await agentspec(['pull', 'pizza-order']);
  expect(stdoutPull.stdout).toContain('Second take for {{shop}}.');
});

it('exits 1 on specs with errors and 2 on usage, auth and network problems', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, DANGLING_TTS.replace('pizza-order', 'dangling'));
  const invalid = await agentspec(['push', bad, '--publish']);
  expect(invalid.code).toBe(1);
  expect(invalid.stderr).toMatch(/bad\.yaml:\d+:\d+: error: .*mouth/);
  expect(invalid.stdout).toContain('saved with errors, not published');

  expect((await agentspec(['pull', 'no-such-agent'])).code).toBe(1);
  expect((await agentspec(['pull'])).code).toBe(2);
  const badToken = await agentspec(['pull', 'pizza-order'], { AGENTSPEC_TOKEN: 'vas_wrong' });
  expect(badToken.code).toBe(2);
  expect(badToken.stderr).toContain('invalid or revoked');
  const offline = await agentspec(['pull', 'pizza-order'], { AGENTSPEC_URL: 'http://127.0.0.1:9' });
  expect(offline.code).toBe(2);
  expect(offline.stderr).toContain('cannot reach');
});
