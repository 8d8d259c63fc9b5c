/**
 * LiveKit Twirp fake (JSON Twirp, as livekit-server-sdk speaks it) on 127.0.0.1, random port.
 *
 *  POST /twirp/livekit.AgentDispatchService/{CreateDispatch,DeleteDispatch,ListDispatch}
 *  POST /twirp/livekit.RoomService/{CreateRoom,DeleteRoom,ListRooms,ListParticipants}
 *
 * Point `new AgentDispatchClient(fake.url, key, secret)` / `RoomServiceClient` at `fake.url`.
 * Every request is recorded with its decoded JWT grants (verified with the fake's secret when one
 * is given). `failNext(method, …)` makes the next call of that method fail with a Twirp error;
 * `onDispatch` lets a test forward a dispatch to the worker-protocol fake.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwirpRecord {
  service: string;
  method: string;
  body: Record<string, unknown>;
  /** decoded JWT payload (grants under `video`), or undefined without a bearer token */
  auth?: Record<string, unknown>;
  authValid: boolean;
  at: number;
}

export interface FakeRoom {
  sid: string;
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  creationTime: string;
  metadata: string;
  numParticipants: number;
}

export interface FakeDispatch {
  id: string;
  agentName: string;
  room: string;
  metadata: string;
  state: { jobs: unknown[]; createdAt: string };
}

export interface TwirpFailure {
  status: number;
  code: string;
  msg: string;
}

export interface LiveKitTwirpFake {
  /** http://127.0.0.1:PORT — pass as the LiveKit host to livekit-server-sdk clients */
  url: string;
  requests: TwirpRecord[];
  rooms: Map<string, FakeRoom>;
  dispatches: Map<string, FakeDispatch>;
  failNext(method: string, failure?: Partial<TwirpFailure>): void;
  calls(method: string): TwirpRecord[];
  close(): Promise<void>;
}

export interface LiveKitTwirpFakeOptions {
  apiKey?: string;
  apiSecret?: string;
  /** Called after a dispatch is stored (e.g. to assign a job through the worker-protocol fake). */
  onDispatch?: (dispatch: FakeDispatch) => void | Promise<void>;
}

function decodeJwt(token: string, secret: string | undefined): { payload?: Record<string, unknown>; valid: boolean } {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false };
  let payload: Record<string, unknown> | undefined;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { valid: false };
  }
  if (!secret) return { payload, valid: true };
  const sig = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
  const exp = typeof payload.exp === 'number' ? payload.exp : Infinity;
  return { payload, valid: sig === parts[2] && exp * 1000 > Date.now() };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export async function startLiveKitTwirpFake(opts: LiveKitTwirpFakeOptions = {}): Promise<LiveKitTwirpFake> {
  const requests: TwirpRecord[] = [];
  const rooms = new Map<string, FakeRoom>();
  const dispatches = new Map<string, FakeDispatch>();
  const failures = new Map<string, TwirpFailure>();

  const twirpError = (res: ServerResponse, f: TwirpFailure) => {
    res.writeHead(f.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: f.code, msg: f.msg }));
  };
  const ok = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const ensureRoom = (name: string, body: Record<string, unknown> = {}): FakeRoom => {
    let room = rooms.get(name);
    if (!room) {
      room = {
        sid: `RM_${randomUUID().slice(0, 12)}`,
        name,
        emptyTimeout: Number(body.emptyTimeout ?? 300),
        maxParticipants: Number(body.maxParticipants ?? 0),
        creationTime: String(Math.floor(Date.now() / 1000)),
        metadata: String(body.metadata ?? ''),
        numParticipants: 0
      };
      rooms.set(name, room);
    }
    return room;
  };

  const handlers: Record<string, (body: Record<string, unknown>) => Promise<unknown> | unknown> = {
    'livekit.RoomService/CreateRoom': (b) => ensureRoom(String(b.name ?? ''), b),
    'livekit.RoomService/DeleteRoom': (b) => {
      rooms.delete(String(b.room ?? ''));
      return {};
    },
    'livekit.RoomService/ListRooms': (b) => {
      const names = (b.names as string[] | undefined) ?? [];
      return { rooms: [...rooms.values()].filter((r) => names.length === 0 || names.includes(r.name)) };
    },
    'livekit.RoomService/ListParticipants': () => ({ participants: [] }),
    'livekit.AgentDispatchService/CreateDispatch': async (b) => {
      const room = String(b.room ?? '');
      ensureRoom(room);
      const d: FakeDispatch = {
        id: `AD_${randomUUID().slice(0, 12)}`,
        agentName: String(b.agentName ?? ''),
        room,
        metadata: String(b.metadata ?? ''),
        state: { jobs: [], createdAt: String(Date.now()) }
      };
      dispatches.set(d.id, d);
      await opts.onDispatch?.(d);
      return d;
    },
    'livekit.AgentDispatchService/DeleteDispatch': (b) => {
      const d = dispatches.get(String(b.dispatchId ?? ''));
      dispatches.delete(String(b.dispatchId ?? ''));
      return d ?? {};
    },
    'livekit.AgentDispatchService/ListDispatch': (b) => ({
      agentDispatches: [...dispatches.values()].filter(
        (d) => d.room === b.room && (!b.dispatchId || d.id === b.dispatchId)
      )
    })
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/twirp\/(livekit\.\w+)\/(\w+)$/.exec(url.pathname);
      if (req.method !== 'POST' || !m) {
        twirpError(res, { status: 404, code: 'bad_route', msg: `no route ${req.method} ${url.pathname}` });
        return;
      }
      const [, service, method] = m;
      const body = await readJson(req);
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      const jwt = bearer ? decodeJwt(bearer, opts.apiSecret) : { valid: false };
      if (jwt.payload && opts.apiKey && jwt.payload.iss !== opts.apiKey) jwt.valid = false;
      requests.push({ service, method, body, auth: jwt.payload, authValid: jwt.valid, at: Date.now() });

      if (!jwt.valid) {
        twirpError(res, { status: 401, code: 'unauthenticated', msg: 'invalid or missing token' });
        return;
      }
      const failure = failures.get(method);
      if (failure) {
        failures.delete(method);
        twirpError(res, failure);
        return;
      }
      const handler = handlers[`${service}/${method}`];
      if (!handler) {
        twirpError(res, { status: 404, code: 'bad_route', msg: `unknown method ${service}/${method}` });
        return;
      }
      ok(res, await handler(body));
    })().catch((e: unknown) => {
      if (!res.headersSent) twirpError(res, { status: 500, code: 'internal', msg: String(e) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rooms,
    dispatches,
    failNext(method, failure = {}) {
      failures.set(method, { status: failure.status ?? 500, code: failure.code ?? 'internal', msg: failure.msg ?? 'injected failure' });
    },
    calls(method) {
      return requests.filter((r) => r.method === method);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
