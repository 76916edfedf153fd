import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailChannelOptions, emailChannelSchema } from '../../../../src/report/email/config.js';

const minimal = { from: 'kvetch bot <kvetch@example.org>', smtp: { host: 'smtp.example.org' }, docsBase: 'https://kvetch.example.org/src' };

test('defaults: disabled, dry-run, port 25, lists muted, files in the state directory', () => {
  const cfg = emailChannelSchema.parse({ ...minimal, policies: [{ list: 'lore:kvm' }] });
  assert.equal(cfg.enabled, false);
  assert.equal(cfg.send, false);
  assert.equal(cfg.smtp.port, 25);
  assert.deepEqual(cfg.policies, [{ list: 'lore:kvm', enabled: false, minSeverity: 'warning', embargoMinutes: 0, maxPerHour: 10 }]);
  const o = emailChannelOptions(cfg, { stateDir: '/var/lib/kvetch', env: {} });
  assert.equal(o.outDir, '/var/lib/kvetch/email-outbox');
  assert.equal(o.sendLogPath, '/var/lib/kvetch/email-send-log.jsonl');
  assert.deepEqual(o.smtp, { host: 'smtp.example.org', port: 25, secure: false, timeoutMs: 30_000 });
});

test('unknown keys, unknown analyzers, a From without an address and a bad docsBase are errors naming the key', () => {
  const issue = (v: unknown) => {
    const r = emailChannelSchema.safeParse(v);
    assert.equal(r.success, false);
    const i = r.error.issues[0]!;
    return `${i.path.join('.')}: ${i.message}`;
  };
  assert.match(issue({ ...minimal, sned: true }), /Unrecognized key/);
  assert.match(issue({ ...minimal, policies: [{ list: 'lore:kvm', analyzers: ['symbol-export'] }] }), /^policies\.0\.analyzers\.0: unknown analyzer "symbol-export" \(known: .*symbol-exports/);
  assert.match(issue({ ...minimal, from: 'kvetch bot' }), /^from: an address/);
  assert.match(issue({ ...minimal, docsBase: 'not a url' }), /^docsBase:/);
  assert.match(issue({ ...minimal, policies: [{ list: 'x', cc: { extra: ['nobody'] } }] }), /^policies\.0\.cc\.extra\.0: an address/);
});

test('the SMTP password comes from the variable passwordEnv names; unset is an error naming both', () => {
  const cfg = emailChannelSchema.parse({ ...minimal, send: true, smtp: { host: 'h', port: 587, starttls: true, auth: { user: 'kvetch', passwordEnv: 'KVETCH_SMTP_PASSWORD' } } });
  assert.deepEqual(emailChannelOptions(cfg, { stateDir: '/s', env: { KVETCH_SMTP_PASSWORD: 'pw' } }).smtp, {
    host: 'h', port: 587, secure: false, starttls: true, auth: { user: 'kvetch', pass: 'pw' }, timeoutMs: 30_000,
  });
  assert.throws(() => emailChannelOptions(cfg, { stateDir: '/s', env: {} }), /channels\.email\.smtp\.auth\.passwordEnv: the environment variable KVETCH_SMTP_PASSWORD is not set/);
});
