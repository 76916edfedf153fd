/**
 * Declarations packed into one string. Header facts cross from the worker threads to the main
 * thread by structured clone, and the main thread keeps every patch's facts until the series
 * phase; on a corpus of whole headers that is hundreds of thousands of declarations. As objects
 * each one is cloned field by field, kept, and traced by every GC; as one string per header
 * side they cost one copy and no tracing. The series phases match rows by key and unpack only
 * the rows they report.
 *
 * One declaration a row, rows joined by newlines: `<kind> <name>\t<line>\t<signature>`. The
 * signature goes last because it may hold tabs (macro parameters); no field holds a newline
 * (a declaration comes from one line, or from lines joined with spaces).
 */
import type { Decl, DeclKind } from './decl-of.js';

/** A packed list of declarations: a string, branded so that it is never mistaken for text. */
export type PackedDecls = string & { readonly __packedDecls: true };

/** One declaration as a row. */
export function packRow(d: Decl): string {
  return `${d.kind} ${d.name}\t${d.line}\t${d.signature}`;
}

/** Rows (from packRow) as one packed list. */
export function packRows(rows: readonly string[]): PackedDecls {
  return rows.join('\n') as PackedDecls;
}

/** The rows of a packed list, in order. */
export function packedRows(packed: PackedDecls): string[] {
  return packed.length === 0 ? [] : packed.split('\n');
}

/** `<kind> <name>` of a row: the key both header analyzers match declarations on. */
export function rowKey(row: string): string {
  return row.slice(0, row.indexOf('\t'));
}

export function unpackRow(row: string): Decl {
  const sp = row.indexOf(' ');
  const t1 = row.indexOf('\t', sp);
  const t2 = row.indexOf('\t', t1 + 1);
  return { kind: row.slice(0, sp) as DeclKind, name: row.slice(sp + 1, t1), line: Number(row.slice(t1 + 1, t2)), signature: row.slice(t2 + 1) };
}
