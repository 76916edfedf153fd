/**
 * Resource bounds (issue 16): hostile inputs made in a temp dir, each read by `kvetch check
 * --format json` in a child process: a gzip bomb (4 GiB of zeros in 4 MB), a 1 GiB message on
 * one line, a 100,000-patch series, a 1,000-deep MIME tree. Each must end with exit 0 or 1 (never
 * 2, never a crash), name the input in the finding it expects, and stay under MAX_RSS_MB.
 * Prints a table; exits 1 when a bound is missed. `node dist/bench/resource-bounds.js [--keep]`.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { launcherEnv } from './launcher-env.js';

const MAX_RSS_MB = 256;
const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kvetch-bounds-'));

interface Case {
  name: string;
  make: (path: string) => Promise<void>;
  file: string;
  /** The finding the input must produce. */
  expect: string;
}

const HEAD = (subject: string, id: string): string =>
  `From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: A U Thor <author@example.org>\nDate: Mon, 1 May 2023 10:00:00 +0000\nSubject: ${subject}\nMessage-ID: <${id}@example.org>\n`;

async function writeChunks(path: string, first: string, chunk: Buffer, count: number, gzip: boolean): Promise<void> {
  const out = createWriteStream(path);
  const sink = gzip ? createGzip({ level: 9 }) : null;
  if (sink) sink.pipe(out);
  const w = sink ?? out;
  const write = async (b: Buffer | string): Promise<void> => {
    if (!w.write(b)) await once(w, 'drain');
  };
  await write(first);
  for (let i = 0; i < count; i++) await write(chunk);
  w.end();
  await once(out, 'finish');
}

const CASES: Case[] = [
  {
    name: 'gzip bomb: 4 GiB of zeros',
    file: 'bomb.mbox.gz',
    expect: 'input/gzip-bomb',
    make: (p) => writeChunks(p, `${HEAD('[PATCH] zeros', 'bomb')}\n`, Buffer.alloc(1 << 20, 0x30), 4096, true),
  },
  {
    name: '1 GiB message on one line',
    file: 'line.mbox',
    expect: 'input/oversized-message',
    make: (p) => writeChunks(p, `${HEAD('[PATCH] one line', 'line')}\n`, Buffer.alloc(1 << 20, 0x61), 1024, false),
  },
  {
    name: '100,000-patch series',
    file: 'huge-series.mbox',
    expect: 'input/bad-counter',
    make: async (p) => {
      const out = createWriteStream(p);
      for (let i = 1; i <= 100_000; i++) {
        const mail = `${HEAD(`[PATCH ${i}/100000] lib: step ${i}`, `s${i}`)}In-Reply-To: <s1@example.org>\n\nStep ${i}.\n---\ndiff --git a/lib/s${i}.c b/lib/s${i}.c\n--- a/lib/s${i}.c\n+++ b/lib/s${i}.c\n@@ -1 +1,2 @@\n int x;\n+int y${i};\n\n`;
        if (!out.write(mail)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    },
  },
  {
    name: '1,000-deep MIME',
    file: 'deep.mbox',
    expect: 'input/unparseable-message',
    make: async (p) => {
      let s = `${HEAD('[PATCH] deep', 'deep')}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n\n`;
      for (let i = 0; i < 1000; i++) s += `--b${i}\nContent-Type: multipart/mixed; boundary="b${i + 1}"\n\n`;
      s += '--b1000\nContent-Type: text/plain\n\nhello\n';
      for (let i = 1000; i >= 0; i--) s += `--b${i}--\n`;
      writeFileSync(p, s);
    },
  },
];

interface Row {
  name: string;
  code: number | null;
  seconds: number;
  rssMb: number;
  found: number;
  ok: boolean;
}

const rows: Row[] = [];
for (const c of CASES) {
  const path = join(dir, c.file);
  await c.make(path);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(here, 'run-kvetch.js'), path, '1', '--fail-level', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30, env: launcherEnv() });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const last = r.stderr.trim().split('\n').at(-1) ?? '{}';
  const rssMb = Math.round(((JSON.parse(last.startsWith('{') ? last : '{}') as { maxRssKb?: number }).maxRssKb ?? 0) / 1024);
  let found = 0;
  try {
    const doc = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    found = doc.findings.filter((f) => f.ruleId === c.expect).length;
  } catch {
    found = -1;
  }
  rows.push({ name: c.name, code: r.status, seconds, rssMb, found, ok: (r.status === 0 || r.status === 1) && found > 0 && rssMb > 0 && rssMb <= MAX_RSS_MB });
  rmSync(path, { force: true });
}
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });

console.log(`\nResource bounds (kvetch check --format json --jobs 1; peak RSS bound ${MAX_RSS_MB} MB)\n`);
console.log('| input | exit | wall s | peak RSS MB | expected finding (count) | ok |');
console.log('|---|---:|---:|---:|---|---|');
for (const [i, r] of rows.entries()) console.log(`| ${r.name} | ${r.code} | ${r.seconds.toFixed(1)} | ${r.rssMb} | ${CASES[i]?.expect} (${r.found}) | ${r.ok ? 'yes' : '**NO**'} |`);
if (rows.some((r) => !r.ok)) process.exitCode = 1;
