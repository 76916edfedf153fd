/** What analyzers may ask of a kernel tree, implemented by kernel/ (read-only). */

/** One definition of a Kconfig symbol (a symbol may be defined in several places). */
export interface KconfigDefinition {
  file: string;
  /** Own `depends on` expressions. */
  depends: readonly string[];
  /** Conditions of enclosing `if`/`menu`/`choice` blocks. */
  inherited: readonly string[];
  /** For a choice member: the conditions of the choice and the blocks around it. */
  choiceDeps?: readonly string[];
}

/** The Kconfig of one architecture, possibly with a series applied. */
export interface KconfigView {
  definitions(symbol: string): readonly KconfigDefinition[];
  /** What is certainly on whenever all `symbols` are: dependencies, selects, always-on symbols, transitively. */
  implied(symbols: readonly string[]): ReadonlySet<string>;
}

/** What analyzers may ask of a kernel tree (`--tree`); read-only, implemented in kernel/. */
export interface TreeView {
  /** A file of the tree by tree-relative path (the tree the series applies to), or null. */
  readFile(path: string): string | null;
  /**
   * The Kconfig of `arch`; with `changes` (path → new text, null = deleted), as if those files
   * had been changed: a series' Kconfig hunks applied to the tree.
   */
  kconfig(arch: string, changes?: ReadonlyMap<string, string | null>): KconfigView;
  /**
   * Tree-relative paths of the files that `#define` the export macro `macro` (an `EXPORT_…`
   * wrapper), nearest to the file `near` first: the file, headers in its directories, include/.
   */
  filesDefining?(macro: string, near: string): readonly string[];
}
