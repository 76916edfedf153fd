import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartSection, digestCharts, findingsChart, historyChart, statesChart } from '../../../../src/report/digest/charts.js';
import type { ChartParts } from '../../../../src/report/digest/svg.js';
import { nonZeroFindings, nonZeroHistory, nonZeroStates, sampleDigest } from '../../../support/digest-fixture.js';
import { parseFragment, text, type El, type Page } from '../../../support/html-dom.js';

function drawn(c: ChartParts): Page {
  assert.ok(c.svg !== undefined, `${c.id} drew nothing: ${c.empty}`);
  return parseFragment(c.svg);
}

/** Every `<svg>` names itself: role img, a title and a desc child that aria-labelledby points at, a viewBox. */
function assertAccessible(p: Page): void {
  const svg = p.one('svg');
  assert.equal(svg.getAttribute('role'), 'img');
  assert.match(svg.getAttribute('viewBox') ?? '', /^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
  const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
  assert.equal(ids.length, 2);
  const [title, desc] = ids.map((id) => p.one(`[id="${id}"]`));
  assert.equal(title?.tagName.toLowerCase(), 'title');
  assert.equal(desc?.tagName.toLowerCase(), 'desc');
  assert.equal(title?.parentElement, svg);
  assert.equal(desc?.parentElement, svg);
  assert.ok(text(title ?? null).length > 10 && text(desc ?? null).length > 40);
}

const num = (e: El, name: string): number => Number(e.getAttribute(name));

test('charts: export growth draws one bar per (subsystem, week) with a net change, each with its data and a title', () => {
  const d = sampleDigest();
  const p = drawn(historyChart(d.history));
  assertAccessible(p);
  const bars = p.all('rect.bar');
  assert.equal(bars.length, nonZeroHistory(d));
  assert.equal(bars.length, 7);
  for (const b of bars) {
    const row = d.history.subsystems.find((s) => s.name === b.getAttribute('data-subsystem'));
    const w = d.history.weeks.indexOf(b.getAttribute('data-week') ?? '');
    assert.ok(row && w >= 0, 'bar names a subsystem and a week of the history');
    assert.equal(num(b, 'data-value'), row.net[w]);
    assert.notEqual(num(b, 'data-value'), 0);
    assert.ok(num(b, 'height') > 0);
    const title = text(b.querySelector('title'));
    assert.ok(title.startsWith(`${row.name}, ${d.history.weeks[w]}: net `), title);
  }
});

test('charts: negative weeks go below the zero line, positive ones above it', () => {
  const p = drawn(historyChart(sampleDigest().history));
  const zero = num(p.one('line.zero'), 'y1');
  const bars = p.all('rect.bar');
  const below = bars.filter((b) => num(b, 'data-value') < 0);
  assert.equal(below.length, 3);
  for (const b of below) assert.ok(num(b, 'y') >= zero - 0.01, `bar at ${num(b, 'y')} starts above zero ${zero}`);
  for (const b of bars.filter((b) => num(b, 'data-value') > 0)) assert.ok(num(b, 'y') + num(b, 'height') <= zero + 0.01);
  // d3-axis drew the axes: one tick per week on x, signed whole numbers on y.
  assert.deepEqual(p.all('.axis.x .tick text').map(text), ['2023-W43', '2023-W44', '2023-W45', '2023-W46']);
  assert.deepEqual(p.all('.axis.y .tick text').map(text), ['\u22122', '\u22121', '0', '+1', '+2', '+3']);
});

test('charts: the export table holds the same numbers as the bars', () => {
  const d = sampleDigest();
  const c = historyChart(d.history);
  const t = parseFragment(c.table);
  const rows = t.all('tbody tr');
  assert.equal(rows.length, d.history.subsystems.length);
  rows.forEach((r, i) => {
    assert.equal(text(t.one('th[scope="row"]', r)), d.history.subsystems[i]?.name);
    assert.deepEqual(t.all('td', r).map((td) => num(td, 'data-value')), d.history.subsystems[i]?.net);
  });
  assert.deepEqual(t.all('thead th[scope="col"]').map(text).slice(1), d.history.weeks);
});

test('charts: findings dot plot draws one point per (analyzer, severity) with findings, area by count', () => {
  const d = sampleDigest();
  const p = drawn(findingsChart(d.totals.findings));
  assertAccessible(p);
  const points = p.all('circle.point');
  assert.equal(points.length, nonZeroFindings(d));
  assert.equal(points.length, 5);
  for (const c of points) {
    const a = c.getAttribute('data-analyzer') ?? '';
    const s = c.getAttribute('data-severity') as 'error' | 'warning' | 'info';
    assert.equal(num(c, 'data-value'), d.totals.findings[a]?.[s]);
    assert.match(text(c.querySelector('title')), new RegExp(`^${a}: \\d+ open ${s}`));
  }
  const r = (a: string, s: string): number => num(p.one(`circle[data-analyzer="${a}"][data-severity="${s}"]`), 'r');
  assert.ok(r('public-header-growth', 'info') > r('public-header-growth', 'warning'));
  assert.ok(r('public-header-growth', 'warning') > r('kconfig-select', 'error'));
  assert.deepEqual(p.all('.axis.x .tick text').map(text), ['error', 'warning', 'info']);
  assert.deepEqual(p.all('.axis.y .tick text').map(text), ['kconfig-select', 'public-header-growth', 'symbol-exports']);
  const t = parseFragment(findingsChart(d.totals.findings).table);
  const cells = t.all('tbody td[data-value]').map((td) => num(td, 'data-value'));
  assert.deepEqual(cells, [1, 0, 0, 0, 2, 4, 0, 1, 1]);
});

test('charts: zero counts draw nothing; an analyzer with only zeros has no row', () => {
  const p = drawn(findingsChart({ a: { error: 2, warning: 0 }, b: { info: 0 } }));
  assert.equal(p.all('circle.point').length, 1);
  assert.deepEqual(p.all('.axis.y .tick text').map(text), ['a']);
});

test('charts: series by state draws one bar per state with series', () => {
  const p = drawn(statesChart({ new: 3, revised: 0, superseded: 2 }));
  assertAccessible(p);
  const bars = p.all('rect.bar');
  assert.deepEqual(
    bars.map((b) => [b.getAttribute('data-state'), num(b, 'data-value')]),
    [
      ['new', 3],
      ['superseded', 2],
    ],
  );
  assert.ok(num(bars[0]!, 'width') > num(bars[1]!, 'width'));
  assert.equal(text(bars[0]!.querySelector('title')), '3 new series');
  const t = parseFragment(statesChart({ new: 3, revised: 0, superseded: 2 }).table);
  assert.deepEqual(t.all('tbody tr').map((r) => [text(t.one('th', r)), text(t.one('td', r))]), [
    ['new', '3'],
    ['revised', '0'],
    ['superseded', '2'],
  ]);
  assert.equal(drawn(statesChart(sampleDigest().totals.byState)).all('rect.bar').length, nonZeroStates(sampleDigest()));
});

test('charts: nothing to draw says so in text, without axes', () => {
  const zeros = { weeks: ['2023-W45', '2023-W46'], subsystems: [{ name: 'X', net: [0, 0], added: [1, 0], removed: [1, 0] }] };
  for (const c of [historyChart(zeros), historyChart({ weeks: [], subsystems: [] }), findingsChart({}), findingsChart({ a: { info: 0 } }), statesChart({ new: 0, revised: 0, superseded: 0 })]) {
    assert.equal(c.svg, undefined, c.id);
    assert.ok(c.empty.length > 0, c.id);
    const html = chartSection(c);
    assert.ok(!html.includes('<svg'), html);
    assert.ok(!html.includes('<table'), html);
    assert.ok(html.includes(`<p class="empty">`), html);
  }
  assert.match(historyChart(zeros).empty, /No exports were added or removed in the last 2 weeks/);
  assert.equal(findingsChart({}).empty, 'No open findings on your files.');
  assert.equal(statesChart({ new: 0, revised: 0, superseded: 0 }).empty, 'No series in this period.');
});

test('charts: names from the digest are escaped in text and read back unchanged from attributes', () => {
  const name = 'A &amp; B <script>alert(1)</script> "q" \'s';
  const p = drawn(historyChart({ weeks: ['2023-W46'], subsystems: [{ name, net: [2], added: [2], removed: [0] }] }));
  assert.equal(p.one('rect.bar').getAttribute('data-subsystem'), name);
  assert.ok(text(p.one('rect.bar title')).startsWith(name));
  const f = findingsChart({ [name]: { error: 1 } });
  assert.ok(f.svg !== undefined && !f.svg.includes('<script'));
  assert.equal(parseFragment(f.svg).one('circle.point').getAttribute('data-analyzer'), name);
  const c = historyChart({ weeks: ['2023-W46'], subsystems: [{ name, net: [2], added: [2], removed: [0] }] });
  for (const html of [c.svg ?? '', c.legend, c.table, chartSection(c)]) assert.ok(!html.includes('<script'), html);
});

test('charts: a chart section holds the svg, the legend and the table in a details element', () => {
  const d = sampleDigest();
  const sections = digestCharts(d).map(chartSection);
  assert.equal(sections.length, 3);
  const p = parseFragment(sections.join(''));
  assert.deepEqual(
    p.all('section.chart').map((s) => s.id),
    ['chart-exports', 'chart-findings', 'chart-states'],
  );
  assert.equal(p.all('section.chart svg').length, 3);
  assert.equal(p.all('section.chart details table').length, 3);
  assert.deepEqual(p.all('#chart-exports .legend li').map(text), d.history.subsystems.map((s) => s.name));
  // Same digest, same bytes: a fresh document per chart and nothing from the clock.
  assert.equal(digestCharts(d).map(chartSection).join(''), sections.join(''));
});

test('charts: many weeks drop the year from the week labels; whole-number ticks only', () => {
  const weeks = Array.from({ length: 12 }, (_, i) => `2024-W${String(i + 1).padStart(2, '0')}`);
  const p = drawn(historyChart({ weeks, subsystems: [{ name: 'X', net: weeks.map((_, i) => (i % 3) - 1), added: weeks.map(() => 1), removed: weeks.map(() => 1) }] }));
  assert.equal(p.all('.axis.x .tick text').map(text)[0], 'W01');
  assert.equal(p.all('rect.bar').length, 8);
  for (const t of p.all('.axis.y .tick text').map(text)) assert.match(t, /^([+\u2212]?\d+)$/);
});
