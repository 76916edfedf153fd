/**
 * The GitHub app as a deployer runs it: `npm start` in the repository, in its own process group
 * (so that a SIGKILL reaches the app, not only npm), pointed at the GitHub fake through GHE_HOST /
 * GHE_PROTOCOL, listening on a free port of 127.0.0.1. Its pino log lines are kept (JSON).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface AppProcess {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Probot's webhook endpoint. */
  webhookUrl: string;
  /** Parsed JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Everything it wrote, stdout then stderr, as written. */
  output(): string;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  child: ChildProcess;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startAppProcess(o: { appId: number; privateKeyPem: string; secret: string; gheHost: string; db: string; dryRun?: boolean; env?: NodeJS.ProcessEnv }): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: String(o.appId),
      PRIVATE_KEY: o.privateKeyPem,
      WEBHOOK_SECRET: o.secret,
      GHE_HOST: o.gheHost,
      GHE_PROTOCOL: 'http',
      PORT: String(port),
      HOST: '127.0.0.1',
      KVETCH_DB: o.db,
      KVETCH_DRY_RUN: o.dryRun ? '1' : '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      NODE_ENV: 'production',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before answering /ping:\n${out}\n${err}`);
    try {
      const r = await fetch(`${base}/ping`);
      if (r.ok && (await r.text()).includes('PONG')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not answer /ping within 30 s:\n${out}\n${err}`);
    await sleep(100);
  }
  const logs = () =>
    (out + err)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return {
    base,
    webhookUrl: `${base}/api/github/webhooks`,
    logs,
    stderr: () => err,
    output: () => out + err,
    child,
    async stop() {
      signal(child, 'SIGTERM');
      return exited;
    },
    async kill() {
      signal(child, 'SIGKILL');
      await exited;
    },
  };
}

/** A signal to the whole process group (npm and the app under it). */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig);
  } catch {
    // already gone
  }
}
