/**
 * The JSON report (docs/json-output.md) written in pieces: as chunks of a finished run
 * (`jsonChunks`, `formatJson`), or part by part as a run makes it (`JsonReportStream`, what
 * `kvetch check --format json` writes). Every way gives the same bytes.
 */
import type { Finding } from '../../model/finding.js';
import type { RunResult, Series } from '../../model/series.js';
import { buildJsonReport, findingToJson, seriesToJson, type ReportMeta } from './json.js';

/** One JSON document, 2-space indent, trailing newline. */
export function formatJson(result: RunResult, meta: ReportMeta): string {
  return [...jsonChunks(result, meta)].join('');
}

/**
 * The same document as formatJson, in pieces (a few dozen series or findings each), so that
 * a report on a 500 MB archive is written without building one giant string.
 */
export function* jsonChunks(result: RunResult, meta: ReportMeta): Generator<string> {
  const out = new JsonReportStream(meta);
  yield out.start(result.stats);
  let pending = '';
  let n = 0;
  for (const s of result.series) {
    pending += out.series(s);
    if (++n % ITEMS_PER_CHUNK !== 0) continue;
    yield pending;
    pending = '';
  }
  for (const f of result.findings) {
    pending += out.finding(f);
    if (++n % ITEMS_PER_CHUNK !== 0) continue;
    yield pending;
    pending = '';
  }
  yield pending + out.end();
}

const ITEMS_PER_CHUNK = 64;

/**
 * The JSON report written as its parts come: the head (stats) first, then each series, then each
 * finding, then the end (`kvetch check` on an archive of any size). Each call returns the text
 * that goes next; the document is formatJson's, byte for byte.
 */
export class JsonReportStream {
  private section: 'series' | 'findings' | 'done' = 'series';
  private count = 0;

  constructor(private readonly meta: ReportMeta) {}

  start(stats: RunResult['stats']): string {
    const { series: _s, findings: _f, ...head } = buildJsonReport({ stats, series: [], findings: [] }, this.meta);
    const top = JSON.stringify(head, null, 2);
    return `${top.slice(0, -2)},\n`;
  }

  series(s: Series): string {
    if (this.section !== 'series') throw new Error('JSON report: a series after the findings');
    return this.item('series', seriesToJson(s));
  }

  finding(f: Finding): string {
    const before = this.section === 'series' ? this.close(false) : '';
    if (this.section === 'done') throw new Error('JSON report: a finding after the end');
    this.section = 'findings';
    return before + this.item('findings', findingToJson(f));
  }

  end(): string {
    const series = this.section === 'series' ? this.close(false) : '';
    this.section = 'findings';
    const out = `${series}${this.close(true)}}\n`;
    this.section = 'done';
    return out;
  }

  /** An item two levels deep, indented and separated as JSON.stringify(report, null, 2) puts it. */
  private item(key: string, value: unknown): string {
    const nested = JSON.stringify([[value]], null, 2);
    const text = `    ${nested.slice(NESTED_OPEN.length, -NESTED_CLOSE.length)}`;
    return this.count++ === 0 ? `  ${JSON.stringify(key)}: [\n${text}` : `,\n${text}`;
  }

  /** Closes the current array (`[]` when it had no item). */
  private close(last: boolean): string {
    const end = last ? '\n' : ',\n';
    const out = this.count === 0 ? `  ${JSON.stringify(this.section)}: []${end}` : `\n  ]${end}`;
    this.count = 0;
    return out;
  }
}

const NESTED_OPEN = '[\n  [\n    ';
const NESTED_CLOSE = '\n  ]\n]';
