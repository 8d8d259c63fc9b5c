/**
 * A spec file on disk, ready for a local text session: parsed, with registry servers from
 * `mcp-servers.json` next to it (or `--mcp-servers`), and `${secret:NAME}` read from the
 * environment — the same rules as the runtime's SPEC_DIR mode.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { McpServerConfig } from '../../../src/lib/mcp/index.js';
import type { AgentSpec } from '../../../src/lib/spec/index.js';
import { RuntimeError } from '../errors.js';
import { specFromText } from '../spec-load.js';
import { DIR_MCP_SERVERS_FILE, readMcpRegistryFile } from '../spec-source.js';
import type { TextSessionOptions } from '../text-session.js';

export interface LocalSpec {
  file: string;
  spec: AgentSpec;
  mcpServers: Record<string, McpServerConfig>;
}

export async function loadLocalSpec(file: string, opts: { mcpServersFile?: string; cwd?: string } = {}): Promise<LocalSpec> {
  const abs = path.resolve(opts.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new RuntimeError('not_found', `Cannot read ${file}: ${(e as Error).message}.`);
  }
  const spec = specFromText(text, file);
  const registry = opts.mcpServersFile ? path.resolve(opts.cwd ?? process.cwd(), opts.mcpServersFile) : path.join(path.dirname(abs), DIR_MCP_SERVERS_FILE);
  return { file, spec, mcpServers: await readMcpRegistryFile(registry) };
}

/** Session options for a local run: secrets and keys come from `env`. */
export function localSessionOptions(local: LocalSpec, env: Record<string, string | undefined>, variables?: Record<string, unknown>): TextSessionOptions {
  const fromEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    variables,
    env,
    secrets: fromEnv,
    resolveMcpServer: (name) => local.mcpServers[name],
    waitForTools: { timeoutMs: 15_000 }
  };
}

/** `k=v` pairs from repeated `--var` flags. */
export function parseVars(pairs: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new RuntimeError('bad_request', `--var expects name=value, got "${pair}".`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
