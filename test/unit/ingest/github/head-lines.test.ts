/** Findings' lines after patch k moved to the pull request's head. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsAtHead, locationAtHead, patchShifts } from '../../../../src/ingest/github/head-lines.js';
import type { Finding } from '../../../../src/model/finding.js';
import { formatPatch } from '../../../support/github/patch-text.js';

// Patch 1 adds an export at line 20 of a.c; patch 2 adds 3 lines at the top of a.c and changes line 30;
// patch 3 renames a.c to b.c.
const p1 = formatPatch({ subject: 'one', hunks: [{ path: 'a.c', start: 18, before: ['x', 'y'], added: ['EXPORT_SYMBOL(f);'], after: ['z'] }] });
const p2 = formatPatch({ subject: 'two', hunks: [{ path: 'a.c', start: 1, added: ['/* 1 */', '/* 2 */', '/* 3 */'], after: ['first'] }, { path: 'a.c', start: 30, removed: ['old'], added: ['new'] }] });
const p3 = ['From 0 Mon Sep 17 00:00:00 2001', 'Subject: [PATCH] three', '', '---', 'diff --git a/a.c b/b.c', 'similarity index 100%', 'rename from a.c', 'rename to b.c', ''].join('\n');

test('a line moves down by the lines a later patch adds above it, and follows a rename', () => {
  const shifts = patchShifts([p1, p2, p3]);
  assert.deepEqual(locationAtHead({ path: 'a.c', line: 20 }, 1, shifts), { path: 'b.c', line: 23 });
  assert.equal(locationAtHead({ path: 'a.c', line: 30 }, 1, shifts), null, 'a line patch 2 changed has no place at head');
  assert.deepEqual(locationAtHead({ path: 'a.c', line: 31 }, 1, shifts), { path: 'b.c', line: 34 });
  assert.deepEqual(locationAtHead({ path: 'c.c', line: 5 }, 1, shifts), { path: 'c.c', line: 5 });
  assert.deepEqual(locationAtHead({ path: 'b.c', line: 5 }, 3, shifts), { path: 'b.c', line: 5 }, 'the last patch: nothing after it');
});

test('findingsAtHead moves located findings of earlier patches and names those whose line is gone', () => {
  const f = (fp: string, line: number, patch: number): Finding => ({ ruleId: 'symbol-exports', messageId: 'added', message: 'm', severity: 'warning', subject: { key: 'k', revision: 1, patch }, location: { path: 'a.c', line }, fingerprint: fp });
  const { findings, gone } = findingsAtHead([f('a', 20, 1), f('b', 30, 1), f('c', 2, 3)], [p1, p2, p3]);
  assert.deepEqual(findings.map((x) => x.location), [{ path: 'b.c', line: 23 }, { path: 'a.c', line: 30 }, { path: 'a.c', line: 2 }]);
  assert.deepEqual([...gone], ['b']);
});
