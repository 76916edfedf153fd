/**
 * `kvetch digest` as a user runs it on the bundled example (a v1 and a v2 of a KVM/VFIO series,
 * seed 002's hazard in v2) with a small tree: from files (--from) and from a store the daemon
 * filled, the same digests; --output writes mail, page and JSON per recipient and an index;
 * usage errors exit 2 and say what to do.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { Digest } from '../../../src/report/digest/model.js';
import { writeDigestTree } from '../../support/digest-tree.js';
import { runKvetch } from '../../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-digest-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const tree = writeDigestTree(dir);
mkdirSync(join(dir, 'empty-tree', 'arch'), { recursive: true });
writeFileSync(join(dir, 'empty-tree', 'Kconfig'), '');
const example = resolve('examples', 'kvm-vfio.mbox');
const period = ['--since', '2023-09-01', '--until', '2023-10-01'];

async function digestsFrom(args: string[]): Promise<Digest[]> {
  const r = await runKvetch(['digest', ...period, '--tree', tree, '--format', 'json', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { schemaVersion: number; digests: Digest[] }).digests;
}

test('--from: every maintainer of the files the example touches, with the v2 state and the Kconfig error first', async () => {
  const ds = await digestsFrom(['--all', '--from', example]);
  assert.deepEqual(ds.map((d) => d.recipient.address), ['alex.williamson@redhat.com', 'pbonzini@redhat.com', 'seanjc@google.com']);
  const paolo = ds.find((d) => d.recipient.address === 'pbonzini@redhat.com');
  assert.equal(paolo?.series.length, 1);
  assert.equal(paolo?.series[0]?.state, 'revised');
  assert.deepEqual(paolo?.attention.map((a) => [a.ruleId, a.path]), [['kconfig-select', 'arch/x86/kvm/Kconfig']]);
  const alex = ds.find((d) => d.recipient.address === 'alex.williamson@redhat.com');
  assert.deepEqual(alex?.totals.exports, { added: 1, removed: 0, net: 1 });
  assert.deepEqual(alex?.attention, []);
  assert.equal(alex?.subsystems[0]?.headerDeclarations.length, 1);
  // The list, asked for by name.
  const [list] = await digestsFrom(['--list', 'kvm@vger.kernel.org', '--from', example]);
  assert.equal(list?.recipient.role, 'list');
  assert.deepEqual(list?.subsystems.map((s) => s.name), ['KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)', 'VFIO DRIVER']);
});

test('from the store the daemon filled: the same digests as --from', async () => {
  const db = join(dir, 'kvetch.db');
  const config = join(dir, 'kvetch.yml');
  writeFileSync(config, `db: ${JSON.stringify(db)}\ntree: ${JSON.stringify(tree)}\ngracePeriod: 0\nsources:\n  - type: files\n    path: ${JSON.stringify(example)}\nchannels:\n  log:\n    enabled: false\n`);
  const w = await runKvetch(['watch', '--once', '-c', config]);
  assert.equal(w.status, 0, w.stderr);
  assert.deepEqual(await digestsFrom(['--all', '--db', db]), await digestsFrom(['--all', '--from', example]));
});

test('--output: mail, page and JSON per recipient, and an index', async () => {
  const out = join(dir, 'out');
  const r = await runKvetch(['digest', ...period, '--tree', tree, '--all', '--from', example, '--output', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ['alex.williamson@redhat.com', 'pbonzini@redhat.com', 'seanjc@google.com'].flatMap((a) => [`${a}.html`, `${a}.json`, `${a}.txt`]).concat(['index.html', 'index.json']).sort());
  const mail = readFileSync(join(out, 'pbonzini@redhat.com.txt'), 'utf8');
  assert.match(mail, /^Subject: \[kvetch digest\] 2023-W39: 1 series, 1 needs attention\nTo: Paolo Bonzini <pbonzini@redhat.com>\n/);
  assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /href="pbonzini%40redhat\.com\.html"/);
  assert.equal(existsSync(join(out, 'linux-kernel@vger.kernel.org.txt')), false);
});

test('text by default; nothing to report is said, not an error', async () => {
  const r = await runKvetch(['digest', ...period, '--tree', tree, '--maintainer', 'PBonzini@redhat.com', '--from', example]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Subject: \[kvetch digest\] 2023-W39/);
  assert.match(r.stdout, /Needs your attention\n-+\n\[1\] /);
  const none = await runKvetch(['digest', '--since', '2020-01-01', '--until', '2020-02-01', '--tree', tree, '--all', '--from', example]);
  assert.equal(none.status, 0, none.stderr);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /nothing to report/);
});

test('usage errors exit 2 and say what to do', async () => {
  const cases: [string[], RegExp][] = [
    [['digest', '--since', '7d', '--all', '--from', example], /give --tree/],
    [['digest', '--since', '7d', '--tree', tree, '--from', example], /exactly one of --maintainer EMAIL, --list LIST or --all/],
    [['digest', '--since', 'last tuesday', '--tree', tree, '--all', '--from', example], /neither a date .* nor a span/],
    [['digest', '--since', '7d', '--tree', join(dir, 'empty-tree'), '--all', '--from', example], /no MAINTAINERS file/],
    [['digest', '--since', '7d', '--tree', tree, '--all', '--format', 'html', '--from', example, '--until', '2023-10-01'], /--format html prints one page/],
  ];
  for (const [args, message] of cases) {
    const r = await runKvetch(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
