import { describe, expect, it } from 'vitest';
import { healthConfigFromEnv } from './mcp-runtime';

describe('MCP runtime configuration', () => {
  it('reads the health loop settings from the environment, with safe defaults', () => {
    expect(healthConfigFromEnv({})).toEqual({ enabled: true, intervalMs: 30_000, backoffBaseMs: 30_000, maxFailures: 5, timeoutMs: 10_000 });
    expect(
      healthConfigFromEnv({ MCP_HEALTH_INTERVAL_MS: '500', MCP_HEALTH_BACKOFF_MS: '250', MCP_HEALTH_MAX_FAILURES: '3', MCP_HEALTH_TIMEOUT_MS: '2000' })
    ).toEqual({ enabled: true, intervalMs: 500, backoffBaseMs: 250, maxFailures: 3, timeoutMs: 2_000 });
    // Nonsense falls back instead of spinning the loop.
    expect(healthConfigFromEnv({ MCP_HEALTH_INTERVAL_MS: '0', MCP_HEALTH_BACKOFF_MS: 'soon', MCP_HEALTH_MAX_FAILURES: '-1' })).toMatchObject({
      intervalMs: 30_000,
      backoffBaseMs: 30_000,
      maxFailures: 5
    });
    expect(healthConfigFromEnv({ MCP_HEALTH: 'off' }).enabled).toBe(false);
  });
});
