/**
 * The built CLI (`dist/src/cli/main.js check --format json`) on generated and mutated mboxes:
 * the report is the same for --jobs 1 and --jobs 2 (workers read byte ranges), for the mbox
 * gzipped and for the mbox on stdin. Each run costs four processes, so one run checks a batch
 * of up to FUZZ_CLI_BATCH generated mboxes (250) written one after the other as one mbox, and
 * the campaign makes FUZZ_CLI_RUNS runs (800), not FUZZ_RUNS: about 100,000 mboxes. The
 * property holds for any mbox, a batch included; shrinking a failing batch drops mboxes from
 * it down to the ones that fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Target } from '../harness.js';
import { fileURLToPath } from 'node:url';
import { withoutSources } from '../triage-props.js';
import { asBuffer, mboxArb } from './triage.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface Output {
  jobs1: Run;
  jobs2: Run;
  gzip: Run;
  stdin: Run;
}

/** The CLI built beside this file (dist/src/cli/main.js next to dist/bench/fuzz/). */
const CLI = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

function check(args: string[], input?: Buffer): Run {
  const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--no-progress', '--fail-level', 'none', ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000, // a hung CLI is killed and shows as exit null
    maxBuffer: 256 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const same = (a: Run, b: Run, what: string): string | null => {
  if (a.status !== 0 || b.status !== 0) return `${what}: exit ${a.status} / ${b.status}: ${(a.stderr + b.stderr).slice(0, 300)}`;
  return withoutSources(a.stdout) === withoutSources(b.stdout) ? null : `${what}: the reports differ`;
};

/** Generated mboxes per run: FUZZ_CLI_BATCH, 250 by default. */
export function cliBatch(): number {
  const n = Number(process.env.FUZZ_CLI_BATCH ?? 250);
  return Number.isInteger(n) && n > 0 ? n : 250;
}

/** The batch as one mbox: each generated mbox after the other, each ending in a newline. */
export function batchText(batch: readonly string[]): string {
  return batch.map((t) => (t.endsWith('\n') ? t : `${t}\n`)).join('');
}

export function cliTarget(): Target<string[], Output> {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-fuzz-cli-'));
  let n = 0;
  return {
    name: 'cli',
    arbitrary: fc.array(mboxArb(), { minLength: 1, maxLength: cliBatch(), size: 'max' }),
    units: (batch) => batch.length,
    run: (batch) => {
      const bytes = asBuffer(batchText(batch));
      const file = join(dir, `in-${n}.mbox`);
      const gz = join(dir, `in-${n}.mbox.gz`);
      n++;
      writeFileSync(file, bytes);
      writeFileSync(gz, gzipSync(bytes));
      try {
        return { jobs1: check(['--jobs', '1', file]), jobs2: check(['--jobs', '2', file]), gzip: check(['--jobs', '1', gz]), stdin: check(['--jobs', '1', '-'], bytes) };
      } finally {
        rmSync(file, { force: true });
        rmSync(gz, { force: true });
      }
    },
    show: (batch) => JSON.stringify(batchText(batch)),
    weight: 300,
    // Four processes of the CLI per batch; a hang is one that reaches the spawn timeout.
    hangMs: 4 * 60_000,
    properties: [
      { name: 'exits 0 with a JSON report', check: (_t, o) => (o.jobs1.status === 0 && o.jobs1.stdout.startsWith('{') ? null : `exit ${o.jobs1.status}: ${o.jobs1.stderr.slice(0, 300)}`) },
      { name: 'report identical for --jobs 1 and --jobs 2', check: (_t, o) => same(o.jobs1, o.jobs2, 'jobs 2') },
      { name: 'report identical for gzip input', check: (_t, o) => same(o.jobs1, o.gzip, 'gzip') },
      { name: 'report identical for stdin input', check: (_t, o) => same(o.jobs1, o.stdin, 'stdin') },
    ],
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
