/**
 * The patchwork check channel against the patchwork fake (REST v1.2, token auth) loaded with
 * examples/kvm-vfio.mbox, and a SQLite store: what is posted per patch and context, the skip
 * rules, idempotence and dry-run. Faults: channel-faults.test.ts.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { openSqliteStore } from '../../../../src/store/sqlite.js';
import type { StateStore } from '../../../../src/model/store.js';
import { findingOn, type ExampleVersion } from '../../../support/publish-input.js';
import { cleanupPwCheckEnvs, report, setup, TOKEN, type Env } from '../../../support/pwcheck-env.js';

afterEach(cleanupPwCheckEnvs);

test('posts one check per patch and context, state from the most severe finding, target_url the report', async () => {
  const e = await setup();
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.deepEqual(out.errors, []);
  assert.equal(out.published, 4);
  // v2 1/2 exports vfio_file_iommu_group (warnings); 2/2 selects KVM_VFIO (error).
  assert.deepEqual(e.checks(1), [['kvetch-api', 'warning'], ['kvetch-kconfig', 'success']]);
  assert.deepEqual(e.checks(2), [['kvetch-api', 'success'], ['kvetch-kconfig', 'fail']]);
  const all = e.pw.store.checks;
  assert.ok(all.every((c) => c.targetUrl === report(e.v2.input.version.key, 2)));
  assert.deepEqual(all.find((c) => c.patch.id === e.pid(2) && c.context === 'kvetch-kconfig')?.description, 'kvetch: 1 error');
  assert.ok(all.every((c) => c.description !== null && !c.description.includes('\n')));
  assert.ok(e.pw.requests.filter((r) => r.method === 'POST').every((r) => r.headers.authorization === `Token ${TOKEN}`));
  assert.ok(e.pw.requests.some((r) => r.method === 'GET' && r.url.includes('msgid=') && r.url.includes('project=kvm')), 'looked up by Message-ID in the project');
  const pubs = await e.store.listPublications({ channel: 'patchwork-check' });
  assert.deepEqual(pubs.map((p) => [p.target, p.state]), [
    [`${e.pid(1)}:kvetch-api`, 'sent'],
    [`${e.pid(1)}:kvetch-kconfig`, 'sent'],
    [`${e.pid(1)}:kvetch-input`, 'skipped'],
    [`${e.pid(2)}:kvetch-api`, 'sent'],
    [`${e.pid(2)}:kvetch-kconfig`, 'sent'],
    [`${e.pid(2)}:kvetch-input`, 'skipped'],
  ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)));
  const sent = pubs.find((p) => p.target === `${e.pid(2)}:kvetch-kconfig`);
  assert.match(sent?.externalId ?? '', new RegExp(`/api/1\\.2/patches/${e.pid(2)}/checks/\\d+/$`));
  assert.equal(sent?.attempts, 1);
});

test('idempotent: a second publish posts nothing and asks patchwork nothing', async () => {
  const e = await setup();
  await e.channel.publish(e.v2.input, e.ctx);
  const before = e.pw.requests.length;
  const again = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(again.published, 0);
  assert.deepEqual(again.errors, []);
  assert.equal(again.skipped.length, 6);
  assert.equal(e.pw.requests.length, before, 'the store knows the patch ids and what was sent');
  assert.equal(e.pw.store.checks.length, 4);
});

test('skip when unchanged: a fresh store reads the newest check and does not post it again', async () => {
  const e = await setup();
  await e.channel.publish(e.v2.input, e.ctx);
  const fresh = await openSqliteStore(join(e.dir, 'other.db'));
  await fresh.migrate();
  try {
    const out = await e.channel.publish(e.v2.input, { ...e.ctx, store: fresh });
    assert.equal(out.published, 0);
    assert.equal(e.posts(), 4);
    assert.equal(out.skipped.filter((s) => s.why.startsWith('unchanged on patchwork')).length, 4);
    assert.equal((await fresh.listPublications({ state: 'sent' })).length, 4, 'recorded as sent, with the check found');
  } finally {
    await fresh.close();
  }
});

test('skip when unchanged compares state and target_url of the newest check of that context', async () => {
  const e = await setup();
  const post = (patch: number, body: Record<string, string>) =>
    fetch(`${e.pw.base}/api/1.2/patches/${patch}/checks/`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Token ${TOKEN}` }, body: JSON.stringify(body) });
  const url = report(e.v2.input.version.key, 2);
  // patch 1 api: newest is the same state and URL (older ones differ) → skipped.
  await post(e.pid(1), { context: 'kvetch-api', state: 'fail', target_url: url });
  await post(e.pid(1), { context: 'kvetch-api', state: 'warning', target_url: url, description: 'by hand' });
  // patch 1 kconfig: same state, other URL → posted. patch 2 kconfig: older matches, newest differs → posted.
  await post(e.pid(1), { context: 'kvetch-kconfig', state: 'success', target_url: 'https://elsewhere.example/x' });
  await post(e.pid(2), { context: 'kvetch-kconfig', state: 'fail', target_url: url });
  await post(e.pid(2), { context: 'kvetch-kconfig', state: 'success', target_url: url });
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.deepEqual(out.errors, []);
  assert.equal(out.published, 3);
  assert.deepEqual(out.skipped.filter((s) => s.why.startsWith('unchanged')).map((s) => s.target), [`${e.pid(1)}:kvetch-api`]);
  assert.deepEqual(e.checks(1), [['kvetch-api', 'fail'], ['kvetch-api', 'warning'], ['kvetch-kconfig', 'success'], ['kvetch-kconfig', 'success']]);
  assert.deepEqual(e.checks(2), [['kvetch-kconfig', 'fail'], ['kvetch-kconfig', 'success'], ['kvetch-api', 'success'], ['kvetch-kconfig', 'fail']]);
});

test('never back to pending: a version not analysed yet posts pending only where nothing is decided', async () => {
  const e = await setup();
  const claimed = { ...e.v2.input, version: { ...e.v2.input.version, state: 'claimed' as const } };
  const first = await e.channel.publish(claimed, e.ctx);
  assert.equal(first.published, 4);
  assert.deepEqual(e.checks(1), [['kvetch-api', 'pending'], ['kvetch-kconfig', 'pending']]);
  const done = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(done.published, 4, 'pending → decided');
  // A worker that took the version over after the checks were decided must not undo them.
  const fresh = await openSqliteStore(join(e.dir, 'takeover.db'));
  await fresh.migrate();
  try {
    const late = await channelPublish(e, claimed, fresh);
    assert.equal(late.published, 0);
    assert.equal(late.skipped.filter((s) => /decided \((success|warning|fail)\); kvetch never moves it back to pending/.test(s.why)).length, 4);
  } finally {
    await fresh.close();
  }
  assert.equal(e.posts(), 8);
  assert.deepEqual(e.checks(2), [['kvetch-api', 'pending'], ['kvetch-kconfig', 'pending'], ['kvetch-api', 'success'], ['kvetch-kconfig', 'fail']]);
});

function channelPublish(e: Env, input: ExampleVersion['input'], store: StateStore) {
  return e.channel.publish(input, { ...e.ctx, store });
}

test('the input context is posted when a patch could not be analysed, and corrected once it is clean', async () => {
  const e = await setup();
  const key = e.v2.input.version.key;
  const broken = findingOn(e.v2.patchIds[1] ?? '', { key, revision: 2, ruleId: 'input/diff-corrupt', severity: 'error', fatal: true });
  const out = await e.channel.publish({ ...e.v2.input, findings: [...e.v2.input.findings, broken] }, e.ctx);
  assert.equal(out.published, 5);
  assert.deepEqual(e.checks(2).filter(([c]) => c === 'kvetch-input'), [['kvetch-input', 'fail']]);
  assert.deepEqual(e.checks(1).filter(([c]) => c === 'kvetch-input'), [], 'no input noise on a clean patch');
  const fixed = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(fixed.published, 1);
  assert.deepEqual(e.checks(2).filter(([c]) => c === 'kvetch-input'), [['kvetch-input', 'fail'], ['kvetch-input', 'success']]);
});

test('dry-run (send off): writes the JSON it would POST, logs it, posts nothing, records nothing', async () => {
  const e = await setup({ send: false, token: '' });
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(e.posts(), 0);
  assert.equal(out.published, 4);
  assert.equal(out.written.length, 4);
  const files = (await readdir(join(e.dir, 'out'))).sort();
  assert.equal(files.length, 4);
  const kconfig2 = out.written.find((f) => f.endsWith(`-v2-patch${e.pid(2)}-kvetch-kconfig.json`));
  assert.ok(kconfig2);
  assert.deepEqual(JSON.parse(await readFile(kconfig2, 'utf8')), { state: 'fail', context: 'kvetch-kconfig', target_url: report(e.v2.input.version.key, 2), description: 'kvetch: 1 error' });
  assert.ok(e.lines.some((l) => l.includes('would post patchwork check') && l.includes(`/api/1.2/patches/${e.pid(2)}/checks/`)));
  assert.deepEqual(await e.store.listPublications(), []);
  const again = await e.channel.publish(e.v2.input, e.ctx);
  assert.deepEqual(again.written.sort(), out.written.sort(), 'the same files again');
  assert.equal((await readdir(join(e.dir, 'out'))).length, 4);
  assert.equal(e.posts(), 0);
});

test('dry-run (publish context): even a sending channel posts nothing', async () => {
  const e = await setup({}, true);
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(out.written.length, 4);
  assert.equal(e.posts(), 0);
  assert.equal(e.pw.store.checks.length, 0);
});

test('custom contexts: one context for everything', async () => {
  const e = await setup({ contexts: { kvetch: ['symbol-exports', 'namespace-imports', 'public-header-growth', 'header-move', 'kconfig-select'] } });
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(out.published, 2);
  assert.deepEqual(e.checks(1), [['kvetch', 'warning']]);
  assert.deepEqual(e.checks(2), [['kvetch', 'fail']]);
});

test('a cover letter alone has nothing to check', async () => {
  const e = await setup();
  const coverOnly = { ...e.v2.input, series: { ...e.v2.input.series, patches: [] }, records: e.v2.input.records.slice(0, 1) };
  const out = await e.channel.publish(coverOnly, e.ctx);
  assert.equal(out.published, 0);
  assert.deepEqual(out.skipped, [{ target: '', reason: 'nothing-to-report', why: 'no patch among the mails of this version' }]);
  assert.equal(e.pw.requests.length, 0);
});
