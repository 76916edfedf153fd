import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBase, parsePatchworkRef, PatchworkRefError } from '../../../../src/ingest/patchwork/ref.js';
import { nextLink, parseLinkHeader } from '../../../../src/ingest/http/link-header.js';
import { comparePwDates, pwDateKey } from '../../../../src/ingest/patchwork/date.js';

const PW = 'https://patchwork.kernel.org';

test('series URLs in every form', () => {
  const cases: Array<[string, string, number]> = [
    [`${PW}/project/kvm/list/?series=123`, PW, 123],
    [`${PW}/project/kvm/list/?state=*&series=123&archive=both`, PW, 123],
    [`${PW}/api/1.2/series/123/`, PW, 123],
    [`${PW}/api/series/123`, PW, 123],
    [`${PW}/series/123/mbox/`, PW, 123],
    ['https://host.example/patchwork/series/7/mbox/', 'https://host.example/patchwork', 7],
  ];
  for (const [url, base, id] of cases) assert.deepEqual(parsePatchworkRef(url), { kind: 'series', base, id }, url);
});

test('patch URLs: by id, or by project and Message-ID (slashes percent-encoded as patchwork does)', () => {
  assert.deepEqual(parsePatchworkRef(`${PW}/api/patches/456/`), { kind: 'patch', base: PW, id: 456 });
  assert.deepEqual(parsePatchworkRef(`${PW}/api/1.2/patches/456/checks/`), { kind: 'patch', base: PW, id: 456 });
  assert.deepEqual(parsePatchworkRef(`${PW}/patch/456/mbox/`), { kind: 'patch', base: PW, id: 456 });
  assert.deepEqual(parsePatchworkRef(`${PW}/project/linux-pci/patch/20230920-1-a@b.org/`), {
    kind: 'patch-msgid',
    base: PW,
    project: 'linux-pci',
    messageId: '20230920-1-a@b.org',
  });
  assert.deepEqual(parsePatchworkRef(`${PW}/project/kvm/patch/a%2Fb@c.org/mbox/`), { kind: 'patch-msgid', base: PW, project: 'kvm', messageId: 'a/b@c.org' });
});

test('pw:series:<id> and pw:patch:<id> use the configured instance', () => {
  assert.deepEqual(parsePatchworkRef('pw:series:123', { base: `${PW}/api/1.2/` }), { kind: 'series', base: PW, id: 123 });
  assert.deepEqual(parsePatchworkRef('pw:patch:456', { base: PW }), { kind: 'patch', base: PW, id: 456 });
  assert.throws(() => parsePatchworkRef('pw:series:123'), /needs a patchwork instance URL/);
  assert.throws(() => parsePatchworkRef('pw:bundle:1', { base: PW }), /expected pw:series:<id> or pw:patch:<id>/);
});

test('what is not a series or patch is refused with what was expected', () => {
  const bad: Array<[string, RegExp]> = [
    ['series 123', /not a patchwork reference/],
    [`${PW}/project/kvm/list/`, /without \?series=<id>/],
    [`${PW}/project/kvm/cover/x@y.org/`, /cover letter: give its series URL/],
    [`${PW}/about/`, /not a patchwork series or patch URL/],
    ['ftp://patchwork.kernel.org/series/1/', /http or https/],
    [`${PW}/project/kvm/patch/%E0%A4%A/`, /badly encoded/],
  ];
  for (const [arg, re] of bad) assert.throws(() => parsePatchworkRef(arg), (e: unknown) => e instanceof PatchworkRefError && re.test(e.message), arg);
});

test('normalizeBase strips slashes and API suffixes', () => {
  assert.equal(normalizeBase('https://patchwork.kernel.org/'), PW);
  assert.equal(normalizeBase('https://patchwork.kernel.org/api/1.3/'), PW);
  assert.equal(normalizeBase('http://127.0.0.1:8000/pw/api'), 'http://127.0.0.1:8000/pw');
  assert.throws(() => normalizeBase('patchwork.kernel.org'), /invalid patchwork URL/);
});

test('Link headers as patchwork writes them', () => {
  const h = '<https://pw.example/api/1.2/events/?order=date&page=3>; rel="next", <https://pw.example/api/1.2/events/?order=date>; rel="prev", <https://pw.example/api/1.2/events/?order=date&page=1>; rel="first", <https://pw.example/api/1.2/events/?order=date&page=9>; rel="last"';
  const links = parseLinkHeader(h);
  assert.equal(links.get('next'), 'https://pw.example/api/1.2/events/?order=date&page=3');
  assert.equal(links.get('prev'), 'https://pw.example/api/1.2/events/?order=date');
  assert.equal(links.get('last'), 'https://pw.example/api/1.2/events/?order=date&page=9');
  assert.equal(nextLink('<https://x/?a=1,2&page=2>; rel=next', 'https://x/'), 'https://x/?a=1,2&page=2');
  assert.equal(nextLink('<?page=2>; rel="next"', 'https://x/api/1.2/events/?page=1'), 'https://x/api/1.2/events/?page=2');
  assert.equal(nextLink('<https://x/?page=1>; rel="first"', 'https://x/'), null);
  assert.equal(nextLink(null, 'https://x/'), null);
  assert.equal(parseLinkHeader('garbage, <also; rel').size, 0);
});

test('patchwork dates compare to the microsecond, naive dates are UTC', () => {
  assert.equal(comparePwDates('2024-01-01T00:00:00.000001', '2024-01-01T00:00:00.000002') < 0, true);
  assert.equal(comparePwDates('2024-01-01T00:00:00', '2024-01-01T00:00:00.000000'), 0);
  assert.equal(comparePwDates('2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z'), 0);
  assert.equal(comparePwDates('2024-01-02T00:00:00', '2024-01-01T23:59:59.999999') > 0, true);
  assert.equal(pwDateKey('not a date'), null);
});
