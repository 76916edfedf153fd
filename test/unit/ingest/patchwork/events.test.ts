import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEventCursor, parseEventCursor, pollEvents, type EventPoll } from '../../../../src/ingest/patchwork/events.js';
import { SourceError } from '../../../../src/ingest/http/source-error.js';
import type { PwEvent } from '../../../../src/ingest/patchwork/model.js';
import { startFakePatchwork, type FakePatchwork } from '../../../support/fake-patchwork.js';
import { makeSeries, mbox } from '../../support/mail.js';
import { FAST } from './pw-helpers.js';

const EPOCH = '2000-01-01T00:00:00';

/** A fake whose event clock ticks one second per event, events paged two at a time. */
async function withFake(fn: (pw: FakePatchwork) => Promise<void>, pageSize = 2): Promise<void> {
  let t = Date.parse('2024-05-01T00:00:00Z');
  const pw = await startFakePatchwork({ token: 't0k', pageSize, clock: () => new Date((t += 1000)) });
  try {
    await fn(pw);
  } finally {
    await pw.stop();
  }
}

/** Add `n` complete series tagged `<tag>-<i>`; returns their fake series ids. */
async function addComplete(pw: FakePatchwork, tag: string, n: number, at?: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = makeSeries({ tag: `${tag}-${i}`, n: 2, title: `series ${tag} ${i}` });
    for (const row of await pw.addSeries(mbox(s.cover, ...s.patches), at ? { at } : {})) ids.push(row.id);
  }
  return ids;
}

const seriesIds = (evs: PwEvent[]) => evs.map((e) => e.payload.series?.id);
const completedIds = (pw: FakePatchwork) => pw.store.events.filter((e) => e.category === 'series-completed').map((e) => e.id);

test('polling across pages, new series between polls: every series-completed event exactly once, oldest first', async () => {
  await withFake(async (pw) => {
    const first = await addComplete(pw, 'a', 5);
    const p1 = await pollEvents(pw.base, 'kvm', EPOCH, FAST);
    assert.deepEqual(seriesIds(p1.events), first);
    assert.equal(p1.incomplete, undefined);
    const pages = pw.requests.filter((r) => r.url.startsWith('/api/1.2/events/'));
    assert.equal(pages.length, 3, 'five events, two per page: three pages followed through Link rel="next"');
    const second = await addComplete(pw, 'b', 3);
    const p2 = await pollEvents(pw.base, 'kvm', p1.cursor, FAST);
    assert.deepEqual(seriesIds(p2.events), second);
    const p3 = await pollEvents(pw.base, 'kvm', p2.cursor, FAST);
    assert.deepEqual(p3.events, []);
    assert.equal(p3.cursor, p2.cursor);
    const delivered = [...p1.events, ...p2.events].map((e) => e.id);
    assert.deepEqual(delivered, completedIds(pw));
    for (const e of [...p1.events, ...p2.events]) assert.equal(e.category, 'series-completed');
  });
});

test('series-created is ignored: an incomplete series is delivered only once its last patch arrives', async () => {
  await withFake(async (pw) => {
    const s = makeSeries({ tag: 'late', n: 3 });
    const [row] = await pw.addSeries(mbox(s.cover, s.patches[0] as string, s.patches[1] as string));
    assert.ok(row);
    assert.ok(pw.store.events.some((e) => e.category === 'series-created' && e.series?.id === row.id), 'the fake did log series-created');
    const p1 = await pollEvents(pw.base, 'kvm', EPOCH, FAST);
    assert.deepEqual(p1.events, []);
    await pw.addPatches(row.id, mbox(s.patches[2] as string));
    const p2 = await pollEvents(pw.base, 'kvm', p1.cursor ?? EPOCH, FAST);
    assert.deepEqual(seriesIds(p2.events), [row.id]);
    assert.equal(p2.events[0]?.category, 'series-completed');
  });
});

test('equal timestamps at the cursor: the boundary event is not repeated, a new one at that instant is delivered', async () => {
  await withFake(async (pw) => {
    const T = '2024-06-01T12:00:00.123456';
    const [a] = await addComplete(pw, 'tie-a', 1, T);
    const p1 = await pollEvents(pw.base, 'kvm', EPOCH, FAST);
    assert.deepEqual(seriesIds(p1.events), [a]);
    assert.equal(p1.cursor, `${T} ${p1.events[0]?.id}`);
    const [b] = await addComplete(pw, 'tie-b', 1, T);
    // patchwork's since is inclusive: the server does send the old event again.
    const raw = (await (await fetch(`${pw.base}/api/1.2/events/?project=kvm&category=series-completed&since=${T}`)).json()) as unknown[];
    assert.equal(raw.length, 2);
    const p2 = await pollEvents(pw.base, 'kvm', p1.cursor, FAST);
    assert.deepEqual(seriesIds(p2.events), [b]);
    const cursor = parseEventCursor(p2.cursor);
    assert.equal(cursor?.since, T);
    assert.deepEqual([...(cursor?.seen ?? [])].sort(), [p1.events[0]?.id, p2.events[0]?.id].sort());
    const p3 = await pollEvents(pw.base, 'kvm', p2.cursor, FAST);
    assert.deepEqual(p3.events, []);
  });
});

test('a page that keeps failing ends the poll early; the cursor stops at the last event returned', async () => {
  await withFake(async (pw) => {
    const ids = await addComplete(pw, 'f', 5);
    pw.setFault({ kind: 'status', status: 502, times: FAST.retries + 1, path: /\/events\/.*page=2/ });
    const p1 = await pollEvents(pw.base, 'kvm', EPOCH, FAST);
    assert.deepEqual(seriesIds(p1.events), ids.slice(0, 2));
    assert.match(p1.incomplete ?? '', /page=2.*HTTP 502/);
    assert.equal(parseEventCursor(p1.cursor)?.since, p1.events[1]?.date);
    const p2 = await pollEvents(pw.base, 'kvm', p1.cursor, FAST);
    assert.deepEqual(seriesIds(p2.events), ids.slice(2));
    assert.equal(p2.incomplete, undefined);
  });
});

test('maxPages bounds one poll; the following polls pick up where it stopped', async () => {
  await withFake(async (pw) => {
    const ids = await addComplete(pw, 'm', 5);
    const got: number[] = [];
    let cursor: string | null = EPOCH;
    let poll: EventPoll;
    let polls = 0;
    do {
      poll = await pollEvents(pw.base, 'kvm', cursor, { ...FAST, maxPages: 1 });
      got.push(...(seriesIds(poll.events) as number[]));
      cursor = poll.cursor;
      polls++;
    } while (poll.events.length > 0 && polls < 10);
    assert.deepEqual(got, ids);
  });
});

test('a first page that fails throws (the caller keeps its cursor); the token is sent', async () => {
  await withFake(async (pw) => {
    await addComplete(pw, 'x', 1);
    pw.setFault({ kind: 'status', status: 503, times: FAST.retries + 1, path: /\/events\// });
    await assert.rejects(pollEvents(pw.base, 'kvm', EPOCH, FAST), /\/api\/1\.2\/events\/\?.*HTTP 503/);
    const p = await pollEvents(pw.base, 'kvm', EPOCH, { ...FAST, token: 't0k' });
    assert.equal(p.events.length, 1);
    const last = pw.requests[pw.requests.length - 1];
    assert.equal(last?.headers.authorization, 'Token t0k');
    assert.match(last?.url ?? '', /category=series-completed/);
    assert.match(last?.url ?? '', /order=date/);
  });
});

test('no cursor yet: only the newest page, and a cursor to go on from', async () => {
  await withFake(async (pw) => {
    const ids = await addComplete(pw, 'n', 5);
    const p = await pollEvents(pw.base, 'kvm', null, FAST);
    assert.deepEqual(seriesIds(p.events), ids.slice(3), 'the newest two, oldest first');
    assert.equal(pw.requests.filter((r) => r.url.startsWith('/api/1.2/events/')).length, 1);
    const [late] = await addComplete(pw, 'n-late', 1);
    const next = await pollEvents(pw.base, 'kvm', p.cursor, FAST);
    assert.deepEqual(seriesIds(next.events), [late]);
  });
});

test('another project\'s events are not delivered', async () => {
  let t = Date.parse('2024-05-01T00:00:00Z');
  const pw = await startFakePatchwork({ projects: [{ linkName: 'kvm' }, { linkName: 'netdev' }], clock: () => new Date((t += 1000)) });
  try {
    const s = makeSeries({ tag: 'net', n: 1 });
    await pw.addSeries(mbox(s.cover, ...s.patches), { project: 'netdev' });
    assert.deepEqual((await pollEvents(pw.base, 'kvm', EPOCH, FAST)).events, []);
    assert.equal((await pollEvents(pw.base, 'netdev', EPOCH, FAST)).events.length, 1);
  } finally {
    await pw.stop();
  }
});

test('cursors: round trip, plain ISO dates accepted, garbage refused with a message', () => {
  assert.equal(parseEventCursor(null), null);
  const c = parseEventCursor('2024-06-01T12:00:00.123456 7,3');
  assert.deepEqual(c && { since: c.since, seen: [...c.seen] }, { since: '2024-06-01T12:00:00.123456', seen: [7, 3] });
  assert.equal(formatEventCursor(c as NonNullable<typeof c>), '2024-06-01T12:00:00.123456 3,7');
  assert.equal(parseEventCursor('2024-06-01T12:00:00Z')?.seen.size, 0);
  assert.throws(() => parseEventCursor('yesterday'), (e: unknown) => e instanceof SourceError && /invalid patchwork event cursor "yesterday"/.test(e.message));
});
