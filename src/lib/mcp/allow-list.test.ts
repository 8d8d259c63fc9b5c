import { describe, expect, it } from 'vitest';
import { checkStdioAllowed, checkStdioEnv, parseAllowList } from './allow-list.js';

describe('parseAllowList', () => {
  it('splits entries on commas and newlines, tokens on whitespace, honouring double quotes', () => {
    const list = parseAllowList(' npx -y @modelcontextprotocol/server-everything ,uvx mcp-server-git\n"/opt/my tools/mcp" --flag,, ');
    expect(list).toEqual([
      { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'], source: 'npx -y @modelcontextprotocol/server-everything' },
      { command: 'uvx', args: ['mcp-server-git'], source: 'uvx mcp-server-git' },
      { command: '/opt/my tools/mcp', args: ['--flag'], source: '"/opt/my tools/mcp" --flag' }
    ]);
  });

  it('unset or blank means an empty list', () => {
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList('  , \n')).toEqual([]);
  });
});

describe('checkStdioAllowed', () => {
  const list = 'npx -y @modelcontextprotocol/server-everything, uvx, /usr/local/bin/mcp-files --root /data';

  it('accepts a command whose argv starts with an entry, token by token', () => {
    expect(checkStdioAllowed('npx', ['-y', '@modelcontextprotocol/server-everything'], list)).toEqual({ ok: true });
    expect(checkStdioAllowed('npx', ['-y', '@modelcontextprotocol/server-everything', 'stdio'], list)).toEqual({ ok: true });
    expect(checkStdioAllowed('uvx', ['anything', 'at', 'all'], list)).toEqual({ ok: true });
    expect(checkStdioAllowed('/usr/local/bin/mcp-files', ['--root', '/data', '--ro'], list)).toEqual({ ok: true });
  });

  it('refuses other packages, reordered or partial tokens, and look-alike paths', () => {
    for (const [command, args] of [
      ['npx', ['-y', 'evil-package']],
      ['npx', ['@modelcontextprotocol/server-everything']],
      ['npx', ['-y', '@modelcontextprotocol/server-everything@6.6.6']],
      ['npx', ['-y']],
      ['/tmp/evil/npx', ['-y', '@modelcontextprotocol/server-everything']],
      ['/usr/bin/uvx', []],
      ['/usr/local/bin/mcp-files', ['--root', '/']],
      ['sh', ['-c', 'npx -y @modelcontextprotocol/server-everything']]
    ] as const) {
      const check = checkStdioAllowed(command, [...args], list);
      expect(check.ok, `${command} ${args.join(' ')}`).toBe(false);
    }
  });

  it('explains the refusal and what is allowed', () => {
    const check = checkStdioAllowed('npx', ['-y', 'evil'], list);
    expect(check).toEqual({
      ok: false,
      message:
        '"npx -y evil" is not in the stdio allow-list (MCP_STDIO_ALLOW). Allowed command prefixes: ' +
        'npx -y @modelcontextprotocol/server-everything, uvx, /usr/local/bin/mcp-files --root /data.'
    });
  });

  it('an empty list disables stdio with a message naming MCP_STDIO_ALLOW', () => {
    for (const empty of [undefined, '', []]) {
      const check = checkStdioAllowed('npx', [], empty);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/^Stdio MCP servers are disabled: MCP_STDIO_ALLOW is not set/);
    }
  });

  it('a missing command is refused', () => {
    expect(checkStdioAllowed('', [], 'npx').ok).toBe(false);
    expect(checkStdioAllowed(undefined, [], 'npx').ok).toBe(false);
  });

  it('accepts a parsed list too', () => {
    expect(checkStdioAllowed('uvx', ['x'], parseAllowList('uvx'))).toEqual({ ok: true });
  });
});

describe('checkStdioEnv', () => {
  it('allows ordinary variables', () => {
    expect(checkStdioEnv({ GITHUB_TOKEN: 'x', API_KEY: 'y' })).toEqual({ ok: true });
    expect(checkStdioEnv(undefined)).toEqual({ ok: true });
  });

  it('refuses variables that could run other code than the allowed command', () => {
    const check = checkStdioEnv({ NODE_OPTIONS: '--import x', LD_PRELOAD: '/x.so', npm_config_registry: 'http://evil', PATH: '/tmp' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain('NODE_OPTIONS, LD_PRELOAD, npm_config_registry, PATH');
  });
});
