/**
 * publishPending marks a channel done for a version only when the channel has nothing left to
 * do: an error, or a "not-yet" skip (a send in flight after a crash, an embargo, a rate limit, a
 * retry not due), leaves the version pending and the channel is asked again on a later round.
 * The kill-and-restart campaign found the loss this guards against: a reply whose send a
 * SIGKILL interrupted was skipped "in flight" on the next round, marked done, and never sent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { publishPending } from '../../../src/daemon/publish.js';
import type { Channel, Outcome, SkipReason } from '../../../src/model/channel.js';
import type { StateStore } from '../../../src/model/store.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const log = createLogger({ level: 'silent' });

async function doneVersion(): Promise<{ store: StateStore; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-publish-'));
  const store = await openSqliteStore(join(dir, 'state.db'));
  await store.migrate();
  const series = { key: 'gen1', revision: 1, subject: 'gen1: helper', cover: null, patches: [], complete: true } as unknown as Parameters<StateStore['upsertSeriesVersion']>[0]['series'];
  await store.upsertSeriesVersion({ key: 'gen1', revision: 1, subject: 'gen1: helper', messageIds: [], readyAt: new Date(NOW.getTime() - 60_000), ...(series ? { series } : {}) });
  const v = await store.claimNext('w', NOW, 60_000);
  assert.ok(v && (await store.complete(v.key, v.revision, 'w', [])));
  return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** A channel that answers with the scripted skips, then publishes. */
function scripted(skips: SkipReason[]): Channel & { calls: number } {
  const ch = {
    id: 'email',
    calls: 0,
    publish: async (): Promise<Outcome> => {
      const reason = skips[ch.calls++];
      const out: Outcome = { channel: 'email', published: 0, skipped: [], written: [], errors: [] };
      if (reason) out.skipped.push({ target: 'list', reason, why: `scripted ${reason}` });
      else out.published = 1;
      return out;
    },
  };
  return ch;
}

const run = (store: StateStore, ch: Channel, now: Date) => publishPending(store, [ch], { log, dryRun: false, now, worker: 'w', leaseMs: 1000 });

test('a "not-yet" skip (a send in flight after a crash) leaves the version pending: asked again, published, then done', async () => {
  const { store, close } = await doneVersion();
  try {
    const ch = scripted(['not-yet', 'not-yet']);
    for (let round = 0; round < 3; round++) await run(store, ch, new Date(NOW.getTime() + round * 5_000));
    assert.equal(ch.calls, 3, 'the channel is asked on every round until it publishes');
    assert.ok(await store.getPublication('gen1', 1, 'email#done', ''), 'done once it published');
    await run(store, ch, new Date(NOW.getTime() + 20_000));
    assert.equal(ch.calls, 3, 'and not asked again after that');
  } finally {
    await close();
  }
});

test('a final skip (already done, muted, opted out) marks the channel done for the version at once', async () => {
  for (const reason of ['already-done', 'muted', 'opted-out', 'nothing-to-report'] as const) {
    const { store, close } = await doneVersion();
    try {
      const ch = scripted([reason]);
      await run(store, ch, NOW);
      await run(store, ch, new Date(NOW.getTime() + 5_000));
      assert.equal(ch.calls, 1, reason);
      assert.ok(await store.getPublication('gen1', 1, 'email#done', ''), reason);
    } finally {
      await close();
    }
  }
});
