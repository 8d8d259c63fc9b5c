/**
 * Runtime entry.
 *
 *   tsx runtime/src/main.ts dev | start   playground, plus the LiveKit worker when LIVEKIT_URL is set
 *   tsx runtime/src/main.ts playground    playground only
 *
 * The worker registers as LIVEKIT_AGENT_NAME (default "voice-agent-studio") for explicit dispatch;
 * each job runs `worker.ts` in its own process. This process holds the spec cache and serves it
 * to the job processes through the playground's loopback endpoint.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cli, initializeLogger, log, ServerOptions, type JobRequest } from '@livekit/agents';
import { toErrorBody } from './errors.js';
import { parseJobMetadata } from './job.js';
import { startPlayground, type Playground } from './playground.js';
import { specSourceFromEnv, type SpecSource } from './spec-source.js';

export const DEFAULT_AGENT_NAME = 'voice-agent-studio';
const MODES = ['dev', 'start', 'playground'] as const;
type Mode = (typeof MODES)[number];

const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));

function trySpecSource(env: NodeJS.ProcessEnv): SpecSource | undefined {
  try {
    return specSourceFromEnv(env);
  } catch (e) {
    log().warn(`no spec source: ${(e as Error).message} Playground sessions need {yaml}; LiveKit jobs will fail.`);
    return undefined;
  }
}

/** Accept every job; warm the spec cache while LiveKit sends the assignment. */
function prefetchingRequestFunc(source: SpecSource | undefined) {
  return async (req: JobRequest) => {
    await req.accept();
    if (!source) return;
    try {
      const meta = parseJobMetadata(req.job.metadata);
      void source.load(meta.agentId, meta.version, { revision: meta.revision }).catch(() => undefined);
    } catch {
      /* the job itself reports bad metadata */
    }
  };
}

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'dev') as Mode;
  if (!MODES.includes(mode)) {
    console.error(`usage: tsx runtime/src/main.ts ${MODES.join('|')}`);
    process.exit(2);
  }
  const env = process.env;
  const production = mode === 'start';
  initializeLogger({ pretty: false, level: env.LOG_LEVEL ?? (production ? 'info' : 'debug') });
  const logger = log();

  let token = env.RUNTIME_TOKEN;
  if (!token) {
    token = randomBytes(24).toString('base64url');
    logger.warn('RUNTIME_TOKEN is not set: the playground uses a random token, so the editor cannot reach it.');
  }
  const source = trySpecSource(env);
  let playground: Playground | undefined;
  try {
    playground = await startPlayground({
      token,
      source,
      host: env.PLAYGROUND_HOST ?? '127.0.0.1',
      port: Number(env.PLAYGROUND_PORT ?? 8787),
      idleTimeoutMs: env.PLAYGROUND_IDLE_MS ? Number(env.PLAYGROUND_IDLE_MS) : undefined
    });
    logger.info({ url: playground.url, source: source?.kind ?? null }, 'playground listening');
  } catch (e) {
    logger.error({ error: toErrorBody(e).error }, `playground not started: ${(e as Error).message}`);
  }

  if (mode === 'playground' || !env.LIVEKIT_URL) {
    if (mode !== 'playground') logger.info('LIVEKIT_URL is not set: not registering with LiveKit (playground only).');
    if (!playground) process.exit(1);
    const stop = () => void playground.close().finally(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }

  if (playground) {
    // Job processes are forked from this one and inherit these.
    process.env.RUNTIME_SPEC_PROXY = playground.url;
    process.env.RUNTIME_SPEC_PROXY_TOKEN = token;
  }
  cli.runApp(
    new ServerOptions({
      agent: workerFile,
      agentName: env.LIVEKIT_AGENT_NAME ?? DEFAULT_AGENT_NAME,
      requestFunc: prefetchingRequestFunc(source),
      port: env.WORKER_HTTP_PORT ? Number(env.WORKER_HTTP_PORT) : undefined,
      numIdleProcesses: env.WORKER_IDLE_PROCESSES ? Number(env.WORKER_IDLE_PROCESSES) : undefined
    })
  );
}

void main().catch((e: unknown) => {
  console.error(`runtime failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
