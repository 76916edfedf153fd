/**
 * A small HTTP server on 127.0.0.1 (a free port) for the fakes of live sources: a handler
 * returns a whole reply, this wrapper logs every request and injects faults before or while
 * answering: N responses with a status (502…), a delay (longer than a client's timeout), a body
 * cut in the middle (Content-Length promises more than is sent, then the socket closes). A status
 * fault may carry its own headers and body (a 403 with `Retry-After` and a JSON message); an
 * optional observer sees every request with the status it was answered (faulted ones included).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface FakeRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (req: FakeRequest, url: URL) => Reply | Promise<Reply>;

/**
 * `times` (default 1) matching requests get the fault; `path` limits it to matching URLs. A status
 * fault answers an HTML page unless it gives `headers` and/or `body` (then those, as given).
 */
export type Fault = (
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'cut' }
) & { times?: number; path?: RegExp };

/** Called once per answered request: the status sent and whether a fault produced it. */
export type Observer = (req: FakeRequest, status: number, faulted: boolean) => void;

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Every request received, in order (faulted ones included). */
  requests: FakeRequest[];
  setFault(f: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export async function startFakeServer(handler: Handler, observe?: Observer): Promise<FakeServer> {
  const faults: Array<Fault & { left: number }> = [];
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const takeFault = (url: string): Fault | null => {
    const i = faults.findIndex((f) => f.left > 0 && (!f.path || f.path.test(url)));
    if (i < 0) return null;
    const f = faults[i] as Fault & { left: number };
    f.left--;
    if (f.left === 0) faults.splice(i, 1);
    return f;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fr: FakeRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(fr);
    const host = req.headers.host ?? '127.0.0.1';
    const url = new URL(fr.url, `http://${host}`);
    const fault = takeFault(fr.url);
    if (fault?.kind === 'status') {
      const custom = fault.headers !== undefined || fault.body !== undefined;
      observe?.(fr, fault.status, true);
      send(res, {
        status: fault.status,
        headers: custom ? (fault.headers ?? {}) : { 'Content-Type': 'text/html' },
        body: custom ? (fault.body ?? '') : `<h1>${fault.status} injected fault</h1>\n`,
      });
      return;
    }
    if (fault?.kind === 'delay') {
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          timers.delete(t);
          r();
        }, fault.ms);
        timers.add(t);
      });
      if (res.destroyed || req.socket.destroyed) return;
    }
    let reply: Reply;
    try {
      reply = await handler(fr, url);
    } catch (e) {
      reply = { status: 500, headers: { 'Content-Type': 'text/plain' }, body: `fake server error: ${(e as Error).stack ?? String(e)}\n` };
    }
    observe?.(fr, reply.status, fault?.kind === 'cut');
    if (fault?.kind === 'cut') {
      const body = Buffer.from(reply.body ?? '');
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length + 100) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    send(res, reply);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    setFault(f) {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(reply.body ?? '');
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
  res.end(body);
}

export function json(status: number, data: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(data) };
}

/** Form-encoded or JSON request body → fields (last value wins). */
export function formFields(req: FakeRequest): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  const text = req.body.toString('utf8');
  if (type.startsWith('application/json')) {
    const v: unknown = JSON.parse(text || '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}
