/**
 * The digest page's three charts, drawn on the server as inline SVG by d3 (scales, stack and
 * axes on a linkedom document, svg.ts): export growth per subsystem and week, open findings by
 * analyzer and severity, series by state. Each is followed by a table with the same numbers,
 * for screen readers, for copying, and for mail clients that drop SVG; a chart with nothing to
 * draw says so instead of drawing empty axes.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { SERIES_STATES, type Digest, type SeriesState } from './model.js';
import { findingsChart } from './chart-findings.js';
import { historyChart } from './chart-history.js';
import { esc } from './escape.js';
import { r2, svgFrame, type ChartParts } from './svg.js';

export { findingsChart } from './chart-findings.js';
export { historyChart } from './chart-history.js';

export const STATE_COLOURS: Readonly<Record<SeriesState, string>> = { new: '#009e73', revised: '#0072b2', superseded: '#9e9e9e' };

const STATE_ID = 'chart-states';
const STATE_HEADING = 'Series by state';

export function statesChart(byState: Readonly<Record<SeriesState, number>>): ChartParts {
  const states = SERIES_STATES.filter((s) => byState[s] > 0);
  if (states.length === 0) return { id: STATE_ID, heading: STATE_HEADING, empty: 'No series in this period.', legend: '', table: '' };

  const max = Math.max(...states.map((s) => byState[s]));
  const f = svgFrame({
    id: STATE_ID,
    title: 'Series of the period by state',
    desc:
      `Horizontal bars, one per state (new, revised, superseded), its length the number of series: ` +
      `${SERIES_STATES.map((s) => `${s} ${byState[s]}`).join(', ')}. The same numbers are in the table that follows.`,
    width: 480,
    height: 24 + SERIES_STATES.length * 34 + 28,
    margin: { top: 12, right: 40, bottom: 28, left: 88 },
  });
  // Every state keeps its row, so the same state is always in the same place from week to week.
  const y = scaleBand<SeriesState>().domain(SERIES_STATES).range([0, f.innerHeight]).padding(0.25);
  const x = scaleLinear().domain([0, max]).range([0, f.innerWidth]).nice();
  const ticks = x.ticks(Math.min(5, x.domain()[1]!)).filter(Number.isInteger);
  const colour = scaleOrdinal<SeriesState, string>()
    .domain(SERIES_STATES)
    .range(SERIES_STATES.map((s) => STATE_COLOURS[s]));

  f.plot
    .append('g')
    .attr('class', 'grid')
    .attr('transform', `translate(0,${f.innerHeight})`)
    .call(axisBottom(x).tickValues(ticks).tickSize(-f.innerHeight).tickFormat(() => ''));
  f.plot
    .append('g')
    .attr('class', 'axis x')
    .attr('transform', `translate(0,${f.innerHeight})`)
    .call(axisBottom(x).tickValues(ticks).tickSizeOuter(0).tickFormat((v) => String(v)));
  f.plot.append('g').attr('class', 'axis y').call(axisLeft(y).tickSize(0).tickPadding(8));

  const bars = f.plot.append('g').attr('class', 'bars');
  for (const s of states) {
    const value = byState[s];
    const top = y(s) ?? 0;
    bars
      .append('rect')
      .attr('class', 'bar')
      .attr('x', 0)
      .attr('y', r2(top))
      .attr('width', r2(x(value)))
      .attr('height', r2(y.bandwidth()))
      .attr('fill', colour(s))
      .attr('data-state', s)
      .attr('data-value', value)
      .append('title')
      .text(`${value} ${s} series`);
    bars
      .append('text')
      .attr('class', 'count')
      .attr('x', r2(x(value) + 6))
      .attr('y', r2(top + y.bandwidth() / 2))
      .attr('dy', '0.35em')
      .text(value);
  }

  const rows = SERIES_STATES.map((s) => `<tr><th scope="row">${s}</th><td data-value="${byState[s]}">${byState[s]}</td></tr>`);
  const table =
    `<table class="numbers"><caption>Series by state</caption>` +
    `<thead><tr><th scope="col">State</th><th scope="col">Series</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return { id: STATE_ID, heading: STATE_HEADING, svg: f.html(), empty: '', legend: '', table };
}

/** The three charts of a digest, in page order. */
export function digestCharts(d: Digest): ChartParts[] {
  return [historyChart(d.history), findingsChart(d.totals.findings), statesChart(d.totals.byState)];
}

/** One chart as a page section under an `<h3>`: drawing or "nothing" text, legend, numbers. */
export function chartSection(c: ChartParts): string {
  const body =
    c.svg === undefined
      ? `<p class="empty">${esc(c.empty)}</p>`
      : `<div class="chart-box">${c.svg}</div>${c.legend}` +
        `<details class="numbers"><summary>The numbers as a table</summary>${c.table}</details>`;
  return `<section class="chart" id="${c.id}" aria-labelledby="${c.id}-h"><h3 id="${c.id}-h">${esc(c.heading)}</h3>${body}</section>`;
}
