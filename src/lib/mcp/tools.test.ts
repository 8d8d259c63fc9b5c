import { describe, expect, it } from 'vitest';
import { cleanJsonSchema, detectCollisions, filterTools, prefixToolName, shapeTools, TOOL_NAME_PATTERN } from './tools.js';
import type { McpToolInfo } from './types.js';

const tool = (name: string, extra: Partial<McpToolInfo> = {}): McpToolInfo => ({
  name,
  inputSchema: { type: 'object', properties: {} },
  ...extra
});

describe('filterTools', () => {
  const tools = ['search', 'search_issues', 'create_issue', 'delete_repo'].map((n) => tool(n));
  const names = (list: McpToolInfo[]) => list.map((t) => t.name);

  it('keeps everything without a filter', () => {
    expect(names(filterTools(tools))).toEqual(['search', 'search_issues', 'create_issue', 'delete_repo']);
    expect(names(filterTools(tools, { include: [] }))).toHaveLength(4);
  });

  it('include keeps listed names, with * wildcards; exclude wins', () => {
    expect(names(filterTools(tools, { include: ['search*', 'delete_repo'] }))).toEqual(['search', 'search_issues', 'delete_repo']);
    expect(names(filterTools(tools, { exclude: ['delete_*'] }))).toEqual(['search', 'search_issues', 'create_issue']);
    expect(names(filterTools(tools, { include: ['search*'], exclude: ['search'] }))).toEqual(['search_issues']);
  });

  it('treats regex characters in names literally', () => {
    expect(names(filterTools([tool('a.b'), tool('axb')], { include: ['a.b'] }))).toEqual(['a.b']);
  });
});

describe('prefixToolName', () => {
  it('joins prefix and name with _', () => {
    expect(prefixToolName('github', 'create_issue')).toBe('github_create_issue');
    expect(prefixToolName(undefined, 'echo')).toBe('echo');
    expect(prefixToolName('', 'echo')).toBe('echo');
  });

  it('replaces characters outside [a-zA-Z0-9_-] with _', () => {
    expect(prefixToolName('my server', 'files/read.v2')).toBe('my_server_files_read_v2');
    expect(prefixToolName(undefined, 'ünïcode')).toBe('_n_code');
  });

  it('truncates long names deterministically with a hash suffix', () => {
    const long = 'x'.repeat(80);
    const a = prefixToolName('srv', long);
    expect(a).toHaveLength(64);
    expect(a).toMatch(TOOL_NAME_PATTERN);
    expect(a).toMatch(/^srv_x{51}_[0-9a-f]{8}$/);
    expect(prefixToolName('srv', long)).toBe(a);
    expect(prefixToolName('srv', long + 'y')).not.toBe(a);
  });

  it('always produces a valid name', () => {
    for (const [p, n] of [['', ''], ['a'.repeat(100), 'b'], ['💥', '💥'], ['x', 'y'.repeat(64)]]) {
      expect(prefixToolName(p, n)).toMatch(TOOL_NAME_PATTERN);
    }
  });
});

describe('cleanJsonSchema', () => {
  it('drops $schema wherever it is a keyword, keeps everything else', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        q: { type: 'string', description: 'query', minLength: 1, 'x-custom': { keep: true } },
        nested: { $schema: 'x', type: 'object', properties: { deep: { $schema: 'y', type: 'number' } }, additionalProperties: false },
        list: { type: 'array', items: { $schema: 'z', type: 'string', enum: ['a', 'b'] } },
        either: { anyOf: [{ $schema: 'a', type: 'string' }, { type: 'null' }] }
      },
      required: ['q'],
      $defs: { thing: { $schema: 'd', type: 'integer' } },
      additionalProperties: false
    };
    expect(cleanJsonSchema(schema)).toEqual({
      type: 'object',
      properties: {
        q: { type: 'string', description: 'query', minLength: 1, 'x-custom': { keep: true } },
        nested: { type: 'object', properties: { deep: { type: 'number' } }, additionalProperties: false },
        list: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        either: { anyOf: [{ type: 'string' }, { type: 'null' }] }
      },
      required: ['q'],
      $defs: { thing: { type: 'integer' } },
      additionalProperties: false
    });
  });

  it('keeps a property named $schema and $schema inside data (const/default/examples)', () => {
    const schema = {
      type: 'object',
      properties: {
        $schema: { type: 'string', default: 'https://example.com/s.json' },
        doc: { type: 'object', const: { $schema: 'kept' }, examples: [{ $schema: 'kept too' }] }
      }
    };
    expect(cleanJsonSchema(schema)).toEqual(schema);
  });

  it('does not mutate its input', () => {
    const schema = { $schema: 's', type: 'object', properties: { a: { $schema: 's', type: 'string' } } };
    const before = structuredClone(schema);
    cleanJsonSchema(schema);
    expect(schema).toEqual(before);
  });

  it('always returns an object schema', () => {
    expect(cleanJsonSchema(undefined)).toEqual({ type: 'object', properties: {} });
    expect(cleanJsonSchema({})).toEqual({ type: 'object', properties: {} });
    expect(cleanJsonSchema({ $schema: 'x', type: 'object' })).toEqual({ type: 'object', properties: {} });
    expect(cleanJsonSchema({ properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(cleanJsonSchema({ type: 'string' })).toEqual({ type: 'object', properties: {} });
  });

  it('handles boolean subschemas and draft-07 dependencies', () => {
    const schema = {
      type: 'object',
      properties: { a: true, b: false },
      dependencies: { a: ['b'], b: { $schema: 's', required: ['a'] } },
      items: [{ $schema: 's', type: 'string' }, true]
    };
    expect(cleanJsonSchema(schema)).toEqual({
      type: 'object',
      properties: { a: true, b: false },
      dependencies: { a: ['b'], b: { required: ['a'] } },
      items: [{ type: 'string' }, true]
    });
  });
});

describe('shapeTools', () => {
  it('filters, prefixes and cleans, keeping the original name for the call', () => {
    const { tools, collisions } = shapeTools(
      [
        tool('echo', { description: 'Echo it', inputSchema: { $schema: 'x', type: 'object', properties: { m: { type: 'string' } } } }),
        tool('secret'),
        tool('get-sum', { title: 'Sum' })
      ],
      { prefix: 'ev', exclude: ['secret'] }
    );
    expect(collisions).toEqual([]);
    expect(tools).toEqual([
      { name: 'ev_echo', originalName: 'echo', description: 'Echo it', parameters: { type: 'object', properties: { m: { type: 'string' } } } },
      { name: 'ev_get-sum', originalName: 'get-sum', description: 'Sum', parameters: { type: 'object', properties: {} } }
    ]);
  });

  it('renames tools whose sanitized names collide, and reports it', () => {
    const { tools, collisions } = shapeTools([tool('read.file'), tool('read_file'), tool('read/file')], { prefix: 'fs' });
    const names = tools.map((t) => t.name);
    expect(names[0]).toBe('fs_read_file');
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n).toMatch(TOOL_NAME_PATTERN);
    expect(collisions).toEqual([
      { name: 'fs_read_file', originalNames: ['read.file', 'read_file', 'read/file'], renamedTo: [names[1], names[2]] }
    ]);
    // Deterministic: same input, same names.
    expect(shapeTools([tool('read.file'), tool('read_file'), tool('read/file')], { prefix: 'fs' }).tools.map((t) => t.name)).toEqual(names);
  });
});

describe('detectCollisions', () => {
  it('finds names offered by several servers', () => {
    const a = shapeTools([tool('search'), tool('echo')]).tools;
    const b = shapeTools([tool('search'), tool('other')]).tools;
    const c = shapeTools([tool('search')], { prefix: 'c' }).tools;
    expect(detectCollisions([{ server: 'a', tools: a }, { server: 'b', tools: b }, { server: 'c', tools: c }])).toEqual([
      { name: 'search', sources: [{ server: 'a', originalName: 'search' }, { server: 'b', originalName: 'search' }] }
    ]);
  });

  it('is empty when prefixes keep servers apart', () => {
    const a = shapeTools([tool('search')], { prefix: 'a' }).tools;
    const b = shapeTools([tool('search')], { prefix: 'b' }).tools;
    expect(detectCollisions([{ server: 'a', tools: a }, { server: 'b', tools: b }])).toEqual([]);
  });
});
