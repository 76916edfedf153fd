import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/engine/finding.js';
import { findingText } from '../../../src/report/format/finding-text.js';
import { findingToJson } from '../../../src/report/format/json.js';

/** What the JSON report wrote for a finding before findingText: the generic serializer. */
const generic = (f: Finding): string => JSON.stringify(findingToJson(f), null, 2).replace(/\n/g, '\n    ');

const base: Finding = {
  ruleId: 'symbol-exports',
  messageId: 'added',
  message: 'foo is newly exported with EXPORT_SYMBOL_GPL: the global API grows by one symbol',
  severity: 'warning',
  subject: { key: 's-1', revision: 1, patch: 2, messageId: '<a@b>' },
  location: { path: 'drivers/foo.c', line: 12 },
  data: { symbol: 'foo', macro: 'EXPORT_SYMBOL_GPL', namespace: '', line: 12 },
  fingerprint: '0123456789abcdef0123456789abcdef',
};

const CASES: Finding[] = [
  base,
  { ...base, location: undefined, data: undefined },
  { ...base, subject: { key: 'k', revision: 3 } },
  { ...base, location: { path: 'a/b.h', line: 1, endLine: 9, oldPath: 'c/d.h' } },
  { ...base, data: {} },
  { ...base, data: { z: 1, a: 'x', 10: 'ten', 2: 'two', ['__proto__']: 'proto', 'é"\\\n\t\u0001\ud800': -0 } as Record<string, string | number> },
  { ...base, data: { n: Number.NaN, i: Number.POSITIVE_INFINITY, big: 1e21, small: 1.5e-7, neg: -3 } },
  { ...base, message: 'quotes " backslash \\ newline \n tab \t unicode ✓ lone \udc00 and \u2028', fatal: true },
  { ...base, versions: { status: 'new' } },
  { ...base, versions: { status: 'still-present', since: 1 } },
  { ...base, versions: { status: 'fixed', since: 1, fixedIn: 2 } },
  { ...base, data: { odd: undefined } as unknown as Record<string, string | number> },
];

test('findingText writes what JSON.stringify wrote, character for character', () => {
  for (const f of CASES) assert.equal(findingText(f, '    '), generic(f), JSON.stringify(f));
});

test('a value findingText does not write sends the finding to the generic serializer', () => {
  assert.equal(findingText({ ...base, data: { when: new Date(0) } as unknown as Record<string, string | number> }, '    '), null);
  assert.equal(findingText({ ...base, data: { nested: { a: 1 } } as unknown as Record<string, string | number> }, '    '), null);
});
