/** The check client: lookups by Message-ID, the newest check across pages, refusals named. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findPatchId, latestCheck, postCheck } from '../../../../src/report/patchwork/client.js';
import { json, startFakeServer, type FakeServer } from '../../../support/fake-http.js';
import { startFakePatchwork, type FakePatchwork } from '../../../support/fake-patchwork.js';

const EXAMPLE = fileURLToPath(new URL('../../../../../examples/kvm-vfio.mbox', import.meta.url));
const TOKEN = 'client-token';
const BODY = { state: 'fail' as const, context: 'kvetch-api', target_url: 'https://r.example/1', description: 'kvetch: 1 error' };
let pw: FakePatchwork;
let refusing: FakeServer;

before(async () => {
  pw = await startFakePatchwork({
    token: TOKEN,
    pageSize: 1,
    projects: [{ linkName: 'kvm' }, { linkName: 'vfio' }],
    series: [{ mbox: { path: EXAMPLE }, project: 'kvm' }, { mbox: { path: EXAMPLE }, project: 'vfio' }],
  });
  refusing = await startFakeServer((req) => {
    if (req.url.includes('/api/1.2/patches/1/')) return json(403, { detail: 'You do not have permission to perform this action.' });
    if (req.url.includes('/api/1.2/patches/2/')) return json(403, { detail: 'Invalid token.' });
    return json(400, { state: ['"maybe" is not a valid choice.'] });
  });
});
after(async () => {
  await pw?.stop();
  await refusing?.stop();
});

const c = () => ({ base: pw.base, token: TOKEN, http: { retries: 0 } });
const MSGID = '<fdb4c3270ee9964465e7c2e7282f2a0be7079303.1795403990.git.ada@example.org>';

test('findPatchId: by Message-ID in a project; in several projects without one is an error naming them', async () => {
  const inKvm = pw.store.patches.find((p) => p.msgid === MSGID && p.project.linkName === 'kvm');
  assert.ok(inKvm);
  assert.equal(await findPatchId(c(), MSGID, 'kvm'), inKvm.id);
  assert.equal(await findPatchId(c(), MSGID.slice(1, -1), 'kvm'), inKvm.id, 'with or without brackets');
  await assert.rejects(findPatchId(c(), MSGID), /is in several patchwork projects \(kvm, vfio\): set the channel's project/);
  await assert.rejects(findPatchId(c(), '<nope@example.org>', 'kvm'), (e: Error) => e.message.startsWith(`patch <nope@example.org> is not in project kvm of ${pw.base} (yet?): ${pw.base}/api/1.2/patches/?`));
});

test('latestCheck: the newest of that context, over every page, by date', async () => {
  const id = await findPatchId(c(), MSGID, 'kvm');
  assert.equal(await latestCheck(c(), id, 'kvetch-api'), null);
  await postCheck(c(), id, { ...BODY, state: 'success' });
  await postCheck(c(), id, { ...BODY, context: 'other' });
  const newest = await postCheck(c(), id, { ...BODY, state: 'warning' });
  const seen = await latestCheck(c(), id, 'kvetch-api');
  assert.equal(seen?.id, newest.id);
  assert.equal(seen?.state, 'warning');
  assert.ok(pw.requests.filter((r) => r.url.includes(`/patches/${id}/checks/?`) && r.url.includes('page=')).length >= 1, 'followed the Link header (page size 1)');
});

test('postCheck: a refused permission, a refused token and a rejected body each say so', async () => {
  const r = { base: refusing.base, token: 't', http: { retries: 0 } };
  await assert.rejects(postCheck(r, 1, BODY), /HTTP 403: patchwork refused the check: the token's user may not post checks on this patch's project \(You do not have permission/);
  await assert.rejects(postCheck(r, 2, BODY), /HTTP 403: patchwork refused the API token \(Invalid token\.\)/);
  await assert.rejects(postCheck(r, 3, BODY), /HTTP 400: patchwork rejected the check: .*not a valid choice/);
  assert.equal(refusing.requests.filter((q) => q.method === 'POST').length, 3, 'each tried once');
});
