import { test } from 'node:test';
import assert from 'node:assert/strict';
import { epochUrl, messageUrl, midEscape, parseMessageRef, searchUrl } from '../../../../src/ingest/lore/url.js';

const LORE = 'https://lore.kernel.org';
const none = { exists: () => false };
const parse = (arg: string, base = LORE) => parseMessageRef(arg, base, none);
const ID = '20230901.abc@x.org';

test('bare Message-ID, <id>, id:<id>, id:id, mid: (percent-encoded) all give the id and the given base', () => {
  for (const arg of [ID, `<${ID}>`, `id:<${ID}>`, `id:${ID}`, `mid:${encodeURIComponent(ID)}`, `  <${ID}>  `]) {
    assert.deepEqual(parse(arg), { messageId: ID, base: LORE }, arg);
  }
});

test('the base loses its trailing slash', () => {
  assert.deepEqual(parse(ID, 'https://lore.kernel.org/'), { messageId: ID, base: LORE });
});

test('lore URLs: /all/, /r/, /<list>/, with every view suffix and a fragment', () => {
  const cases: [string, string | undefined][] = [
    [`${LORE}/all/${ID}/`, undefined],
    [`${LORE}/all/${ID}`, undefined],
    [`${LORE}/r/${ID}`, undefined],
    [`${LORE}/kvm/${ID}/`, 'kvm'],
    [`${LORE}/kvm/${ID}/T/#u`, 'kvm'],
    [`${LORE}/kvm/${ID}/t/`, 'kvm'],
    [`${LORE}/linux-modules/${ID}/t.mbox.gz`, 'linux-modules'],
    [`${LORE}/all/${ID}/raw`, undefined],
    [`${LORE}/lkml/${ID}/t.atom`, 'lkml'],
    [`${LORE}/lkml/${ID}/2-foo.patch`, 'lkml'],
    [`${LORE}/${ID}`, undefined],
  ];
  for (const [url, list] of cases) {
    const want = list ? { messageId: ID, base: LORE, list } : { messageId: ID, base: LORE };
    assert.deepEqual(parse(url), want, url);
  }
});

test('percent-encoded ids are decoded: %40, %2B, %2F, brackets', () => {
  const id = '0-v1-08396538817d+13c5-vfio_kvm_kconfig_jgg@nvidia.com';
  assert.equal(parse(`${LORE}/kvm/0-v1-08396538817d%2B13c5-vfio_kvm_kconfig_jgg%40nvidia.com/`)?.messageId, id);
  assert.equal(parse(`${LORE}/all/%3C${encodeURIComponent(id)}%3E/t.mbox.gz`)?.messageId, id);
  assert.equal(parse(`${LORE}/all/a%2Fb@host/`)?.messageId, 'a/b@host');
  // An unescaped slash inside an id (some archives link them so): everything between list and view.
  assert.equal(parse(`${LORE}/all/a/b@host/raw`)?.messageId, 'a/b@host');
});

test('another host keeps its own origin as base; a base with a path prefix is honoured', () => {
  assert.deepEqual(parse(`http://127.0.0.1:8080/kvm/${ID}/`), { messageId: ID, base: 'http://127.0.0.1:8080', list: 'kvm' });
  assert.deepEqual(parse(`https://example.org/lists/kvm/${ID}/`, 'https://example.org/lists'), { messageId: ID, base: 'https://example.org/lists', list: 'kvm' });
});

test('patch.msgid.link (kernel Link: trailers) carries only the id: fetched from the given base', () => {
  assert.deepEqual(parse(`https://patch.msgid.link/${ID}`), { messageId: ID, base: LORE });
});

test('local paths and non-ids are not message references', () => {
  for (const arg of ['./x', '../x.mbox', '/abs/path.mbox', '~/mail', '-', '', 'series.mbox', 'examples', 'a b@c', '<>', `${LORE}/kvm/`, `${LORE}/all/?q=s:foo`, 'https://lore.kernel.org/', 'not a url://x']) {
    assert.equal(parse(arg), null, arg);
  }
});

test('an existing file wins over a Message-ID-shaped name', () => {
  assert.equal(parseMessageRef('weird@name.mbox', LORE, { exists: (p) => p === 'weird@name.mbox' }), null);
  assert.deepEqual(parseMessageRef('weird@name.mbox', LORE, { exists: () => false }), { messageId: 'weird@name.mbox', base: LORE });
});

test('the default exists check looks at the file system', () => {
  assert.equal(parseMessageRef('package.json', LORE), null);
  assert.equal(parseMessageRef('no-such-file-here@example.org', LORE)?.messageId, 'no-such-file-here@example.org');
});

test('midEscape keeps what public-inbox keeps (@ + : = !) and escapes the rest, UTF-8 bytewise', () => {
  assert.equal(midEscape('0-v1-08396538817d+13c5-vfio@nvidia.com'), '0-v1-08396538817d+13c5-vfio@nvidia.com');
  assert.equal(midEscape('a/b?c#d%e f@h'), 'a%2Fb%3Fc%23d%25e%20f@h');
  assert.equal(midEscape('x<y>@z'), 'x%3Cy%3E@z');
  assert.equal(midEscape('é@x'), '%C3%A9@x');
  assert.equal(decodeURIComponent(midEscape('a/b?c#d%e f@h')), 'a/b?c#d%e f@h');
});

test('URL builders', () => {
  assert.equal(messageUrl(`${LORE}/`, 'all', 'a/b@c', 't.mbox.gz'), `${LORE}/all/a%2Fb@c/t.mbox.gz`);
  assert.equal(searchUrl(LORE, 'kvm', 's:"x y" f:me'), `${LORE}/kvm/?q=s%3A%22x+y%22+f%3Ame&x=m`);
  assert.equal(epochUrl(LORE, 'lkml', 12), `${LORE}/lkml/git/12.git`);
});
