/**
 * A throwaway PostgreSQL server for the integration suite: Debian's initdb and postgres, a data
 * directory and unix socket directory in a temp dir, TCP on 127.0.0.1 at a free port, trust
 * login as user `kvetch`. As root the server runs as `nobody` (PostgreSQL refuses root).
 * Missing binaries are a failure naming the Debian package, never a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** URL of a first empty database. */
  url: string;
  /** Create another empty database; its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function findBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server not found (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (or run bash scripts/install-test-deps.sh)');
  return join(root, newest, 'bin');
}

/** uid and gid of an unprivileged account to run the server as root; undefined when not root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root and there is no "nobody" account to run PostgreSQL as (PostgreSQL refuses to run as root)');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function run(cmd: string, args: string[], opts: { cwd: string; user: { uid: number; gid: number } | undefined }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], ...opts.user });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${out.trim().slice(-2000)}`))));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until the server takes a login, or fail with its log when it exits or never answers. */
async function waitReady(server: ChildProcess, port: number, log: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`postgres exited (${server.exitCode ?? server.signalCode}) before accepting connections:\n${log()}`);
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'kvetch', database: 'postgres', connectionTimeoutMillis: 1000 });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error(`postgres on 127.0.0.1:${port} did not accept connections within 30 s:\n${log()}`);
}

async function startServer(bin: string, dir: string, user: { uid: number; gid: number } | undefined): Promise<{ server: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ['-D', join(dir, 'data'), '-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const server = spawn(join(bin, 'postgres'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], ...user });
    let log = '';
    server.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-8000)));
    try {
      await waitReady(server, port, () => log);
      return { server, port };
    } catch (e) {
      server.kill('SIGKILL');
      // Another program may have taken the port between our probe and postgres' bind.
      if (attempt < 3 && /could not bind|Address already in use/.test(log)) continue;
      throw e;
    }
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findBin();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-pg-'));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    await run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'kvetch', '-A', 'trust', '-E', 'UTF8', '--no-locale', '-N'], { cwd: dir, user });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let started: { server: ChildProcess; port: number };
  try {
    started = await startServer(bin, dir, user);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const { server, port } = started;
  // If the test process dies without stop(), do not leave a server behind.
  const onExit = () => server.kill('SIGQUIT');
  process.on('exit', onExit);
  const base = `postgresql://kvetch@127.0.0.1:${port}`;
  let n = 0;
  const newDatabase = async (): Promise<string> => {
    const name = `kvetch_${++n}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return `${base}/${name}`;
  };
  const url = await newDatabase();
  return {
    url,
    newDatabase,
    async stop() {
      process.off('exit', onExit);
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
        const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
