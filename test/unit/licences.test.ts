/**
 * docs/licences.md is what scripts/licences.mjs writes from the installed production
 * dependencies, and no dependency has a licence outside the allowed set.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';

/** The repository root (this file runs as dist/test/unit/licences.test.js). */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts', 'licences.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO, encoding: 'utf8' });

test('docs/licences.md is current and every licence in it is allowed', () => {
  const r = run('--check');
  assert.equal(r.status, 0, r.stderr);
  const doc = readFileSync(join(REPO, 'docs', 'licences.md'), 'utf8');
  const rows = doc.split('\n').filter((l) => /^\| [^ ]+ \| \d[^ ]* \| .+ \|$/.test(l));
  assert.ok(rows.some((l) => l.startsWith('| probot |')), 'a direct dependency is listed');
  assert.ok(rows.some((l) => l.startsWith('| @octokit/webhooks |')), 'a transitive one too');
  assert.ok(!rows.some((l) => l.startsWith('| typescript |')), 'no dev dependency');
});

test('--check fails on a stale file, and the allowed set refuses copyleft and missing licences', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-licences-'));
  try {
    const stale = join(dir, 'licences.md');
    writeFileSync(stale, readFileSync(join(REPO, 'docs', 'licences.md'), 'utf8').replace('| probot |', '| probot-renamed |'));
    const r = run('--check', '--doc', stale);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /out of date/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (await import(pathToFileURL(SCRIPT).href)) as { allowed(expr: string): boolean };
  for (const ok of ['MIT', 'ISC', '(MIT OR EUPL-1.1+)', '(BSD-2-Clause OR MIT OR Apache-2.0)', '(GPL-2.0 OR MIT) AND ISC']) assert.equal(m.allowed(ok), true, ok);
  for (const no of ['GPL-2.0', 'LGPL-3.0', 'MIT AND GPL-2.0', 'UNKNOWN', 'SEE LICENSE IN LICENSE', '']) assert.equal(m.allowed(no), false, no);
});
