/**
 * The digest step's policy: opt-outs (every kvetch mail, or the digest only), dry run (the
 * default: .eml files, nothing sent, not written again, no obstacle to a later real send),
 * failures retried then given up, the wiring into runRound, and the config errors.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRound } from '../../../src/daemon/round.js';
import type { Source } from '../../../src/model/source.js';
import { createLogger } from '../../../src/util/logger.js';
import { handDigest, withScene } from '../../support/digest-env.js';

test('opted out of everything, or of the digest: no digest, recorded skipped; an analyzer opt-out does not stop it', () =>
  withScene(async (s) => {
    s.recipients = ['ada@example.org', 'bob@example.org', 'cy@example.org'];
    await s.store.addOptOut({ address: 'ada@example.org' });
    await s.store.addOptOut({ address: 'bob@example.org', ruleId: 'digest' });
    await s.store.addOptOut({ address: 'cy@example.org', ruleId: 'symbol-exports' });
    const r = await s.step('2023-11-20T07:00:00Z');
    assert.deepEqual(r.results.map((x) => [x.address, x.status]), [['ada@example.org', 'skipped'], ['bob@example.org', 'skipped'], ['cy@example.org', 'sent']]);
    assert.deepEqual(s.smtp.received.map((m) => m.to), [['cy@example.org']]);
    const skipped = await s.store.listPublications({ channel: 'digest', state: 'skipped' });
    assert.deepEqual(skipped.map((p) => [p.target, (JSON.parse(p.payload ?? '{}') as { why?: string }).why]), [
      ['ada@example.org', 'ada@example.org opted out of the digest'],
      ['bob@example.org', 'bob@example.org opted out of the digest'],
    ]);
    await s.step('2023-11-20T09:00:00Z');
    assert.equal(s.smtp.received.length, 1);
  }));

test('dry run (the default): .eml files, nothing sent, not written again; a later real send goes once', () =>
  withScene(
    async (s) => {
      const r = await s.step('2023-11-20T07:00:00Z');
      assert.deepEqual(r.results.map((x) => x.status), ['written', 'written']);
      const dir = join(s.dir, 'digest', '2023-W47');
      assert.deepEqual(readdirSync(dir).sort(), ['ada@example.org.eml', 'ada@example.org.html', 'ada@example.org.json', 'ada@example.org.txt', 'bob@example.org.eml', 'bob@example.org.html', 'bob@example.org.json', 'bob@example.org.txt', 'index.html', 'index.json']);
      assert.equal(s.smtp.received.length, 0);
      assert.deepEqual(await s.store.listPublications({ channel: 'digest', state: 'sent' }), []);
      const eml = join(dir, 'ada@example.org.eml');
      const before = statSync(eml).mtimeMs;
      const again = await s.step('2023-11-20T08:00:00Z');
      assert.equal(again.alreadyDone, true, 'the dry-run week is done for dry runs');
      assert.equal(statSync(eml).mtimeMs, before);
      // The daemon's --send without the digest's own send is still a dry run.
      const config = { ...s.config, digest: { ...s.config.digest!, send: true } };
      const real = await s.step('2023-11-20T09:00:00Z', { config });
      assert.deepEqual(real.results.map((x) => x.status), ['sent', 'sent']);
      await s.step('2023-11-20T10:00:00Z', { config });
      assert.equal(s.smtp.received.length, 2);
    },
    { send: false },
  ));

test('a refused send is recorded failed, retried after its backoff, and given up after maxAttempts', () =>
  withScene(
    async (s) => {
      s.recipients = ['ada@example.org'];
      s.smtp.script = [{ code: 451, message: 'try later' }, { code: 451, message: 'try later' }];
      const r1 = await s.step('2023-11-20T07:00:00Z');
      assert.equal(r1.results[0]?.status, 'failed');
      const p = await s.store.getPublication('digest:ada@example.org', 202347, 'digest', 'ada@example.org');
      assert.deepEqual([p?.state, p?.attempts], ['failed', 1]);
      const r2 = await s.step('2023-11-20T07:05:00Z');
      assert.equal(r2.results[0]?.status, 'waiting', 'the retry is not due yet');
      await s.step('2023-11-20T07:20:00Z');
      const r4 = await s.step('2023-11-20T09:00:00Z');
      assert.equal(r4.results[0]?.status, 'gave-up');
      assert.equal(s.smtp.attempts, 2);
      assert.equal(s.smtp.received.length, 0);
      assert.equal((await s.step('2023-11-20T10:00:00Z')).alreadyDone, true, 'a given-up week is done');
    },
    { retry: '{ maxAttempts: 2, backoffMinutes: 10 }' },
  ));

test('runRound runs the digest step after publishing, and counts what it sent', () =>
  withScene(async (s) => {
    const quiet: Source = { type: 'lore', summary: 'nothing new', poll: async () => ({ mails: [], cursor: null }) };
    const round = (now: string) =>
      runRound({
        config: s.config, store: s.store, log: createLogger({ level: 'silent' }), stateDir: s.dir, baseDir: s.dir, worker: 'w1', channels: [], sources: [quiet],
        send: true, now: () => new Date(now), stopped: () => false,
        digest: { makeDigests: async (due) => s.recipients.map((a) => handDigest(a, due)) },
      });
    const first = await round('2023-11-20T07:00:00Z');
    assert.equal(first.digest?.week, '2023-W47');
    assert.equal(first.published, 2);
    assert.equal((await round('2023-11-20T08:00:00Z')).published, 0);
    assert.equal(s.smtp.received.length, 2);
  }));

test('with the email channel off, a mail "kvetch: opt-out digest" still stops the digest', () =>
  withScene(async (s) => {
    const mail = Buffer.from('From: Ada <ada@example.org>\nTo: kvetch@example.org\nSubject: Re: [kvetch digest] 2023-W46\nMessage-ID: <stop@example.org>\nDate: Mon, 20 Nov 2023 06:00:00 +0000\n\nkvetch: opt-out digest\n');
    let polled = false;
    const lore: Source = { type: 'lore', summary: 'one mail', poll: async () => (polled ? { mails: [], cursor: '1' } : ((polled = true), { mails: [mail], cursor: '1' })) };
    assert.equal((s.config.channels.email as { enabled: boolean }).enabled, false);
    const r = await runRound({
      config: s.config, store: s.store, log: createLogger({ level: 'silent' }), stateDir: s.dir, baseDir: s.dir, worker: 'w1', channels: [], sources: [lore],
      send: true, now: () => new Date('2023-11-20T07:00:00Z'), stopped: () => false,
      digest: { makeDigests: async (due) => s.recipients.map((a) => handDigest(a, due)) },
    });
    assert.equal(await s.store.isOptedOut('ada@example.org', 'digest'), true);
    assert.deepEqual(r.digest?.results.map((x) => [x.address, x.status]), [['ada@example.org', 'skipped'], ['bob@example.org', 'sent']]);
  }));

test('the digest without a tree (and no digests given) is a config error; off, the step does nothing', () =>
  withScene(async (s) => {
    await assert.rejects(s.step('2023-11-20T07:00:00Z', { makeDigests: undefined }), /digest\.enabled: the digest needs `tree:`/);
    const off = await s.step('2023-11-20T07:00:00Z', { config: { ...s.config, digest: { ...s.config.digest!, enabled: false } } });
    assert.deepEqual(off, { week: null, alreadyDone: false, results: [], files: [] });
    assert.equal(existsSync(join(s.dir, 'digest')), false);
  }));
