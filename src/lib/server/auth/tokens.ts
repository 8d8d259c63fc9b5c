import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiTokens, users } from '../db/schema';
import { notFound, badRequest } from '../errors';
import { randomId, sha256Hex } from '../ids';
import type { AuthUser } from './types';

/** Personal access tokens look like `vas_<random>`; the prefix makes leaked ones easy to scan for. */
export const TOKEN_PREFIX = 'vas_';

export interface TokenSummary {
  id: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function createToken(db: Db, userId: string, name: unknown): Promise<TokenSummary & { token: string }> {
  if (typeof name !== 'string' || !name.trim() || name.length > 100) {
    throw badRequest('Give the token a name (1–100 characters).', { field: 'name' }, 'invalid_field');
  }
  const token = TOKEN_PREFIX + randomId(24);
  const row = {
    id: randomId(),
    userId,
    name: name.trim(),
    tokenHash: sha256Hex(token),
    hint: token.slice(0, TOKEN_PREFIX.length + 4)
  };
  const [created] = await db.insert(apiTokens).values(row).returning();
  return { id: created.id, name: created.name, hint: created.hint, createdAt: created.createdAt, lastUsedAt: null, token };
}

export async function listTokens(db: Db, userId: string): Promise<TokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      hint: apiTokens.hint,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: Db, userId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  if (deleted.length === 0) throw notFound('Token');
}

export async function userForToken(db: Db, token: string): Promise<AuthUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = sha256Hex(token);
  const rows = await db
    .select({ id: users.id, email: users.email, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(apiTokens.userId, users.id))
    .where(eq(apiTokens.tokenHash, hash))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // Coarse last-used tracking: at most one write per token per minute.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { id: row.id, email: row.email };
}
