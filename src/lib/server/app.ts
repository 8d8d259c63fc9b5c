import { resolve } from 'node:path';
import { openDatabase, type Database, type Db } from './db/client';
import { readConfig } from './config';

// One database per editor process, opened on first use. PGlite allows a single process,
// so it is closed on `sveltekit:shutdown` (adapter-node) and on signals in dev.
let opening: Promise<Database> | null = null;

export function database(): Promise<Database> {
  if (!opening) {
    const config = readConfig();
    opening = openDatabase({
      url: config.databaseUrl,
      dataDir: resolve(config.dataDir, 'pglite')
    });
    opening.catch(() => (opening = null));
  }
  return opening;
}

export async function db(): Promise<Db> {
  return (await database()).db;
}

export async function closeDatabase(): Promise<void> {
  if (!opening) return;
  const pending = opening;
  opening = null;
  await (await pending).close();
}

const hooks = globalThis as { __vasShutdownHooked?: boolean };
if (!hooks.__vasShutdownHooked) {
  hooks.__vasShutdownHooked = true;
  // adapter-node drains requests on SIGINT/SIGTERM, then emits this.
  process.on('sveltekit:shutdown' as 'exit', () => void closeDatabase());
  // The vite dev server has no such event: close PGlite ourselves so its directory stays clean.
  // (Vite sets NODE_ENV=development for its dev server; `node build` leaves it unset.)
  if (process.env.NODE_ENV === 'development') for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void closeDatabase().finally(() => process.exit(0));
    });
  }
}
