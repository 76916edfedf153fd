import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../../../../src/ingest/http/client.js';
import { getPatchewSeries, parsePatchewRef, PatchewRefError, patchewMbox } from '../../../../src/ingest/patchew/api.js';
import { SourceError } from '../../../../src/ingest/http/source-error.js';
import { startFakePatchew, type FakePatchew } from '../../../support/fake-patchew.js';
import { EXAMPLE_MBOX, FAST, messageIds, V1_COVER, V1_PATCH1, V2_COVER, V2_PATCH1, V2_PATCH2 } from '../patchwork/pw-helpers.js';

const bare = (id: string) => id.slice(1, -1);

test('patchew refs: web URL, API URLs, bare Message-ID with a configured instance', () => {
  const id = '20241120182236.2452-1-peterz@infradead.org';
  assert.deepEqual(parsePatchewRef(`https://patchew.org/QEMU/${id}/`), { base: 'https://patchew.org', messageId: id, project: 'QEMU' });
  assert.deepEqual(parsePatchewRef(`https://patchew.org/linux/${id}/mbox`), { base: 'https://patchew.org', messageId: id, project: 'linux' });
  assert.deepEqual(parsePatchewRef(`https://patchew.org/api/v1/projects/3/series/${id}/`), { base: 'https://patchew.org', messageId: id, projectId: 3 });
  assert.deepEqual(parsePatchewRef(`https://patchew.org/api/v1/projects/by-name/QEMU/series/${id}/mbox/`), { base: 'https://patchew.org', messageId: id, project: 'QEMU' });
  assert.deepEqual(parsePatchewRef(`<${id}>`, { base: 'https://patchew.org/' }), { base: 'https://patchew.org', messageId: id });
  assert.deepEqual(parsePatchewRef(id, { base: 'https://patchew.org', project: 'QEMU' }), { base: 'https://patchew.org', messageId: id, project: 'QEMU' });
  const bad: Array<[string, RegExp]> = [
    [id, /needs a patchew instance URL/],
    ['https://patchew.org/QEMU/', /not a patchew series URL/],
    ['https://patchew.org/api/v1/projects/QEMU/series/a@b/', /project in an API URL is a number/],
    ['no message id here', /not a patchew reference/],
  ];
  for (const [arg, re] of bad) assert.throws(() => parsePatchewRef(arg), (e: unknown) => e instanceof PatchewRefError && re.test(e.message), arg);
});

let pc: FakePatchew;
before(async () => {
  pc = await startFakePatchew({ projects: ['QEMU', 'linux'], series: [{ mbox: EXAMPLE_MBOX, project: 'linux' }] });
});
after(async () => {
  await pc.stop();
});

test('a series by project name (307 by-name redirect), by project id, and by Message-ID search agree', async () => {
  const viaName = await getPatchewSeries({ base: pc.base, messageId: bare(V2_COVER), project: 'linux' });
  assert.equal(viaName.message_id, bare(V2_COVER));
  assert.equal(viaName.is_complete, true);
  assert.deepEqual(viaName.patches?.map((p) => p.message_id), [bare(V2_PATCH1), bare(V2_PATCH2)]);
  assert.equal(viaName.sender.address, 'ada@example.org');
  const viaId = await getPatchewSeries(parsePatchewRef(viaName.resource_uri));
  assert.equal(viaId.resource_uri, viaName.resource_uri);
  const viaSearch = await getPatchewSeries(parsePatchewRef(V2_COVER, { base: pc.base }));
  assert.equal(viaSearch.resource_uri, viaName.resource_uri);
  assert.ok(pc.requests.some((r) => r.url.startsWith('/api/v1/series/?q=id%3A')), 'searched with id:<msgid>');
});

test('the mbox reads back, with kvetch reader, to the Message-IDs of cover and patches', async () => {
  const s = await getPatchewSeries({ base: pc.base, messageId: bare(V2_COVER), project: 'linux' });
  assert.deepEqual(await messageIds(await patchewMbox(s)), [V2_COVER, V2_PATCH1, V2_PATCH2]);
  assert.deepEqual(await messageIds(await patchewMbox(s, { withCover: false })), [V2_PATCH1, V2_PATCH2]);
  const web = parsePatchewRef(`${pc.base}/linux/${bare(V2_COVER)}/`);
  assert.deepEqual(await messageIds(await patchewMbox(web)), [V2_COVER, V2_PATCH1, V2_PATCH2]);
  const before = pc.requests.length;
  assert.deepEqual(await messageIds(await patchewMbox(web, { withCover: false })), [V2_PATCH1, V2_PATCH2]);
  assert.deepEqual(pc.requests.slice(before).map((r) => r.url), [`/linux/${bare(V2_COVER)}/mbox`], 'straight to the web mbox');
  const noProject = parsePatchewRef(V2_COVER, { base: pc.base });
  assert.deepEqual(await messageIds(await patchewMbox(noProject)), [V2_COVER, V2_PATCH1, V2_PATCH2]);
});

test('an incomplete series has no mbox: the error says why', async () => {
  const v1 = await getPatchewSeries({ base: pc.base, messageId: bare(V1_COVER), project: 'linux' });
  assert.equal(v1.is_complete, false);
  assert.deepEqual(v1.patches?.map((p) => p.message_id), [bare(V1_PATCH1)]);
  await assert.rejects(patchewMbox(v1), (e: unknown) => e instanceof SourceError && /incomplete \(1 of 2 patches\)/.test(e.message));
  await assert.rejects(patchewMbox({ base: pc.base, messageId: bare(V1_COVER), project: 'linux' }, { withCover: false }), (e: unknown) => e instanceof HttpError && e.status === 404 && /complete series/.test(e.message));
});

test('unknown series and projects are 404s naming the series', async () => {
  await assert.rejects(getPatchewSeries({ base: pc.base, messageId: 'nope@example.org', project: 'linux' }), /patchew series <nope@example\.org> not found/);
  await assert.rejects(getPatchewSeries({ base: pc.base, messageId: 'nope@example.org' }), /not found .*found nothing/);
  await assert.rejects(getPatchewSeries({ base: pc.base, messageId: bare(V2_COVER), projectId: 99 }), (e: unknown) => e instanceof HttpError && e.status === 404);
});

test('502, a slow answer and a cut body are retried', async () => {
  const retries: string[] = [];
  pc.setFault({ kind: 'status', status: 502, path: /by-name/ });
  pc.setFault({ kind: 'delay', ms: 1500, path: /\/series\/.*\/mbox\/$/ });
  pc.setFault({ kind: 'cut', path: /\/messages\/.*\/mbox\/$/ });
  const s = await getPatchewSeries({ base: pc.base, messageId: bare(V2_COVER), project: 'linux' }, { ...FAST, onRetry: (i) => retries.push(i.error) });
  const mbox = await patchewMbox(s, { ...FAST, timeoutMs: 200, onRetry: (i) => retries.push(i.error) });
  assert.deepEqual(await messageIds(mbox), [V2_COVER, V2_PATCH1, V2_PATCH2]);
  assert.equal(retries.length, 3, 'series JSON 502, cover mbox cut, series mbox too slow');
  assert.match(retries[0] ?? '', /HTTP 502/);
  assert.match(retries[1] ?? '', /^terminated/, 'the cut body');
  assert.equal(retries[2], 'timed out after 200 ms');
});
