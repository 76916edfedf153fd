import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { captureOutput } from '../../support/capture-output.js';
import { ARCHIVE_ENVELOPE, makeDiff, makeSeries, patchMail, put, replyMail, withTmp } from '../support/mail.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() with stdout and stderr captured (see test/support/capture-output.ts). */
function run(...args: string[]): Promise<Run> {
  return captureOutput(() => main(['node', 'kvetch', ...args]));
}

const S = makeSeries({ tag: 'cli' });
const CLEAN = [S.cover, ...S.patches].join('');
const NO_ID = [S.cover, ...S.patches, patchMail({ subject: '[PATCH] gpio: frob: no id', messageId: null, envelope: ARCHIVE_ENVELOPE })].join('');

interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  stats: Record<string, unknown> & { messages: number; sources: string[] };
  series: { key: string; complete: boolean; cover: { messageId: string } | null; patches: { index: number; messageId: string; files: string[] }[] }[];
  findings: { ruleId: string; severity: string; fatal?: true; subject: { messageId?: string } }[];
}

test('check --format json on clean input: exit 0, schemaVersion 3, the series', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    for (const jobs of [[], ['--jobs', '1'], ['--jobs', '2']]) {
      const r = await run('check', f, '--format', 'json', '--no-progress', ...jobs);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout) as JsonReport;
      assert.equal(doc.schemaVersion, 3);
      assert.equal(doc.tool.name, 'kvetch');
      assert.deepEqual(doc.stats.sources, [f]);
      assert.equal(doc.stats.messages, 3);
      assert.equal(doc.series.length, 1);
      const s = doc.series[0];
      assert.equal(s?.complete, true);
      assert.equal(s?.cover?.messageId, S.coverId);
      assert.deepEqual(
        s?.patches.map((p) => [p.index, p.messageId, p.files]),
        [
          [1, S.patchIds[0], ['drivers/gpio/gpio-frob1.c']],
          [2, S.patchIds[1], ['drivers/gpio/gpio-frob2.c']],
        ],
      );
      assert.deepEqual(doc.findings, []);
      assert.ok(r.stdout.endsWith('}\n'));
    }
  });
});

test('missing Message-ID (a warning): exit 1 with --fail-level warning, 0 with the default (error) and with none', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'noid.mbox', NO_ID);
    const warn = await run('check', f, '--format', 'json', '--fail-level', 'warning', '--jobs', '1');
    assert.equal(warn.code, 1);
    const doc = JSON.parse(warn.stdout) as JsonReport;
    assert.deepEqual(
      doc.findings.map((x) => [x.ruleId, x.severity]),
      [['input/missing-message-id', 'warning']],
    );
    assert.equal((await run('check', f, '--format', 'json', '--jobs', '1')).code, 0);
    assert.equal((await run('check', f, '--format', 'json', '--fail-level', 'info', '--jobs', '1')).code, 1);
    assert.equal((await run('check', f, '--format', 'json', '--fail-level', 'none', '--jobs', '1')).code, 0);
    assert.equal((await run('check', f, '--format', 'json', '--fail-level', 'error', '--jobs', '1')).code, 0);
  });
});

test('a fatal input finding (lying hunk counts): exit 1 with the default fail level', async () => {
  await withTmp(async (dir) => {
    const bad = patchMail({ subject: '[PATCH] gpio: frob: lying', messageId: '<lie@example.org>', diff: makeDiff('drivers/gpio/gpio-frob.c', ['\tx();']).replace('+40,7 @@', '+40,12 @@') });
    const f = await put(dir, 'bad.mbox', CLEAN + bad);
    const r = await run('check', f, '--format', 'json');
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      doc.findings.map((x) => [x.ruleId, x.fatal, x.subject.messageId]),
      [['input/diff-hunk-count-mismatch', true, '<lie@example.org>']],
    );
  });
});

test('missing input file: exit 2, stderr names the file and tells what to do, nothing on stdout', async () => {
  await withTmp(async (dir) => {
    const missing = join(dir, 'no-such-archive.mbox');
    for (const jobs of ['1', '2']) {
      const r = await run('check', missing, '--format', 'json', '--jobs', jobs);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^kvetch: /);
      assert.ok(r.stderr.includes(missing), r.stderr);
      assert.match(r.stderr, /check the path/);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });
});

test('a missing file among good ones is still exit 2 (not a silent partial report)', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    const r = await run('check', f, join(dir, 'gone.mbox'), '--format', 'json', '--jobs', '1');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /gone\.mbox/);
  });
});

test('--format sarif: valid JSON, version 2.1.0, one result per finding', async () => {
  await withTmp(async (dir) => {
    const clean = await put(dir, 'clean.mbox', CLEAN);
    const r0 = await run('check', clean, '--format', 'sarif');
    assert.equal(r0.code, 0);
    const log0 = JSON.parse(r0.stdout) as { version: string; $schema: string; runs: { tool: { driver: { name: string } }; results: unknown[] }[] };
    assert.equal(log0.version, '2.1.0');
    assert.match(log0.$schema, /sarif/);
    assert.equal(log0.runs.length, 1);
    assert.equal(log0.runs[0]?.tool.driver.name, 'kvetch');
    assert.deepEqual(log0.runs[0]?.results, []);
    const noid = await put(dir, 'noid.mbox', NO_ID);
    const r1 = await run('check', noid, '--format', 'sarif', '--fail-level', 'warning');
    assert.equal(r1.code, 1);
    const log1 = JSON.parse(r1.stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    assert.equal(log1.version, '2.1.0');
    assert.deepEqual(
      log1.runs[0]?.results.map((x) => [x.ruleId, x.level]),
      [['input/missing-message-id', 'warning']],
    );
  });
});

test('terminal format (default) prints the series', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    const r = await run('check', f, '--jobs', '1');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /gpio: frob: harden offset handling/);
    // eslint-disable-next-line no-control-regex -- ESC [ starts an ANSI colour sequence
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colours when not forced');
  });
});

test('-o writes the report to a file, not stdout', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    const out = join(dir, 'report.json');
    const r = await run('check', f, '--format', 'json', '-o', out, '--jobs', '1');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    const doc = JSON.parse(await readFile(out, 'utf8')) as JsonReport;
    assert.equal(doc.schemaVersion, 3);
    assert.equal(doc.series.length, 1);
  });
});

test('--max-message-size: a larger message becomes an oversized-message error, exit 1', async () => {
  await withTmp(async (dir) => {
    const big = patchMail({ subject: '[PATCH] firmware: frob: table', messageId: '<tbl@example.org>', added: Array.from({ length: 300 }, (_, i) => `\t0x${i.toString(16)},`) });
    const f = await put(dir, 'big.mbox', CLEAN + big);
    for (const jobs of ['1', '2']) {
      const r = await run('check', f, '--format', 'json', '--max-message-size', '2000', '--jobs', jobs);
      assert.equal(r.code, 1);
      const doc = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(
        doc.findings.map((x) => [x.ruleId, x.subject.messageId]),
        [['input/oversized-message', '<tbl@example.org>']],
      );
      assert.equal(doc.series[0]?.complete, true);
    }
  });
});

test('--help exits 0 and prints usage', async () => {
  const top = await run('--help');
  assert.equal(top.code, 0);
  assert.match(top.stdout, /Usage: kvetch/);
  assert.match(top.stdout, /check/);
});

test('--version prints the package version, exit 0', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = await run('--version');
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('top-level usage errors exit 2 with a message: unknown command, unknown option', async () => {
  for (const args of [['frobnicate'], ['--no-such-flag']]) {
    const r = await run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.notEqual(r.stderr, '', `an explanation on stderr for: ${args.join(' ')}`);
    assert.match(r.stderr, /--help/);
  }
});

class ExitCalled extends Error {
  constructor(readonly exitCode: number | undefined) {
    super(`process.exit(${String(exitCode)}) called`);
  }
}

/** run(), with process.exit turned into an exception so that a stray call cannot end the test run. */
async function runNoExit(...args: string[]): Promise<Run & { exitCalled: number | undefined | null }> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back on process
  const orig = process.exit;
  let exitCalled: number | undefined | null = null;
  process.exit = ((c?: number) => {
    exitCalled = c;
    throw new ExitCalled(c);
  });
  try {
    return { ...(await run(...args)), exitCalled };
  } catch (e) {
    if (e instanceof ExitCalled) return { code: -1, stdout: '', stderr: '', exitCalled };
    throw e;
  } finally {
    process.exit = orig;
  }
}


test('check usage errors: main() returns 2 with a message (never calls process.exit)', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    for (const args of [
      ['check', f, '--no-such-flag'],
      ['check', f, '--format', 'xml'],
      ['check', f, '--jobs', 'many'],
      ['check', f, '--fail-level', 'fatal'],
      ['check'],
    ]) {
      const r = await runNoExit(...args);
      assert.equal(r.exitCalled, null, `${args.join(' ')}: process.exit(${String(r.exitCalled)}) called inside main()`);
      assert.equal(r.code, 2, args.join(' '));
      assert.notEqual(r.stderr, '', args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });
});

test('check --help: main() returns 0 (never calls process.exit)', async () => {
  const r = await runNoExit('check', '--help');
  assert.equal(r.exitCalled, null, 'process.exit called inside main()');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--fail-level/);
});

const BIN = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

function spawnKvetch(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

test('the kvetch binary: exit 0 on clean input, 1 on findings, 2 on a missing file', async () => {
  await withTmp(async (dir) => {
    const clean = await put(dir, 'clean.mbox', CLEAN);
    const noid = await put(dir, 'noid.mbox', NO_ID);
    const ok = await spawnKvetch('check', clean, '--format', 'json');
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as JsonReport).series.length, 1);
    assert.equal((await spawnKvetch('check', noid, '--format', 'json', '--fail-level', 'warning')).status, 1);
    const missing = await spawnKvetch('check', join(dir, 'nope.mbox'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.mbox.*check the path/);
    assert.equal((await spawnKvetch('--help')).status, 0);
    assert.equal((await spawnKvetch('check', '--help')).status, 0);
  });
});

test('the kvetch binary: usage errors of check exit 2, not 1 (1 means findings)', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'clean.mbox', CLEAN);
    for (const args of [['check', f, '--format', 'xml'], ['check', f, '--no-such-flag'], ['check']]) {
      const r = await spawnKvetch(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});

test('duplicates and orphans are listed in the JSON stats', async () => {
  await withTmp(async (dir) => {
    const orphan = replyMail({ subject: 'Re: [PATCH] something else', messageId: '<lost@example.net>', inReplyTo: '<not-in-input@example.org>' });
    const f = await put(dir, 'dup.mbox', CLEAN + (S.patches[0] as string) + orphan);
    for (const jobs of ['1', '2']) {
      const r = await run('check', f, '--format', 'json', '--jobs', jobs);
      assert.equal(r.code, 0);
      const doc = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(doc.stats.duplicates, [S.patchIds[0]]);
      assert.deepEqual(doc.stats.orphans, ['<lost@example.net>']);
      assert.equal(doc.series[0]?.patches.length, 2);
    }
  });
});
