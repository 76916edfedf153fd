/** The report in the chosen format, as chunks to write one after the other. */
import type { RunResult } from '../model/series.js';
import { jsonChunks } from './format/json-stream.js';
import { formatSarif } from './format/sarif.js';
import { formatTerminal } from './format/terminal.js';

export type OutputFormat = 'terminal' | 'json' | 'sarif';

export function reportChunks(result: RunResult, format: OutputFormat, meta: { tool: string; version: string }, color: boolean): Iterable<string> {
  if (format === 'json') return jsonChunks(result, meta);
  if (format === 'sarif') return [formatSarif(result, { ...meta, informationUri: 'https://github.com/kvetch/kvetch' })];
  return [formatTerminal(result, { color })];
}
