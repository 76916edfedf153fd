import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KernelTree } from '../../../src/kernel/tree.js';
import { answerFor, matchSections, maintainersOf, parseMaintainers } from '../../../src/kernel/maintainers.js';

const TEXT = `List of maintainers
===================

Descriptive text
	M: *Mail* patches to (indented: not an entry)

FOO DRIVER
M:	Ann Author <ann@example.org>
R:	Rob Reviewer <rob@example.org> (locking)
L:	foo@lists.example.org
L:	foo-private@lists.example.org (subscribers-only)
S:	Maintained
W:	https://foo.example.org
T:	git git://git.example.org/foo.git
Q:	https://patchwork.example.org/project/foo/list/
F:	drivers/foo/
F:	include/linux/foo.h
X:	drivers/foo/legacy/
K:	\\bfoo_register\\b

# a comment does not end a section
F:	drivers/foo-extra/

FOO CORE
M:	ANN AUTHOR <ann@other.example.org>
M:	Carl Core <CARL@example.org>
M:	"Dan D. Dev" <dan@example.org>
L:	linux-arm-kernel@lists.example.org (moderated for non-subscribers)
S:	Supported
F:	drivers/foo/core.c
F:	drivers/foo/*.h
F:	drivers/foo/bar?.c

OLD BOARD
M:	Carl Core <carl@example.org>
S:	Orphan
N:	oldboard
F:	arch/arm/

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
`;

const db = parseMaintainers(TEXT, { isDirectory: (p) => p === 'arch/arm' || p === 'drivers/foo' });

test('maintainers: sections, each entry type, titles, comments and blank lines inside a section', () => {
  assert.deepEqual(
    db.sections.map((s) => s.title),
    ['FOO DRIVER', 'FOO CORE', 'OLD BOARD', 'THE REST'],
  );
  const foo = db.sections[0]!;
  assert.equal(foo.line, 7);
  assert.deepEqual(foo.maintainers, ['Ann Author <ann@example.org>']);
  assert.deepEqual(foo.reviewers, ['Rob Reviewer <rob@example.org> (locking)']);
  assert.deepEqual(foo.lists, ['foo@lists.example.org', 'foo-private@lists.example.org (subscribers-only)']);
  assert.equal(foo.status, 'Maintained');
  assert.deepEqual(foo.files, ['drivers/foo/', 'include/linux/foo.h', 'drivers/foo-extra/']);
  assert.deepEqual(foo.excludes, ['drivers/foo/legacy/']);
  assert.deepEqual(foo.keywords, ['\\bfoo_register\\b']);
  assert.deepEqual(foo.trees, ['git git://git.example.org/foo.git']);
  assert.deepEqual(foo.web, ['https://foo.example.org']);
  assert.deepEqual(foo.entries.find((e) => e.type === 'Q'), { type: 'Q', value: 'https://patchwork.example.org/project/foo/list/', line: 15 });
  assert.equal(db.sections[2]!.status, 'Orphan');
  assert.deepEqual(db.sections[2]!.regexes, ['oldboard']);
});

test('maintainers: globs as get_maintainer rewrites them; a directory named without / gets one', () => {
  const core = db.sections[1]!;
  assert.deepEqual(
    core.patterns.map((p) => [p.source, p.depth]),
    [['drivers/foo/core\\.c', 3], ['drivers/foo/.*\\.h', 3], ['drivers/foo/bar.\\.c', 3]],
  );
  assert.equal(db.sections[2]!.patterns[1]!.source, 'arch/arm/');
  assert.deepEqual(db.sections[3]!.patterns.map((p) => p.depth), [-1, -1]);
  const noDirs = parseMaintainers('A\nF:\tarch/arm\n');
  assert.equal(noDirs.sections[0]!.patterns[0]!.source, 'arch/arm');
  assert.deepEqual(matchSections(noDirs, 'arch/arm/boot/x.c'), []);
  assert.equal(matchSections(db, 'arch/arm/boot/x.c')[0]?.section.title, 'OLD BOARD');
});

const titles = (path: string): string[] => matchSections(db, path).map((m) => `${m.section.title}:${m.depth}`);

test('maintainers: a directory matches everything below it; a file pattern and * only at its own depth', () => {
  assert.deepEqual(titles('drivers/foo/core.c'), ['FOO CORE:3', 'FOO DRIVER:2', 'THE REST:-1']);
  assert.deepEqual(titles('drivers/foo/sub/core.c'), ['FOO DRIVER:2', 'THE REST:-1']); // *.h and core.c stay at their depth
  assert.deepEqual(titles('drivers/foo/sub/x.h'), ['FOO DRIVER:2', 'THE REST:-1']);
  assert.deepEqual(titles('drivers/foo/bar1.c'), ['FOO CORE:3', 'FOO DRIVER:2', 'THE REST:-1']);
  assert.deepEqual(titles('drivers/foo/bar12.c'), ['FOO DRIVER:2', 'THE REST:-1']);
  assert.deepEqual(titles('include/linux/foo.h'), ['FOO DRIVER:3', 'THE REST:-1']);
  assert.deepEqual(titles('include/linux/foo.hh'), ['FOO DRIVER:3', 'THE REST:-1']); // anchored at the start only, as in the script
  assert.deepEqual(titles('Makefile'), ['THE REST:-1']);
});

test('maintainers: X: takes a section out; N: matches a regex anywhere in the path at depth 0', () => {
  assert.deepEqual(titles('drivers/foo/legacy/old.c'), ['THE REST:-1']);
  assert.deepEqual(titles('drivers/misc/oldboard-leds.c'), ['OLD BOARD:0', 'THE REST:-1']);
});

test('maintainers: a section takes the depth of its last matching pattern, not its deepest', () => {
  const d = parseMaintainers('A\nM:\ta <a@x.org>\nF:\tdrivers/a/b/c.c\nF:\tdrivers/\n\nB\nM:\tb <b@x.org>\nF:\tdrivers/a/\n');
  assert.deepEqual(matchSections(d, 'drivers/a/b/c.c').map((m) => [m.section.title, m.depth]), [['B', 2], ['A', 1]]);
});

test('maintainers: the answer: people then lists, de-duplicated by name or address in any case, Linus left out', () => {
  const a = maintainersOf(db, 'drivers/foo/core.c');
  assert.deepEqual(a.emails, [
    'ANN AUTHOR <ann@other.example.org>',
    'Carl Core <CARL@example.org>',
    '"Dan D. Dev" <dan@example.org>',
    'Rob Reviewer <rob@example.org>',
    'linux-arm-kernel@lists.example.org',
    'foo@lists.example.org',
    'linux-kernel@vger.kernel.org',
  ]);
  assert.deepEqual(a.maintainers, a.emails.slice(0, 3)); // Ann Author: same name as ANN AUTHOR, any case
  assert.deepEqual(a.reviewers, ['Rob Reviewer <rob@example.org>']);
  assert.deepEqual(a.lists, a.emails.slice(4)); // the subscribers-only list is left out, the moderated one kept
  assert.deepEqual(a.sections.map((s) => [s.title, s.status]), [['FOO CORE', 'Supported'], ['FOO DRIVER', 'Maintained'], ['THE REST', 'Buried alive in reporters']]);
  assert.deepEqual(maintainersOf(db, 'README').emails, ['linux-kernel@vger.kernel.org']);
  const orphan = maintainersOf(db, 'arch/arm/kernel/setup.c');
  assert.deepEqual(orphan.sections.map((s) => s.status), ['Orphan', 'Buried alive in reporters']);
  assert.deepEqual(orphan.emails, ['Carl Core <carl@example.org>', 'linux-kernel@vger.kernel.org']);
});

test('maintainers: the order of equally deep sections decides who is kept', () => {
  const m = matchSections(db, 'drivers/foo/core.c');
  assert.equal(answerFor(db, [m[1]!, m[0]!, m[2]!], 'drivers/foo/core.c').emails[0], 'Ann Author <ann@example.org>');
});

test('maintainers: .mailmap renames, and a .yaml file adds the addresses in its text', () => {
  const mailmap = 'Carl Core <carl@new.example.org> <CARL@example.org>\n# comment\nRob R. Reviewer <rob@example.org>\n';
  const d = parseMaintainers(TEXT, { mailmap });
  assert.deepEqual(maintainersOf(d, 'drivers/foo/core.c').emails.slice(0, 4), [
    'ANN AUTHOR <ann@other.example.org>',
    'Carl Core <carl@new.example.org>',
    '"Dan D. Dev" <dan@example.org>',
    '"Rob R. Reviewer" <rob@example.org>',
  ]);
  const yaml = 'title: Foo\nmaintainers:\n  - Eve Example <eve@example.org>\n  - Ann Author <ann@example.org>\n';
  const a = maintainersOf(d, 'drivers/foo/foo.yaml', { content: yaml });
  assert.deepEqual(a.fromFile, ['Eve Example <eve@example.org>']);
  assert.equal(a.emails.indexOf('Eve Example <eve@example.org>'), a.emails.length - a.lists.length - 1);
});

test('maintainers: KernelTree reads MAINTAINERS and .mailmap once, and knows directories from its files', () => {
  const tree = KernelTree.fromFiles({ MAINTAINERS: TEXT.replace('F:\tdrivers/foo/\n', 'F:\tdrivers/foo\n'), 'drivers/foo/core.c': '' });
  assert.equal(tree.maintainers(), tree.maintainers());
  assert.deepEqual(tree.maintainersOf('drivers/foo/sub/x.c')?.sections.map((s) => s.title), ['FOO DRIVER', 'THE REST']);
  assert.equal(KernelTree.fromFiles({}).maintainersOf('x.c'), null);
});
