import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDigestHtml, renderDigestIndexHtml } from '../../../../src/report/digest/html.js';
import type { Digest, DigestIndexEntry } from '../../../../src/report/digest/model.js';
import { emptyDigest, nonZeroFindings, nonZeroHistory, nonZeroStates, sampleDigest } from '../../../support/digest-fixture.js';
import { parsePage, text, type Page } from '../../../support/html-dom.js';

const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

/** Every link a digest may put on its page: the series' and attention items' own. */
function digestLinks(d: Digest): Set<string> {
  const out = new Set<string>();
  for (const s of d.series) for (const u of [s.links.lore, s.links.patchwork, s.links.github]) if (u !== undefined) out.add(new URL(u).href);
  for (const a of d.attention) if (a.link !== undefined) out.add(new URL(a.link).href);
  return out;
}

function page(d: Digest = sampleDigest()): { html: string; p: Page } {
  const html = renderDigestHtml(d);
  return { html, p: parsePage(html) };
}

test('digest html: a complete HTML5 page, inline style only, no script, no external assets', () => {
  const d = sampleDigest();
  const { html, p } = page(d);
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
  assert.equal(p.all('meta[charset]').length, 1);
  assert.equal(p.all('style').length, 1);
  assert.ok(!/<script/i.test(html));
  assert.ok(!/\son[a-z]+=/i.test(html), 'no event handler attributes');
  assert.ok(!/\ssrc=/i.test(html), 'no src= at all');
  assert.equal(p.all('link').length, 0);
  assert.ok(!/@import|url\(/i.test(html), 'the stylesheet fetches nothing');
  const allowed = digestLinks(d);
  for (const a of p.all('[href]')) {
    const href = a.getAttribute('href') ?? '';
    assert.ok(href.startsWith('#') || allowed.has(href), `unexpected href ${href}`);
    if (href.startsWith('#')) assert.equal(p.all(`[id="${href.slice(1)}"]`).length, 1, `anchor ${href} resolves`);
  }
  assert.equal(p.all('a[href^="http"]').length, 5 + d.attention.length);
});

test('digest html: sections in order, headings never skip a level', () => {
  const { p } = page();
  assert.deepEqual(
    p.all('h2').map(text),
    ['Needs your attention', 'Charts', 'Subsystems', 'Series'],
  );
  const levels = p.all('h1, h2, h3, h4').map((h) => Number(h.tagName.slice(1)));
  assert.equal(levels[0], 1);
  assert.equal(levels.filter((l) => l === 1).length, 1);
  levels.forEach((l, i) => i > 0 && assert.ok(l <= (levels[i - 1] ?? 1) + 1, `h${levels[i - 1]} then h${l}`));
  for (const th of p.all('th')) assert.ok(['col', 'row'].includes(th.getAttribute('scope') ?? ''), `th without scope: ${text(th)}`);
});

test('digest html: header with recipient, period and week', () => {
  const { p } = page();
  assert.equal(text(p.one('h1')), 'Jane Maintainer');
  const header = text(p.one('header'));
  assert.ok(header.includes('Jane Maintainer <jane@kernel.org> · maintainer'), header);
  assert.ok(header.includes('Period: 2023-11-13 to 2023-11-19 (week 2023-W46)'), header);
  assert.ok(header.includes('Net exports+1'), header);
  assert.equal(text(p.one('title')), 'kvetch digest 2023-W46: Jane Maintainer');
});

test('digest html: attention item first, with its series, rule, place and link', () => {
  const { p } = page();
  const items = p.all('#attention li');
  assert.equal(items.length, 1);
  const t = text(items[0]!);
  assert.ok(t.includes('select of user-visible symbol PHYLIB_LEDS'), t);
  assert.ok(t.includes('kconfig-select at drivers/net/phy/Kconfig:12 in [PATCH net-next 0/3] net: phy: add fast link-down & drop the old quirk'), t);
  assert.equal(p.one('#attention a[href^="#"]').getAttribute('href'), '#series-2');
  assert.equal(text(p.one('#series-2 th')).startsWith('[PATCH net-next 0/3]'), true);
  const none = page(sampleDigest({ attention: [] })).p;
  assert.match(text(none.one('#attention')), /Nothing needs your attention/);
});

test('digest html: the three charts with as many marks as the digest has non-zero numbers', () => {
  const d = sampleDigest();
  const { p } = page(d);
  assert.equal(p.all('#chart-exports rect.bar').length, nonZeroHistory(d));
  assert.equal(p.all('#chart-findings circle.point').length, nonZeroFindings(d));
  assert.equal(p.all('#chart-states rect.bar').length, nonZeroStates(d));
  for (const svg of p.all('svg')) {
    assert.equal(svg.getAttribute('role'), 'img');
    const [t, desc] = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
    assert.equal(p.one(`[id="${t}"]`, svg).tagName.toLowerCase(), 'title');
    assert.equal(p.one(`[id="${desc}"]`, svg).tagName.toLowerCase(), 'desc');
    assert.ok(svg.getAttribute('viewBox'));
  }
  // Each chart's table holds its numbers: the export table's cells are the history's.
  const cells = p.all('#chart-exports table td').map((td) => Number(td.getAttribute('data-value')));
  assert.deepEqual(cells, d.history.subsystems.flatMap((s) => s.net));
  const states = p.all('#chart-states table td').map((td) => Number(text(td)));
  assert.deepEqual(states, [d.totals.byState.new, d.totals.byState.revised, d.totals.byState.superseded]);
});

test('digest html: subsystems with their export delta, loosened and restricted exports, headers and Kconfig', () => {
  const { p } = page();
  const subs = p.all('section.subsystem');
  assert.equal(subs.length, 3);
  const mod = text(subs[0]!);
  assert.ok(mod.includes('Exports +3 \u22121 (net +2)'), mod);
  assert.ok(mod.includes('EXPORT_SYMBOL_NS_GPL+10'), mod);
  assert.ok(mod.includes('MODULE_NS+10'), mod);
  assert.match(text(p.one('.callout', subs[0])), /Loosened exports module_put_ns: EXPORT_SYMBOL_GPL → EXPORT_SYMBOL/);
  assert.match(text(p.one('.callout', subs[0])), /Exported to named modules only module_ns_lookup: EXPORT_SYMBOL_GPL_FOR_MODULES to kvm,kvm-intel/);
  assert.ok(mod.includes('into a public header (API grows): struct module_ns, kernel/module/internal.h → include/linux/module.h'), mod);
  assert.ok(mod.includes('fixed in v2'), mod);
  const phy = text(subs[1]!);
  assert.ok(phy.includes('No export changes'), phy);
  assert.ok(phy.includes('out of a public header (API shrinks): phy_quirk_old'), phy);
  assert.equal(p.all('table tbody tr', subs[1]).length, 5 + 1, 'five declarations, one Kconfig problem');
  assert.ok(text(p.all('tbody tr', subs[1]).at(-1) ?? null).includes('open'));
  assert.ok(phy.includes('kconfig-select: 1 error; public-header-growth: 2 warnings, 4 info'), phy);
  assert.ok(text(subs[2]!).includes('Exports +0 \u22121 (net \u22121)'));
});

test('digest html: series list with state, counts and links', () => {
  const d = sampleDigest();
  const { p } = page(d);
  const rows = p.all('#series tbody tr');
  assert.equal(rows.length, d.series.length);
  assert.deepEqual(
    rows.map((r) => text(p.one('.state', r))),
    ['revised v2 (after v1)', 'new v1', 'v2, superseded by v3'],
  );
  assert.deepEqual(
    rows.map((r) => p.all('.links a', r).map((a) => text(a))),
    [['lore', 'patchwork'], ['lore', 'GitHub'], ['lore']],
  );
  assert.equal(p.one('.links a', rows[2]).getAttribute('href'), d.series[2]?.links.lore);
  assert.equal(text(p.one('.open-count', rows[1])), '7');
  assert.equal(text(p.one('.fixed-count', rows[0])), '1');
  assert.equal(p.one('time', rows[0]).getAttribute('datetime'), '2023-11-15T10:00:00.000Z');
  assert.ok(text(rows[0]!).includes('reviewed 2/4 by Luis R. <luis@example.org>'));
});

test('digest html: every string from the digest is escaped, unsafe links are not links', () => {
  const d = sampleDigest();
  d.series[0]!.subject = HOSTILE;
  d.series[0]!.author = `"Mallory" <m@x>${HOSTILE}`;
  d.series[0]!.links.lore = 'javascript:alert(1)';
  d.attention[0]!.message = HOSTILE;
  d.attention[0]!.link = 'data:text/html,<script>alert(1)</script>';
  d.subsystems[0]!.name = HOSTILE;
  d.subsystems[0]!.exports.loosened[0]!.symbol = HOSTILE;
  d.history.subsystems[0]!.name = HOSTILE;
  d.totals.findings[HOSTILE] = { error: 1 };
  d.recipient.display = HOSTILE;
  d.recipient.name = HOSTILE;
  const html = renderDigestHtml(d, { indexHref: 'javascript:alert(2)', generatedAt: HOSTILE });
  assert.ok(!/<script/i.test(html), 'no <script anywhere');
  assert.ok(!/<img/i.test(html));
  assert.ok(!html.includes('href="javascript:') && !html.includes('href="data:'));
  const p = parsePage(html);
  assert.equal(text(p.one('h1')), HOSTILE);
  assert.ok(text(p.one('#series-1 th')).startsWith(HOSTILE));
  assert.equal(p.one('#chart-exports rect.bar').getAttribute('data-subsystem'), HOSTILE);
  assert.equal(p.all(`#chart-findings circle.point`).filter((c) => c.getAttribute('data-analyzer') === HOSTILE).length, 1);
  assert.deepEqual(
    p.all('#series-1 .links a').map((a) => text(a)),
    ['patchwork'],
  );
  assert.equal(p.all('nav.back').length, 0);
});

test('digest html: an empty digest says "nothing" everywhere and draws no chart', () => {
  const { html, p } = page(emptyDigest());
  assert.equal(p.all('svg').length, 0);
  const t = text(p.one('body'));
  for (const s of ['Nothing needs your attention', 'No exports were added or removed in the last 4 weeks', 'No open findings on your files.', 'No series in this period.', 'Nothing happened in your subsystems', 'No series touched your files in this period.']) {
    assert.ok(t.includes(s), `missing "${s}"`);
  }
  assert.ok(!html.includes('<script'));
});

test('digest html: deterministic, the clock only from the options', () => {
  const d = sampleDigest();
  const a = renderDigestHtml(d);
  assert.equal(renderDigestHtml(JSON.parse(JSON.stringify(d)) as Digest), a);
  assert.ok(!a.includes('Generated by kvetch on'));
  const b = renderDigestHtml(d, { generatedAt: '2023-11-20T06:00:00Z', indexHref: 'index.html' });
  assert.ok(b.includes('Generated by kvetch on <time datetime="2023-11-20T06:00:00Z">'));
  assert.equal(parsePage(b).one('nav.back a').getAttribute('href'), 'index.html');
  assert.equal(renderDigestHtml(d, { generatedAt: '2023-11-20T06:00:00Z', indexHref: 'index.html' }), b);
});

const entry = (name: string, stem: string, series: number, attention: number, exportsNet: number): DigestIndexEntry => ({
  recipient: { display: `${name} <${stem}@kernel.org>`, name, address: `${stem}@kernel.org`, role: 'maintainer' },
  stem,
  series,
  attention,
  exportsNet,
});

test('digest index: one row per digest linking <stem>.html, most attention first', () => {
  const period = { since: '2023-11-13T00:00:00.000Z', until: '2023-11-20T00:00:00.000Z', week: '2023-W46' };
  const html = renderDigestIndexHtml([entry('Bo', 'bo', 5, 0, 3), entry('Al', 'al', 1, 2, -1), entry('Cy', 'cy', 5, 0, 0), entry(HOSTILE, 'x y', 0, 0, 0)], period);
  assert.ok(html.startsWith('<!DOCTYPE html>') && !/<script/i.test(html) && !/<img/i.test(html));
  const p = parsePage(html);
  const rows = p.all('tbody tr');
  assert.deepEqual(
    rows.map((r) => p.one('a', r).getAttribute('href')),
    ['al.html', 'bo.html', 'cy.html', 'x%20y.html'],
  );
  assert.deepEqual(
    rows.map((r) => p.all('td', r).map(text)),
    [
      ['maintainer', '1', '2', '\u22121'],
      ['maintainer', '5', '0', '+3'],
      ['maintainer', '5', '0', '0'],
      ['maintainer', '0', '0', '0'],
    ],
  );
  assert.equal(text(p.one('a', rows[3])), `${HOSTILE} <x y@kernel.org>`);
  assert.ok(text(p.one('header')).includes('Period: 2023-11-13 to 2023-11-19 · 4 recipients'));
  assert.match(text(parsePage(renderDigestIndexHtml([], period)).one('main')), /No digests in this period/);
});
