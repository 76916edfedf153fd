/**
 * The frame every digest chart is drawn in: an `<svg>` on a linkedom document (no browser on
 * the server), with its accessible name and description, a viewBox and a plot area inside the
 * margins; d3-selection and d3-axis draw into it as they would in a page, and `html()`
 * serializes it. Also what the three charts share: their parts, colours and number rounding.
 */
import { parseHTML } from 'linkedom';
import { select } from 'd3-selection';
import { esc } from './escape.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The little of the DOM used here. linkedom's types are written against lib.dom, which this
 * project does not load (Node code: DOM globals would be lies), so the document is typed here.
 */
interface SvgNode {
  readonly outerHTML: string;
}
interface SvgDocument {
  createElementNS(namespace: string, name: string): SvgNode;
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface FrameOptions {
  /** Unique on the page: the title and desc ids derive from it. */
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  margin: Margin;
}

/** One chart as the page shows it: the drawing (or why there is none), its legend and its numbers. */
export interface ChartParts {
  id: string;
  heading: string;
  /** The serialized `<svg>`; undefined when there is nothing to draw (then `empty` says so). */
  svg?: string;
  empty: string;
  /** HTML legend under the drawing (colour keys), or ''. */
  legend: string;
  /** The fallback `<table>` with the same numbers. */
  table: string;
}

export function svgFrame(o: FrameOptions) {
  // A fresh document per chart: nothing is shared between renderings, so the output depends
  // on the digest alone.
  const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: SvgDocument };
  const root = document.createElementNS(SVG_NS, 'svg');
  const svg = select(root)
    .attr('class', 'chart-svg')
    .attr('viewBox', `0 0 ${o.width} ${o.height}`)
    .attr('width', o.width)
    .attr('height', o.height)
    .attr('role', 'img')
    .attr('aria-labelledby', `${o.id}-title ${o.id}-desc`);
  svg.append('title').attr('id', `${o.id}-title`).text(o.title);
  svg.append('desc').attr('id', `${o.id}-desc`).text(o.desc);
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${o.margin.left},${o.margin.top})`);
  return {
    svg,
    plot,
    innerWidth: o.width - o.margin.left - o.margin.right,
    innerHeight: o.height - o.margin.top - o.margin.bottom,
    html: (): string => root.outerHTML,
  };
}

/**
 * A digest string as an attribute value. linkedom escapes only `"` in attribute values, so an
 * `&` would reach the page raw (`&amp;` in a subsystem name would read back as `&`), and a
 * `<script>` in an analyzer or subsystem name would appear as such in the markup: harmless in a
 * quoted attribute, but the page promises no `<script` anywhere. (charts.test.ts reads the
 * values back, which catches a linkedom that starts escaping them itself.)
 */
export function attrText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Coordinates to two decimals: shorter markup, and no 33.333333333333336 in the page. */
export function r2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Roughly how wide a label is at the charts' 12px font (no font metrics on the server). */
export function labelWidth(s: string): number {
  return s.length * 7.2;
}

/** A label cut to `max` characters with an ellipsis (the full text is in the tooltip and the table). */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`;
}

/**
 * Okabe–Ito colours (told apart with the common colour-vision deficiencies), the yellow left out:
 * it does not show on white.
 */
export const CATEGORY_COLOURS: readonly string[] = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7f7f7f', '#000000'];

/** The HTML colour key under a chart: a swatch and a name per entry. */
export function legendHtml(entries: readonly { name: string; colour: string }[]): string {
  if (entries.length === 0) return '';
  const items = entries.map((e) => `<li><span class="swatch" style="background:${e.colour}"></span>${esc(e.name)}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}
