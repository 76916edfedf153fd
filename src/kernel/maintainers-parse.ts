/**
 * The kernel's MAINTAINERS file as sections: a title line, then `X: value` entries (`M:`
 * maintainers, `R:` reviewers, `L:` lists, `S:` status, `F:`/`X:` file patterns, `N:` file-name
 * regexes, `K:` content regexes, `T:` trees, `W:` web pages, any other letter kept raw). Lines
 * are read as scripts/get_maintainer.pl reads them: blank lines and `#` comments are skipped
 * (they do not end a section), any other line that is not `X:` is a title, and a section is the
 * run of entries after its last title. `F:`/`X:` globs become the same regexes as the script's.
 * Pure: the text, the `.mailmap` and "is this a directory" come from the caller.
 */
import { emptyMailmap, parseMailmap, type Mailmap } from './maintainers-email.js';

export interface MaintainersEntry {
  /** The letter: `M`, `R`, `L`, `S`, `F`, `X`, `N`, `K`, `T`, `W`, … */
  type: string;
  /** What follows `X:` and the blanks after it, trailing blanks kept (as the script keeps them). */
  value: string;
  /** 1-based line in MAINTAINERS. */
  line: number;
}

/** An `F:`, `X:` or `N:` entry made ready to match a tree-relative path. */
export interface MaintainersPattern {
  type: 'F' | 'X' | 'N';
  /** The pattern as written. */
  raw: string;
  /** For `F:`/`X:`: the glob as get_maintainer rewrites it (`.` → `\.`, `*` → `.*`, `?` → `.`, `/` added to a directory). */
  source: string;
  /** null when the regex does not compile (the pattern then matches nothing). */
  regex: RegExp | null;
  /** `F:`/`X:` ending in `/`: everything below it matches; otherwise only paths as deep as the pattern. */
  dir: boolean;
  /** Slashes in `source` (for the depth test of non-directory patterns). */
  slashes: number;
  /** The specificity a match gives its section: slashes, +1 unless a directory, -1 for a leading `*`; 0 for `N:`. */
  depth: number;
}

export interface MaintainersSection {
  title: string;
  /** 1-based line of the title (0 when the entries come before any title). */
  line: number;
  maintainers: string[];
  reviewers: string[];
  lists: string[];
  /** The last `S:` value ('' when none): `Maintained`, `Supported`, `Odd Fixes`, `Orphan`, `Obsolete`, … */
  status: string;
  files: string[];
  excludes: string[];
  regexes: string[];
  keywords: string[];
  trees: string[];
  web: string[];
  /** Every entry in order, those of other letters included. */
  entries: MaintainersEntry[];
  /** `F:`, `X:` and `N:` entries in order, compiled. */
  patterns: MaintainersPattern[];
}

export interface MaintainersDb {
  sections: MaintainersSection[];
  mailmap: Mailmap;
}

export interface MaintainersOptions {
  /**
   * Whether a tree-relative path is a directory; get_maintainer adds a `/` to an `F:`/`X:`
   * pattern without one that names a directory (asked of the rewritten pattern, as the script
   * asks `-d`). Without it no pattern is taken for a directory unless it ends in `/`.
   */
  isDirectory?: (path: string) => boolean;
  /** The tree's `.mailmap` text. */
  mailmap?: string;
}

const ENTRY_RE = /^([A-Z]):\s*([^\n]*)$/;

export function parseMaintainers(text: string, options: MaintainersOptions = {}): MaintainersDb {
  const sections: MaintainersSection[] = [];
  let title = '';
  let titleLine = 0;
  let current: MaintainersSection | null = null;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const m = ENTRY_RE.exec(line);
    if (!m) {
      if (/^\s*$/.test(line) || /^\s*#/.test(line)) continue;
      title = line;
      titleLine = i + 1;
      current = null;
      continue;
    }
    if (!current) {
      current = emptySection(title, titleLine);
      sections.push(current);
    }
    addEntry(current, { type: m[1] ?? '', value: m[2] ?? '', line: i + 1 }, options);
  }
  return { sections, mailmap: options.mailmap === undefined ? emptyMailmap() : parseMailmap(options.mailmap) };
}

function emptySection(title: string, line: number): MaintainersSection {
  return { title, line, maintainers: [], reviewers: [], lists: [], status: '', files: [], excludes: [], regexes: [], keywords: [], trees: [], web: [], entries: [], patterns: [] };
}

function addEntry(section: MaintainersSection, entry: MaintainersEntry, options: MaintainersOptions): void {
  section.entries.push(entry);
  const { value } = entry;
  switch (entry.type) {
    case 'M':
      section.maintainers.push(value);
      break;
    case 'R':
      section.reviewers.push(value);
      break;
    case 'L':
      section.lists.push(value);
      break;
    case 'S':
      section.status = value;
      break;
    case 'F':
    case 'X':
      (entry.type === 'F' ? section.files : section.excludes).push(value);
      section.patterns.push(globPattern(entry.type, value, options.isDirectory));
      break;
    case 'N':
      section.regexes.push(value);
      section.patterns.push(namePattern(value));
      break;
    case 'K':
      section.keywords.push(value);
      break;
    case 'T':
      section.trees.push(value);
      break;
    case 'W':
      section.web.push(value);
      break;
  }
}

/** An `F:`/`X:` glob rewritten as get_maintainer rewrites it, then compiled anchored at the start. */
export function globPattern(type: 'F' | 'X', raw: string, isDirectory?: (path: string) => boolean): MaintainersPattern {
  let source = raw.replace(/\./g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  if (source !== '' && !source.endsWith('/') && isDirectory?.(source)) source += '/';
  const dir = source.endsWith('/');
  const slashes = countSlashes(source);
  const depth = source.startsWith('.*') ? -1 : slashes + (dir ? 0 : 1);
  return { type, raw, source, regex: compile(`^${source}`, ''), dir, slashes, depth };
}

/** An `N:` regex: Perl's `/x` (blanks and `#` comments outside classes ignored), unanchored. */
export function namePattern(raw: string): MaintainersPattern {
  return { type: 'N', raw, source: raw, regex: compile(stripExtended(raw), ''), dir: false, slashes: 0, depth: 0 };
}

export function countSlashes(s: string): number {
  let n = 0;
  for (const c of s) if (c === '/') n++;
  return n;
}

function compile(source: string, flags: string): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
}

/** Perl `/x`: unescaped whitespace and `#…` comments outside a character class dropped. */
function stripExtended(re: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i] ?? '';
    if (c === '\\') {
      out += c + (re[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < re.length && re[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}
