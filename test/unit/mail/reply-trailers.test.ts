import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownTrailers, parseReplyTrailers, readTrailer } from '../../../src/mail/reply-trailers.js';

const keys = (text: string): string[] => parseReplyTrailers(text).trailers.map((t) => `${t.key}: ${t.value}`);

test('reply trailers: the unquoted ones of every kind, with the person parsed and the key spelt canonically', () => {
  const r = parseReplyTrailers([
    'On Mon, Jane Hacker wrote:',
    '> Reject such offsets.',
    '',
    'Looks right.',
    '',
    'reviewed-by: Rob Reviewer <Rob@Example.NET>',
    'ACKED-BY: Ann Acker <ann@example.org>',
    'Tested-by: "Doe, Tess" <tess@example.org>',
    'Fixes: 0123456789ab ("gpio: frob: add driver")',
    'Link: https://lore.kernel.org/r/20240304.1@example.org',
    'Closes: https://bugzilla.kernel.org/show_bug.cgi?id=1',
    'Cc: stable@vger.kernel.org # 6.1',
    'Suggested-by: Sam Ugg <sam@example.org>',
  ].join('\n'));
  assert.deepEqual(r.bad, []);
  assert.deepEqual(r.trailers.map((t) => t.key), ['Reviewed-by', 'Acked-by', 'Tested-by', 'Fixes', 'Link', 'Closes', 'Cc', 'Suggested-by']);
  assert.deepEqual(r.trailers[0]?.person, { name: 'Rob Reviewer', address: 'rob@example.net' });
  assert.deepEqual(r.trailers[2]?.person, { name: 'Doe, Tess', address: 'tess@example.org' });
  assert.deepEqual(r.trailers[6]?.person, { name: '', address: 'stable@vger.kernel.org' });
  assert.equal(r.trailers[3]?.person, undefined);
});

test('reply trailers: quoted lines (any depth) are never taken', () => {
  assert.deepEqual(keys('> Reviewed-by: Q Uoted <q@example.org>\n>> Acked-by: D Eep <d@example.org>\n> \nThanks.\n'), []);
  assert.deepEqual(keys('> Reviewed-by: Q Uoted <q@example.org>\nAcked-by: Me Myself <me@example.org>\n'), ['Acked-by: Me Myself <me@example.org>']);
});

test('reply trailers: nothing after a `-- ` signature is taken', () => {
  const text = 'Acked-by: Ann Acker <ann@example.org>\n-- \nReviewed-by: Sig Nature <sig@example.org>\n';
  assert.deepEqual(keys(text), ['Acked-by: Ann Acker <ann@example.org>']);
  assert.deepEqual(keys('--\nReviewed-by: Sig Nature <sig@example.org>\n'), []);
});

test('reply trailers: lines of a diff in the reply are not trailers; text after the diff is read again', () => {
  const text = [
    'Something like this instead?',
    '',
    'diff --git a/x.c b/x.c',
    '--- a/x.c',
    '+++ b/x.c',
    '@@ -1,2 +1,3 @@',
    ' int a;',
    '',
    'Signed-off-by: In Diff <diff@example.org>',
  ].join('\n');
  // An unindented line after the diff ends it: that one is read.
  assert.deepEqual(keys(text), ['Signed-off-by: In Diff <diff@example.org>']);
  const inside = 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1,2 @@\n+Reviewed-by: Added Line <a@example.org>\n Reviewed-by: Context <c@example.org>\n';
  assert.deepEqual(keys(inside), []);
  assert.deepEqual(parseReplyTrailers(inside).bad, []);
});

test('reply trailers: HTML-mangled ones are ignored and counted as html', () => {
  const r = parseReplyTrailers([
    'Reviewed-by: Rob Reviewer &lt;rob@example.net&gt;',
    'Acked-by: Ann Acker <mailto:ann@example.org>',
    'Tested-by: Tess <tess@example.org<mailto:tess@example.org>>',
  ].join('\n'));
  assert.deepEqual(r.trailers, []);
  assert.deepEqual(r.bad.map((b) => [b.key, b.reason]), [['Reviewed-by', 'html'], ['Acked-by', 'html'], ['Tested-by', 'html']]);
});

test('reply trailers: malformed values are ignored and counted', () => {
  const r = parseReplyTrailers([
    'Reviewed-by: Rob Reviewer',
    'Reviewed-by: <rob@example.net>',
    'Acked-by:',
    'Link: see the other thread',
    'Fixes: the crash on boot',
    'Fixes: 0123456789ab gpio: frob: no parentheses',
    'Cc: nobody',
  ].join('\n'));
  assert.deepEqual(r.trailers, []);
  assert.equal(r.bad.length, 7);
  assert.ok(r.bad.every((b) => b.reason === 'malformed'));
});

test('reply trailers: keys kvetch does not collect are neither taken nor counted', () => {
  const r = parseReplyTrailers('Subject: hello\nNote: this is prose\nMessage-ID: <x@y.z>\n');
  assert.deepEqual(r, { trailers: [], bad: [] });
});

test('reply trailers: a folded trailer is joined; an indented line is not a trailer of its own', () => {
  const r = parseReplyTrailers('Fixes: 0123456789ab ("gpio: frob: a title that the mailer\n  wrapped over two lines")\nReviewed-by: Rob Reviewer\n\t<rob@example.net>\n\n  Acked-by: Indented <i@example.org>\n');
  assert.deepEqual(r.trailers.map((t) => t.value), [
    '0123456789ab ("gpio: frob: a title that the mailer wrapped over two lines")',
    'Rob Reviewer <rob@example.net>',
  ]);
  assert.deepEqual(r.bad, []);
  // A second trailer folded into the first makes it malformed (one address per person trailer).
  const two = parseReplyTrailers('Reviewed-by: Rob Reviewer <rob@example.net>\n Acked-by: Ann <ann@example.org>\n');
  assert.deepEqual(two.trailers, []);
  assert.equal(two.bad.length, 1);
});

test('reply trailers: CRLF line ends and an empty or non-string body', () => {
  assert.deepEqual(keys('Acked-by: Ann Acker <ann@example.org>\r\n-- \r\nAcked-by: X <x@example.org>\r\n'), ['Acked-by: Ann Acker <ann@example.org>']);
  assert.deepEqual(parseReplyTrailers(''), { trailers: [], bad: [] });
  assert.deepEqual(parseReplyTrailers(undefined as unknown as string), { trailers: [], bad: [] });
});

test('readTrailer: unknown key null; Link in angle brackets; Cc is the one person trailer without a name', () => {
  assert.equal(readTrailer('X-Foo', 'bar'), null);
  assert.deepEqual(readTrailer('Link', '<https://lore.kernel.org/r/1@x>'), { key: 'Link', value: '<https://lore.kernel.org/r/1@x>' });
  assert.equal('reason' in (readTrailer('Reviewed-by', 'rob@example.net') ?? {}), true);
  assert.equal('reason' in (readTrailer('Cc', 'rob@example.net') ?? {}), false);
});

test('ownTrailers: keeps the well-formed collected keys of a patch, drops the rest silently', () => {
  const own = ownTrailers([
    { key: 'Signed-off-by', value: 'Jane Hacker <jane@example.org>' },
    { key: 'Change-Id', value: 'I0123' },
    { key: 'Reviewed-by', value: 'nobody' },
    { key: 'cc', value: '<stable@vger.kernel.org>' },
  ]);
  assert.deepEqual(own.map((t) => [t.key, t.person?.address]), [['Signed-off-by', 'jane@example.org'], ['Cc', 'stable@vger.kernel.org']]);
});

test("reply trailers: an inline fix-up patch's own trailer block (above its `---`) is not given to the mail answered", () => {
  const text = [
    '> Reject such offsets.',
    '',
    'Reviewed-by: Rob Reviewer <rob@example.net>',
    '',
    'But this is simpler:',
    '',
    '-- >8 --',
    'gpio: frob: simpler check',
    '',
    'Signed-off-by: Rob Reviewer <rob@example.net>',
    'Acked-by: Rob Reviewer <rob@example.net>',
    '---',
    ' drivers/gpio/gpio-frob.c | 1 +',
    '',
    'diff --git a/drivers/gpio/gpio-frob.c b/drivers/gpio/gpio-frob.c',
    '--- a/drivers/gpio/gpio-frob.c',
    '+++ b/drivers/gpio/gpio-frob.c',
    '@@ -1 +1,2 @@',
    ' a',
    '+b',
  ].join('\n');
  assert.deepEqual(keys(text), ['Reviewed-by: Rob Reviewer <rob@example.net>']);
  // A `---` with no diff after it is just a line: the trailers above it stay.
  assert.deepEqual(keys('Acked-by: Ann Acker <ann@example.org>\n---\nthanks\n'), ['Acked-by: Ann Acker <ann@example.org>']);
});
