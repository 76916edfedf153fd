/** `kvetch maintainers --tree`: the tree's MAINTAINERS answered per file, as text or JSON; errors exit 2. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runKvetch } from '../../support/run-cli.js';

const tree = mkdtempSync(join(tmpdir(), 'kvetch-maint-'));
after(() => rmSync(tree, { recursive: true, force: true }));
mkdirSync(join(tree, 'arch', 'x86'), { recursive: true });
mkdirSync(join(tree, 'drivers', 'vfio'), { recursive: true });
writeFileSync(join(tree, 'Kconfig'), 'source "arch/$(SRCARCH)/Kconfig"\n');
writeFileSync(join(tree, 'drivers', 'vfio', 'group.c'), '');
writeFileSync(
  join(tree, 'MAINTAINERS'),
  [
    'VFIO DRIVER',
    'M:\tAlex Williamson <alex.williamson@redhat.com>',
    'L:\tkvm@vger.kernel.org',
    'S:\tMaintained',
    'F:\tdrivers/vfio/',
    '',
    'OLD THING',
    'L:\told@example.org',
    'S:\tOrphan',
    'F:\tdrivers/vfio/group.c',
    '',
    'THE REST',
    'M:\tLinus Torvalds <torvalds@linux-foundation.org>',
    'L:\tlinux-kernel@vger.kernel.org',
    'S:\tBuried alive in reporters',
    'F:\t*',
    'F:\t*/',
    '',
  ].join('\n'),
);

test('text: the addresses in get_maintainer order, an orphaned section said; json: the same, with sections', async () => {
  const r = await runKvetch(['maintainers', '--tree', tree, 'drivers/vfio/group.c']);
  assert.equal(r.status, 0, r.stderr);
  // People first, then lists; the exact-file section (deeper) before the directory one.
  assert.deepEqual(r.stdout.trim().split('\n'), ['Alex Williamson <alex.williamson@redhat.com>', 'old@example.org', 'kvm@vger.kernel.org', 'linux-kernel@vger.kernel.org', '(OLD THING: Orphan)']);
  assert.doesNotMatch(r.stdout, /torvalds/, 'THE REST\'s maintainer is left out, as get_maintainer does');
  const j = await runKvetch(['maintainers', '--tree', tree, '--format', 'json', 'drivers/vfio/group.c']);
  const doc = JSON.parse(j.stdout) as { schemaVersion: number; files: Array<{ path: string; maintainers: string[]; lists: string[]; sections: Array<{ title: string; status: string }> }> };
  assert.equal(doc.schemaVersion, 1);
  assert.deepEqual(doc.files[0]!.maintainers, ['Alex Williamson <alex.williamson@redhat.com>']);
  assert.ok(doc.files[0]!.lists.includes('kvm@vger.kernel.org'));
  assert.ok(doc.files[0]!.sections.some((s) => s.title === 'OLD THING' && s.status === 'Orphan'));
});

test('not a kernel tree: exit 2 and what to pass', async () => {
  const r = await runKvetch(['maintainers', '--tree', join(tree, 'drivers'), 'x.c']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a kernel source tree/);
});
