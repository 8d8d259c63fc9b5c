// Vitest global setup: a throwaway PostgreSQL cluster from the machine's packages (apt
// `postgresql`, installed by .ci/run). The server refuses to run as root, so as root we
// create an unprivileged user and start it through runuser.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../helpers/ports';

const PG_USER = 'vas_pgtest';

function findPgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  throw new Error(
    'PostgreSQL server binaries not found under /usr/lib/postgresql. The database tests run on PGlite ' +
      'and on a real PostgreSQL: install it with `apt-get install postgresql` (.ci/run does this).'
  );
}

function asPgUser(cmd: string, args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', PG_USER, '--', cmd, ...args] : [cmd, ...args];
}

function run(argv: string[]): void {
  const res = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
}

export default async function setup(project: TestProject) {
  const bin = findPgBin();
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', PG_USER]).status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER]);
  }
  const dir = mkdtempSync(join(tmpdir(), 'vas-pg-'));
  chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', [PG_USER, dir]);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  run(asPgUser(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']));
  run(
    asPgUser(join(bin, 'pg_ctl'), [
      '-D', dataDir, '-l', join(dir, 'log'), '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start'
    ])
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  project.provide('pgAdminUrl', url);
  process.env.VAS_TEST_PG_ADMIN_URL = url;

  return () => {
    const stop = asPgUser(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']);
    spawnSync(stop[0], stop.slice(1));
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
