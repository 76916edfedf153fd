/**
 * A real public-inbox (Debian package public-inbox, 1.9) serving test lists over HTTP on
 * 127.0.0.1: v2 inboxes made with public-inbox-init, mail imported as public-inbox stores it
 * (one git commit per message, the mail in blob `m`, via git fast-import: -mda would reject
 * mail without a matching To/List-Id and costs a process per message), indexed with
 * public-inbox-index (Xapian, for `?q=` search) and, like lore's `/all/`, public-inbox-extindex.
 * Works as root (nothing needs dropping privileges); HOME and PI_CONFIG point into a temp dir.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBytes } from '../../src/ingest/mbox/read-stream.js';
import { readPaths as readInputs } from './check.js';
import type { IngestItem } from '../../src/model/raw-message.js';

export interface PublicInboxOptions {
  lists: { name: string; mbox: Buffer | string }[];
  /** Xapian search (`?q=`), default true. */
  xapian?: boolean;
  /** An extindex at `/all/` as on lore (and the `/<msgid>` redirector pointing to it), default true. */
  all?: boolean;
}

export interface PublicInbox {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Append mail to a list and index it; `newEpoch` starts epoch N+1 first (as v2 does at ~1 GB). */
  add(list: string, rawMail: Buffer | Buffer[], opts?: { newEpoch?: boolean }): Promise<void>;
  /** Raw mails of the seed input of a list, as imported. */
  mails(list: string): Buffer[];
  stop(): Promise<void>;
}

const PROGRAMS = ['public-inbox-init', 'public-inbox-index', 'public-inbox-extindex', 'public-inbox-httpd'];

export async function startPublicInbox(opts: PublicInboxOptions): Promise<PublicInbox> {
  await requirePrograms();
  const dir = await mkdtemp(join(tmpdir(), 'kvetch-pi-'));
  const env = { ...process.env, HOME: join(dir, 'home'), PI_CONFIG: join(dir, 'config'), LC_ALL: 'C' };
  const xapian = opts.xapian ?? true;
  const all = opts.all ?? true;
  const seeds = new Map<string, Buffer[]>();
  let httpd: ChildProcess | null = null;
  try {
    await mkdir(env.HOME, { recursive: true });
    let port = await freePort();
    const run = (cmd: string, args: string[]) => exec(cmd, args, env);
    for (const l of opts.lists) {
      const inbox = join(dir, l.name);
      // With /all/, the extindex carries the Xapian index and per-list search uses it.
      const level = xapian && !all ? 'full' : 'basic';
      await run('public-inbox-init', ['-V2', '-L', level, l.name, inbox, `http://127.0.0.1:${port}/${l.name}`, `${l.name}@lists.example.org`]);
      const mails = await mailsOf(l.mbox);
      seeds.set(l.name, mails);
      await importMails(join(inbox, 'git', '0.git'), mails);
      await run('public-inbox-index', ['--no-fsync', inbox]);
    }
    if (all) {
      await run('git', ['config', '-f', env.PI_CONFIG, 'extindex.all.topdir', join(dir, 'all')]);
      await run('public-inbox-extindex', ['--no-fsync', '-L', xapian ? 'full' : 'medium', '--all', join(dir, 'all')]);
    }
    // The port was free a moment ago; if another process took it, take another.
    for (let attempt = 0; ; attempt++) {
      try {
        httpd = await startHttpd(port, env, dir);
        break;
      } catch (e) {
        if (attempt >= 2 || !/in use/i.test(String(e))) throw e;
        port = await freePort();
        for (const l of opts.lists) await run('git', ['config', '-f', env.PI_CONFIG, `publicinbox.${l.name}.url`, `http://127.0.0.1:${port}/${l.name}`]);
      }
    }
    const base = `http://127.0.0.1:${port}`;
    let queue: Promise<void> = Promise.resolve();
    const server = httpd;
    return {
      base,
      mails: (list) => seeds.get(list) ?? [],
      add(list, rawMail, addOpts = {}) {
        const job = queue.then(async () => {
          const inbox = join(dir, list);
          const epochs = await epochDirs(inbox);
          let epoch = epochs[epochs.length - 1] ?? 0;
          if (addOpts.newEpoch) epoch = await newEpoch(inbox, epoch + 1);
          await importMails(join(inbox, 'git', `${epoch}.git`), Array.isArray(rawMail) ? rawMail : [rawMail]);
          await run('public-inbox-index', ['--no-fsync', inbox]);
          if (all) await run('public-inbox-extindex', ['--no-fsync', '--all', join(dir, 'all')]);
        });
        queue = job.catch(() => undefined);
        return job;
      },
      async stop() {
        await stopProcess(server);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stopProcess(httpd);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

async function requirePrograms(): Promise<void> {
  for (const p of PROGRAMS) {
    try {
      await exec('sh', ['-c', `command -v ${p}`], process.env);
    } catch {
      throw new Error(`${p} not found: the lore integration tests need a real public-inbox; install the Debian package public-inbox (scripts/install-test-deps.sh)`);
    }
  }
  try {
    await exec('git', ['--version'], process.env);
  } catch {
    throw new Error('git not found: install the Debian package git');
  }
}

/** Raw mails of an mbox (bytes or path; paths may also be archive pages, read as kvetch reads them). */
async function mailsOf(mbox: Buffer | string): Promise<Buffer[]> {
  const items: AsyncIterable<IngestItem> = typeof mbox === 'string' ? readInputs([mbox]) : readBytes(mbox, 'seed.mbox');
  const out: Buffer[] = [];
  for await (const item of items) {
    if (item.type === 'message') out.push(item.message.bytes);
    else if (item.type === 'problem') throw new Error(`seed mail: ${item.problem.message}`);
  }
  return out;
}

let clock = Math.floor(Date.now() / 1000);

/** One commit per message on refs/heads/master, tree = the single blob `m` (public-inbox-v2-format(5)). */
async function importMails(gitDir: string, mails: Buffer[]): Promise<void> {
  const hasHead = await exec('git', ['--git-dir', gitDir, 'rev-parse', '--verify', '-q', 'refs/heads/master'], process.env).then(
    () => true,
    () => false,
  );
  const chunks: Buffer[] = [];
  mails.forEach((mail, i) => {
    const subject = (/^Subject:[ \t]*(.*)$/im.exec(mail.toString('latin1'))?.[1] ?? 'mail').replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
    const msg = Buffer.from(subject + '\n');
    const when = clock++;
    chunks.push(Buffer.from(`commit refs/heads/master\nauthor kvetch test <test@kvetch.invalid> ${when} +0000\ncommitter kvetch test <test@kvetch.invalid> ${when} +0000\ndata ${msg.length}\n`));
    chunks.push(msg);
    if (i === 0 && hasHead) chunks.push(Buffer.from('from refs/heads/master^0\n'));
    chunks.push(Buffer.from(`M 100644 inline m\ndata ${mail.length}\n`), mail, Buffer.from('\n\n'));
  });
  await exec('git', ['--git-dir', gitDir, 'fast-import', '--quiet'], process.env, Buffer.concat(chunks));
}

async function epochDirs(inbox: string): Promise<number[]> {
  return (await readdir(join(inbox, 'git')))
    .map((n) => /^(\d+)\.git$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A new empty epoch wired as public-inbox's V2Writable does: own repo, linked from all.git. */
async function newEpoch(inbox: string, epoch: number): Promise<number> {
  const gitDir = join(inbox, 'git', `${epoch}.git`);
  await exec('git', ['init', '--bare', '-q', gitDir], process.env);
  await writeFile(join(gitDir, 'config'), '[core]\n\trepositoryFormatVersion = 0\n\tfilemode = true\n\tbare = true\n[include]\n\tpath = ../../all.git/config\n');
  await appendFile(join(inbox, 'all.git', 'objects', 'info', 'alternates'), `../../git/${epoch}.git/objects\n`);
  return epoch;
}

function startHttpd(port: number, env: NodeJS.ProcessEnv, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('public-inbox-httpd', ['-W0', '-l', `127.0.0.1:${port}`], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', (e) => finish(e));
    child.on('exit', (code) => finish(new Error(`public-inbox-httpd exited (${code}) before answering: ${stderr.trim()}`)));
    const finish = (e: Error | null) => {
      if (settled) return;
      settled = true;
      if (e) reject(e);
      else resolve(child);
    };
    const deadline = Date.now() + 30_000;
    const probe = async () => {
      if (settled) return;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status > 0) return finish(null); // any answer: "/" is 404 without publicinbox.wwwlisting
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        return finish(new Error(`public-inbox-httpd did not answer on 127.0.0.1:${port} within 30 s: ${stderr.trim()}`));
      }
      setTimeout(() => void probe(), 100);
    };
    void probe();
  });
}

async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
    if (input) child.stdin?.end(input);
    else child.stdin?.end();
  });
}
