/**
 * Overhead of `McpConnection.callTool` over the raw SDK `Client.callTool`, per transport, against
 * @modelcontextprotocol/server-everything's `echo`. Goal: ratio of medians ≤ 1.05×. Printed, never
 * asserted — timings on shared CI machines are too noisy to fail a build on.
 *
 * Each transport gets its own server process(es); all clients talk to the same server for HTTP,
 * and to sibling processes for stdio. Calls are interleaved in small rounds (rotating which client
 * goes first) so drift in machine load hits every side alike, and a second raw client is timed as
 * a control: its ratio to the first shows the noise floor the real ratio should be read against.
 */
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { connectMcp, type McpConnection } from '../src/lib/mcp/client.js';
import type { McpServerConfig } from '../src/lib/mcp/types.js';
import { everythingStdio, startEverything, type EverythingServer } from '../tests/fakes/everything.js';
import { median, report } from './stats.js';

const CALLS = 200;
const WARMUP = 50;
const ROUND = 5;
const GOAL = 1.05;

interface Row {
  transport: string;
  rawMedianMs: number;
  oursMedianMs: number;
  ratio: number;
  /** A second raw SDK client ÷ the first: the noise floor of this run. */
  noise: number;
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  const stdio = everythingStdio();
  rows.push(await measure('stdio', stdio.config, stdio.allowList, () => new StdioClientTransport({ command: stdio.config.command!, args: stdio.config.args, stderr: 'ignore' })));
  for (const mode of ['sse', 'streamableHttp'] as const) {
    const server: EverythingServer = await startEverything(mode);
    try {
      const url = new URL(server.url);
      const make = (): Transport => (mode === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url));
      rows.push(await measure(server.config.transport!, server.config, undefined, make));
    } finally {
      await server.stop();
    }
  }
  console.log(`\nMCP callTool overhead — ${CALLS} sequential echo calls per client, rounds of ${ROUND}, goal ≤ ${GOAL}×`);
  console.table(
    rows.map((r) => ({
      transport: r.transport,
      'raw SDK median (ms)': r.rawMedianMs.toFixed(3),
      'McpConnection median (ms)': r.oursMedianMs.toFixed(3),
      ratio: `${r.ratio.toFixed(3)}×`,
      'noise (raw÷raw)': `${r.noise.toFixed(3)}×`
    }))
  );
  for (const r of rows) report(`mcp callTool ${r.transport} ÷ raw SDK`, r.ratio, GOAL, 'x');
}

async function measure(label: string, config: McpServerConfig, allowList: string | undefined, makeRaw: () => Transport): Promise<Row> {
  const connectRaw = async () => {
    const client = new Client({ name: 'bench-raw', version: '0' }, { capabilities: {} });
    await client.connect(makeRaw());
    return client;
  };
  // A second raw client is the control: raw ÷ raw shows how much of any ratio is plain noise.
  const [raw, control, ours] = await Promise.all([connectRaw(), connectRaw(), connectMcp(config, { allowList, timeoutMs: 20_000 })]);
  try {
    const args = { message: 'bench' };
    const contenders: { call: () => Promise<unknown>; times: number[] }[] = [
      { call: () => raw.callTool({ name: 'echo', arguments: args }), times: [] },
      { call: () => control.callTool({ name: 'echo', arguments: args }), times: [] },
      { call: () => ours.callTool('echo', args), times: [] }
    ];
    for (let i = 0; i < WARMUP; i++) for (const c of contenders) await c.call();
    for (let round = 0; round * ROUND < CALLS; round++) {
      // Rotate who goes first so position in the round favours no one.
      for (let k = 0; k < contenders.length; k++) {
        const { call, times } = contenders[(round + k) % contenders.length];
        for (let i = 0; i < ROUND; i++) {
          const started = performance.now();
          await call();
          times.push(performance.now() - started);
        }
      }
    }
    const [rawMedianMs, controlMedianMs, oursMedianMs] = contenders.map((c) => median(c.times));
    return { transport: label, rawMedianMs, oursMedianMs, ratio: oursMedianMs / rawMedianMs, noise: controlMedianMs / rawMedianMs };
  } finally {
    await Promise.allSettled([raw.close(), control.close(), ours.close()]);
  }
}

// `npx tsx bench/mcp.bench.ts` runs it directly; bench/run.ts imports `run`.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
