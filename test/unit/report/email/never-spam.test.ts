import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  botReason, embargoReason, existingDecision, rateLimitReason, replyReason, retryAfter, RETRY_DEFAULTS,
} from '../../../../src/report/email/never-spam.js';
import type { Publication } from '../../../../src/model/store.js';
import { threadMail } from '../../../support/thread-mail.js';

const BOT = 'kvetch@example.org';
const NOW = new Date('2024-03-04T12:00:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);
const from = (address: string, name = '') => ({ from: { name, address } });

test('no reply to a machine (as intake decided) nor to ourselves', () => {
  assert.equal(botReason(threadMail(), BOT), null);
  assert.equal(botReason(threadMail({ automated: 'its sender is a robot (kernel test robot <lkp@intel.com>)' }), BOT), 'its sender is a robot (kernel test robot <lkp@intel.com>)');
  assert.match(botReason(threadMail(from('KVETCH@example.org', 'kvetch bot')), BOT) ?? '', /our own mail/);
});

test('replies: Re: without a diff is a reply; Re: with a diff is a patch; a patch is not a reply', () => {
  assert.match(replyReason(threadMail({ subject: 'Re: [PATCH 0/2] gpio: frob' })) ?? '', /a reply, not a patch/);
  assert.equal(replyReason(threadMail({ subject: 'Re: [PATCH 1/2] gpio: frob', isPatch: true })), null);
  assert.equal(replyReason(threadMail({ subject: '[PATCH 1/2] gpio: frob', isPatch: true })), null);
});

function pub(over: Partial<Omit<Publication, 'payload'>> & { payload?: object }): Publication {
  const { payload, ...rest } = over;
  return {
    key: 'k', revision: 1, channel: 'email', target: 'lore:kvm', state: 'intent', fingerprint: 'fp', attempts: 0, updatedAt: NOW,
    ...rest,
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  };
}
const nothingLogged = { acceptedAt: () => null, dataEndAt: () => null };

test('one reply per version: sent or skipped stops for good; nothing recorded goes', () => {
  assert.deepEqual(existingDecision([], NOW, RETRY_DEFAULTS, nothingLogged), { kind: 'go', attempts: 0 });
  const sent = existingDecision([pub({ state: 'sent', externalId: '<m@x>' })], NOW, RETRY_DEFAULTS, nothingLogged);
  assert.deepEqual(sent, { kind: 'stop', reason: 'already-done', why: 'already sent to lore:kvm as <m@x>', final: true });
  const skipped = existingDecision([pub({ state: 'skipped', payload: { why: 'muted' } })], NOW, RETRY_DEFAULTS, nothingLogged);
  assert.deepEqual(skipped, { kind: 'stop', reason: 'already-done', why: 'already skipped for lore:kvm: muted', final: true });
});

test('an intent the send log holds was accepted; an unlogged young intent is in flight, an old one is retried', () => {
  const intent = pub({ state: 'intent', payload: { messageId: '<m@x>', intentAt: NOW.toISOString() } });
  const logged = existingDecision([intent], min(1), RETRY_DEFAULTS, { ...nothingLogged, acceptedAt: (id) => (id === '<m@x>' ? NOW : null) });
  assert.equal(logged.kind, 'accepted');
  assert.equal(logged.kind === 'accepted' && logged.messageId, '<m@x>');
  assert.equal(logged.kind === 'accepted' && logged.confirmed, true);
  assert.match(JSON.stringify(existingDecision([intent], min(9), RETRY_DEFAULTS, nothingLogged)), /in flight since 2024-03-04T12:00:00.000Z/);
  assert.deepEqual(existingDecision([intent], min(10), RETRY_DEFAULTS, nothingLogged), { kind: 'go', attempts: 0 });
});

test('an intent whose attempt reached its final dot (send log data end) is held by the server, unconfirmed; another attempt\'s data end is not', () => {
  // The intent records the attempts before it: attempts 1 means the send in flight was attempt 2.
  const intent = pub({ state: 'intent', attempts: 1, payload: { messageId: '<m@x>', intentAt: NOW.toISOString() } });
  const ended = (attempt: number) => ({ ...nothingLogged, dataEndAt: (id: string, a: number) => (id === '<m@x>' && a === attempt ? min(0.5) : null) });
  const held = existingDecision([intent], min(1), RETRY_DEFAULTS, ended(2));
  assert.deepEqual(held, { kind: 'accepted', publication: intent, messageId: '<m@x>', acceptedAt: min(0.5), confirmed: false });
  // Attempt 1 ended its DATA and was refused (recorded failed): that says nothing of attempt 2.
  assert.match(JSON.stringify(existingDecision([intent], min(1), RETRY_DEFAULTS, ended(1))), /in flight since/);
  assert.deepEqual(existingDecision([intent], min(10), RETRY_DEFAULTS, ended(1)), { kind: 'go', attempts: 1 });
  // A failed record is the server's answer: its data end does not make it sent.
  const failed = pub({ state: 'failed', attempts: 2, payload: { messageId: '<m@x>', error: '451 later', retryAfter: min(5).toISOString() } });
  assert.deepEqual(existingDecision([failed], min(10), RETRY_DEFAULTS, ended(2)), { kind: 'go', attempts: 2 });
  // An acceptance wins over a data end.
  const both = existingDecision([intent], min(1), RETRY_DEFAULTS, { acceptedAt: () => NOW, dataEndAt: () => min(0.5) });
  assert.equal(both.kind === 'accepted' && both.confirmed, true);
});

test('failed: waits for retryAfter, then goes with its attempts; gives up at maxAttempts', () => {
  const failed = pub({ state: 'failed', attempts: 2, payload: { messageId: '<m@x>', error: '451 later', retryAfter: min(20).toISOString() } });
  assert.match(JSON.stringify(existingDecision([failed], min(19), RETRY_DEFAULTS, nothingLogged)), /retry after 2024-03-04T12:20:00.000Z \(451 later\)/);
  assert.deepEqual(existingDecision([failed], min(20), RETRY_DEFAULTS, nothingLogged), { kind: 'go', attempts: 2 });
  const exhausted = existingDecision([{ ...failed, attempts: 5 }], min(999), RETRY_DEFAULTS, nothingLogged);
  assert.deepEqual(exhausted, { kind: 'stop', reason: 'gave-up', why: 'gave up after 5 attempts: 451 later', final: false });
});

test('a sent or skipped row wins over a failed one for another list (the policy moved)', () => {
  const failed = pub({ state: 'failed', target: 'lore:old', attempts: 9, payload: { error: 'x' } });
  const sent = pub({ state: 'sent', target: 'kvm@vger.kernel.org', externalId: '<m@x>' });
  assert.deepEqual(existingDecision([failed, sent], NOW, RETRY_DEFAULTS, nothingLogged), { kind: 'stop', reason: 'already-done', why: 'already sent to kvm@vger.kernel.org as <m@x>', final: true });
});

test('retryAfter: full jitter between one backoff and a cap that doubles per attempt, six times longer after a permanent refusal', () => {
  const at = (random: number) => ({ ...RETRY_DEFAULTS, backoffMinutes: 10, random: () => random });
  assert.deepEqual([1, 2, 3].map((n) => retryAfter(NOW, n, false, at(0))), [min(10), min(10), min(10)], 'never sooner than one backoff');
  assert.deepEqual([1, 2, 3].map((n) => retryAfter(NOW, n, false, at(0.5))), [min(15), min(25), min(45)]);
  assert.deepEqual([1, 2, 3].map((n) => retryAfter(NOW, n, false, at(0.999999)).getTime() < min(10 * 2 ** (n + 1)).getTime()), [true, true, true], 'below the cap');
  assert.deepEqual([retryAfter(NOW, 1, true, at(0)), retryAfter(NOW, 1, true, at(0.5))], [min(60), min(90)]);
  // Senders that failed together come back spread over the window, not at one instant.
  let seed = 1;
  const lcg = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const times = new Set(Array.from({ length: 50 }, () => retryAfter(NOW, 3, false, { ...RETRY_DEFAULTS, backoffMinutes: 10, random: lcg }).getTime()));
  assert.ok(times.size > 40, `50 retries at ${times.size} instants`);
});

test('rate limit: sent replies to that list within the last hour count; older ones, other lists and other states do not', () => {
  const sentAt = (m: number, target = 'lore:kvm', state: Publication['state'] = 'sent') => pub({ state, target, payload: { sentAt: min(m).toISOString() } });
  const pubs = [sentAt(-59), sentAt(-30), sentAt(-61), sentAt(-10, 'lore:netdev'), sentAt(-5, 'lore:kvm', 'failed')];
  assert.equal(rateLimitReason(pubs, 'lore:kvm', 3, NOW), null);
  assert.match(rateLimitReason(pubs, 'lore:kvm', 2, NOW) ?? '', /rate limit: 2 replies to lore:kvm in the last hour \(maxPerHour 2\)/);
});

test('embargo: none before readyAt + embargoMinutes', () => {
  assert.match(embargoReason(NOW, 30, min(29)) ?? '', /embargoed until 2024-03-04T12:30:00.000Z/);
  assert.equal(embargoReason(NOW, 30, min(30)), null);
  assert.equal(embargoReason(NOW, 0, NOW), null);
});
