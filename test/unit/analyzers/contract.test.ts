/** Every analyzer is registered, tested and documented: id = file name = test name = docs page. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ANALYZERS } from '../../../src/analyzers/index.js';
import { DEFAULT_CHECK_GROUPS, GROUP_NAME_RE, groupOf, validateGroups } from '../../../src/report/check-groups.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const NOT_ANALYZERS = new Set(['types.ts', 'define.ts', 'index.ts']);
const files = readdirSync(`${root}src/analyzers`).filter((f) => f.endsWith('.ts') && !NOT_ANALYZERS.has(f));

test('the analyzer folder holds at least one analyzer', () => {
  assert.ok(files.length >= 1);
});

test('the registry is exactly the analyzer files, sorted by id', () => {
  assert.deepEqual(ANALYZERS.map((a) => `${a.meta.id}.ts`), [...files].sort());
});

for (const a of ANALYZERS) {
  const id = a.meta.id;
  test(`${id}: has a test file and a docs page that names every message`, () => {
    assert.ok(existsSync(`${root}test/unit/analyzers/${id}.test.ts`), `test/unit/analyzers/${id}.test.ts`);
    const doc = `${root}docs/analyzers/${id}.md`;
    assert.ok(existsSync(doc), `docs/analyzers/${id}.md`);
    const text = readFileSync(doc, 'utf8');
    assert.match(text, new RegExp(`^# ${id}\\b`, 'm'));
    for (const m of Object.keys(a.meta.messages)) assert.ok(text.includes(`\`${m}\``), `docs/analyzers/${id}.md documents messageId ${m}`);
  });
  test(`${id}: meta is complete and messages are non-empty`, () => {
    assert.ok(a.meta.description.length > 10);
    assert.ok(Object.keys(a.meta.messages).length > 0);
    for (const [k, v] of Object.entries(a.meta.messages)) assert.ok(typeof v === 'string' && v.length > 0, k);
    assert.ok(a.patch !== undefined || a.series !== undefined, 'has a patch or a series phase');
  });
}

test('check groups come from the analyzers: each one in exactly the group its meta names, input problems last', () => {
  validateGroups(DEFAULT_CHECK_GROUPS);
  for (const a of ANALYZERS) {
    assert.match(a.meta.group, GROUP_NAME_RE, `${a.meta.id}: group is a patchwork context slug`);
    assert.equal(groupOf(a.meta.id, DEFAULT_CHECK_GROUPS), `kvetch-${a.meta.group}`, a.meta.id);
    assert.equal(Object.values(DEFAULT_CHECK_GROUPS).flat().filter((id) => id === a.meta.id).length, 1, `${a.meta.id} is in one group`);
  }
  assert.equal(Object.keys(DEFAULT_CHECK_GROUPS).at(-1), 'kvetch-input');
  assert.equal(groupOf('input/truncated-gzip', DEFAULT_CHECK_GROUPS), 'kvetch-input');
});

