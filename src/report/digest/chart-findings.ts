/**
 * Open findings by analyzer and severity as a dot plot: analyzers down, severities across,
 * one circle per pair with findings, its area proportional to the count (d3's scaleSqrt) and
 * the count written on it.
 */
import { axisLeft, axisTop } from 'd3-axis';
import { scaleBand, scaleOrdinal, scaleSqrt } from 'd3-scale';
import type { Severity } from '../../model/finding.js';
import type { Digest } from './model.js';
import { esc } from './escape.js';
import { attrText, clip, labelWidth, r2, svgFrame, type ChartParts } from './svg.js';

const ID = 'chart-findings';
const HEADING = 'Open findings by analyzer and severity';

/** Worst first, as the rest of kvetch lists them. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = { error: '#c62828', warning: '#e69f00', info: '#0072b2' };

const ROW = 40;
const LABEL_CHARS = 30;

type Findings = Digest['totals']['findings'];

/** Analyzers with at least one open finding, by name (the record's order is the builder's). */
function analyzersOf(findings: Findings): string[] {
  return Object.keys(findings)
    .filter((a) => SEVERITIES.some((s) => (findings[a]?.[s] ?? 0) > 0))
    .sort();
}

export function findingsChart(findings: Findings): ChartParts {
  const analyzers = analyzersOf(findings);
  const n = (a: string, s: Severity): number => findings[a]?.[s] ?? 0;
  if (analyzers.length === 0) return { id: ID, heading: HEADING, empty: 'No open findings on your files.', legend: '', table: '' };

  const cells = analyzers.flatMap((a) => SEVERITIES.map((s) => ({ analyzer: a, severity: s, value: n(a, s) }))).filter((c) => c.value > 0);
  const max = Math.max(...cells.map((c) => c.value));
  const left = Math.min(240, Math.max(90, 16 + Math.max(...analyzers.map((a) => labelWidth(clip(a, LABEL_CHARS))))));
  const f = svgFrame({
    id: ID,
    title: 'Open findings by analyzer and severity',
    desc:
      `Dot plot: one row per analyzer (${analyzers.join(', ')}), one column per severity (error, warning, info). ` +
      `Each circle's area is proportional to its count, from 1 to ${max}; empty places have no findings. ` +
      'The same numbers are in the table that follows.',
    width: left + 3 * 110 + 16,
    height: 30 + analyzers.length * ROW + 8,
    margin: { top: 30, right: 16, bottom: 8, left },
  });
  const x = scaleBand<Severity>().domain(SEVERITIES).range([0, f.innerWidth]).padding(0.1);
  const y = scaleBand<string>().domain(analyzers).range([0, f.innerHeight]).padding(0.1);
  // Area, not radius, follows the count; the smallest count stays large enough to see and hover.
  const radius = scaleSqrt()
    .domain([0, max])
    .range([0, Math.min(x.bandwidth(), y.bandwidth()) / 2 - 1]);
  const r = (v: number): number => Math.max(5, radius(v));
  const colour = scaleOrdinal<Severity, string>()
    .domain(SEVERITIES)
    .range(SEVERITIES.map((s) => SEVERITY_COLOURS[s]));

  // Row rules, the way a table reads.
  f.plot
    .append('g')
    .attr('class', 'grid')
    .call(axisLeft(y).tickSize(-f.innerWidth).tickFormat(() => ''));
  f.plot
    .append('g')
    .attr('class', 'axis y')
    .call(
      axisLeft(y)
        .tickSize(0)
        .tickPadding(8)
        .tickFormat((a) => clip(a, LABEL_CHARS)),
    );
  f.plot.append('g').attr('class', 'axis x').call(axisTop(x).tickSize(0).tickPadding(10));

  const points = f.plot.append('g').attr('class', 'points');
  for (const c of cells) {
    const cx = r2((x(c.severity) ?? 0) + x.bandwidth() / 2);
    const cy = r2((y(c.analyzer) ?? 0) + y.bandwidth() / 2);
    const rr = r(c.value);
    const g = points.append('g');
    g.append('circle')
      .attr('class', 'point')
      .attr('cx', cx)
      .attr('cy', cy)
      .attr('r', r2(rr))
      .attr('fill', colour(c.severity))
      .attr('data-analyzer', attrText(c.analyzer))
      .attr('data-severity', c.severity)
      .attr('data-value', c.value)
      .append('title')
      .text(`${c.analyzer}: ${c.value} open ${c.severity}${c.value === 1 ? '' : 's'}`);
    // The count inside a circle that has room for it, else beside it.
    const inside = rr >= 9;
    g.append('text')
      .attr('class', inside ? 'count inside' : 'count')
      .attr('x', inside ? cx : r2(cx + rr + 4))
      .attr('y', cy)
      .attr('dy', '0.35em')
      .attr('text-anchor', inside ? 'middle' : 'start')
      .text(c.value);
  }

  return { id: ID, heading: HEADING, svg: f.html(), empty: '', legend: '', table: table(findings, analyzers) };
}

function table(findings: Findings, analyzers: readonly string[]): string {
  const head = SEVERITIES.map((s) => `<th scope="col">${s}</th>`).join('');
  const body = analyzers.map((a) => {
    const counts = SEVERITIES.map((s) => findings[a]?.[s] ?? 0);
    const cells = counts.map((v) => `<td data-value="${v}">${v}</td>`).join('');
    return `<tr><th scope="row">${esc(a)}</th>${cells}<td>${counts.reduce((p, q) => p + q, 0)}</td></tr>`;
  });
  return (
    `<table class="numbers"><caption>Open findings by analyzer and severity</caption>` +
    `<thead><tr><th scope="col">Analyzer</th>${head}<th scope="col">Total</th></tr></thead><tbody>${body.join('')}</tbody></table>`
  );
}
