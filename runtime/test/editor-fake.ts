/**
 * A tiny fake of the editor's internal spec endpoint:
 *   GET /api/internal/specs/{agentId}?version=n|draft   Authorization: Bearer <token>
 * Drafts answer 304 to `If-None-Match: "<revision>"` when unchanged. Records every request.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServerConfig } from '../../src/lib/mcp/types.js';

export interface FakeAgent {
  ownerId?: string;
  versions: Record<number, string>;
  draft?: { yaml: string; revision: string };
  mcpServers?: Record<string, McpServerConfig>;
  secrets?: Record<string, string>;
}

export interface EditorFake {
  url: string;
  token: string;
  agents: Map<string, FakeAgent>;
  requests: Array<{ path: string; version: string | null; ifNoneMatch?: string; auth?: string; status: number }>;
  close(): Promise<void>;
}

export async function startEditorFake(token = 'runtime-token'): Promise<EditorFake> {
  const agents = new Map<string, FakeAgent>();
  const requests: EditorFake['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body?: unknown) => {
      requests.push({
        path: url.pathname,
        version: url.searchParams.get('version'),
        ifNoneMatch: req.headers['if-none-match'],
        auth: req.headers.authorization,
        status
      });
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const m = /^\/api\/internal\/specs\/([^/]+)$/.exec(url.pathname);
    if (!m) return send(404, { error: { code: 'not_found', message: 'no route' } });
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 'unauthorized', message: 'bad token' } });
    const agentId = decodeURIComponent(m[1]);
    const agent = agents.get(agentId);
    if (!agent) return send(404, { error: { code: 'unknown_agent', message: `no agent ${agentId}` } });
    const v = url.searchParams.get('version') ?? 'draft';
    let yaml: string | undefined;
    let revision: string | undefined;
    if (v === 'draft') {
      yaml = agent.draft?.yaml;
      revision = agent.draft?.revision;
      if (revision && req.headers['if-none-match'] === `"${revision}"`) return send(304);
    } else yaml = agent.versions[Number(v)];
    if (yaml === undefined) return send(404, { error: { code: 'unknown_version', message: `no version ${v}` } });
    send(200, {
      agentId,
      ownerId: agent.ownerId ?? 'owner-1',
      version: v === 'draft' ? 'draft' : Number(v),
      revision,
      sha256: createHash('sha256').update(yaml).digest('hex'),
      yaml,
      mcpServers: agent.mcpServers ?? {},
      secrets: agent.secrets ?? {}
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    agents,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  };
}
