/**
 * The kill-and-restart campaign of issue 16, small (bench/kill-restart.ts runs it over 1,000
 * series and 20 kills): `kvetch watch --send` over 40 generated series with the email,
 * patchwork-check and GitHub channels sending to the SMTP server and the fakes on 127.0.0.1,
 * SIGKILLed twice by the SMTP server the moment it read a reply's final dot (before its 250: the
 * reply is at the server, kvetch never heard so), then at 5 seeded random points, restarted each
 * time, on SQLite and on PostgreSQL. Counted at the
 * servers against one uninterrupted run: every publication exactly once, nothing missing,
 * nothing unexpected; SIGTERM stops cleanly and a last `--once` round exits 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignTable, runCampaign, type Backend } from '../support/kill-campaign.js';

const SEED = 20261206;

for (const backend of ['sqlite', 'postgres'] as Backend[]) {
  test(`watch --send on ${backend}: 40 series, SIGKILL at 2 replies' final dots and 5 random points (seed ${SEED}), restarted: each reply and check exactly once`, { timeout: 6 * 60_000 }, async (t) => {
    const r = await runCampaign({ series: 40, kills: 5, dataEndKills: 2, seed: SEED, backend, say: (l) => t.diagnostic(l) });
    for (const line of campaignTable([r]).split('\n')) t.diagnostic(line);
    assert.equal(r.killsSurvived, 7, 'each kill hit a running daemon');
    assert.equal(r.killPoints.filter((p) => p.startsWith("the server read a reply's final dot")).length, 2, 'both server-side kills came at a final dot');
    const email = r.comparisons.find((c) => c.channel === 'email');
    const patchwork = r.comparisons.find((c) => c.channel === 'patchwork');
    assert.ok(email && email.expected >= 10, 'the uninterrupted run sent replies');
    assert.ok(patchwork && patchwork.expected >= 100, 'the uninterrupted run posted checks');
    for (const c of r.comparisons) {
      assert.deepEqual(c.duplicated, [], `${c.channel}: nothing arrived twice`);
      assert.deepEqual(c.missing, [], `${c.channel}: nothing missing`);
      assert.deepEqual(c.unexpected, [], `${c.channel}: nothing unexpected`);
      assert.equal(c.counted, c.expected, `${c.channel}: as many as the uninterrupted run`);
    }
    assert.equal(r.stopCode, 0, 'SIGTERM is a clean stop');
    assert.equal(r.onceCode, 0, 'a last --once round exits 0');
  });
}
