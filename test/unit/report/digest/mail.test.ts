import assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestMessageId, parseBotFrom, renderDigestMail } from '../../../../src/report/digest/mail.js';
import { digestStem } from '../../../../src/report/digest/outputs.js';
import { handDigest } from '../../../support/digest-env.js';

const due = { since: new Date('2023-11-13T07:00:00Z'), until: new Date('2023-11-20T07:00:00Z'), week: '2023-W47' };

test('digest Message-ID: one per (recipient, week), whatever the content or the date', async () => {
  const from = parseBotFrom('kvetch bot <Kvetch@Example.org>');
  const a = await renderDigestMail({ from, digest: handDigest('ada@example.org', due), week: '2023-W47', date: new Date('2023-11-20T07:00:00Z') });
  const changed = { ...handDigest('Ada@Example.org', due), attention: [{ series: 'x#v1', subject: 's', ruleId: 'r', message: 'm' }] };
  const b = await renderDigestMail({ from, digest: changed, week: '2023-W47', date: new Date('2023-11-20T09:00:00Z'), contact: 'ops@example.org' });
  assert.equal(a.messageId, b.messageId);
  assert.notEqual(a.fingerprint, b.fingerprint);
  assert.match(a.messageId, /^<kvetch\.digest\.2023-W47\.[0-9a-f]{24}@example\.org>$/);
  assert.notEqual(digestMessageId('ada@example.org', '2023-W48', 'kvetch@example.org'), digestMessageId('ada@example.org', '2023-W47', 'kvetch@example.org'));
  assert.notEqual(digestMessageId('bob@example.org', '2023-W47', 'kvetch@example.org'), digestMessageId('ada@example.org', '2023-W47', 'kvetch@example.org'));
  assert.deepEqual(a.envelope, { from: 'kvetch@example.org', to: ['ada@example.org'] });
  assert.deepEqual(a.headers['Auto-Submitted'], 'auto-generated');
  assert.match(b.body, /Questions about this bot: ops@example\.org\n$/);
  assert.match(a.body, /\n-- \nkvetch's weekly digest for ada@example\.org, 2023-W47\.\nTo stop it, mail kvetch@example\.org a line "kvetch: opt-out digest";\n/);
  assert.throws(() => parseBotFrom('kvetch'), /channels\.email\.from must be an address/);
});

test('digestStem: the address as a safe file name', () => {
  assert.equal(digestStem(' Ada.Lovelace+kvm@Example.org '), 'ada.lovelace+kvm@example.org');
  assert.equal(digestStem('../x/y@z'), '__x_y@z');
  assert.equal(digestStem(''), '_');
});
