import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex
} from 'drizzle-orm/pg-core';
import type { Problem } from '../../spec';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt()
});

/** Lucia-guide sessions: `id` is the SHA-256 (hex) of the random token in the cookie. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
  },
  (t) => [index('sessions_user_idx').on(t.userId)]
);

/** Personal access tokens for the CLI / CI; only the SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, so a user can tell tokens apart in the list. */
    hint: text('hint').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true })
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)]
);

export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('agents_owner_name_idx').on(t.ownerId, t.name)]
);

/** The one mutable draft of an agent. `revision` increases on every save (optimistic locking). */
export const agentDrafts = pgTable('agent_drafts', {
  agentId: text('agent_id')
    .primaryKey()
    .references(() => agents.id, { onDelete: 'cascade' }),
  yaml: text('yaml').notNull(),
  revision: integer('revision').notNull().default(1),
  valid: boolean('valid').notNull().default(false),
  /** Problems found at save time, so reads need not re-validate. */
  problems: jsonb('problems').$type<Problem[]>().notNull().default(sql`'[]'::jsonb`),
  /** Hash of the canonical form when valid; lets "publish unchanged" be refused cheaply. */
  sha256: text('sha256'),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Immutable published versions. Rows are only ever inserted. */
export const agentVersions = pgTable(
  'agent_versions',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    yaml: text('yaml').notNull(),
    sha256: text('sha256').notNull(),
    message: text('message').notNull().default(''),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt()
  },
  (t) => [primaryKey({ columns: [t.agentId, t.version] })]
);

export const mcpServers = pgTable(
  'mcp_servers',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    transport: text('transport').notNull(),
    url: text('url'),
    command: text('command'),
    args: jsonb('args').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Header values may hold `${secret:NAME}` references, never raw secrets. */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    isActive: boolean('is_active').notNull().default(true),
    connectionStatus: text('connection_status').notNull().default('disconnected'),
    lastConnected: timestamp('last_connected', { withTimezone: true }),
    lastChecked: timestamp('last_checked', { withTimezone: true }),
    failureCount: integer('failure_count').notNull().default(0),
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [uniqueIndex('mcp_servers_owner_name_idx').on(t.ownerId, t.name)]
);

/** Write-only secrets, AES-256-GCM encrypted (iv + ciphertext + tag, base64). */
export const secrets = pgTable(
  'secrets',
  {
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ciphertext: text('ciphertext').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.name] })]
);
