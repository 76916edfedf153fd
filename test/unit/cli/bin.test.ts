/**
 * `npx kvetch` (the README's quick start) runs package.json's bin: bin/kvetch, a POSIX shell
 * launcher that fixes glibc's mmap threshold, bounds the main thread's semi-space
 * (docs/performance.md, Memory) and execs node on the
 * built CLI, which must exist after the build with a node shebang and be executable (tsc writes
 * files 0644, so the build scripts chmod it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTmp } from '../support/mail.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };

test('the kvetch bin is the shell launcher, and the CLI it runs is built executable with a node shebang', () => {
  assert.equal(pkg.bin.kvetch, 'bin/kvetch');
  assert.match(readFileSync(`${root}bin/kvetch`, 'utf8'), /^#!\/bin\/sh\n/);
  accessSync(`${root}bin/kvetch`, constants.X_OK);
  const cli = 'dist/src/cli/main.js';
  assert.match(pkg.scripts.build ?? '', new RegExp(`chmod \\+x ${cli.replace(/\./g, '\\.')}`), 'build makes the CLI executable');
  for (const script of ['prepare', 'test']) assert.match(pkg.scripts[script] ?? '', /^npm run build\b/, `${script} builds first`);
  assert.match(readFileSync(`${root}${cli}`, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  accessSync(`${root}${cli}`, constants.X_OK);
});

test('the launcher runs the CLI through a symlink (as npm links bins) and gives its version', () => {
  const out = execFileSync(`${root}bin/kvetch`, ['--version'], { encoding: 'utf8' });
  assert.equal(out.trim(), pkg.version);
});

test('the launcher sets MALLOC_MMAP_THRESHOLD_ unless the caller did, puts its semi-space bound before the caller\'s NODE_OPTIONS, execs node on the CLI, and passes every argument', async () => {
  await withTmp(async (dir) => {
    // A `node` first on PATH that tells what it was given.
    const fake = join(dir, 'node');
    writeFileSync(fake, '#!/bin/sh\nprintf "%s|" "${MALLOC_MMAP_THRESHOLD_-unset}" "${NODE_OPTIONS-unset}" "$@"\n');
    chmodSync(fake, 0o755);
    const link = join(dir, 'kvetch');
    symlinkSync(`${root}bin/kvetch`, link);
    const env = { PATH: `${dir}:/usr/bin:/bin` };
    const run = (extra: Record<string, string>): string[] => execFileSync(link, ['check', 'a b.mbox', '--jobs', '1'], { encoding: 'utf8', env: { ...env, ...extra } }).split('|');
    const [threshold, options, cli, ...args] = run({});
    assert.equal(threshold, '131072');
    assert.equal(options, '--max-semi-space-size=4');
    assert.equal(resolve(cli ?? ''), join(root, 'dist/src/cli/main.js'));
    assert.deepEqual(args, ['check', 'a b.mbox', '--jobs', '1', '']);
    assert.equal(run({ MALLOC_MMAP_THRESHOLD_: '0' })[0], '0', "the caller's value wins");
    assert.equal(run({ NODE_OPTIONS: '--max-semi-space-size=16 --trace-gc' })[1], '--max-semi-space-size=4 --max-semi-space-size=16 --trace-gc', "the caller's options come last, and win");
  });
});
