import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyHunks } from '../../../src/kconfig/apply-hunks.js';

const FILE = ['config A', '\tbool', '', 'config B', '\tbool', '\tdepends on A', ''].join('\n');

test('apply-hunks: a hunk applies at its line, and shifted when earlier text moved', () => {
  const hunk = { oldStart: 4, lines: [' config B', ' \tbool', '+\tselect C'] };
  assert.equal(applyHunks(FILE, [hunk]), FILE.replace('config B\n\tbool\n', 'config B\n\tbool\n\tselect C\n'));
  const moved = `# comment\n# another\n${FILE}`;
  assert.equal(applyHunks(moved, [hunk]), moved.replace('config B\n\tbool\n', 'config B\n\tbool\n\tselect C\n'));
});

test('apply-hunks: several hunks in order; a new file; a removal', () => {
  const out = applyHunks(FILE, [
    { oldStart: 1, lines: [' config A', '-\tbool', '+\ttristate'] },
    { oldStart: 6, lines: ['-\tdepends on A', '+\tdepends on A && B'] },
  ]);
  assert.equal(out, FILE.replace('config A\n\tbool', 'config A\n\ttristate').replace('depends on A\n', 'depends on A && B\n'));
  assert.equal(applyHunks('', [{ oldStart: 0, lines: ['+config NEW', '+\tbool'] }]), 'config NEW\n\tbool\n');
});

test('apply-hunks: a hunk whose old lines are not in the file does not apply', () => {
  assert.equal(applyHunks(FILE, [{ oldStart: 4, lines: [' config C', '+\tselect D'] }]), null);
  // The second hunk may not match text before the first one's end.
  assert.equal(applyHunks(FILE, [{ oldStart: 4, lines: [' config B', '+\tselect C'] }, { oldStart: 1, lines: ['-config A', '+config Z'] }]), null);
});
