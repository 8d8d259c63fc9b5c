/**
 * LiveKit worker-protocol fake: what a LiveKit server shows an agent worker, enough to register a
 * worker and hand it jobs.
 *
 *  WS /agent   protobuf WorkerMessage ⇄ ServerMessage (@livekit/protocol), as @livekit/agents 1.9
 *              speaks it: register → RegisterWorkerResponse; AvailabilityRequest → AvailabilityResponse;
 *              JobAssignment {job, url, token}; updateWorker load reports; JobTermination.
 *  WS /rtc     the room signal endpoint a job connects to. The fake records the attempt (room
 *              token, query) and closes it: a real WebRTC room is out of a fake's reach, so tests
 *              observe a job up to its room connect.
 *
 * Auth: `Authorization: Bearer <jwt>` with the `agent` grant, signed with the fake's secret.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AvailabilityRequest,
  Job,
  JobAssignment,
  JobTermination,
  JobType,
  RegisterWorkerResponse,
  Room,
  ServerInfo,
  ServerMessage,
  WorkerMessage
} from '@livekit/protocol';
import { AccessToken } from 'livekit-server-sdk';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RegisteredWorker {
  workerId: string;
  agentName: string;
  version: string;
  type: JobType;
  socket: WebSocket;
  /** decoded payload of the worker's bearer token */
  auth: Record<string, unknown>;
  messages: WorkerMessage[];
  closed: boolean;
}

export interface DispatchOptions {
  metadata: string;
  roomName?: string;
  agentName?: string;
  jobId?: string;
  /** which registered worker gets the request (default: the newest open one) */
  workerId?: string;
  /** ms to wait for the availability answer (default 10 000) */
  timeoutMs?: number;
}

export interface DispatchResult {
  jobId: string;
  roomName: string;
  accepted: boolean;
  participantIdentity?: string;
  participantAttributes?: Record<string, string>;
}

export interface RtcAttempt {
  path: string;
  query: Record<string, string>;
  /** decoded payload of the access token the job presented */
  token?: Record<string, unknown>;
  at: number;
}

export interface LiveKitWorkerFake {
  /** ws://127.0.0.1:PORT — LIVEKIT_URL for the worker */
  url: string;
  apiKey: string;
  apiSecret: string;
  workers: RegisteredWorker[];
  rtcAttempts: RtcAttempt[];
  /** plain HTTP requests (not WebSocket upgrades) the fake answered with 404 */
  httpRequests: Array<{ method: string; path: string; query: Record<string, string> }>;
  rejectedConnections: number;
  waitForWorker(timeoutMs?: number): Promise<RegisteredWorker>;
  /** Availability request → (if accepted) assignment. Resolves once the worker answered. */
  dispatch(opts: DispatchOptions): Promise<DispatchResult>;
  terminate(jobId: string, workerId?: string): void;
  waitForRtcAttempt(roomName: string, timeoutMs?: number): Promise<RtcAttempt>;
  close(): Promise<void>;
}

function decodeJwt(token: string, secret: string): Record<string, unknown> | undefined {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const sig = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  if (sig !== s) return undefined;
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return undefined;
  return payload;
}

function bearer(req: IncomingMessage): string | undefined {
  return /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
}

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startLiveKitWorkerFake(
  opts: { apiKey?: string; apiSecret?: string } = {}
): Promise<LiveKitWorkerFake> {
  const apiKey = opts.apiKey ?? 'devkey';
  const apiSecret = opts.apiSecret ?? 'fake-secret-with-at-least-32-characters!';
  const workers: RegisteredWorker[] = [];
  const rtcAttempts: RtcAttempt[] = [];
  const httpRequests: Array<{ method: string; path: string; query: Record<string, string> }> = [];
  const pending = new Map<string, (m: WorkerMessage) => void>();
  let rejectedConnections = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    httpRequests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams.entries()) });
    res.writeHead(404);
    res.end();
  });
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();

  const sendServer = (ws: WebSocket, message: ServerMessage['message']) => {
    ws.send(new ServerMessage({ message }).toBinary());
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/rtc' || url.pathname.startsWith('/rtc/')) {
      const query = Object.fromEntries(url.searchParams.entries());
      // The rtc-node (Rust) signal client sends the room token as a bearer header; older clients use ?access_token=.
      const raw = bearer(req) ?? query.access_token;
      const token = raw ? decodeJwt(raw, apiSecret) : undefined;
      rtcAttempts.push({ path: url.pathname, query, token, at: Date.now() });
      socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (url.pathname !== '/agent') {
      socket.destroy();
      return;
    }
    const token = bearer(req);
    const auth = token ? decodeJwt(token, apiSecret) : undefined;
    const video = auth?.video as { agent?: boolean } | undefined;
    if (!auth || auth.iss !== apiKey || !video?.agent) {
      rejectedConnections++;
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      let worker: RegisteredWorker | undefined;
      ws.on('close', () => {
        sockets.delete(ws);
        if (worker) worker.closed = true;
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return;
        const msg = WorkerMessage.fromBinary(new Uint8Array(data as Buffer));
        worker?.messages.push(msg);
        switch (msg.message.case) {
          case 'register': {
            const r = msg.message.value;
            worker = {
              workerId: `AW_${randomUUID().slice(0, 12)}`,
              agentName: r.agentName,
              version: r.version,
              type: r.type,
              socket: ws,
              auth,
              messages: [msg],
              closed: false
            };
            workers.push(worker);
            sendServer(ws, {
              case: 'register',
              value: new RegisterWorkerResponse({
                workerId: worker.workerId,
                serverInfo: new ServerInfo({ version: 'fake', protocol: 16, agentProtocol: 1, nodeId: 'fake-node' })
              })
            });
            break;
          }
          case 'availability': {
            pending.get(msg.message.value.jobId)?.(msg);
            break;
          }
          default:
            break;
        }
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}`;

  const pickWorker = (workerId?: string) =>
    [...workers].reverse().find((w) => !w.closed && (!workerId || w.workerId === workerId));

  const fake: LiveKitWorkerFake = {
    url,
    apiKey,
    apiSecret,
    workers,
    rtcAttempts,
    httpRequests,
    get rejectedConnections() {
      return rejectedConnections;
    },
    waitForWorker(timeoutMs = 20_000) {
      return until(() => pickWorker(), timeoutMs, 'a worker to register');
    },
    async dispatch(d) {
      const worker = pickWorker(d.workerId);
      if (!worker) throw new Error('no registered worker');
      const jobId = d.jobId ?? `AJ_${randomUUID().slice(0, 12)}`;
      const roomName = d.roomName ?? `room-${jobId}`;
      const job = new Job({
        id: jobId,
        dispatchId: `AD_${randomUUID().slice(0, 12)}`,
        type: JobType.JT_ROOM,
        room: new Room({ sid: `RM_${randomUUID().slice(0, 12)}`, name: roomName }),
        metadata: d.metadata,
        agentName: d.agentName ?? worker.agentName
      });
      const answer = new Promise<WorkerMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(jobId);
          reject(new Error(`worker did not answer availability for ${jobId}`));
        }, d.timeoutMs ?? 10_000);
        pending.set(jobId, (m) => {
          clearTimeout(timer);
          pending.delete(jobId);
          resolve(m);
        });
      });
      sendServer(worker.socket, { case: 'availability', value: new AvailabilityRequest({ job, resuming: false }) });
      const msg = await answer;
      const av = msg.message.case === 'availability' ? msg.message.value : undefined;
      if (!av?.available) return { jobId, roomName, accepted: false };

      const at = new AccessToken(apiKey, apiSecret, { identity: av.participantIdentity || `agent-${jobId}`, ttl: 600 });
      at.addGrant({ roomJoin: true, room: roomName, agent: true, canPublish: true, canSubscribe: true });
      sendServer(worker.socket, {
        case: 'assignment',
        value: new JobAssignment({ job, url, token: await at.toJwt() })
      });
      return {
        jobId,
        roomName,
        accepted: true,
        participantIdentity: av.participantIdentity,
        participantAttributes: av.participantAttributes
      };
    },
    terminate(jobId, workerId) {
      const worker = pickWorker(workerId);
      if (worker) sendServer(worker.socket, { case: 'termination', value: new JobTermination({ jobId }) });
    },
    waitForRtcAttempt(roomName, timeoutMs = 20_000) {
      return until(
        () => rtcAttempts.find((a) => (a.token?.video as { room?: string } | undefined)?.room === roomName),
        timeoutMs,
        `a room connect to ${roomName}`
      );
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  return fake;
}
