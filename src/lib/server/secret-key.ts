import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// AES-256-GCM: a fresh 12-byte IV per value; stored as base64(iv | ciphertext | 16-byte tag).
// The owner id and secret name are bound as additional authenticated data, so a ciphertext
// copied to another row or user fails to decrypt instead of leaking.

let cachedKey: Buffer | null = null;

function parseKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length === 32) return key;
  // Accept passphrase-style keys too, but never shorter than 32 characters.
  if (trimmed.length >= 32) return Buffer.from(trimmed.slice(0, 32), 'utf8');
  throw new Error('SECRET_KEY must be 32 bytes: 64 hex characters or 44 base64 characters (openssl rand -hex 32).');
}

/** The key from SECRET_KEY, else from `<DATA_DIR>/secret.key` (created with 0600 on first use). */
export function secretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (cachedKey) return cachedKey;
  if (env.SECRET_KEY) return (cachedKey = parseKey(env.SECRET_KEY));
  const file = resolve(env.DATA_DIR || 'data', 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return (cachedKey = parseKey(readFileSync(file, 'utf8')));
}

export function encryptSecret(plaintext: string, aad: string, key: Buffer = secretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

export function decryptSecret(stored: string, aad: string, key: Buffer = secretKey()): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}
