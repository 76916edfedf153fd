/**
 * defineAnalyzer ties the message ids an analyzer may report to the keys of its messages:
 * `report({ messageId: 'newExprot' })` is a compile error (typescript-eslint's createRule idea).
 */
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
