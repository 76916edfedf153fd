import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../../src/config/load.js';
import { daemonSourceId as sourceId, parseDaemonConfig as parseConfig } from '../../../src/daemon/config.js';

test('config: defaults and source ids', () => {
  const c = parseConfig('sources:\n  - type: lore\n    list: kvm\n  - type: patchwork\n    base: https://patchwork.kernel.org\n    project: linux-kselftest\n', 'k.yml');
  assert.equal(c.pollInterval, 300);
  assert.equal(c.gracePeriod, 600);
  assert.deepEqual(c.sources.map((s) => sourceId(s)), ['lore:kvm', 'patchwork:linux-kselftest']);
  assert.equal(c.sources[0]?.type === 'lore' && c.sources[0].base, 'https://lore.kernel.org');
});

test('config: errors name the file and the key', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseConfig(text, 'kvetch.yml'), (e: unknown) => e instanceof ConfigError && re.test(e.message));
  bad('sources:\n  - type: lore\n', /^Invalid config in kvetch\.yml: sources\.0\.list: /);
  bad('sources:\n  - type: lore\n    list: kvm\n    lsit: x\n', /kvetch\.yml: sources\.0: .*lsit/);
  bad('pollIntervall: 5\nsources:\n  - type: lore\n    list: kvm\n', /kvetch\.yml: \(top level\): .*pollIntervall/);
  bad('sources:\n  - type: nntp\n', /kvetch\.yml: sources\.0\.type/);
  bad('sources: []\n', /kvetch\.yml: sources: /);
  bad('sources:\n  - type: lore\n    list: kvm\n  - type: lore\n    list: kvm\n', /two sources have the id lore:kvm/);
  bad('sources: [\n', /kvetch\.yml: line/);
  bad('pollInterval: -1\nsources:\n  - type: lore\n    list: kvm\n', /kvetch\.yml: pollInterval: /);
});
