import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../../src/config/load.js';
import { parseDaemonConfig as parseConfig } from '../../../src/daemon/config.js';

const SOURCES = 'sources:\n  - type: lore\n    list: kvm\n';
const EMAIL = 'channels:\n  email:\n    from: kvetch bot <kvetch@example.org>\n    smtp: { host: 127.0.0.1 }\n    docsBase: https://kvetch.example.org/src\n';
const bad = (text: string, re: RegExp) =>
  assert.throws(
    () => parseConfig(text, '/etc/kvetch/kvetch.yml'),
    (e: unknown) => e instanceof ConfigError && re.test(e.message),
  );

test('digest config: absent is off; an empty section takes every default', () => {
  assert.equal(parseConfig(SOURCES, 'k.yml').digest, undefined);
  assert.deepEqual(parseConfig(`${SOURCES}digest: {}\n`, 'k.yml').digest, {
    enabled: false, weekday: 'monday', hour: 7, timezone: 'UTC', reviewers: false, historyWeeks: 8, send: false,
  });
});

test('digest config: every key; outDir relative to kvetch.yml', () => {
  const c = parseConfig(
    `tree: linux\n${SOURCES}${EMAIL}digest:\n  enabled: true\n  weekday: friday\n  hour: 17\n  timezone: Europe/Berlin\n  recipients: [maint@example.org, kvm@vger.kernel.org]\n  reviewers: true\n  historyWeeks: 4\n  outDir: out/digest\n  send: true\n`,
    '/etc/kvetch/kvetch.yml',
  );
  assert.deepEqual(c.digest, {
    enabled: true, weekday: 'friday', hour: 17, timezone: 'Europe/Berlin', recipients: ['maint@example.org', 'kvm@vger.kernel.org'],
    reviewers: true, historyWeeks: 4, outDir: '/etc/kvetch/out/digest', send: true,
  });
  assert.equal(parseConfig(`tree: /linux\n${SOURCES}digest: { enabled: true, recipients: all }\n`, 'k.yml').digest?.recipients, 'all');
});

test('digest config: errors name the key', () => {
  bad(`${SOURCES}digest: { weekday: mon }\n`, /kvetch\.yml: digest\.weekday: /);
  bad(`${SOURCES}digest: { hour: 24 }\n`, /kvetch\.yml: digest\.hour: /);
  bad(`${SOURCES}digest: { hour: 7.5 }\n`, /kvetch\.yml: digest\.hour: /);
  bad(`${SOURCES}digest: { timezone: Europe/Berlinn }\n`, /kvetch\.yml: digest\.timezone: unknown timezone "Europe\/Berlinn"/);
  bad(`${SOURCES}digest: { recipients: some }\n`, /kvetch\.yml: digest\.recipients: /);
  bad(`${SOURCES}digest: { recipients: [not-an-address] }\n`, /kvetch\.yml: digest\.recipients\.0: an address/);
  bad(`${SOURCES}digest: { recipients: [] }\n`, /kvetch\.yml: digest\.recipients: /);
  bad(`${SOURCES}digest: { historyWeeks: 0 }\n`, /kvetch\.yml: digest\.historyWeeks: /);
  bad(`${SOURCES}digest: { sned: true }\n`, /kvetch\.yml: digest: .*sned/);
});

test('digest config: enabled needs recipients and a tree; send needs channels.email', () => {
  bad(`tree: /linux\n${SOURCES}digest: { enabled: true }\n`, /digest\.recipients: required when the digest is enabled/);
  bad(`${SOURCES}digest: { enabled: true, recipients: all }\n`, /digest\.enabled: the digest needs `tree:`/);
  bad(`tree: /linux\n${SOURCES}digest: { enabled: true, recipients: all, send: true }\n`, /digest\.send: sending the digest needs `channels\.email`/);
  // Disabled, nothing else is needed; enabled without send needs no email section.
  assert.equal(parseConfig(`${SOURCES}digest: { send: true }\n`, 'k.yml').digest?.send, true);
  assert.equal(parseConfig(`tree: /linux\n${SOURCES}digest: { enabled: true, recipients: all }\n`, 'k.yml').digest?.enabled, true);
  assert.equal(parseConfig(`tree: /linux\n${SOURCES}${EMAIL}digest: { enabled: true, recipients: all, send: true }\n`, 'k.yml').digest?.send, true);
});
