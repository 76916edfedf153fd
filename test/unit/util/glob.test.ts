import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp } from '../../../src/util/glob.js';

test('path globs: * within a component, ** across, bare names anywhere, a trailing / for a directory', () => {
  const m = (g: string, p: string) => globToRegExp(g).test(p);
  assert.ok(m('*.rst', 'Documentation/a/b.rst'));
  assert.ok(!m('Documentation/*.rst', 'Documentation/a/b.rst'));
  assert.ok(m('Documentation/**/*.rst', 'Documentation/a/b.rst'));
  assert.ok(m('Documentation/**/*.rst', 'Documentation/b.rst'));
  assert.ok(m('tools/', 'tools/x/y.c'));
  assert.ok(!m('tools/', 'lib/tools/x.c'));
  assert.ok(m('drivers/?pu/x.c', 'drivers/gpu/x.c'));
  assert.ok(!m('a.c', 'a.cc'));
  assert.ok(m('./arch/x86/**', 'arch/x86/kvm/Kconfig'));
});
