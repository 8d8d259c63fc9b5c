import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { secrets } from '../db/schema';
import { badRequest, notFound } from '../errors';
import { decryptSecret, encryptSecret } from '../secret-key';

export const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_SECRET_BYTES = 16 * 1024;

const aad = (ownerId: string, name: string) => `${ownerId}\u0000${name}`;

export function checkSecretName(name: string): void {
  if (!SECRET_NAME_RE.test(name)) {
    throw badRequest('Secret names use letters, digits and _ and start with a letter or _ (like ENV variables).', { field: 'name' }, 'invalid_field');
  }
}

/** Metadata only: values are write-only and never leave the server except to the runtime. */
export async function listSecrets(db: Db, ownerId: string) {
  return db
    .select({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
    .from(secrets)
    .where(eq(secrets.ownerId, ownerId))
    .orderBy(asc(secrets.name));
}

export async function secretInfo(db: Db, ownerId: string, name: string) {
  checkSecretName(name);
  const [row] = await db
    .select({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
    .from(secrets)
    .where(and(eq(secrets.ownerId, ownerId), eq(secrets.name, name)));
  if (!row) throw notFound('Secret');
  return row;
}

export async function putSecret(db: Db, ownerId: string, name: string, value: unknown): Promise<{ name: string; created: boolean }> {
  checkSecretName(name);
  if (typeof value !== 'string' || value.length === 0) throw badRequest('Send the secret as {"value": "…"} (a non-empty string).', { field: 'value' }, 'invalid_field');
  if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw badRequest('A secret may hold at most 16 KiB.', { field: 'value' }, 'invalid_field');
  const ciphertext = encryptSecret(value, aad(ownerId, name));
  const existing = await db.select({ name: secrets.name }).from(secrets).where(and(eq(secrets.ownerId, ownerId), eq(secrets.name, name)));
  await db
    .insert(secrets)
    .values({ ownerId, name, ciphertext })
    .onConflictDoUpdate({ target: [secrets.ownerId, secrets.name], set: { ciphertext, updatedAt: new Date() } });
  return { name, created: existing.length === 0 };
}

export async function deleteSecret(db: Db, ownerId: string, name: string): Promise<void> {
  checkSecretName(name);
  const deleted = await db.delete(secrets).where(and(eq(secrets.ownerId, ownerId), eq(secrets.name, name))).returning({ name: secrets.name });
  if (!deleted.length) throw notFound('Secret');
}

/** Decrypts the named secrets of one owner. Server-side only: for the runtime and MCP connections. */
export async function revealSecrets(db: Db, ownerId: string, names: string[]): Promise<Record<string, string>> {
  if (!names.length) return {};
  const rows = await db.select().from(secrets).where(and(eq(secrets.ownerId, ownerId), inArray(secrets.name, [...new Set(names)])));
  const out: Record<string, string> = {};
  for (const row of rows) out[row.name] = decryptSecret(row.ciphertext, aad(ownerId, row.name));
  return out;
}
