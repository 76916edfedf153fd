/**
 * Export growth per subsystem, week by week: stacked bars around a zero line (d3-shape's
 * diverging stack: a week's growth stacks upwards, its shrinkage downwards), one bar per
 * subsystem and week with a net change, the week's net above its column.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { stack, stackOffsetDiverging } from 'd3-shape';
import type { ExportHistory } from './model.js';
import { esc, signed } from './escape.js';
import { CATEGORY_COLOURS, attrText, clip, legendHtml, r2, svgFrame, type ChartParts } from './svg.js';

const ID = 'chart-exports';
const HEADING = 'Export growth per subsystem';

export function historyChart(h: ExportHistory): ChartParts {
  const weeks = h.weeks;
  const rows = h.subsystems;
  const net = (s: number, w: number): number => rows[s]?.net[w] ?? 0;
  const any = rows.some((_, s) => weeks.some((_w, w) => net(s, w) !== 0));
  const span = weeks.length > 0 ? `${weeks[0]} to ${weeks.at(-1)}` : 'no weeks';
  const heading = `${HEADING}, ${weeks.length} week${weeks.length === 1 ? '' : 's'}`;
  if (!any) return { id: ID, heading, empty: `No exports were added or removed in the last ${weeks.length} weeks (${span}).`, legend: '', table: '' };

  const colour = scaleOrdinal<number, string>()
    .domain(rows.map((_, s) => s))
    .range(CATEGORY_COLOURS);
  // Datum: the week's index; key: the subsystem's index (names may clash with nothing then).
  const layers = stack<number, number>()
    .keys(rows.map((_, s) => s))
    .value((w, s) => net(s, w))
    .offset(stackOffsetDiverging)(weeks.map((_, w) => w));

  let lo = 0;
  let hi = 0;
  for (const layer of layers) for (const [a, b] of layer) [lo, hi] = [Math.min(lo, a, b), Math.max(hi, a, b)];
  const f = svgFrame({
    id: ID,
    title: `Net exported symbols per subsystem and week, ${span}`,
    desc: description(h, lo, hi),
    width: 960,
    height: 320,
    margin: { top: 22, right: 16, bottom: 34, left: 48 },
  });
  const x = scaleBand<number>()
    .domain(weeks.map((_, w) => w))
    .range([0, f.innerWidth])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const y = scaleLinear().domain([lo, hi]).range([f.innerHeight, 0]).nice();
  // Counts are whole: integer ticks only, at most one per unit.
  const ticks = y.ticks(Math.min(6, y.domain()[1]! - y.domain()[0]!)).filter(Number.isInteger);

  f.plot
    .append('g')
    .attr('class', 'grid')
    .call(axisLeft(y).tickValues(ticks).tickSize(-f.innerWidth).tickFormat(() => ''));
  f.plot
    .append('g')
    .attr('class', 'axis y')
    .call(axisLeft(y).tickValues(ticks).tickSizeOuter(0).tickFormat((v) => signed(Number(v))));
  f.plot
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${f.innerHeight})`)
    .call(
      axisBottom(x)
        .tickSizeOuter(0)
        .tickFormat((w) => weekLabel(weeks[w] ?? '', weeks.length)),
    );

  const bars = f.plot.append('g').attr('class', 'bars');
  for (const layer of layers) {
    const s = layer.key;
    const row = rows[s];
    if (!row) continue;
    const g = bars.append('g').attr('fill', colour(s));
    layer.forEach(([a, b], w) => {
      const value = net(s, w);
      if (value === 0) return;
      const week = weeks[w] ?? '';
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', r2(x(w) ?? 0))
        .attr('y', r2(y(Math.max(a, b))))
        .attr('width', r2(x.bandwidth()))
        .attr('height', r2(Math.abs(y(a) - y(b))))
        .attr('data-subsystem', attrText(row.name))
        .attr('data-week', attrText(week))
        .attr('data-value', value)
        .append('title')
        .text(`${row.name}, ${week}: net ${signed(value)} (${signed(row.added[w] ?? 0)} added, \u2212${row.removed[w] ?? 0} removed)`);
    });
  }

  // The zero line on top of the bars: where growth turns into shrinkage.
  f.plot.append('line').attr('class', 'zero').attr('x1', 0).attr('x2', f.innerWidth).attr('y1', r2(y(0))).attr('y2', r2(y(0)));
  const totals = f.plot.append('g').attr('class', 'totals').attr('text-anchor', 'middle');
  weeks.forEach((_, w) => {
    const total = rows.reduce((sum, _r, s) => sum + net(s, w), 0);
    const top = Math.max(0, ...layers.map((l) => Math.max(l[w]?.[0] ?? 0, l[w]?.[1] ?? 0)));
    if (rows.every((_r, s) => net(s, w) === 0)) return;
    totals
      .append('text')
      .attr('x', r2((x(w) ?? 0) + x.bandwidth() / 2))
      .attr('y', r2(y(top) - 5))
      .text(signed(total));
  });

  return {
    id: ID,
    heading,
    svg: f.html(),
    empty: '',
    legend: legendHtml(rows.map((r, s) => ({ name: r.name, colour: colour(s) }))),
    table: table(h),
  };
}

/** A long run of weeks drops the year from the labels (it is in the title and the table). */
function weekLabel(week: string, n: number): string {
  return n > 8 ? week.replace(/^\d{4}-/, '') : week;
}

function description(h: ExportHistory, lo: number, hi: number): string {
  const names = h.subsystems.map((s) => clip(s.name, 40)).join(', ');
  return (
    `Stacked bars, one column per ISO week, one colour per subsystem (${names}). ` +
    `Bars above the zero line are net growth of exported symbols, bars below it net removals; ` +
    `the values range from ${signed(lo)} to ${signed(hi)}. The same numbers are in the table that follows.`
  );
}

function table(h: ExportHistory): string {
  const head = h.weeks.map((w) => `<th scope="col">${esc(w)}</th>`).join('');
  const body = h.subsystems.map((s) => {
    const cells = h.weeks.map((_, w) => {
      const n = s.net[w] ?? 0;
      return `<td data-value="${n}">${signed(n)}</td>`;
    });
    return `<tr><th scope="row">${esc(s.name)}</th>${cells.join('')}</tr>`;
  });
  return (
    `<table class="numbers"><caption>Net exports per subsystem and week</caption>` +
    `<thead><tr><th scope="col">Subsystem</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`
  );
}
