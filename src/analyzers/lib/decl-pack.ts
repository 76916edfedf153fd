/**
 * Declarations packed into one string. Header facts cross from the worker threads to the main
 * thread by structured clone, and the main thread keeps every patch's facts until the series
 * phase; on a corpus of whole headers that is hundreds of thousands of declarations. As objects
 * each one is cloned field by field, kept, and traced by every GC; as one string per header
 * list they cost one copy and no tracing. The series phase unpacks a header at a time.
 *
 * One declaration a line: `<kind> <name>\t<line>\t<signature>`. The signature goes last because
 * it may hold tabs (macro arguments); no field holds a newline (a declaration comes from one
 * line, or from lines joined with spaces).
 */
import type { Decl, DeclKind } from './decl-of.js';

/** A packed Decl[]: a string, branded so that it is never mistaken for a list. */
export type PackedDecls = string & { readonly __packedDecls: true };

export function packDecls(decls: readonly Decl[]): PackedDecls {
  return decls.map((d) => `${d.kind} ${d.name}\t${d.line}\t${d.signature}`).join('\n') as PackedDecls;
}

export function unpackDecls(packed: PackedDecls): Decl[] {
  return packedRows(packed).map(unpackRow);
}

/** The rows of a packed list, one per declaration: match on rowKey, unpack only what is needed. */
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
