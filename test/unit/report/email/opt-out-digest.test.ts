import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyOptOuts, DIGEST_OPT_OUT, optOutRules, parseOptOutCommand, recordOptOut } from '../../../../src/report/email/opt-out.js';
import { openSqliteStore } from '../../../../src/store/sqlite.js';
import { recordOf } from '../../../support/thread-mail.js';

const RULES = optOutRules(['kconfig-select', 'symbol-exports']);
const dir = mkdtempSync(join(tmpdir(), 'kvetch-optout-digest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('opt-out of the digest only: by the CLI (--rule digest) and by mail (kvetch: opt-out digest)', async () => {
  assert.deepEqual(RULES, ['kconfig-select', 'symbol-exports', 'digest']);
  const mail = await recordOf('From: Ada <ada@example.org>\nTo: kvetch@example.org\nSubject: Re: [kvetch digest] 2023-W47\nMessage-ID: <o@example.org>\n\nkvetch: opt-out digest\n');
  assert.deepEqual(parseOptOutCommand(mail, { knownRules: RULES }).requests, [{ address: 'ada@example.org', ruleId: DIGEST_OPT_OUT }]);
  const store = await openSqliteStore(join(dir, 'a.db'));
  await store.migrate();
  try {
    const r = await recordOptOut(store, { address: 'Ada@Example.org', ruleId: 'digest' }, { knownRules: RULES });
    assert.equal(r.message, 'ada@example.org opted out of the weekly digest');
    assert.equal(await store.isOptedOut('ada@example.org', DIGEST_OPT_OUT), true);
    assert.equal(await store.isOptedOut('ada@example.org'), false, 'replies still go to her');
    // Opting out of everything covers the digest.
    await recordOptOut(store, { address: 'bob@example.org' }, { knownRules: RULES });
    assert.equal(await store.isOptedOut('bob@example.org', DIGEST_OPT_OUT), true);
    // A digest opt-out removes nothing from a reply.
    const d = applyOptOuts(await store.listOptOuts(), { to: [{ name: 'Ada', address: 'ada@example.org' }], sender: [], lists: [], others: [] }, []);
    assert.equal(d.skip, undefined);
  } finally {
    await store.close();
  }
});
