/**
 * The LiveKit agent entry (loaded by agents-js in each job process): job metadata → spec →
 * assembly → room. Any failure ends this job with one clear log line; the worker keeps serving.
 *
 * Specs come from the main process's cache through its loopback endpoint (RUNTIME_SPEC_PROXY),
 * so a spec fetched for one job is warm for the next, although every job runs in a fresh process.
 */
import { defineAgent, log, type JobContext } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import { assembleAgent, type AssembledAgent } from './assemble.js';
import { RuntimeError, toErrorBody } from './errors.js';
import { parseJobMetadata, type JobMetadata } from './job.js';
import { ApiSpecSource, specSourceFromEnv, type LoadedSpec, type SpecSource } from './spec-source.js';
import type { TraceEvent } from './trace.js';

/** Data-channel topic of the trace in a voice call (the editor's test panel listens to it). */
export const TRACE_TOPIC = 'voice-agent-studio.trace';

export interface JobDeps {
  source: SpecSource;
  env?: Record<string, string | undefined>;
  trace?: (event: TraceEvent) => void;
  /** registry poll while the job lives; default env MCP_REGISTRY_REFRESH_MS, else 30 s; 0 = off */
  registryRefreshMs?: number;
}

export interface PreparedJob {
  meta: JobMetadata;
  loaded: LoadedSpec;
  assembled: AssembledAgent;
  loadMs: number;
}

/** Everything a job does before the room: testable without LiveKit. MCP starts connecting here. */
export async function prepareJob(metadata: string | undefined, deps: JobDeps): Promise<PreparedJob> {
  const meta = parseJobMetadata(metadata);
  const t0 = performance.now();
  const loaded = await deps.source.load(meta.agentId, meta.version, { revision: meta.revision });
  const loadMs = performance.now() - t0;
  const assembled = assembleAgent(loaded.spec, {
    mode: 'voice',
    variables: meta.variables,
    secrets: loaded.secrets,
    resolveMcpServer: (name) => loaded.mcpServers[name],
    // Registry edits in the editor reach the call while it lasts (MCP_REGISTRY_REFRESH_MS).
    registryRefresh: {
      load: async () => (await deps.source.load(meta.agentId, meta.version, { refresh: true })).mcpServers,
      ...(deps.registryRefreshMs !== undefined ? { intervalMs: deps.registryRefreshMs } : {})
    },
    env: deps.env,
    trace: deps.trace
  });
  return { meta, loaded, assembled, loadMs };
}

/** Publishes trace events on the room's data channel once it is connected; drops them before. */
function roomTrace(room: Room): (event: TraceEvent) => void {
  const encoder = new TextEncoder();
  return (event) => {
    if (event.type === 'agent_delta' || !room.isConnected || !room.localParticipant) return;
    room.localParticipant.publishData(encoder.encode(JSON.stringify(event)), { reliable: true, topic: TRACE_TOPIC }).catch(() => undefined);
  };
}

export async function runJob(ctx: JobContext, deps: JobDeps): Promise<void> {
  const logger = log().child({ jobId: ctx.job.id, room: ctx.job.room?.name });
  const started = performance.now();
  let meta: JobMetadata;
  try {
    meta = parseJobMetadata(ctx.job.metadata);
  } catch (e) {
    logger.error({ error: toErrorBody(e).error }, `job rejected: ${(e as Error).message}`);
    ctx.shutdown('bad_metadata');
    return;
  }
  // The room connect and the spec load/assembly (which starts the MCP connects) run side by side.
  const connecting = ctx.connect();
  connecting.catch(() => undefined);
  let prepared: PreparedJob;
  try {
    prepared = await prepareJob(ctx.job.metadata, { ...deps, trace: roomTrace(ctx.room) });
  } catch (e) {
    const err = toErrorBody(e).error;
    logger.error({ error: err, agentId: meta.agentId, version: meta.version }, `job failed: ${err.message}`);
    ctx.shutdown(e instanceof RuntimeError ? e.code : 'job_failed');
    return;
  }
  const { assembled, loaded, loadMs } = prepared;
  ctx.addShutdownCallback(() => assembled.close());
  logger.info(
    { agentId: meta.agentId, version: loaded.version, revision: loaded.revision, shape: assembled.shape, mcpNodes: assembled.bridge.links.length, loadMs: Math.round(loadMs) },
    'job assembled'
  );
  try {
    await connecting;
    await assembled.start({ room: ctx.room });
  } catch (e) {
    logger.error({ error: toErrorBody(e).error, agentId: meta.agentId }, `job could not join the room: ${(e as Error).message}`);
    await assembled.close().catch(() => undefined);
    ctx.shutdown('room_connect_failed');
    return;
  }
  logger.info({ agentId: meta.agentId, startMs: Math.round(performance.now() - started) }, 'job session started');
}

/** The job process's spec source: the main process's cache if it runs one, else its own. */
export function jobSpecSource(env: Record<string, string | undefined> = process.env): SpecSource {
  if (env.RUNTIME_SPEC_PROXY && env.RUNTIME_SPEC_PROXY_TOKEN) {
    return new ApiSpecSource(env.RUNTIME_SPEC_PROXY, env.RUNTIME_SPEC_PROXY_TOKEN);
  }
  return specSourceFromEnv(env);
}

let source: SpecSource | undefined;

export default defineAgent({
  entry: async (ctx: JobContext) => {
    try {
      source ??= jobSpecSource();
    } catch (e) {
      log().error({ error: toErrorBody(e).error }, `job failed: ${(e as Error).message}`);
      ctx.shutdown('no_spec_source');
      return;
    }
    await runJob(ctx, { source });
  }
});
