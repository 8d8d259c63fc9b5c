/**
 * Admin allow-list for stdio MCP servers (`MCP_STDIO_ALLOW`).
 *
 * Format: entries separated by commas (or newlines). Each entry is a command-line prefix split on
 * whitespace; a token containing spaces can be "double-quoted". A server config
 * `{command, args}` is allowed when some entry matches token-wise:
 *
 *  - the entry's first token must equal `command` exactly. A bare name (`npx`) only matches the
 *    bare name — resolved through PATH at spawn time — never `/tmp/x/npx`; a path
 *    (`/usr/bin/uvx`) only matches that exact path;
 *  - the entry's remaining tokens must equal the first args one for one; further args are free.
 *
 *   MCP_STDIO_ALLOW="npx -y @modelcontextprotocol/server-everything, uvx mcp-server-git, /opt/mcp/bin/files"
 *
 * allows `npx -y @modelcontextprotocol/server-everything stdio`, `uvx mcp-server-git --repo .` and
 * `/opt/mcp/bin/files` with any args, but not `npx -y other-package` nor `npx @modelcontextprotocol/server-everything`.
 * A bare `npx` entry would allow any npm package: the admin's call, not ours. Unset or empty
 * disables stdio. Commands are spawned without a shell, so no token is ever interpreted by one.
 */

export interface AllowListEntry {
  command: string;
  args: string[];
  /** The entry as written, for messages. */
  source: string;
}

export type AllowList = readonly AllowListEntry[];

export type AllowCheck = { ok: true } | { ok: false; message: string };

export const STDIO_ALLOW_ENV = 'MCP_STDIO_ALLOW';

export function parseAllowList(envValue: string | undefined | null): AllowList {
  if (!envValue) return [];
  const entries: AllowListEntry[] = [];
  for (const raw of envValue.split(/[,\n]/)) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    entries.push({ command: tokens[0], args: tokens.slice(1), source: tokens.map(quoteIfNeeded).join(' ') });
  }
  return entries;
}

export function checkStdioAllowed(
  command: string | undefined,
  args: readonly string[] | undefined,
  allowList: AllowList | string | undefined
): AllowCheck {
  const list = typeof allowList === 'string' || allowList === undefined ? parseAllowList(allowList) : allowList;
  if (list.length === 0) {
    return {
      ok: false,
      message:
        `Stdio MCP servers are disabled: ${STDIO_ALLOW_ENV} is not set. An admin can allow commands with e.g. ` +
        `${STDIO_ALLOW_ENV}="npx -y @modelcontextprotocol/server-everything".`
    };
  }
  if (!command || command.trim() === '') {
    return { ok: false, message: 'A stdio MCP server needs a command.' };
  }
  const argv = args ?? [];
  if (list.some((entry) => entryMatches(entry, command, argv))) return { ok: true };
  const typed = [command, ...argv].map(quoteIfNeeded).join(' ');
  return {
    ok: false,
    message:
      `"${typed}" is not in the stdio allow-list (${STDIO_ALLOW_ENV}). ` +
      `Allowed command prefixes: ${list.map((e) => e.source).join(', ')}.`
  };
}

/**
 * Env vars that would let a user run code of their choosing through an allowed command
 * (NODE_OPTIONS=--import data:…, LD_PRELOAD, a PATH or npm registry of their own): refused, so the
 * allow-list cannot be side-stepped through `env`.
 */
const DANGEROUS_ENV =
  /^(NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS|LD_\w+|DYLD_\w+|PATH|npm_config_\w+|NPM_CONFIG_\w+|PYTHON\w*|UV_\w+|PIP_\w+|BASH_ENV|ENV|PERL5OPT|PERL5LIB|RUBYOPT|RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|GIT_\w+)$/i;

export function checkStdioEnv(env: Record<string, string> | undefined): AllowCheck {
  const bad = Object.keys(env ?? {}).filter((k) => DANGEROUS_ENV.test(k));
  if (bad.length === 0) return { ok: true };
  return {
    ok: false,
    message: `Environment variable${bad.length > 1 ? 's' : ''} ${bad.join(', ')} cannot be set for a stdio MCP server (it could run other code than the allowed command).`
  };
}

function entryMatches(entry: AllowListEntry, command: string, args: readonly string[]): boolean {
  if (entry.command !== command) return false;
  if (entry.args.length > args.length) return false;
  return entry.args.every((token, i) => token === args[i]);
}

function tokenize(entry: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(entry); m; m = re.exec(entry)) tokens.push(m[1] ?? m[2]);
  return tokens;
}

function quoteIfNeeded(token: string): string {
  return /\s/.test(token) || token === '' ? `"${token}"` : token;
}
