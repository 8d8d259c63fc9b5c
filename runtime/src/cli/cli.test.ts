import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as chatCommand from '../../../bin/cli/commands/chat.js';
import * as testCommand from '../../../bin/cli/commands/test.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../../tests/fakes/openai.js';
import { pipelineYaml, quietLogger } from '../../test/helpers.js';
import { specFromText } from '../spec-load.js';
import { runChat } from './chat.js';
import { formatJson, formatTap, runSpecTests } from './test-runner.js';
import { checkTurn } from '../../../src/lib/spec/expectations.js';

let llm: OpenAIFake;
let mcp: FakeMcpServer;
let dir: string;
let specFile: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

beforeAll(async () => {
  quietLogger();
  llm = await startOpenAIFake();
  mcp = await startFakeMcpServer({ token: 'tok' });
  dir = await mkdtemp(path.join(tmpdir(), 'agentspec-cli-'));
  specFile = path.join(dir, 'calc.yaml');
  await writeFile(
    specFile,
    pipelineYaml({
      name: 'calc',
      llmBaseURL: llm.baseURL,
      variables: { who: 'friend' },
      greeting: 'Hello {{who}}!',
      mcp: [{ id: 'math', server: 'calc-api', tools: { include: ['add', 'echo'] } }],
      tests: [
        { name: 'adds with the tool', turns: [{ user: 'call math_add with {"a":2,"b":3}', expect: { toolCalls: ['math_add'], replyContains: ['5'] } }] },
        { name: 'echoes', turns: [{ user: 'call math_echo with {"message":"Banana"}', expect: { toolCalls: ['math_echo'], replyContains: ['banana'] } }] },
        { name: 'expects a tool it never calls', turns: [{ user: 'just talk', expect: { toolCalls: ['math_add'], replyContains: ['zebra'] } }] }
      ]
    })
  );
  await writeFile(
    path.join(dir, 'mcp-servers.json'),
    JSON.stringify({ mcpServers: { 'calc-api': { transport: 'streamable-http', url: mcp.url, headers: { Authorization: 'Bearer ${env:CALC_TOKEN}' } } } })
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await llm?.close();
  await mcp?.stop();
});

const env = () => ({ OPENAI_API_KEY: 'sk-test', CALC_TOKEN: 'tok' });

describe('runChat', () => {
  it('sends --say messages and prints the transcript with tool calls', async () => {
    const c = capture();
    const result = await runChat(specFile, { say: ['call math_add with {"a":1,"b":2}', 'bye'], vars: { who: 'Ada' }, io: c.io, env: env() });
    expect(result).toEqual({ exitCode: 0, replies: ['Tool result: "3"', 'You said: bye'] });
    expect(c.out[0]).toBe('agent> Hello Ada!');
    expect(c.out).toContain('you> bye');
    expect(c.out.find((l) => l.includes('↳ math_add({"a":1,"b":2}) → "3"'))).toBeDefined();
  });

  it('reads stdin until /quit and can print NDJSON', async () => {
    const c = capture();
    const input = Readable.from(['hello\n', '/quit\n', 'never sent\n']);
    const result = await runChat(specFile, { json: true, io: c.io, env: env(), input });
    expect(result.replies).toEqual(['You said: hello']);
    const events = c.out.map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['status', 'agent', 'user']));
  });

  it('reports spec errors with positions and exits 2', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: { name: x }\nnodes: []\ntypo: 1\n');
    const c = capture();
    expect((await runChat(bad, { say: 'hi', io: c.io, env: env() })).exitCode).toBe(2);
    expect(c.err.join('\n')).toMatch(/bad\.yaml:5:1/);
  });
});

describe('runSpecTests', () => {
  it('runs each test in a fresh session and checks tool calls and reply substrings', async () => {
    const spec = specFromText(await import('node:fs/promises').then((fs) => fs.readFile(specFile, 'utf8')));
    const report = await runSpecTests(spec, {
      env: env(),
      secrets: {},
      resolveMcpServer: (name) => (name === 'calc-api' ? { name, transport: 'streamable-http', url: mcp.url, headers: { Authorization: 'Bearer tok' } } : undefined)
    });
    expect(report).toMatchObject({ spec: 'calc', ok: false, passed: 2, failed: 1 });
    expect(report.tests[0].turns[0]).toMatchObject({ toolCalls: ['math_add'], reply: 'Tool result: "5"', ok: true });
    expect(report.tests[2].turns[0].failures).toEqual(['expected a call to math_add; called: no tools', 'reply does not contain "zebra"']);

    const tap = formatTap([report]);
    expect(tap).toMatch(/^TAP version 13\n1\.\.3\n/);
    expect(tap).toContain('ok 1 - calc: adds with the tool');
    expect(tap).toContain('not ok 3 - calc: expects a tool it never calls');
    expect(tap).toContain('        - "reply does not contain \\"zebra\\""');
    expect(tap).toMatch(/# pass 2\n# fail 1$/);
    expect(JSON.parse(formatJson([report]))).toMatchObject({ ok: false, passed: 2, failed: 1, specs: [{ spec: 'calc' }] });
  });

  it('checkTurn is order-insensitive for tools and case-insensitive for text', () => {
    expect(checkTurn({ toolCalls: ['b', 'a'], replyContains: ['MARGHERITA'] }, { reply: 'We have margherita.', toolCalls: ['a', 'b', 'c'] })).toEqual([]);
    expect(checkTurn({ replyNotContains: ['sorry'] }, { reply: 'Sorry, no.', toolCalls: [] })).toEqual(['reply contains "sorry"']);
  });
});

describe('agentspec chat / test commands', () => {
  const cliIo = () => {
    const c = capture();
    return { ...c, cli: { ...c.io, cwd: dir, env: env() } };
  };

  it('chat --say --var', async () => {
    const c = cliIo();
    const code = await chatCommand.run(['calc.yaml', '--say', 'hi there', '--var', 'who=Bob'], c.cli);
    expect(code).toBe(0);
    expect(c.out).toEqual(['agent> Hello Bob!', 'you> hi there', 'agent> You said: hi there']);
  });

  it('test exits 1 on a failing test and prints TAP; --filter narrows; --format json', async () => {
    const c = cliIo();
    expect(await testCommand.run(['calc.yaml'], c.cli)).toBe(1);
    expect(c.out[0]).toMatch(/^TAP version 13/);
    const only = cliIo();
    expect(await testCommand.run(['calc.yaml', '--filter', 'ECHO', '--format', 'json'], only.cli)).toBe(0);
    expect(JSON.parse(only.out[0])).toMatchObject({ ok: true, passed: 1, specs: [{ file: 'calc.yaml', tests: [{ name: 'echoes' }] }] });
    await expect(testCommand.run(['calc.yaml', '--format', 'xml'], cliIo().cli)).rejects.toThrow(/unknown format/);
  });
});
