/**
 * Part of the StateStore contract: strings from mail (Message-IDs, subjects, series keys) and
 * from config (source ids, cursors) that look like SQL are stored and found as the text they
 * are. Every query is parameterised; a string spliced into SQL would break these.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { message, T0, withStore, type OpenStore } from './store-fixtures.js';

const HOSTILE = [
  "x'); DROP TABLE messages; --@evil.example",
  'a" OR "1"="1@evil.example',
  "o'brien\\' OR 1=1 --@example.org",
  '%_*?[]{}$1 ::text @example.org',
  'semi;colon;@example.org\u0000nul',
];

export function hostileContract(open: OpenStore): void {
  test('SQL-looking Message-IDs, sources, cursors, keys and subjects are stored and found as text', () =>
    withStore(open, async (s) => {
      const source = "lore:kvm'; DELETE FROM cursors; --";
      const ids = HOSTILE.map((h) => h.replace('\u0000', ''));
      assert.deepEqual(await s.ingest(source, ids.map((id) => message(id, T0, source)), "cursor'); --"), ids);
      assert.deepEqual((await s.getMessages([...ids].reverse())).map((m) => m.messageId), [...ids].reverse());
      assert.deepEqual(await s.getMessages(["' OR '1'='1"]), []);
      assert.equal(await s.getCursor(source), "cursor'); --");
      assert.equal(await s.getCursor('lore:kvm'), null);
      for (const [i, key] of ids.entries()) {
        await s.upsertSeriesVersion({ key, revision: i + 1, subject: `[PATCH] ${key}`, messageIds: [key], readyAt: T0 });
        await s.putPublication({ key, revision: i + 1, channel: "email'--", target: key, state: 'sent', fingerprint: key, payload: key });
      }
      for (const [i, key] of ids.entries()) {
        assert.equal((await s.getSeriesVersion(key, i + 1))?.subject, `[PATCH] ${key}`);
        assert.deepEqual((await s.listSeriesVersions({ key })).map((v) => v.key), [key]);
        assert.equal((await s.getPublication(key, i + 1, "email'--", key))?.payload, key);
      }
      assert.deepEqual((await s.listSeriesVersions({ key: "' OR '1'='1" })), []);
      assert.equal((await s.listSeriesVersions()).length, ids.length);
      assert.equal((await s.listPublications({ channel: "email'--" })).length, ids.length);
    }));
}
