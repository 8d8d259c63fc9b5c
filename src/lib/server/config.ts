/** Server configuration from the environment, read once. Documented in README. */
export interface ServerConfig {
  databaseUrl?: string;
  dataDir: string;
  runtimeToken?: string;
  playgroundUrl: string;
  livekit?: { url: string; apiKey: string; apiSecret: string; agentName: string };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const lk = env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET;
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || 'data',
    runtimeToken: env.RUNTIME_TOKEN || undefined,
    playgroundUrl: env.PLAYGROUND_URL || `http://127.0.0.1:${env.PLAYGROUND_PORT || 8787}`,
    livekit: lk
      ? {
          url: env.LIVEKIT_URL!,
          apiKey: env.LIVEKIT_API_KEY!,
          apiSecret: env.LIVEKIT_API_SECRET!,
          agentName: env.LIVEKIT_AGENT_NAME || 'voice-agent-studio'
        }
      : undefined
  };
}
