/**
 * defineAnalyzer ties the message ids an analyzer may report to the keys of its messages:
 * `report({ messageId: 'newExprot' })` is a compile error (typescript-eslint's createRule idea).
 */
import type { FileDiff } from '../diff/model.js';
import type { Analyzer } from './types.js';
import type { FindingData } from '../model/finding.js';

export function defineAnalyzer<O, const M extends string, F = undefined>(a: Analyzer<O, M, F>): Analyzer<O, M, F> {
  return Object.freeze(a);
}

const PLACEHOLDER_RE = /\{\{\s*(\w+)\s*\}\}/g;

/** A template cut at its placeholders: text, then a placeholder's key and its whole `{{…}}` text. */
type Parts = (string | { key: string; whole: string })[];

/** Templates cut once: a corpus run renders tens of thousands of findings from a few dozen templates. */
const cut = new Map<string, Parts>();

/** `{{name}}` placeholders filled from data; an unknown placeholder stays visible. */
export function renderMessage(template: string, data: FindingData | undefined): string {
  let parts = cut.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER_RE)) {
      parts.push(template.slice(last, m.index), { key: m[1] as string, whole: m[0] });
      last = m.index + m[0].length;
    }
    parts.push(template.slice(last));
    cut.set(template, parts);
  }
  let out = '';
  for (const p of parts) {
    if (typeof p === 'string') out += p;
    else {
      const v = data?.[p.key];
      out += v === undefined ? p.whole : String(v);
    }
  }
  return out;
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
