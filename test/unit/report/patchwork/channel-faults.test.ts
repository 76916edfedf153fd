/**
 * The patchwork check channel when things go wrong: no token, a refused token, 500, 502, 503
 * and 429 (with Retry-After) on POST, a POST whose answer is lost, a timeout, a patch patchwork
 * does not have, patchwork down.
 * Failures are recorded and retried on the next publish without posting twice; nothing crashes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { createPatchworkCheckChannel } from '../../../../src/report/patchwork/channel.js';
import { json, startFakeServer } from '../../../support/fake-http.js';
import { cleanupPwCheckEnvs, report, setup, TOKEN } from '../../../support/pwcheck-env.js';

afterEach(cleanupPwCheckEnvs);

test('a token is required to send; a refused token is a clear error and nothing is posted', async () => {
  assert.throws(() => createPatchworkCheckChannel({ base: 'http://127.0.0.1:9', token: ' ', send: true, outDir: '/tmp/x', reportUrl: report }), /needs an API token/);
  assert.doesNotThrow(() => createPatchworkCheckChannel({ base: 'http://127.0.0.1:9', token: '', send: false, outDir: '/tmp/x', reportUrl: report }), 'dry-run needs none');
  const e = await setup();
  const wrong = createPatchworkCheckChannel({ base: e.pw.base, token: 'wrong', send: true, outDir: join(e.dir, 'out'), reportUrl: report, project: 'kvm', http: { retries: 0 } });
  const out = await wrong.publish(e.v2.input, e.ctx);
  assert.equal(out.published, 0);
  assert.equal(out.errors.length, 2, 'one per patch: the lookup is refused');
  assert.match(out.errors[0] ?? '', /HTTP 403.*patchwork refused the API token/);
  assert.ok(!out.errors.join('\n').includes('wrong'), 'the token is never in an error');
  assert.equal(e.pw.store.checks.length, 0);
});

const POST_FAULTS = [
  { kind: 'status', status: 502 },
  { kind: 'status', status: 500, headers: { 'Content-Type': 'application/json' }, body: '{"detail":"Internal Server Error"}' },
  { kind: 'status', status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'text/html' }, body: '<h1>Service Unavailable</h1>' },
  { kind: 'status', status: 429, headers: { 'Retry-After': '2', 'Content-Type': 'application/json' }, body: '{"detail":"Request was throttled. Expected available in 2 seconds."}' },
] as const;

for (const fault of POST_FAULTS) {
  test(`${fault.status} on POST: recorded failed, retried on the next publish, posted once`, async () => {
    const e = await setup();
    e.pw.setFault({ ...fault, path: /\/checks\/$/ });
    const first = await e.channel.publish(e.v2.input, e.ctx);
    assert.equal(first.published, 3);
    assert.equal(first.errors.length, 1);
    assert.match(first.errors[0] ?? '', new RegExp(`/api/1\\.2/patches/${e.pid(1)}/checks/: HTTP ${fault.status}`));
    const failed = await e.store.listPublications({ state: 'failed' });
    assert.deepEqual(failed.map((p) => [p.target, p.attempts]), [[`${e.pid(1)}:kvetch-api`, 1]]);
    assert.match(failed[0]?.payload ?? '', new RegExp(`HTTP ${fault.status}`));
    const asked = 'headers' in fault && 'Retry-After' in fault.headers ? Number(fault.headers['Retry-After']) : 0;
    if (asked > 0) {
      const early = await e.channel.publish(e.v2.input, e.ctx);
      assert.deepEqual([early.published, early.errors, e.posts()], [0, [], 4], 'not tried again before its Retry-After');
      assert.match(early.skipped.find((x) => x.reason === 'not-yet')?.why ?? '', /come back at .*Retry-After/);
    }
    const second = await e.channel.publish(e.v2.input, { ...e.ctx, now: new Date(e.ctx.now.getTime() + asked * 1000) });
    assert.deepEqual(second.errors, []);
    assert.equal(second.published, 1);
    assert.equal((await e.store.getPublication(e.v2.input.version.key, 2, 'patchwork-check', `${e.pid(1)}:kvetch-api`))?.attempts, 2);
    assert.deepEqual(e.checks(1), [['kvetch-kconfig', 'success'], ['kvetch-api', 'warning']]);
    assert.equal(e.pw.store.checks.length, 4);
  });
}

test('a 429 asking for 10 minutes: the check is not posted again before then, also by a new channel (a restart)', async () => {
  const e = await setup();
  e.pw.setFault({ kind: 'status', status: 429, headers: { 'Retry-After': '600' }, path: /\/checks\/$/ });
  await e.channel.publish(e.v2.input, e.ctx);
  const posts = e.posts();
  const restarted = createPatchworkCheckChannel({ base: e.pw.base, token: TOKEN, send: true, outDir: join(e.dir, 'out'), reportUrl: report, project: 'kvm', http: { retries: 0 } });
  for (const s of [60, 300, 599]) {
    const r = await restarted.publish(e.v2.input, { ...e.ctx, now: new Date(e.ctx.now.getTime() + s * 1000) });
    assert.deepEqual([r.published, r.errors], [0, []], `at +${s} s`);
  }
  assert.equal(e.posts(), posts, 'no POST before the Retry-After');
  const due = await restarted.publish(e.v2.input, { ...e.ctx, now: new Date(e.ctx.now.getTime() + 600_000) });
  assert.deepEqual([due.published, due.errors], [1, []]);
  assert.equal(e.pw.store.checks.length, 4, 'posted once');
});

test('a POST whose answer is lost is not posted twice: the next publish finds it', async () => {
  const e = await setup();
  e.pw.setFault({ kind: 'cut', path: /\/checks\/$/ });
  const first = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(first.errors.length, 1);
  assert.equal(e.pw.store.checks.length, 4, 'the server did create it');
  const second = await e.channel.publish(e.v2.input, e.ctx);
  assert.deepEqual(second.errors, []);
  assert.equal(second.published, 0);
  assert.equal(e.posts(), 4);
  assert.equal(e.pw.store.checks.length, 4);
  assert.equal((await e.store.listPublications({ state: 'sent' })).length, 4);
});

test('a POST that times out is failed, then posted once', async () => {
  const e = await setup({ http: { retries: 0, backoffMs: 1, timeoutMs: 300 } });
  e.pw.setFault({ kind: 'delay', ms: 3000, path: /\/checks\/$/ });
  const first = await e.channel.publish(e.v2.input, e.ctx);
  assert.match(first.errors.join('\n'), /timed out after 300 ms/);
  assert.equal((await e.store.listPublications({ state: 'failed' })).length, 1);
  const second = await e.channel.publish(e.v2.input, e.ctx);
  assert.deepEqual(second.errors, []);
  assert.equal(e.pw.store.checks.length, 4);
  assert.deepEqual(e.checks(1).map(([c]) => c).sort(), ['kvetch-api', 'kvetch-kconfig']);
});

test('a patch patchwork does not have is an error naming it; the other patches are still checked', async () => {
  const e = await setup();
  const missing = e.v2.patchIds[0] ?? '';
  const p = e.pw.store.patches.find((x) => x.msgid === missing);
  assert.ok(p);
  p.msgid = '<renamed@example.org>';
  const out = await e.channel.publish(e.v2.input, e.ctx);
  assert.equal(out.errors.length, 1);
  assert.ok(out.errors[0]?.includes(`patch ${missing} is not in project kvm of ${e.pw.base}`), out.errors[0]);
  assert.equal(out.published, 2);
});

test('a patchwork that cannot be reached is an error naming the URL, never a crash; a bad base URL is refused up front', async () => {
  const e = await setup();
  const gone = await startFakeServer(() => json(200, []));
  await gone.stop();
  const dead = createPatchworkCheckChannel({ base: gone.base, token: TOKEN, send: true, outDir: join(e.dir, 'out'), reportUrl: report, project: 'kvm', http: { retries: 0, timeoutMs: 2000 } });
  const out = await dead.publish(e.v2.input, e.ctx);
  assert.equal(out.published, 0);
  assert.equal(out.errors.length, 2);
  assert.ok(out.errors[0]?.startsWith(`${gone.base}/api/1.2/patches/?project=kvm&msgid=`), out.errors[0]);
  assert.match(out.errors[0] ?? '', /ECONNREFUSED/);
  assert.throws(() => createPatchworkCheckChannel({ base: 'patchwork.example.org', token: '', send: false, outDir: '/tmp/x', reportUrl: report }), /invalid patchwork URL "patchwork.example.org"/);
});
