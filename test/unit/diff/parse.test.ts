import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiff } from '../../../src/diff/parse.js';
import type { FileDiff, ParsedDiff } from '../../../src/diff/model.js';

const t = (...lines: string[]): string => lines.join('\n') + '\n';
const only = (p: ParsedDiff): FileDiff => {
  assert.equal(p.files.length, 1, JSON.stringify(p.problems));
  return p.files[0] as FileDiff;
};
const added = (f: FileDiff): [number | undefined, string][] =>
  f.hunks.flatMap((h) => h.lines.filter((l) => l.kind === 'add').map((l): [number | undefined, string] => [l.newLine, l.text]));

const MAIL_HEAD = t(
  'From: Jane Hacker <jane@example.org>',
  'Subject: [PATCH] net: foo: fix refcount leak in foo_probe()',
  '',
  'The error path leaks the device reference.',
  '--- foo',
  'this commit message line is not a diff',
  'Signed-off-by: Jane Hacker <jane@example.org>',
  '---',
  ' drivers/net/foo.c | 3 ++-',
  ' 1 file changed, 2 insertions(+), 1 deletion(-)',
  '',
);
const FOO = t(
  'diff --git a/drivers/net/foo.c b/drivers/net/foo.c',
  'index 3b18e51a1c2d..7c9ab0e4f0d1 100644',
  '--- a/drivers/net/foo.c',
  '+++ b/drivers/net/foo.c',
  '@@ -120,6 +120,7 @@ static int foo_probe(struct platform_device *pdev)',
  ' \tpriv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);',
  ' \tif (!priv)',
  '-\t\treturn -ENOMEM;',
  '+\t\tgoto err_put;',
  '+',
  ' ',
  ' \tret = foo_hw_init(priv);',
  ' \tif (ret)',
  '@@ -200,3 +201,4 @@ static void foo_remove(struct platform_device *pdev)',
  ' \tfoo_hw_stop(priv);',
  '+\tput_device(&pdev->dev);',
  ' }',
  ' ',
);
const SIG = t('-- ', '2.39.2', '');

test('plain modification: exact line numbers, counts, text before diff ignored, signature not a line', () => {
  const p = parseDiff(MAIL_HEAD + FOO + SIG);
  assert.deepEqual(p.problems, []);
  const f = only(p);
  assert.equal(f.path, 'drivers/net/foo.c');
  assert.equal(f.oldPath, 'drivers/net/foo.c');
  assert.equal(f.status, 'modified');
  assert.equal(f.binary, false);
  assert.equal(f.oldMode, '100644');
  assert.deepEqual(added(f), [[122, '\t\tgoto err_put;'], [123, ''], [202, '\tput_device(&pdev->dev);']]);
  const del = f.hunks[0]?.lines.find((l) => l.kind === 'del');
  assert.deepEqual(del, { kind: 'del', text: '\t\treturn -ENOMEM;', oldLine: 122 });
  assert.deepEqual(f.hunks[0]?.lines[0], { kind: 'context', text: '\tpriv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);', oldLine: 120, newLine: 120 });
  assert.equal(f.hunks[0]?.header, '@@ -120,6 +120,7 @@ static int foo_probe(struct platform_device *pdev)');
  assert.equal(f.hunks[1]?.lines.length, 4);
  assert.equal(f.additions, 3);
  assert.equal(f.deletions, 1);
});

const NEW_AND_DELETED = t(
  'diff --git a/drivers/gpio/gpio-bar.c b/drivers/gpio/gpio-bar.c',
  'new file mode 100644', 'index 000000000000..5d2a6f1b8c3e',
  '--- /dev/null', '+++ b/drivers/gpio/gpio-bar.c', '@@ -0,0 +1,3 @@',
  '+// SPDX-License-Identifier: GPL-2.0',
  '+#include <linux/gpio/driver.h>',
  '+MODULE_LICENSE("GPL");',
  'diff --git a/drivers/gpio/gpio-old.c b/drivers/gpio/gpio-old.c',
  'deleted file mode 100644', 'index 8e1f0c2d4a5b..000000000000',
  '--- a/drivers/gpio/gpio-old.c', '+++ /dev/null', '@@ -1,2 +0,0 @@',
  '-// SPDX-License-Identifier: GPL-2.0',
  '-MODULE_LICENSE("GPL");',
  'diff --git a/include/linux/bar.h b/include/linux/bar.h',
  'new file mode 100644',
  'index 0000000..e69de29',
);

test('multiple files: new, deleted and empty new file', () => {
  const p = parseDiff(NEW_AND_DELETED + SIG);
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.files.map((f) => [f.status, f.oldPath, f.newPath, f.path]), [
    ['added', null, 'drivers/gpio/gpio-bar.c', 'drivers/gpio/gpio-bar.c'],
    ['deleted', 'drivers/gpio/gpio-old.c', null, 'drivers/gpio/gpio-old.c'],
    ['added', null, 'include/linux/bar.h', 'include/linux/bar.h'],
  ]);
  const [nf, df, ef] = p.files as [FileDiff, FileDiff, FileDiff];
  assert.deepEqual(added(nf).map((a) => a[0]), [1, 2, 3]);
  assert.equal(nf.newMode, '100644');
  assert.equal(nf.oldMode, undefined);
  assert.deepEqual(df.hunks[0]?.lines.map((l) => l.oldLine), [1, 2]);
  assert.equal(df.deletions, 2);
  assert.equal(df.oldMode, '100644');
  assert.equal(ef.hunks.length, 0);
  assert.equal(ef.additions, 0);
});

test('rename with similarity and hunks, pure rename, copy, mode change', () => {
  const p = parseDiff(t(
    'diff --git a/drivers/misc/old_name.c b/drivers/misc/new_name.c', 'similarity index 92%',
    'rename from drivers/misc/old_name.c', 'rename to drivers/misc/new_name.c', 'index 1111111..2222222 100644',
    '--- a/drivers/misc/old_name.c', '+++ b/drivers/misc/new_name.c', '@@ -10,2 +10,2 @@',
    '-#define DRV_NAME "old_name"',
    '+#define DRV_NAME "new_name"',
    ' #define DRV_VERSION "1.0"',
    'diff --git a/include/linux/a.h b/include/uapi/linux/a.h',
    'similarity index 100%', 'rename from include/linux/a.h', 'rename to include/uapi/linux/a.h',
    'diff --git a/lib/crc.c b/lib/crc-copy.c',
    'similarity index 88%', 'copy from lib/crc.c', 'copy to lib/crc-copy.c',
    'diff --git a/scripts/checkthing.sh b/scripts/checkthing.sh', 'old mode 100644', 'new mode 100755',
    'diff --git a/lib/rewrite.c b/lib/rewrite.c', 'dissimilarity index 75%', 'index 1111111..3333333 100644',
    '--- a/lib/rewrite.c', '+++ b/lib/rewrite.c', '@@ -1 +1 @@', '-old', '+new',
  ) + SIG);
  assert.deepEqual(p.problems, []);
  const [rn, pure, cp, mode, rw] = p.files as [FileDiff, FileDiff, FileDiff, FileDiff, FileDiff];
  assert.equal(p.files.length, 5);
  assert.deepEqual([rn.status, rn.oldPath, rn.newPath, rn.similarity], ['renamed', 'drivers/misc/old_name.c', 'drivers/misc/new_name.c', 92]);
  assert.deepEqual(added(rn), [[10, '#define DRV_NAME "new_name"']]);
  assert.deepEqual([pure.status, pure.oldPath, pure.path, pure.similarity, pure.hunks.length], ['renamed', 'include/linux/a.h', 'include/uapi/linux/a.h', 100, 0]);
  assert.deepEqual([cp.status, cp.oldPath, cp.newPath, cp.similarity], ['copied', 'lib/crc.c', 'lib/crc-copy.c', 88]);
  assert.deepEqual([mode.status, mode.path, mode.oldMode, mode.newMode, mode.hunks.length], ['modified', 'scripts/checkthing.sh', '100644', '100755', 0]);
  assert.deepEqual([rw.status, rw.dissimilarity, rw.similarity, rw.additions, rw.deletions], ['modified', 75, undefined, 1, 1]);
});

test('binary files: "Binary files differ" and GIT binary patch blocks are not hunks', () => {
  const p = parseDiff(t(
    'diff --git a/firmware/blob.bin b/firmware/blob.bin',
    'index 4a5b6c7..8d9e0f1 100644',
    'Binary files a/firmware/blob.bin and b/firmware/blob.bin differ',
    'diff --git a/Documentation/logo.png b/Documentation/logo.png',
    'new file mode 100644',
    'index 0000000000000000000000000000000000000000..3f1a2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c',
    'GIT binary patch',
    'literal 36',
    'zcmeAS@N?(olHy`uVBq!ia0vp^j3CU+3?x-=hn)gaEa{HEjtmSN`?>!lvI6;>1s;*b',
    '-@@ +1,1 @@ not a hunk',
    '',
    'literal 0',
    'HcmV?d00001',
    '',
    'diff --git a/init/main.c b/init/main.c', '--- a/init/main.c', '+++ b/init/main.c', '@@ -5 +5 @@', '-int x;', '+int y;',
  ) + SIG);
  assert.deepEqual(p.problems, []);
  const [bin, lit, txt] = p.files as [FileDiff, FileDiff, FileDiff];
  assert.equal(p.files.length, 3);
  assert.deepEqual([bin.binary, bin.status, bin.path, bin.hunks.length], [true, 'modified', 'firmware/blob.bin', 0]);
  assert.deepEqual([lit.binary, lit.status, lit.path, lit.hunks.length, lit.additions], [true, 'added', 'Documentation/logo.png', 0, 0]);
  assert.deepEqual([txt.binary, txt.path, added(txt)], [false, 'init/main.c', [[5, 'int y;']]]);
});

test('paths with spaces and quoted octal UTF-8 paths', () => {
  const p = parseDiff(t(
    'diff --git a/tools/my file.c b/tools/my file.c', 'index 1234567..89abcde 100644',
    '--- a/tools/my file.c\t', '+++ b/tools/my file.c\t', '@@ -1 +1 @@', '-a', '+b',
    'diff --git "a/tools/\\303\\244rger.c" "b/tools/\\303\\244rger.c"',
    'index 1234567..89abcde 100644', '--- "a/tools/\\303\\244rger.c"', '+++ "b/tools/\\303\\244rger.c"',
    '@@ -3 +3,2 @@', ' x', '+y',
    'diff --git a/doc/old name.txt b/doc/new name.txt',
    'similarity index 100%',
    'rename from doc/old name.txt',
    'rename to doc/new name.txt',
    'diff --git a/x y.c b/x y.c', 'old mode 100644', 'new mode 100755',
  ));
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.files.map((f) => [f.oldPath, f.newPath, f.status]), [
    ['tools/my file.c', 'tools/my file.c', 'modified'],
    ['tools/ärger.c', 'tools/ärger.c', 'modified'],
    ['doc/old name.txt', 'doc/new name.txt', 'renamed'],
    ['x y.c', 'x y.c', 'modified'],
  ]);
  assert.deepEqual(added(p.files[1] as FileDiff), [[4, 'y']]);
});

test('"\\ No newline at end of file" is not a line', () => {
  const f = only(parseDiff(t(
    'diff --git a/Makefile b/Makefile', '--- a/Makefile', '+++ b/Makefile', '@@ -1,2 +1,2 @@',
    ' VERSION = 6',
    '-PATCHLEVEL = 1',
    '\\ No newline at end of file',
    '+PATCHLEVEL = 2',
    '\\ No newline at end of file',
  )));
  assert.deepEqual(f.hunks[0]?.lines.map((l) => [l.kind, l.text]), [['context', 'VERSION = 6'], ['del', 'PATCHLEVEL = 1'], ['add', 'PATCHLEVEL = 2']]);
  assert.deepEqual(added(f), [[2, 'PATCHLEVEL = 2']]);
});

test('lying hunk counts: short body, long body, truncated before signature', () => {
  const short = parseDiff(t(
    'diff --git a/mm/a.c b/mm/a.c', '--- a/mm/a.c', '+++ b/mm/a.c',
    '@@ -10,6 +10,9 @@ void a(void)', ' x', '+y',
    'diff --git a/mm/b.c b/mm/b.c', '--- a/mm/b.c', '+++ b/mm/b.c',
    '@@ -1 +1 @@', '-p', '+q',
  ));
  assert.deepEqual(short.files.map((f) => [f.path, f.additions, f.deletions]), [['mm/a.c', 1, 0], ['mm/b.c', 1, 1]]);
  assert.equal(short.problems.length, 1);
  assert.equal(short.problems[0]?.kind, 'hunk-count-mismatch');
  assert.equal(short.problems[0]?.path, 'mm/a.c');
  assert.match(short.problems[0]?.message ?? '', /mm\/a\.c.*@@ -10,6 \+10,9 @@/);

  const long = parseDiff(t(
    'diff --git a/mm/c.c b/mm/c.c', '--- a/mm/c.c', '+++ b/mm/c.c',
    '@@ -1,1 +1,1 @@', '-old', '+new', '+extra1', '+extra2',
  ) + SIG);
  const lf = only(long);
  assert.deepEqual(added(lf), [[1, 'new'], [2, 'extra1'], [3, 'extra2']]);
  assert.deepEqual(long.problems.map((x) => x.kind), ['hunk-count-mismatch']);

  const cut = parseDiff(t('diff --git a/mm/d.c b/mm/d.c', '--- a/mm/d.c', '+++ b/mm/d.c', '@@ -1,5 +1,5 @@', ' a', '-b') + SIG);
  const cf = only(cut);
  assert.deepEqual(cf.hunks[0]?.lines.map((l) => l.text), ['a', 'b']);
  assert.equal(cf.deletions, 1);
  assert.deepEqual(cut.problems.map((x) => x.kind), ['hunk-count-mismatch']);
});

test('a deleted "- " line that completes the count is a line, not a signature', () => {
  const f = only(parseDiff(t('diff --git a/README b/README', '--- a/README', '+++ b/README', '@@ -1,2 +1 @@', ' keep', '-- ') + SIG));
  assert.deepEqual(f.hunks[0]?.lines.map((l) => [l.kind, l.text, l.oldLine]), [['context', 'keep', 1], ['del', '- ', 2]]);
});

test('plain unified diff and Index: style without diff --git', () => {
  const plain = parseDiff(t('Some text', '--- not a header', 'still text', '--- a/foo.c', '+++ b/foo.c', '@@ -2,2 +2,3 @@', ' a', '+b', ' c'));
  const f = only(plain);
  assert.deepEqual([f.oldPath, f.newPath, f.status], ['foo.c', 'foo.c', 'modified']);
  assert.deepEqual(added(f), [[3, 'b']]);
  const cvs = parseDiff(t(
    'Index: linux/fs/inode.c',
    '===================================================================',
    'RCS file: /cvs/linux/fs/inode.c,v',
    '--- linux/fs/inode.c\t2004-01-01 00:00:00.000000000 +0000',
    '+++ linux/fs/inode.c\t2004-01-02 00:00:00.000000000 +0000',
    '@@ -7 +7 @@', '-x', '+y',
    'Index: linux/fs/super.c', '===================================================================',
    '--- linux/fs/super.c', '+++ linux/fs/super.c', '@@ -1 +1,2 @@', ' z', '+w',
  ));
  assert.deepEqual(cvs.files.map((x) => [x.path, x.additions]), [['linux/fs/inode.c', 1], ['linux/fs/super.c', 1]]);
  assert.deepEqual(cvs.problems, []);
});

test('no diff at all gives a no-files problem', () => {
  for (const text of ['', 'Hello,\n\n--- foo\nnot a diff\n-- \n2.39.2\n', MAIL_HEAD]) {
    const p = parseDiff(text);
    assert.deepEqual(p.files, []);
    assert.deepEqual(p.problems.map((x) => x.kind), ['no-files']);
  }
});

test('CRLF mail line endings are tolerated', () => {
  const f = only(parseDiff((FOO + SIG).replace(/\n/g, '\r\n')));
  assert.deepEqual(added(f).map((a) => a[0]), [122, 123, 202]);
  assert.equal(f.hunks[0]?.lines[0]?.text.endsWith('\r'), false);
});

test('fuzz: garbage and truncated diffs never throw', () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const corpus = MAIL_HEAD + FOO + NEW_AND_DELETED + SIG;
  const pieces = ['diff --git ', '@@ -', '@@ -1,2 +1 @@', '--- ', '+++ ', '\\ No newline', '-- ', 'GIT binary patch', 'literal 3', '"a/\\3', 'rename from ', 'Index: ', '\n', ' ', '+', '-', '\r'];
  for (let k = 0; k < 3000; k++) {
    let s: string;
    const mode = rnd(3);
    if (mode === 0) s = corpus.slice(0, rnd(corpus.length));
    else if (mode === 1) s = corpus.slice(rnd(corpus.length));
    else s = Array.from({ length: rnd(40) }, () => pieces[rnd(pieces.length)] ?? '').join(rnd(2) ? '\n' : '');
    const p = parseDiff(s);
    assert.ok(Array.isArray(p.files) && Array.isArray(p.problems));
    for (const f of p.files) {
      assert.equal(typeof f.path, 'string');
      for (const h of f.hunks) for (const l of h.lines) assert.ok(l.kind === 'del' || typeof l.newLine === 'number');
    }
  }
  assert.doesNotThrow(() => parseDiff(null as unknown as string));
});

// Speed is measured by `npm run bench`, not here: this checks a large input is parsed whole.
test('a 20,000-file diff is parsed completely', () => {
  const big = FOO.repeat(20000);
  const p = parseDiff(big);
  assert.equal(p.files.length, 20000);
  assert.equal(p.problems.length, 0);
});
