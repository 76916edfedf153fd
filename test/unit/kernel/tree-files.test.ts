/**
 * --tree reads only regular files inside the tree, whatever path a mail names: absolute paths,
 * `..`, symlinks out, devices and FIFOs read as absent (issue 16: one renamed
 * `../../../../dev/zero` drove kvetch check --tree past 4 GB).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KernelTree } from '../../../src/kernel/tree.js';
import { treeRelative } from '../../../src/util/tree-path.js';
import { runKvetch } from '../../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-tree-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'linux');
mkdirSync(join(root, 'arch', 'x86'), { recursive: true });
mkdirSync(join(root, 'include', 'linux'), { recursive: true });
writeFileSync(join(root, 'Kconfig'), 'source "arch/$(SRCARCH)/Kconfig"\n');
writeFileSync(join(root, 'include', 'linux', 'a.h'), 'int a(void);\n');
writeFileSync(join(dir, 'SENTINEL'), 'outside the tree\n');
symlinkSync('../SENTINEL', join(root, 'out-link'));
symlinkSync('include/linux/a.h', join(root, 'in-link.h'));
symlinkSync('/dev/zero', join(root, 'zero'));
execFileSync('mkfifo', [join(root, 'fifo')]);

test('tree-relative paths: absolute, climbing or NUL paths are refused', () => {
  assert.equal(treeRelative('include/linux/a.h'), 'include/linux/a.h');
  assert.equal(treeRelative('include/../include/linux/a.h'), 'include/linux/a.h');
  for (const bad of ['/etc/passwd', '../SENTINEL', 'include/../../SENTINEL', '../../../../../../../../dev/zero', 'a\0b', '', '..']) assert.equal(treeRelative(bad), null, JSON.stringify(bad));
});

test('KernelTree reads regular files inside the tree only', () => {
  const tree = KernelTree.open(root);
  assert.equal(tree.readFile('include/linux/a.h'), 'int a(void);\n');
  assert.equal(tree.readFile('in-link.h'), 'int a(void);\n');
  for (const p of ['../SENTINEL', 'out-link', join(dir, 'SENTINEL'), 'zero', '../../../../../../../../dev/zero', '/dev/zero', 'fifo', 'include/linux', 'missing.h']) {
    assert.equal(tree.readFile(p), null, p);
  }
});

test('kvetch check --tree on a patch renaming ../../dev/zero and a FIFO: finishes, reads neither', async () => {
  const mail = [
    'From: Mallory <m@example.org>',
    'To: kvm@vger.kernel.org',
    'Subject: [PATCH] export moves',
    'Date: Mon, 20 Nov 2023 10:00:00 +0000',
    'Message-ID: <evil@example.org>',
    '',
    '---',
    'diff --git a/../../../../../../../../dev/zero b/drivers/x.c',
    'similarity index 90%',
    'rename from ../../../../../../../../dev/zero',
    'rename to drivers/x.c',
    '--- a/../../../../../../../../dev/zero',
    '+++ b/drivers/x.c',
    '@@ -1,1 +1,2 @@',
    ' int x;',
    '+EXPORT_SYMBOL(x);',
    'diff --git a/fifo b/drivers/y.c',
    'similarity index 90%',
    'rename from fifo',
    'rename to drivers/y.c',
    '--- a/fifo',
    '+++ b/drivers/y.c',
    '@@ -1,1 +1,2 @@',
    ' int y;',
    '+EXPORT_SYMBOL(y);',
    '-- ',
    '2.42.0',
    '',
  ].join('\n');
  const file = join(dir, 'evil.mbox');
  writeFileSync(file, `From mallory@example.org Mon Nov 20 10:00:00 2023\n${mail}`);
  const r = await runKvetch(['check', file, '--tree', root, '--format', 'json', '--fail-level', 'none', '--no-progress']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { series: unknown[]; findings: { ruleId: string; severity: string; message: string }[] };
  assert.equal(report.series.length, 1);
  const unsafe = report.findings.filter((f) => f.ruleId === 'input/unsafe-path');
  assert.equal(unsafe.length, 1, 'one finding names the climbing path (fifo is a path inside the tree, only not a file)');
  assert.equal(unsafe[0]?.severity, 'warning');
  assert.match(unsafe[0]?.message ?? '', /<evil@example\.org> names "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/dev\/zero"/);
  assert.ok(report.findings.some((f) => f.ruleId === 'symbol-exports'), 'the rest of the series is analysed');
});
