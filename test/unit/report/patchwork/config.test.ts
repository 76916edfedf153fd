/** channels.patchworkCheck in kvetch.yml: defaults, bad values named, the token from the environment. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patchworkCheckOptions, patchworkCheckSchema, reportUrlFromTemplate } from '../../../../src/report/patchwork/config.js';

const MIN = { base: 'https://patchwork.kernel.org', reportUrl: 'https://kvetch.example.org/r/{key}/v{revision}' };

test('defaults: disabled, dry-run, token from $KVETCH_PATCHWORK_TOKEN, default contexts', () => {
  const c = patchworkCheckSchema.parse(MIN);
  assert.equal(c.enabled, false);
  assert.equal(c.send, false);
  assert.equal(c.tokenEnv, 'KVETCH_PATCHWORK_TOKEN');
  const o = patchworkCheckOptions(c, { env: {}, defaultOutDir: '/var/lib/kvetch/pw' });
  assert.equal(o.send, false);
  assert.equal(o.token, '');
  assert.equal(o.outDir, '/var/lib/kvetch/pw');
  assert.equal(o.contexts, undefined, 'the channel applies its defaults');
  assert.equal(o.reportUrl('s-18c0/x y', 2), 'https://kvetch.example.org/r/s-18c0%2Fx%20y/v2');
});

test('unknown keys, bad URLs, bad contexts and a token in the file are refused', () => {
  const issues = (v: unknown) => {
    const r = patchworkCheckSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  assert.ok(issues({ ...MIN, token: 'abc' }).some((i) => /Unrecognized key.*token/.test(i)), 'the token never sits in the file');
  assert.ok(issues({ ...MIN, base: 'patchwork.kernel.org' }).some((i) => i.startsWith('base:')));
  assert.ok(issues({ ...MIN, reportUrl: 'not a url' }).some((i) => i.startsWith('reportUrl:')));
  assert.ok(issues({ ...MIN, contexts: { 'kvetch api': ['symbol-exports'] } }).some((i) => i.startsWith('contexts')));
  assert.ok(issues({ ...MIN, contexts: { kvetch: [] } }).some((i) => i.startsWith('contexts.kvetch')));
  assert.ok(issues({ ...MIN, tokenEnv: 'MY TOKEN' }).some((i) => i.startsWith('tokenEnv:')));
  assert.deepEqual(issues({ ...MIN, project: 'kvm', send: true, contexts: { kvetch: ['symbol-exports', 'input/*'] } }), []);
});

test('send without the token in the environment is an error naming the variable', () => {
  const c = patchworkCheckSchema.parse({ ...MIN, send: true, tokenEnv: 'PW_TOKEN', project: 'kvm' });
  assert.throws(() => patchworkCheckOptions(c, { env: {}, defaultOutDir: '/tmp' }), /send is on but \$PW_TOKEN is unset or empty/);
  const o = patchworkCheckOptions(c, { env: { PW_TOKEN: ' t0k3n\n' }, defaultOutDir: '/tmp' });
  assert.equal(o.token, 't0k3n');
  assert.equal(o.project, 'kvm');
  assert.equal(o.send, true);
});

test('reportUrlFromTemplate replaces every placeholder', () => {
  assert.equal(reportUrlFromTemplate('https://r.example/{key}?rev={revision}&k={key}')('k1', 3), 'https://r.example/k1?rev=3&k=k1');
});
