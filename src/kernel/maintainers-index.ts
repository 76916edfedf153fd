/**
 * matchSections over many paths, fast: a digest routes tens of thousands of paths through
 * MAINTAINERS' thousands of sections. Each `F:` pattern is filed under the literal directory
 * prefix it starts with (at most three levels), so a path is tested only against the patterns
 * filed under its own first directories, plus the `N:` regexes; a section with a pattern that
 * matches is then judged exactly as matchSections judges it (its `X:` lines, the depth of its
 * last matching line). Same answers as matchSections, in the same order (a test holds them equal).
 */
import { sectionMatch, type MaintainersMatch } from './maintainers.js';
import type { MaintainersDb, MaintainersSection } from './maintainers-parse.js';

const LEVELS = 3;

/** The literal start of a rewritten glob (`\.` is a dot; any other regex syntax ends it). */
function literalPrefix(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\' && source[i + 1] === '.') {
      out += '.';
      i++;
    } else if ('.*?+[]()|{}^$\\'.includes(c)) break;
    else out += c;
  }
  return out;
}

/** The directory key a literal prefix is filed under: its first up to LEVELS whole directories (`drivers/net/`). */
function keyOf(prefix: string): string {
  const parts = prefix.split('/');
  parts.pop(); // what follows the last slash is not a whole directory
  return parts.slice(0, LEVELS).map((p) => `${p}/`).join('');
}

export class MaintainersIndex {
  private readonly byKey = new Map<string, Set<number>>();
  /** Sections with an `N:` regex: tested against every path. */
  private readonly always: number[] = [];
  private readonly cache = new Map<string, MaintainersMatch[]>();

  constructor(private readonly db: MaintainersDb) {
    db.sections.forEach((section, i) => {
      for (const p of section.patterns) {
        if (p.type === 'N') {
          this.always.push(i);
          continue;
        }
        if (p.type !== 'F') continue;
        const key = keyOf(literalPrefix(p.source));
        const set = this.byKey.get(key) ?? new Set<number>();
        set.add(i);
        this.byKey.set(key, set);
      }
    });
  }

  /** The sections that claim `path`, most specific first: matchSections(db, path), cached. */
  sectionsOf(path: string): MaintainersMatch[] {
    const hit = this.cache.get(path);
    if (hit) return hit;
    const candidates = new Set<number>(this.always);
    const parts = path.split('/');
    let key = '';
    for (let level = 0; ; level++) {
      for (const i of this.byKey.get(key) ?? []) candidates.add(i);
      if (level >= LEVELS || level >= parts.length - 1) break;
      key += `${parts[level] ?? ''}/`;
    }
    const matches: MaintainersMatch[] = [];
    // MAINTAINERS order first, so that the stable sort keeps it for equal depths, as matchSections does.
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const section = this.db.sections[i] as MaintainersSection;
      const m = sectionMatch(section, path);
      if (m) matches.push(m);
    }
    matches.sort((a, b) => b.depth - a.depth);
    this.cache.set(path, matches);
    return matches;
  }
}
