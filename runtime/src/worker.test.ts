/**
 * The real worker (`main.ts start`, agents-js AgentServer, job processes) against the
 * worker-protocol fake. The fake cannot host a WebRTC room, so a job is followed up to its room
 * connect: the signal request carrying the job's room token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tests/fakes/everything.js';
import { startLiveKitWorkerFake, type LiveKitWorkerFake } from '../../tests/fakes/livekit-worker.js';
import { startFakeMcpServer, type FakeMcpServer } from '../../tests/fakes/mcp-server.js';
import { startOpenAIFake, type OpenAIFake } from '../../tests/fakes/openai.js';
import { startEditorFake, type EditorFake } from '../test/editor-fake.js';
import { pipelineYaml, waitFor } from '../test/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let lk: LiveKitWorkerFake;
let llm: OpenAIFake;
let editor: EditorFake;
let mcp: FakeMcpServer;
let worker: ChildProcess;
let logs: Array<Record<string, unknown>> = [];
let rawOutput = '';

beforeAll(async () => {
  [lk, llm, editor, mcp] = await Promise.all([startLiveKitWorkerFake(), startOpenAIFake(), startEditorFake(), startFakeMcpServer()]);
  editor.agents.set('agent-7', {
    versions: {
      1: pipelineYaml({ name: 'old', llmBaseURL: llm.baseURL }),
      2: pipelineYaml({ name: 'pizza-order', llmBaseURL: llm.baseURL, mcp: [{ id: 'menu', server: 'menu-api' }] })
    },
    mcpServers: { 'menu-api': { name: 'menu-api', transport: 'streamable-http', url: mcp.url } }
  });
  editor.agents.set('broken', { versions: { 1: 'apiVersion: voice-agent-studio/v1\nkind: Agent\nmetadata: {name: b}\nnodes: []\n' } });
  worker = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'runtime/src/main.ts', 'start'], {
    cwd: ROOT,
    detached: true, // own process group: the job processes it forks are cleaned up with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: lk.apiKey,
      LIVEKIT_API_SECRET: lk.apiSecret,
      LIVEKIT_AGENT_NAME: 'vas-test',
      EDITOR_URL: editor.url,
      RUNTIME_TOKEN: editor.token,
      PLAYGROUND_PORT: '0',
      WORKER_HTTP_PORT: String(await freePort()),
      WORKER_IDLE_PROCESSES: '1',
      LOG_LEVEL: 'info',
      OPENAI_API_KEY: 'sk-test',
      DEEPGRAM_API_KEY: 'dg-test',
      ELEVEN_API_KEY: 'el-test'
    }
  });
  const onData = (d: Buffer) => {
    rawOutput += d.toString();
    for (const line of d.toString().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        /* partial line */
      }
    }
  };
  worker.stdout!.on('data', onData);
  worker.stderr!.on('data', onData);
}, 60_000);

afterAll(async () => {
  if (worker?.pid && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    // SIGTERM to the worker only: it closes its job processes itself. The group kill is the fallback.
    process.kill(worker.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-worker.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
  await Promise.all([lk?.close(), llm?.close(), editor?.close(), mcp?.stop()]);
}, 30_000);

const logged = (msg: string, jobId: string) => logs.find((l) => l.msg === msg && l.jobId === jobId);

describe('LiveKit worker (worker-protocol fake)', () => {
  it('registers with the agent name and the agent grant', async () => {
    const w = await lk.waitForWorker(60_000);
    expect(w.agentName).toBe('vas-test');
    expect(w.version).toBe('1.9.0');
    expect((w.auth.video as { agent?: boolean }).agent).toBe(true);
    expect(lk.rejectedConnections).toBe(0);
  }, 70_000);

  it('a dispatched job fetches the named version, assembles it, connects MCP and joins its room', async () => {
    const job = await lk.dispatch({ metadata: JSON.stringify({ agentId: 'agent-7', version: 2, variables: { x: 1 } }) });
    expect(job).toMatchObject({ accepted: true, participantAttributes: { 'lk.agent.name': 'vas-test' } });
    const rtc = await lk.waitForRtcAttempt(job.roomName, 30_000);
    expect(rtc.token).toMatchObject({ sub: job.participantIdentity, video: { room: job.roomName, roomJoin: true } });
    const assembled = await waitFor(() => logged('job assembled', job.jobId), 30_000, 'job assembled log');
    expect(assembled).toMatchObject({ agentId: 'agent-7', version: 2, shape: 'pipeline', mcpNodes: 1 });
    expect(editor.requests.filter((r) => r.path === '/api/internal/specs/agent-7').map((r) => r.version)).toEqual(['2']);
    // the MCP server was connected while the job was getting into the room
    await waitFor(() => mcp.sessionCount() > 0 || undefined, 10_000, 'MCP session');
    // the fake refuses the WebRTC signal, so the job ends with a logged room error
    await waitFor(() => logged('job could not join the room: ' + '', job.jobId) ?? logs.find((l) => l.jobId === job.jobId && String(l.msg).startsWith('job could not join the room')), 30_000, 'room error');
  }, 90_000);

  it('a bad job ends with a clear error and the worker keeps serving', async () => {
    const bad = await lk.dispatch({ metadata: '{"agent": "oops"}' });
    expect(bad.accepted).toBe(true);
    const rejected = await waitFor(() => logs.find((l) => l.jobId === bad.jobId && String(l.msg).startsWith('job rejected')), 30_000, 'rejection log');
    expect(rejected.msg).toContain('agentId');
    expect((rejected.error as { code: string }).code).toBe('bad_metadata');

    const invalid = await lk.dispatch({ metadata: JSON.stringify({ agentId: 'broken', version: 1 }) });
    const failed = await waitFor(() => logs.find((l) => l.jobId === invalid.jobId && String(l.msg).startsWith('job failed')), 30_000, 'failure log');
    expect((failed.error as { code: string }).code).toBe('invalid_spec');

    const unknown = await lk.dispatch({ metadata: JSON.stringify({ agentId: 'nobody', version: 1 }) });
    const missing = await waitFor(() => logs.find((l) => l.jobId === unknown.jobId && String(l.msg).startsWith('job failed')), 30_000, 'unknown log');
    expect((missing.error as { code: string }).code).toBe('unknown_agent');

    // still the same registration, still taking jobs, and the published spec is served from the cache
    expect(lk.workers.filter((w) => !w.closed)).toHaveLength(1);
    const again = await lk.dispatch({ metadata: JSON.stringify({ agentId: 'agent-7', version: 2 }) });
    await lk.waitForRtcAttempt(again.roomName, 30_000);
    expect(editor.requests.filter((r) => r.path === '/api/internal/specs/agent-7' && r.version === '2')).toHaveLength(1);
    expect(worker.exitCode).toBeNull();
    expect(rawOutput).not.toMatch(/closing worker due to error/);
  }, 120_000);
});
