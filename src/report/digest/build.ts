/**
 * The digests of a period: each series version posted in [since, until) goes to the people and
 * lists of the MAINTAINERS sections that claim its files (route.ts), and each recipient with
 * at least one such series gets one digest (recipient.ts puts it together). A series counts
 * once, by its newest version posted in the period; its older and newer versions only tell its
 * state (new, revised, superseded by vN). Pure: the same input gives the same digests.
 */
import type { MaintainersDb, MaintainersSection } from '../../kernel/maintainers.js';
import type { DigestInput, DigestVersion } from './input.js';
import type { Digest, RecipientRole } from './model.js';
import { recipientDigest, type Touch } from './recipient.js';
import { Router } from './route.js';

/** Who gets a digest: everyone of these roles with something to report (default maintainers), or one address (person or list). */
export type RecipientSelector = { all: true; roles?: readonly RecipientRole[] } | { address: string };

export interface BuildOptions {
  since: Date;
  until: Date;
  select: RecipientSelector;
  /** Weeks of export history ending with the week of `until` (default 8). */
  historyWeeks?: number;
  /** The period's week label; default the UTC ISO week of its last instant (the schedule gives its own, on its timezone's clock). */
  week?: string;
}

export const DEFAULT_HISTORY_WEEKS = 8;

interface Bucket {
  sections: Set<MaintainersSection>;
  roles: Set<RecipientRole>;
  /** Versions in the period touching the recipient's files. */
  shown: Touch[];
  /** Versions in the history window touching them. */
  history: Touch[];
}

const time = (v: DigestVersion): number => (v.date ? Date.parse(v.date) : NaN);

/** Per series key: its newest version whose date lies in [from, to). */
function newestIn(byKey: Map<string, DigestVersion[]>, from: number, to: number): DigestVersion[] {
  const out: DigestVersion[] = [];
  for (const versions of byKey.values()) {
    const inside = versions.filter((v) => time(v) >= from && time(v) < to);
    const newest = inside.at(-1);
    if (newest) out.push(newest);
  }
  return out;
}

export function buildDigests(input: DigestInput, db: MaintainersDb, o: BuildOptions): Digest[] {
  const router = new Router(db);
  const since = o.since.getTime();
  const until = o.until.getTime();
  const weeks = o.historyWeeks ?? DEFAULT_HISTORY_WEEKS;
  const byKey = new Map<string, DigestVersion[]>();
  for (const v of input.versions) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  for (const list of byKey.values()) list.sort((a, b) => a.revision - b.revision);
  const historyStart = Math.min(since, until - weeks * 7 * 86_400_000);

  const buckets = new Map<string, Bucket>();
  const route = (v: DigestVersion, into: 'shown' | 'history'): void => {
    const touched = new Map<string, { sections: Set<MaintainersSection>; files: Set<string> }>();
    for (const path of v.files)
      for (const section of router.sectionsOf(path))
        for (const r of router.recipientsOf(section)) {
          const t = touched.get(r.address) ?? { sections: new Set(), files: new Set() };
          t.sections.add(section);
          t.files.add(path);
          touched.set(r.address, t);
          const b = buckets.get(r.address) ?? { sections: new Set(), roles: new Set(), shown: [], history: [] };
          b.sections.add(section);
          b.roles.add(r.role);
          buckets.set(r.address, b);
        }
    for (const [address, t] of touched) buckets.get(address)?.[into].push({ version: v, files: [...t.files].sort() });
  };
  for (const v of newestIn(byKey, since, until)) route(v, 'shown');
  for (const v of newestIn(byKey, historyStart, until)) route(v, 'history');

  const wanted = (address: string, b: Bucket): boolean => {
    if ('address' in o.select) return address === o.select.address.trim().toLowerCase();
    const roles = o.select.roles ?? ['maintainer'];
    return roles.some((r) => b.roles.has(r));
  };
  const digests: Digest[] = [];
  for (const [address, b] of [...buckets].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    if (b.shown.length === 0 || !wanted(address, b)) continue;
    const sections = [...b.sections].sort((x, y) => x.line - y.line);
    const recipient = sections.flatMap((s) => router.recipientsOf(s)).find((r) => r.address === address);
    if (!recipient) continue;
    digests.push(
      recipientDigest({
        recipient: { ...recipient, role: b.roles.has('maintainer') ? 'maintainer' : b.roles.has('reviewer') ? 'reviewer' : 'list' },
        sections,
        shown: b.shown,
        history: b.history,
        byKey,
        router,
        since: o.since,
        until: o.until,
        weeks,
        ...(o.week ? { week: o.week } : {}),
      }),
    );
  }
  return digests;
}
