/**
 * defineAnalyzer ties the message ids an analyzer may report to the keys of its messages:
 * `report({ messageId: 'newExprot' })` is a compile error (typescript-eslint's createRule idea).
 */
import type { FileDiff } from '../diff/model.js';
import type { Analyzer, FindingData } from './types.js';

export function defineAnalyzer<O, const M extends string, F = undefined>(a: Analyzer<O, M, F>): Analyzer<O, M, F> {
  return Object.freeze(a);
}

/** `{{name}}` placeholders filled from data; an unknown placeholder stays visible. */
export function renderMessage(template: string, data: FindingData | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, k: string) => {
    const v = data?.[k];
    return v === undefined ? whole : String(v);
  });
}

/** Patch-phase facts gathered file by file: what `scan` finds in each file, undefined when nothing. */
export function factsPerFile<T>(files: readonly FileDiff[], scan: (f: FileDiff) => T | null): T[] | undefined {
  const out: T[] = [];
  for (const f of files) {
    const t = scan(f);
    if (t) out.push(t);
  }
  return out.length > 0 ? out : undefined;
}
