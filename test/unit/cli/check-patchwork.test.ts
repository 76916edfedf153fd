/**
 * `kvetch check pw:series:N` (and a patchwork series URL) against the patchwork fake gives the
 * same series and findings as `kvetch check` on the same mails from a file (less the replies:
 * patchwork's series mbox has only the cover letter and the patches).
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { comparable, runKvetch } from '../../support/run-cli.js';
import { startFakePatchwork, type FakePatchwork } from '../../support/fake-patchwork.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
let pw: FakePatchwork;

before(async () => {
  pw = await startFakePatchwork({ series: [{ mbox: { path: EXAMPLE } }] });
});
after(async () => pw?.stop());

test('check pw:series:N and a series URL equal check of the same mails from a file', async () => {
  const ids = pw.store.series.map((s) => s.id);
  assert.ok(ids.length >= 1, 'the fake holds the example series');
  const fromFile = await runKvetch(['check', EXAMPLE, '--format', 'json', '--fail-level', 'none', '--no-progress']);
  assert.equal(fromFile.status, 0, fromFile.stderr);
  const wanted = comparable(fromFile.stdout) as { series: { key: string; revision: number }[]; findings: string[] };
  const seen: unknown[] = [];
  for (const id of ids) {
    const r = await runKvetch(['check', `pw:series:${id}`, '--patchwork-base', pw.base, '--format', 'json', '--fail-level', 'none', '--no-progress']);
    assert.equal(r.status, 0, r.stderr);
    const got = comparable(r.stdout) as { series: unknown[]; findings: string[] };
    assert.equal(got.series.length, 1, `series ${id} is one series`);
    seen.push(...got.series);
    for (const f of got.findings) assert.ok(wanted.findings.includes(f), `finding of series ${id} is one the file run has: ${f}`);
    const byUrl = await runKvetch(['check', `${pw.base}/api/1.2/series/${id}/`, '--format', 'json', '--fail-level', 'none', '--no-progress']);
    assert.deepEqual(comparable(byUrl.stdout), got, 'by URL as by pw:series:N');
  }
  // patchwork's series mbox holds the cover letter and the patches, never the replies.
  // Whether a revision is the newest is relative to the input: one patchwork series alone is its own newest.
  for (const s of wanted.series as unknown as { replies: unknown[]; patches: { replies: number }[]; newest: boolean; supersededBy: number | null }[]) {
    s.replies = [];
    for (const p of s.patches) p.replies = 0;
    s.newest = true;
    s.supersededBy = null;
  }
  const key = (s: unknown) => `${(s as { key: string }).key}@${(s as { revision: number }).revision}`;
  assert.deepEqual(seen.map(key).sort(), wanted.series.map(key).sort(), 'every series of the file, each from its own patchwork series');
  assert.deepEqual(
    seen.sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    [...wanted.series].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    'and each equal to its file counterpart',
  );
});

test('check pw:series:N of a series the instance does not have: exit 2 and a message naming it', async () => {
  const r = await runKvetch(['check', 'pw:series:999', '--patchwork-base', pw.base, '--no-progress']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /999/);
  assert.doesNotMatch(r.stderr, /internal error/);
});
