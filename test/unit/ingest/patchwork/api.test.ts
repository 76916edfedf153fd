import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../../../../src/ingest/http/client.js';
import { getPatch, getSeries, parsePatchworkRef, patchMbox, seriesMbox } from '../../../../src/ingest/patchwork/api.js';
import { SourceError } from '../../../../src/ingest/http/source-error.js';
import { json, startFakeServer } from '../../../support/fake-http.js';
import { startFakePatchwork, type FakePatchwork } from '../../../support/fake-patchwork.js';
import { EXAMPLE_MBOX, FAST, messageIds, V1_COVER, V1_PATCH1, V2_COVER, V2_PATCH1, V2_PATCH2 } from './pw-helpers.js';

let pw: FakePatchwork;
before(async () => {
  pw = await startFakePatchwork({ token: 'tok-123', series: [{ mbox: EXAMPLE_MBOX }] });
});
after(async () => {
  await pw.stop();
});

/** The fake's series id holding the given cover letter. */
function seriesIdOf(cover: string): number {
  const s = pw.store.series.find((x) => x.cover?.msgid === cover);
  assert.ok(s, `fake holds ${cover}`);
  return s.id;
}

test('getSeries by id: the documented fields, patches in order, incomplete v1 said so', async () => {
  const v2 = await getSeries(pw.base, seriesIdOf(V2_COVER));
  assert.equal(v2.version, 2);
  assert.equal(v2.total, 2);
  assert.equal(v2.received_total, 2);
  assert.equal(v2.received_all, true);
  assert.equal(v2.project.link_name, 'kvm');
  assert.equal(v2.submitter.email, 'ada@example.org');
  assert.equal(v2.cover_letter?.msgid, V2_COVER);
  assert.deepEqual(v2.patches.map((p) => p.msgid), [V2_PATCH1, V2_PATCH2]);
  assert.match(v2.mbox, /\/series\/\d+\/mbox\/$/);
  const v1 = await getSeries(pw.base, seriesIdOf(V1_COVER));
  assert.equal(v1.received_all, false);
  assert.deepEqual(v1.patches.map((p) => p.msgid), [V1_PATCH1]);
});

test('a series named by every URL form resolves to the same series', async () => {
  const id = seriesIdOf(V2_COVER);
  const forms = [`${pw.base}/project/kvm/list/?series=${id}`, `${pw.base}/api/1.2/series/${id}/`, `${pw.base}/series/${id}/mbox/`, `pw:series:${id}`];
  for (const form of forms) {
    const ref = parsePatchworkRef(form, { base: `${pw.base}/` });
    assert.equal(ref.kind, 'series', form);
    if (ref.kind !== 'series') continue;
    const s = await getSeries(ref.base, ref.id);
    assert.equal(s.cover_letter?.msgid, V2_COVER, form);
  }
});

test('seriesMbox parses back, with kvetch reader, to the Message-IDs of cover and patches', async () => {
  const mbox = await seriesMbox(pw.base, seriesIdOf(V2_COVER));
  assert.deepEqual(await messageIds(mbox), [V2_COVER, V2_PATCH1, V2_PATCH2]);
  const patchesOnly = await seriesMbox(pw.base, seriesIdOf(V2_COVER), { withCover: false });
  assert.deepEqual(await messageIds(patchesOnly), [V2_PATCH1, V2_PATCH2]);
  const fromJson = await seriesMbox(pw.base, await getSeries(pw.base, seriesIdOf(V1_COVER)));
  assert.deepEqual(await messageIds(fromJson), [V1_COVER, V1_PATCH1]);
});

test('getPatch by id, by web URL (project + Message-ID), and its mbox', async () => {
  const row = pw.store.patches.find((p) => p.msgid === V2_PATCH2);
  assert.ok(row);
  const byId = await getPatch(pw.base, row.id);
  assert.equal(byId.msgid, V2_PATCH2);
  assert.equal(byId.series[0]?.id, seriesIdOf(V2_COVER));
  const ref = parsePatchworkRef(`${pw.base}/project/kvm/patch/${V2_PATCH2.slice(1, -1)}/`);
  assert.equal(ref.kind, 'patch-msgid');
  if (ref.kind !== 'patch-msgid') return;
  const byMsgid = await getPatch(ref.base, { project: ref.project, messageId: ref.messageId });
  assert.equal(byMsgid.id, row.id);
  assert.deepEqual(await messageIds(await patchMbox(pw.base, row.id)), [V2_PATCH2]);
  assert.deepEqual(await messageIds(await patchMbox(pw.base, byMsgid)), [V2_PATCH2]);
});

test('the token goes out as "Authorization: Token <t>" to the instance only', async () => {
  const before = pw.requests.length;
  await seriesMbox(pw.base, seriesIdOf(V2_COVER), { token: 'tok-123' });
  const sent = pw.requests.slice(before);
  assert.ok(sent.length >= 3, 'series JSON, cover mbox, series mbox');
  for (const r of sent) assert.equal(r.headers.authorization, 'Token tok-123', r.url);
  const none = pw.requests.length;
  await getSeries(pw.base, seriesIdOf(V2_COVER));
  assert.equal(pw.requests[none]?.headers.authorization, undefined);
});

test('the token never goes to another host (an mbox URL elsewhere gets none)', async () => {
  const elsewhere = await startFakeServer(() => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'From x Mon Sep 17 00:00:00 2001\nMessage-Id: <m@x>\n\nhi\n' }));
  try {
    const series = await getSeries(pw.base, seriesIdOf(V2_COVER), { token: 'tok-123' });
    const moved = { ...series, cover_letter: null, mbox: `${elsewhere.base}/series/1/mbox/` };
    const mbox = await seriesMbox(pw.base, moved, { token: 'tok-123' });
    assert.deepEqual(await messageIds(mbox), ['<m@x>']);
    assert.equal(elsewhere.requests.length, 1);
    assert.equal(elsewhere.requests[0]?.headers.authorization, undefined);
  } finally {
    await elsewhere.stop();
  }
});

test('a wrong token is an error naming the URL, and does not show the token', async () => {
  await assert.rejects(getSeries(pw.base, seriesIdOf(V2_COVER), { token: 'not-the-token', ...FAST }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 403);
    assert.match(e.message, /\/api\/1\.2\/series\/\d+\/: HTTP 403: patchwork refused the API token/);
    assert.doesNotMatch(e.message, /not-the-token/);
    return true;
  });
});

test('502s are retried until the answer comes', async () => {
  const retries: string[] = [];
  pw.setFault({ kind: 'status', status: 502, times: 2, path: /\/api\/1\.2\/series\// });
  const s = await getSeries(pw.base, seriesIdOf(V2_COVER), { ...FAST, onRetry: (i) => retries.push(i.error) });
  assert.equal(s.cover_letter?.msgid, V2_COVER);
  assert.equal(retries.length, 2);
  assert.match(retries[0] ?? '', /HTTP 502/);
});

test('a response slower than the timeout is retried', async () => {
  const retries: string[] = [];
  pw.setFault({ kind: 'delay', ms: 1500, times: 1, path: /\/series\/\d+\/mbox\// });
  const mbox = await seriesMbox(pw.base, seriesIdOf(V2_COVER), { ...FAST, timeoutMs: 200, onRetry: (i) => retries.push(i.error) });
  assert.deepEqual(await messageIds(mbox), [V2_COVER, V2_PATCH1, V2_PATCH2]);
  assert.deepEqual(retries, ['timed out after 200 ms']);
});

test('a body cut in the middle is retried, never returned half', async () => {
  let retried = 0;
  pw.setFault({ kind: 'cut', times: 1, path: /\/series\/\d+\/mbox\// });
  const mbox = await seriesMbox(pw.base, seriesIdOf(V2_COVER), { ...FAST, onRetry: () => retried++ });
  assert.equal(retried, 1);
  assert.deepEqual(await messageIds(mbox), [V2_COVER, V2_PATCH1, V2_PATCH2]);
});

test('faults that outlast the retries end in an error naming the URL', async () => {
  pw.setFault({ kind: 'status', status: 502, times: 10, path: /\/api\/1\.2\/series\// });
  try {
    await assert.rejects(getSeries(pw.base, 1, { ...FAST, retries: 2 }), /\/api\/1\.2\/series\/1\/: HTTP 502/);
  } finally {
    pw.clearFaults();
  }
});

test('missing objects say which one', async () => {
  await assert.rejects(getSeries(pw.base, 9999), /patchwork series 9999 not found .*HTTP 404/);
  await assert.rejects(getPatch(pw.base, 9999), /patchwork patch 9999 not found/);
  await assert.rejects(getPatch(pw.base, { project: 'kvm', messageId: '<nope@example.org>' }), /patch <nope@example\.org> not found in project kvm/);
});

test('a server that is not patchwork gives a clear error naming the URL, not a crash', async () => {
  const other = await startFakeServer((_req, url) =>
    url.pathname.includes('/series/1/') ? { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html>login</html>' } : json(200, { id: 2, name: 'no url, no patches' }),
  );
  try {
    await assert.rejects(getSeries(other.base, 1, FAST), (e: unknown) => e instanceof SourceError && /\/api\/1\.2\/series\/1\/: response is not JSON/.test(e.message));
    await assert.rejects(getSeries(other.base, 2, FAST), (e: unknown) => e instanceof SourceError && /series\/2\/: unexpected patchwork response: url: /.test(e.message));
  } finally {
    await other.stop();
  }
});
