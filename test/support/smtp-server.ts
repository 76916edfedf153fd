/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package, in-process) for the email channel
 * tests. It keeps every message it accepted (envelope and raw bytes) and answers each DATA as
 * the test scripts it: accept, a 4xx/5xx reply, or dropping the connection mid-DATA.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export type DataReply = 'accept' | 'drop' | { code: number; message: string };

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtp {
  port: number;
  /** Messages accepted (250), in order. */
  received: ReceivedMail[];
  /** How many DATA commands were started (accepted or not). */
  attempts: number;
  /** Replies for the next DATA commands, in order; 'accept' once the list is used up. */
  script: DataReply[];
  /** Called when a DATA has ended (its final dot read), before the server answers it. */
  onDataEnd: (() => void) | undefined;
  stop(): Promise<void>;
}

export async function startSmtp(opts: { auth?: { user: string; pass: string }; /** Recipients refused at RCPT TO (550). */ refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const state = { received: [] as ReceivedMail[], attempts: 0, script: [] as DataReply[], onDataEnd: undefined as (() => void) | undefined };
  const server: SMTPServer = new SMTPServer({
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.(address.address)) cb(Object.assign(new Error(`${address.address}: no such user`), { responseCode: 550 }));
      else cb();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
      state.attempts++;
      const reply = state.script.shift() ?? 'accept';
      const chunks: Buffer[] = [];
      if (reply === 'drop') {
        stream.once('data', () => {
          for (const c of server.connections) if (c.id === session.id) c._socket.destroy();
        });
        stream.on('error', () => {});
        stream.resume();
        return;
      }
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.onDataEnd?.();
        if (reply !== 'accept') return cb(Object.assign(new Error(reply.message), { responseCode: reply.code }));
        const env = session.envelope;
        state.received.push({
          from: env.mailFrom ? env.mailFrom.address : '',
          to: env.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        cb(null, 'Ok: queued');
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    get received() {
      return state.received;
    },
    get attempts() {
      return state.attempts;
    },
    get script() {
      return state.script;
    },
    set script(v: DataReply[]) {
      state.script = v;
    },
    get onDataEnd() {
      return state.onDataEnd;
    },
    set onDataEnd(f: (() => void) | undefined) {
      state.onDataEnd = f;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
