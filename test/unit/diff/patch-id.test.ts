import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { writeFile, rm, chmod, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { stablePatchId } from '../../../src/diff/patch-id.js';
import { splitBody } from '../../../src/mail/split-body.js';
import { withTmp } from '../support/mail.js';

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null', GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: '2024-03-04T10:00:00Z', GIT_COMMITTER_DATE: '2024-03-04T10:00:00Z' };

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}

const lines = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `\tline ${i + 1} of ${tag};`).join('\n') + '\n';

/** One commit per step in a fresh repo; returns each commit's format-patch mail. */
async function patches(dir: string, steps: ((d: string) => Promise<void>)[]): Promise<string[]> {
  git(dir, ['init', '-q']);
  await writeFile(join(dir, 'a.c'), lines(40, 'a'));
  await writeFile(join(dir, 'b.c'), lines(10, 'b'));
  await writeFile(join(dir, 'gone.c'), lines(3, 'gone'));
  await writeFile(join(dir, 'run.sh'), 'echo hi\n');
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-qm', 'base']);
  const out: string[] = [];
  for (const [i, step] of steps.entries()) {
    await step(dir);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-qm', `step ${i}`]);
    out.push(git(dir, ['format-patch', '-1', '-M', '--stdout']));
  }
  return out;
}

test('stablePatchId equals `git patch-id --stable` on real format-patch mails (the diff as split-body cuts it)', async () => {
  await withTmp(async (dir) => {
    const mails = await patches(dir, [
      // two hunks, a whitespace-only change, a line starting with "- " (would look like a signature)
      async (d) => { const a = lines(40, 'a').replace('line 2 of a;', 'line 2 of  A;').replace('line 30 of a;', 'line 30 changed;'); await writeFile(join(d, 'a.c'), a.replace('\tline 35 of a;\n', '- \n')); },
      // a new file, a deleted file, a modification of two files
      async (d) => { await writeFile(join(d, 'new.c'), 'int x;\n'); await rm(join(d, 'gone.c')); await writeFile(join(d, 'b.c'), lines(10, 'b') + 'extra\n'); },
      // a rename with a change, and a mode change
      async (d) => { await rename(join(d, 'b.c'), join(d, 'c.c')); await writeFile(join(d, 'c.c'), lines(10, 'b') + 'extra\nmore\n'); await chmod(join(d, 'run.sh'), 0o755); },
      // no newline at the end of the file
      async (d) => { await writeFile(join(d, 'new.c'), 'int x;\nint y;'); },
      // a pure rename (no hunk) followed by another file, and a mode change followed by another
      async (d) => { await rename(join(d, 'a.c'), join(d, 'a2.c')); await writeFile(join(d, 'new.c'), 'int z;\n'); },
      async (d) => { await chmod(join(d, 'run.sh'), 0o644); await writeFile(join(d, 'zz.c'), 'int q;\n'); },
      // UTF-8 beyond ASCII: two-, three- and four-byte characters, and a non-breaking space (kept: not ASCII whitespace)
      async (d) => { await writeFile(join(d, 'zz.c'), 'int q; /* café — 日本語 \u{1F600}\u00a0end */\n'); },
      // a generated header of ~500 KB in one hunk: its run of added lines is hashed in many pieces
      async (d) => { await writeFile(join(d, 'regs.h'), Array.from({ length: 15000 }, (_, i) => `#define REG_${i}_MASK \t 0x${(i * 2654435761 >>> 0).toString(16)}L  /* bit ${i % 32} */\n`).join('')); },
    ]);
    for (const mail of mails) {
      const want = git(dir, ['patch-id', '--stable'], mail).split(' ')[0];
      const diff = splitBody(mail.slice(mail.indexOf('\n\n') + 2)).diff;
      assert.ok(diff, 'the mail has a diff');
      assert.equal(stablePatchId(diff), want, mail.split('\n').find((l) => l.startsWith('Subject:')));
    }
  });
});

const FILE_A = 'diff --git a/a.c b/a.c\nindex 1111111..2222222 100644\n--- a/a.c\n+++ b/a.c\n@@ -10,3 +10,4 @@ int f(void)\n a\n+b\n c\n d\n';
const FILE_B = 'diff --git a/b.c b/b.c\nindex 3333333..4444444 100644\n--- a/b.c\n+++ b/b.c\n@@ -1,2 +1,1 @@\n x\n-y\n';

test('stablePatchId: file order, line numbers, index lines and whitespace do not count; content does', () => {
  const id = stablePatchId(FILE_A + FILE_B);
  assert.match(id ?? '', /^[0-9a-f]{40}$/);
  assert.equal(stablePatchId(FILE_B + FILE_A), id);
  assert.equal(stablePatchId(FILE_A.replace('-10,3 +10,4', '-99,3 +99,4').replace('1111111..2222222', 'aaaaaaa..bbbbbbb') + FILE_B), id);
  assert.equal(stablePatchId(FILE_A.replace('+b', '+  b') + FILE_B), id);
  assert.notEqual(stablePatchId(FILE_A.replace('+b', '+c') + FILE_B), id);
});

test('stablePatchId: null for no diff and for a binary patch', () => {
  assert.equal(stablePatchId(''), null);
  assert.equal(stablePatchId('just text\n'), null);
  assert.equal(stablePatchId('diff --git a/x.bin b/x.bin\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 5\nMcmZQzOv=my00M6TI{*Lx\n\n'), null);
});

/** The definition, written plainly: per file, the kept lines joined, whitespace removed, as UTF-8. */
function reference(diff: string): string | null {
  const sum = new Uint8Array(20);
  let file: string[] | null = null;
  let files = 0;
  let hunks = 0;
  const flush = (): void => {
    if (file === null) return;
    const d = createHash('sha1').update(file.join('').replace(/[ \t\n\v\f\r]+/g, '')).digest();
    let carry = 0;
    for (let i = 0; i < 20; i++) {
      carry += (sum[i] ?? 0) + (d[i] ?? 0);
      sum[i] = carry & 0xff;
      carry >>= 8;
    }
    file = null;
  };
  for (const line of diff.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    if (line.startsWith('diff ') && (file === null || hunks > 0)) {
      flush();
      file = [];
      files++;
      hunks = 0;
    }
    if (line.startsWith('@@')) hunks++;
    if (file === null || line.startsWith('@@') || line.startsWith('\\') || line.startsWith('index ')) continue;
    if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) return null;
    file.push(line);
  }
  flush();
  return files === 0 ? null : Buffer.from(sum).toString('hex');
}

test('stablePatchId: equal to the plain definition on any decoded text (non-ASCII, runs longer than a hashed piece)', () => {
  const content = fc.string({ unit: fc.oneof(fc.constantFrom(' ', '\t', '\v', '\f', '\r', '\u00a0', 'é', '日', '\u{1F600}', 'x'), fc.string({ unit: 'binary-ascii', maxLength: 1 }), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 30 });
  const line = fc.oneof(content.map((c) => `+${c}`), content.map((c) => ` ${c}`), fc.constantFrom('@@ -1 +1 @@', 'index 1..2', '\\ No newline at end of file', 'diff --git a/x b/x'));
  const file = fc.tuple(fc.constantFrom('a.c', 'b é.c'), fc.array(line, { maxLength: 12 })).map(([name, ls]) => [`diff --git a/${name} b/${name}`, '@@ -1,2 +1,2 @@', ...ls].join('\n') + '\n');
  fc.assert(
    fc.property(fc.array(file, { maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (files, long) => {
      // a long run crosses piece boundaries, with a character of each width at different offsets
      const big = long > 0 ? '+' + 'ab\u00e9\u65e5\u{1F600} '.repeat(12000 * long) + '\n' : '';
      const diff = files.join('') + (big && files.length > 0 ? big : '');
      assert.equal(stablePatchId(diff), reference(diff));
    }),
    { numRuns: 300 },
  );
  // a four-byte character at every position around the end of the first hashed piece (64 K)
  for (let k = 0; k < 8; k++) {
    const diff = `diff --git a/a.c b/a.c\n@@ -1 +1 @@\n+${'x'.repeat(65500 + k)}${'\u{1F600}'.repeat(40)}\n`;
    assert.equal(stablePatchId(diff), reference(diff), `offset ${k}`);
  }
});

test('stablePatchId: a lone surrogate (never in decoded mail) counts as U+FFFD, as Buffer.from encodes it', () => {
  const diff = (c: string): string => `diff --git a/a.c b/a.c\n@@ -1 +1 @@\n+x${c}y\n`;
  assert.equal(stablePatchId(diff('\ud800')), stablePatchId(diff('\ufffd')));
  assert.equal(stablePatchId(diff('\udc00')), stablePatchId(diff('\ufffd')));
  assert.notEqual(stablePatchId(diff('\ud800')), stablePatchId(diff('')));
});
