/**
 * Throwaway HTTP servers on 127.0.0.1 for tests: a handler server, and a fault proxy in front of a
 * real server that can answer an error, hang, or cut a body short on chosen requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  base: string;
  /** Every request seen: method and raw path (percent-escapes kept). */
  requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage & { bodyText: string; bodyRaw: Buffer }, res: ServerResponse) => unknown;

export async function serve(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bodyRaw = Buffer.concat(chunks);
      const bodyText = bodyRaw.toString('utf8');
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body: bodyText });
      Promise.resolve(handler(Object.assign(req, { bodyText, bodyRaw }), res)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** What the proxy does with the n-th request (0-based). */
export type Fault = 'pass' | 'hang' | 'truncate' | { status: number };

/** A proxy to `target` (no redirects followed: Location headers pass through). */
export function faultProxy(target: string, plan: (n: number, path: string) => Fault): Promise<TestServer> {
  let n = 0;
  return serve(async (req, res) => {
    const fault = plan(n++, req.url ?? '/');
    if (fault === 'hang') return; // never answers; the client times out
    if (typeof fault === 'object') {
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(`injected ${fault.status}\n`);
      return;
    }
    const reqHeaders: Record<string, string> = { 'accept-encoding': 'identity' };
    for (const h of ['content-type', 'content-encoding', 'git-protocol', 'accept']) {
      const v = req.headers[h];
      if (typeof v === 'string') reqHeaders[h] = v;
    }
    const init: RequestInit = { method: req.method ?? 'GET', redirect: 'manual', headers: reqHeaders };
    if (req.method === 'POST') init.body = req.bodyRaw;
    const up = await fetch(target + (req.url ?? '/'), init);
    let body = Buffer.from(await up.arrayBuffer());
    // A cut that HTTP cannot see: the Content-Length matches the shortened body.
    if (fault === 'truncate') body = body.subarray(0, Math.floor(body.length / 2));
    const headers: Record<string, string> = { 'content-length': String(body.length) };
    for (const h of ['content-type', 'location', 'cache-control']) {
      const v = up.headers.get(h);
      if (v) headers[h] = v;
    }
    res.writeHead(up.status, headers);
    res.end(body);
  });
}
