import { inject } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { randomId } from '../../src/lib/server/ids';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

/** A fresh, migrated database of the given kind; on Postgres a new database in the test cluster. */
export async function freshDatabase(kind: DbKind): Promise<Database & { url?: string }> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const url = await createPgDatabase();
  const database = await openDatabase({ url });
  return { ...database, url };
}

export async function createPgDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = 'vas_' + randomId(8);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/postgres$/, '/' + name);
}
