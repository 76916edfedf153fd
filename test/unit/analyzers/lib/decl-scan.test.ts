/**
 * The header scan answers most lines from the diff text (lib/macro-at.ts, the first-character
 * skip, counting past GENERATED_MACROS). Each of those shortcuts must agree with the plain
 * reading: every changed line cut out, comments stripped, multi-line prototypes joined, declOf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripLineComments } from '../../../../src/analyzers/lib/c-line.js';
import { declOf, type Decl } from '../../../../src/analyzers/lib/decl-of.js';
import { packedRows, unpackRow } from '../../../../src/analyzers/lib/decl-pack.js';
import { GENERATED_MACROS, scanHeader } from '../../../../src/analyzers/lib/decl-scan.js';
import { plainMacroAt, macroAt } from '../../../../src/analyzers/lib/macro-at.js';
import { parseDiff } from '../../../../src/diff/parse.js';
import type { FileDiff } from '../../../../src/diff/model.js';
import { gitDiff } from '../../../support/diff-text.js';

const PATH = 'include/linux/foo.h';
/** The include guard scanHeader works out for PATH. */
const GUARD = '_FOO_H';

interface Side {
  decls: Decl[];
  unlisted: number;
}

/** The plain reading of one side's changed lines, in order. */
function reference(lines: readonly string[]): Side {
  const decls: Decl[] = [];
  let pending: { text: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const line = 10 + i;
    const c = text.length > 0 ? text.charCodeAt(0) : NaN;
    if (pending === null && (c === 32 || c === 9 || c === 42 || c === 47 || c === 125 || Number.isNaN(c))) return;
    const code = text.includes('/') ? stripLineComments(text) : text;
    if (pending) {
      pending.text += ` ${code.trim()}`;
      if (code.includes(';') || pending.text.length > 600) {
        const d = declOf(pending.text, pending.line, GUARD);
        pending = null;
        if (d) decls.push(d);
      }
      return;
    }
    if (!/^\s*#/.test(code) && /\(/.test(code) && !code.includes(';') && !/[{}]/.test(code) && /^\s*(extern\s+)?[A-Za-z_]/.test(code) && !/^\s*static\b/.test(code)) {
      pending = { text: code, line };
      return;
    }
    const d = declOf(code, line, GUARD);
    if (d) decls.push(d);
  });
  const macros = decls.filter((d) => d.kind === 'macro').length;
  return macros > GENERATED_MACROS ? { decls: decls.filter((d) => d.kind !== 'macro'), unlisted: macros } : { decls, unlisted: 0 };
}

function file(diff: string): FileDiff {
  const f = parseDiff(diff).files[0];
  assert.ok(f);
  return f;
}

/** scanHeader on the lines as added lines of one diff and as removed lines of another. */
function both(lines: readonly string[]): void {
  const want = reference(lines);
  for (const sign of ['+', '-'] as const) {
    const h = scanHeader(file(gitDiff({ path: PATH, lines: lines.map((l) => sign + l) })));
    const rows = h ? (sign === '+' ? h.added : h.removed) : undefined;
    const got: Side = { decls: rows ? packedRows(rows).map(unpackRow) : [], unlisted: h ? (sign === '+' ? h.unlistedMacros.added : h.unlistedMacros.removed) : 0 };
    assert.deepEqual(got, want, `${sign} lines:\n${lines.join('\n')}`);
  }
}

const TRICKY = [
  '#define FOO 1',
  '#define FOO2(a, b) ((a) + (b))',
  '# define  BAR',
  '#\tdefine\tBAZ(x)\tx',
  '#define _FOO_H',
  '#define __LINUX_FOO_H__',
  '#define _FOO_H_X 1',
  '#define _private 1',
  '#include <linux/types.h>',
  '#if defined(CONFIG_X) /* why */',
  '#endif /* _FOO_H */',
  '#define F1(a /* c */, b) x',
  '#define F2(a, b) /* comment */ x',
  '#define F3/* c */(x) y',
  '#/* c */define H1 1',
  '#define/* c */H2 1',
  '#define J1(a // c',
  '#define K1(a\r',
  '#define K2(a)\r',
  '#defineL1 1',
  '#define',
  '#',
  '#  ',
  '#define M1(',
  '#define N1() x',
  '#undef O1',
  '#pragma once',
  '#define\vP1 1',
  '#define Q1\v(x)',
  '#define S1//x',
  '#define\u00a0U1 1',
  'int foo(int a);',
  'extern int bar;',
  'extern unsigned long baz[4];',
  'struct quux {',
  'typedef struct quux quux_t;',
  'typedef int (*fn_t)(void);',
  'static inline int q(void)',
  'int multi(int a,',
  '\t\tint b);',
  '#define AFTER_MULTI 1',
  'void unfinished(int a,',
  '#define INSIDE_PENDING 2',
  '\tint b) __attribute__((cold));',
  '',
  '*/',
  '}',
  ' * a comment line',
  'enum e { A, B };',
  'FOO_BAR = 0x1,',
  'FOO_BAZ                     = 0x00000002, /* (x) */',
  'struct fwd',
  'typedef unsigned int u32_t',
  'int x /* ; */',
  'extern int y // ;',
  'DECLARE_BITMAP(x, 3);',
  'long\tcomplicated_fn(void)\r',
];

test('tricky lines: the scan agrees with the plain reading on both sides', () => {
  both(TRICKY);
});

test('a generated header: macros past GENERATED_MACROS are counted, not listed; guard and other declarations kept apart', () => {
  const lines = ['#ifndef _FOO_H', '#define _FOO_H', 'struct regs {'];
  for (let i = 0; i < GENERATED_MACROS + 40; i++) lines.push(i % 50 === 7 ? `#define _R${i} ${i}` : `#define REG_${i}(x) ((x) << ${i % 32}) /* bit ${i} */`);
  lines.push('int regs_init(void);', '#define F(a /* c */) a', '#endif');
  both(lines);
});

test('random # lines: the scan agrees with the plain reading', () => {
  const parts = ['#', '#', ' ', '\t', 'define', 'define ', 'NAME', '_X', 'x1', '(', 'a', ',', ')', '/*c*/', '//', '/', ' 1', '\v', 'include'];
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let l = '#';
    for (let k = 1 + rnd(8); k > 0; k--) l += parts[rnd(parts.length)];
    lines.push(l);
  }
  both(lines);
});

test('plainMacroAt says yes only where macroAt finds a macro not beginning with _', () => {
  for (const l of TRICKY.filter((t) => t.startsWith('#'))) {
    if (!plainMacroAt(l, 0)) continue;
    const m = macroAt(l, 0, l.length);
    assert.ok(m && !m.name.startsWith('_'), l);
  }
  assert.equal(plainMacroAt('#define FOO(a /* c */) 1', 0), false);
  assert.equal(plainMacroAt('#define _FOO 1', 0), false);
  assert.equal(plainMacroAt('#define FOO(a) 1', 0), true);
});
