import { spawn } from 'node:child_process';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../tests/fakes/everything.js';
import { describeMcpError, McpClientError } from './errors.js';

const url = 'http://127.0.0.1:9/mcp';

describe('describeMcpError on real failures', () => {
  it('fetch to a closed port → refused', async () => {
    const target = `http://127.0.0.1:${await freePort()}/mcp`;
    const err = await fetch(target).catch((e: unknown) => e);
    expect(describeMcpError(err, { url: target })).toEqual({
      code: 'refused',
      message: `Connection refused at ${target} — is the server running?`
    });
  });

  it('fetch to an unresolvable host → dns', async () => {
    const err = await fetch('http://foo.invalid/mcp').catch((e: unknown) => e);
    expect(describeMcpError(err, { url: 'http://foo.invalid/mcp' })).toEqual({ code: 'dns', message: 'Could not resolve host foo.invalid' });
  });

  it('spawning a missing command → spawn', async () => {
    const err = await new Promise((resolve) => spawn('no-such-command-xyz', []).once('error', resolve));
    expect(describeMcpError(err, { command: 'no-such-command-xyz' })).toEqual({
      code: 'spawn',
      message: 'Could not start "no-such-command-xyz": command not found'
    });
  });
});

describe('describeMcpError on SDK errors', () => {
  it('HTTP 401/403 → unauthorized', () => {
    expect(describeMcpError(new StreamableHTTPError(401, 'Error POSTing to endpoint: {}'), { url })).toEqual({
      code: 'unauthorized',
      message: 'The server answered 401 Unauthorized — check the Authorization header / secret'
    });
    expect(describeMcpError(new SseError(403, 'Non-200 status code (403)', undefined as unknown as ConstructorParameters<typeof SseError>[2]), { url }).code).toBe('unauthorized');
    // SSEClientTransport reports POST failures only as text.
    expect(describeMcpError(new Error('Error POSTing to endpoint (HTTP 401): nope'), { url }).code).toBe('unauthorized');
  });

  it('HTTP 404 → protocol, with a hint about URL and transport', () => {
    expect(describeMcpError(new StreamableHTTPError(404, 'x'), { url })).toEqual({
      code: 'protocol',
      message: `The server answered 404 at ${url} — check the URL and transport (streamable HTTP usually lives at /mcp, SSE at /sse)`
    });
    expect(describeMcpError(new StreamableHTTPError(502, 'x'), { url }).message).toBe(`The server answered HTTP 502 at ${url}`);
  });

  it('request timeout → "Timed out after N ms"', () => {
    const err = new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: 5000 });
    expect(describeMcpError(err)).toEqual({ code: 'timeout', message: 'Timed out after 5000 ms' });
  });

  it('connection closed → closed; other JSON-RPC errors → protocol', () => {
    expect(describeMcpError(new McpError(ErrorCode.ConnectionClosed, 'Connection closed')).code).toBe('closed');
    expect(describeMcpError(new McpError(ErrorCode.MethodNotFound, 'Method not found'))).toEqual({
      code: 'protocol',
      message: 'The MCP server answered with an error: Method not found'
    });
  });
});

describe('describeMcpError on anything else', () => {
  it('passes McpClientError through', () => {
    expect(describeMcpError(new McpClientError('not_allowed', 'nope'))).toEqual({ code: 'not_allowed', message: 'nope' });
  });

  it('never throws, whatever it is given', () => {
    expect(describeMcpError(undefined)).toEqual({ code: 'unknown', message: 'Unknown error' });
    expect(describeMcpError('weird')).toEqual({ code: 'unknown', message: 'weird' });
    expect(describeMcpError(new Error('fetch failed', { cause: new Error('bad port') }))).toEqual({ code: 'unknown', message: 'fetch failed (bad port)' });
    const cyclic: { cause?: unknown; message: string } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(describeMcpError(cyclic).code).toBe('unknown');
  });
});
