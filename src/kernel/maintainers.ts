/**
 * Who looks after a file, as `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats
 * -f FILE` answers (docs/maintainers.md): the sections whose `F:`/`N:` patterns match the path
 * and whose `X:` patterns do not, most specific first; their maintainers and reviewers, then
 * their lists, de-duplicated by name and by address and renamed by `.mailmap`. `K:` content
 * regexes are not matched (get_maintainer matches them against a patch, or a file only with
 * `--keywords-in-file`). Pure: MAINTAINERS, `.mailmap` and the file's text come from the caller.
 */
import { fileEmails, formatEmail, mailmapEmail, parseEmail } from './maintainers-email.js';
import { countSlashes, type MaintainersDb, type MaintainersPattern, type MaintainersSection } from './maintainers-parse.js';

export { parseMaintainers, type MaintainersDb, type MaintainersEntry, type MaintainersOptions, type MaintainersSection } from './maintainers-parse.js';
export { parseMailmap } from './maintainers-email.js';

/** A section matched by a path, with the depth of the pattern that matched it. */
export interface MaintainersMatch {
  section: MaintainersSection;
  /** Higher is more specific; `N:` gives 0 and a leading `*` (THE REST) gives -1. */
  depth: number;
}

export interface MaintainersAnswer {
  /** What get_maintainer prints, in its order: people (maintainers, reviewers, addresses from the file), then lists. */
  emails: string[];
  /** Those of `emails` first added as an `M:`. */
  maintainers: string[];
  /** Those of `emails` first added as an `R:`. */
  reviewers: string[];
  /** Those of `emails` found in the file's own text (`.yaml` files only). */
  fromFile: string[];
  lists: string[];
  /** The matched sections, in the order their addresses were taken. */
  sections: { title: string; status: string; depth: number; line: number }[];
}

export interface MaintainersOfOptions {
  /** The file's text: a `.yaml` file's own addresses are added, as get_maintainer adds them. */
  content?: string | null;
}

/** Whether `path` (tree-relative) matches an `F:`/`X:` pattern. */
export function fileMatches(pattern: MaintainersPattern, path: string): boolean {
  if (!pattern.regex?.test(path)) return false;
  return pattern.dir || countSlashes(path) === pattern.slashes;
}

/**
 * The sections that claim `path`, most specific first. A section's depth is that of its last
 * matching `F:`/`N:` line in file order (not the deepest), as in get_maintainer; equal depths
 * keep MAINTAINERS order (get_maintainer leaves them in Perl's hash order, which varies).
 */
export function matchSections(db: MaintainersDb, path: string): MaintainersMatch[] {
  const matches: MaintainersMatch[] = [];
  for (const section of db.sections) {
    const m = sectionMatch(section, path);
    if (m) matches.push(m);
  }
  return matches.sort((a, b) => b.depth - a.depth);
}

/** Does one section claim `path`, and how specifically? null when no `F:`/`N:` matches or an `X:` does. */
export function sectionMatch(section: MaintainersSection, path: string): MaintainersMatch | null {
  if (section.patterns.some((p) => p.type === 'X' && fileMatches(p, path))) return null;
  let depth: number | null = null;
  for (const p of section.patterns) {
    if (p.type === 'F' && fileMatches(p, path)) depth = p.depth;
    else if (p.type === 'N' && p.regex?.test(path)) depth = 0;
  }
  return depth === null ? null : { section, depth };
}

export function maintainersOf(db: MaintainersDb, path: string, options: MaintainersOfOptions = {}): MaintainersAnswer {
  return answerFor(db, matchSections(db, path), path, options);
}

type Role = 'maintainer' | 'reviewer' | 'file';
interface Person {
  email: string;
  role: Role;
}

const CHIEF_PENGUIN = new RegExp(formatEmail('Linus Torvalds', 'torvalds@linux-foundation.org'));

/** The addresses of `matches`, taken in that order (exported for tests of the ordering). */
export function answerFor(db: MaintainersDb, matches: readonly MaintainersMatch[], path: string, options: MaintainersOfOptions = {}): MaintainersAnswer {
  const names = new Set<string>();
  const addresses = new Set<string>();
  const people: Person[] = [];
  /** get_maintainer's push_email_address: skipped when its name or its address is already in (any case). */
  const push = (text: string, role: Role): void => {
    const { name, address } = parseEmail(text);
    if (address === '') return;
    if ((name !== '' && names.has(name.toLowerCase())) || addresses.has(address.toLowerCase())) return;
    people.push({ email: formatEmail(name, address), role });
    if (name !== '') names.add(name.toLowerCase());
    addresses.add(address.toLowerCase());
  };
  const listSeen = new Set<string>();
  let lists: string[] = [];
  for (const { section } of matches) {
    for (const entry of section.entries) {
      if (entry.type === 'M') push(entry.value, 'maintainer');
      else if (entry.type === 'R') push(entry.value, 'reviewer');
      else if (entry.type === 'L') {
        const m = /(\S+)\s+(.*)$/.exec(entry.value);
        const address = m ? (m[1] ?? '') : entry.value;
        const note = m ? (m[2] ?? '') : '';
        if (note.includes('subscribers-only') || listSeen.has(address.toLowerCase())) continue;
        listSeen.add(address.toLowerCase());
        lists.push(address);
      }
    }
  }

  const dedupe = deduplicator(db);
  for (const p of people) p.email = dedupe(p.email);
  lists = lists.map(dedupe);
  const kept = people.filter((p) => !CHIEF_PENGUIN.test(p.email));
  people.length = 0;
  people.push(...kept);

  if (options.content != null && path.endsWith('.yaml') && !/\bMAINTAINERS$/.test(path)) {
    for (const found of fileEmails(options.content)) {
      const { name, address } = parseEmail(mailmapEmail(db.mailmap, found));
      push(formatEmail(name, address), 'file');
    }
  }

  const seen = new Set<string>();
  const out: MaintainersAnswer = { emails: [], maintainers: [], reviewers: [], fromFile: [], lists: [], sections: [] };
  for (const p of people) {
    if (seen.has(p.email)) continue;
    seen.add(p.email);
    out.emails.push(p.email);
    (p.role === 'maintainer' ? out.maintainers : p.role === 'reviewer' ? out.reviewers : out.fromFile).push(p.email);
  }
  for (const l of lists) {
    if (seen.has(l)) continue;
    seen.add(l);
    out.emails.push(l);
    out.lists.push(l);
  }
  out.sections = matches.map(({ section, depth }) => ({ title: section.title, status: section.status, depth, line: section.line }));
  return out;
}

/**
 * get_maintainer's deduplicate_email: an address renamed by `.mailmap`, then replaced by the
 * first one seen with the same name or, failing that, the same address (any case), then
 * renamed again.
 */
function deduplicator(db: MaintainersDb): (email: string) => string {
  const byName = new Map<string, { name: string; address: string }>();
  const byAddress = new Map<string, { name: string; address: string }>();
  return (email) => {
    const first = parseEmail(email);
    let { name, address } = parseEmail(mailmapEmail(db.mailmap, formatEmail(first.name, first.address)));
    const known = (name !== '' ? byName.get(name.toLowerCase()) : undefined) ?? byAddress.get(address.toLowerCase());
    if (known) {
      ({ name, address } = known);
    } else {
      byName.set(name.toLowerCase(), { name, address });
      byAddress.set(address.toLowerCase(), { name, address });
    }
    return mailmapEmail(db.mailmap, formatEmail(name, address));
  };
}
