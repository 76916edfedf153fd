/**
 * A finding's text in the JSON report, written directly: the same characters as
 * `JSON.stringify(findingToJson(f), null, 2)` with every line after the first indented by
 * `pad`, without the copy findingToJson makes or a pass of the generic serializer (a corpus
 * report has tens of thousands of findings). Strings and keys still go through
 * JSON.stringify, so they are escaped exactly as before. A finding holding a value this does
 * not write (anything but strings, numbers, booleans and null) gives null: serialize it the
 * generic way.
 */
import type { Finding } from '../../engine/finding.js';
import { sortedData } from './sorted-data.js';

/** An object already written (a nested object of a finding). */
class Written {
  constructor(readonly text: string) {}
}

/** A value as JSON.stringify writes it: undefined to leave the field out, null if unknown. */
function value(v: unknown): string | undefined | null {
  if (v instanceof Written) return v.text;
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return undefined;
    default:
      return v === null ? 'null' : null;
  }
}

/** An object whose closing brace is at indent `pad`: `{}` without fields, one field a line otherwise. */
function object(entries: readonly (readonly [string, unknown])[], pad: string): Written | null {
  const inner = `${pad}  `;
  const lines: string[] = [];
  for (const [k, v] of entries) {
    const s = value(v);
    if (s === null) return null;
    if (s !== undefined) lines.push(`${inner}${JSON.stringify(k)}: ${s}`);
  }
  return new Written(lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n${pad}}`);
}

export function findingText(f: Finding, pad: string): string | null {
  const inner = `${pad}  `;
  const { subject: sub, location: loc } = f;
  const subject = object([['key', sub.key], ['revision', sub.revision], ['patch', sub.patch], ['messageId', sub.messageId]], inner);
  const location = loc === undefined ? undefined : object([['path', loc.path], ['line', loc.line], ['endLine', loc.endLine], ['oldPath', loc.oldPath]], inner);
  // sortedData's object, read in the order JSON.stringify reads it (index-like keys first).
  const d = f.data === undefined ? undefined : sortedData(f.data);
  const data = d === undefined ? undefined : object(Object.keys(d).map((k) => [k, d[k]] as const), inner);
  const versions = f.versions === undefined ? undefined : object(Object.entries(f.versions), inner);
  if (subject === null || location === null || data === null || versions === null) return null;
  const top = object(
    [
      ['ruleId', f.ruleId],
      ['messageId', f.messageId],
      ['message', f.message],
      ['severity', f.severity],
      ['subject', subject],
      ['location', location],
      ['data', data],
      ['fingerprint', f.fingerprint],
      ['fatal', f.fatal === true ? true : undefined],
      ['versions', versions],
    ],
    pad,
  );
  return top === null ? null : top.text;
}
