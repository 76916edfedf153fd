/**
 * The digest schedule, exactly once: hourly rounds with a fake clock against a real SMTP
 * server and a SQLite store: one mail per recipient per ISO week, across restarts, a crash
 * between the server's 250 and the store's record, two workers, and weeks of downtime.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StateStore } from '../../../src/model/store.js';
import { handDigest, withScene, header, RECIPIENTS } from '../../support/digest-env.js';

const HOUR = 3_600_000;

async function sentRevisions(store: StateStore): Promise<string[]> {
  return (await store.listPublications({ channel: 'digest', state: 'sent' })).map((p) => `${p.target}@${p.revision}`);
}

test('hourly rounds for two weeks: exactly one digest per recipient per ISO week', () =>
  withScene(async (s) => {
    // Monday 2023-11-13 08:00 Berlin (07:00 UTC) is W46's instant; the clock runs to 2023-11-28.
    for (let t = Date.parse('2023-11-14T00:00:00Z'); t <= Date.parse('2023-11-28T00:00:00Z'); t += HOUR) await s.step(new Date(t));
    assert.equal(s.smtp.received.length, 6, 'W46, W47, W48 × two recipients');
    assert.deepEqual((await sentRevisions(s.store)).sort(), RECIPIENTS.flatMap((a) => [202346, 202347, 202348].map((w) => `${a}@${w}`)).sort());
    assert.equal(s.built, 3, 'the digests are built once per week; other rounds only read the week mark');
    const ids = s.smtp.received.map((m) => header(m.raw, 'Message-ID'));
    assert.equal(new Set(ids).size, 6);
    const first = s.smtp.received[0];
    assert.ok(first);
    assert.deepEqual(first.to, ['ada@example.org']);
    assert.equal(first.from, 'kvetch@example.org');
    assert.equal(header(first.raw, 'Auto-Submitted'), 'auto-generated');
    assert.match(header(first.raw, 'X-Kvetch-Fingerprint') ?? '', /^kvetch:v1 digest=ada@example.org week=2023-W46 fp=[0-9a-f]{32}$/);
    assert.match(header(first.raw, 'Message-ID') ?? '', /^<kvetch\.digest\.2023-W46\.[0-9a-f]{24}@example\.org>$/);
    assert.match(first.raw.toString('utf8').replace(/=\r\n/g, ''), /a line "kvetch: opt-out digest"/);
    // The renderings of each week: text, page and JSON, and the index.
    const json = JSON.parse(readFileSync(join(s.dir, 'digest', '2023-W47', 'bob@example.org.json'), 'utf8')) as unknown;
    const due = { since: new Date('2023-11-13T07:00:00Z'), until: new Date('2023-11-20T07:00:00Z'), week: '2023-W47' };
    assert.deepEqual(json, handDigest('bob@example.org', due));
    assert.ok(readFileSync(join(s.dir, 'digest', '2023-W47', 'ada@example.org.txt'), 'utf8').length > 0);
  }));

test('a restart before and after the scheduled hour sends the week once', () =>
  withScene(async (s) => {
    await s.step('2023-11-20T06:59:00Z'); // W46 is due (first start)
    assert.equal(s.smtp.received.length, 2);
    await s.store.close();
    // Down across 08:00 Berlin; back at 09:13: W47 goes once.
    let store = await s.openStore();
    await s.step('2023-11-20T08:13:00Z', { store });
    await s.step('2023-11-20T08:14:00Z', { store });
    await store.close();
    store = await s.openStore();
    await s.step('2023-11-20T09:00:00Z', { store });
    assert.equal(s.smtp.received.length, 4);
    assert.deepEqual((await sentRevisions(store)).filter((r) => r.endsWith('202347')).length, 2);
  }));

test('a crash after the SMTP server accepted but before the store recorded sent: not sent again', () =>
  withScene(async (s) => {
    // The store dies on the first `sent` record: the mail is out, the send log has it, the store says intent.
    let crashed = false;
    const dying = new Proxy(s.store, {
      get(target, prop, recv) {
        if (prop === 'putPublication') {
          return async (p: Parameters<StateStore['putPublication']>[0]) => {
            if (!crashed && p.channel === 'digest' && p.state === 'sent') {
              crashed = true;
              throw new Error('killed');
            }
            return target.putPublication(p);
          };
        }
        const v = Reflect.get(target, prop, recv) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const r1 = await s.step('2023-11-20T07:30:00Z', { store: dying });
    assert.deepEqual(r1.results.map((r) => r.status), ['failed', 'sent']);
    assert.equal(s.smtp.received.length, 2);
    assert.equal((await s.store.getPublication('digest:ada@example.org', 202347, 'digest', 'ada@example.org'))?.state, 'intent');
    // Restarted a minute later with a new handle: the send log answers, nothing is sent twice.
    const store = await s.openStore();
    const r2 = await s.step('2023-11-20T07:31:00Z', { store });
    assert.deepEqual(r2.results.map((r) => [r.address, r.status]), [['ada@example.org', 'done'], ['bob@example.org', 'done']]);
    assert.match(r2.results[0]?.why ?? '', /accepted by the SMTP server .* \(send log\); recorded as sent/);
    assert.equal(s.smtp.received.length, 2);
    assert.equal((await store.getPublication('digest:ada@example.org', 202347, 'digest', 'ada@example.org'))?.state, 'sent');
    await s.step('2023-11-20T09:31:00Z', { store });
    assert.equal(s.smtp.received.length, 2);
  }));

test('two workers on one SQLite store in the same round send once', () =>
  withScene(async (s) => {
    const other = await s.openStore();
    const [a, b] = await Promise.all([s.step('2023-11-20T07:00:00Z'), s.step('2023-11-20T07:00:00Z', { store: other, worker: 'w2' })]);
    assert.equal(s.smtp.received.length, 2);
    const statuses = [...(a?.results ?? []), ...(b?.results ?? [])].map((r) => r.status).sort();
    assert.deepEqual(statuses.filter((x) => x === 'sent'), ['sent', 'sent']);
    // Both go on every hour: still nothing twice.
    for (let t = Date.parse('2023-11-20T08:00:00Z'); t < Date.parse('2023-11-21T08:00:00Z'); t += HOUR) {
      await Promise.all([s.step(new Date(t)), s.step(new Date(t), { store: other, worker: 'w2' })]);
    }
    assert.equal(s.smtp.received.length, 2);
    assert.equal((await sentRevisions(other)).length, 2);
  }));

test('down for three weeks: only the latest week is sent, no catch-up burst', () =>
  withScene(async (s) => {
    await s.step('2023-11-20T10:00:00Z'); // W47
    await s.step('2023-12-13T10:00:00Z'); // W48, W49 missed; W50 due (Monday 11 December)
    assert.equal(s.smtp.received.length, 4);
    assert.deepEqual([...new Set((await s.store.listPublications({ channel: 'digest' })).map((p) => p.revision))].sort(), [202347, 202350]);
  }));
