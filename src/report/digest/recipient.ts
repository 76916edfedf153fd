/**
 * One recipient's digest from the versions routed to them: the series list with states and
 * links, one account per MAINTAINERS section of theirs that the period touched, the totals,
 * the "needs your attention" list and the weekly export history.
 */
import type { MaintainersSection } from '../../kernel/maintainers.js';
import type { Finding } from '../../model/finding.js';
import { isoWeekOf, isoWeeksEnding } from '../../util/iso-week.js';
import { addFinding, emptyAccount, isOpen, type Account } from './aggregate.js';
import type { DigestVersion } from './input.js';
import { DIGEST_SCHEMA_VERSION, type Digest, type DigestFinding, type DigestRecipient, type DigestSeries, type SeriesState, type SubsystemDigest } from './model.js';
import type { Router } from './route.js';

/** A version routed to the recipient, with the files of theirs it touches. */
export interface Touch {
  version: DigestVersion;
  files: string[];
}

export interface RecipientInput {
  recipient: DigestRecipient;
  /** Every section of theirs that a routed version touched, in MAINTAINERS order. */
  sections: MaintainersSection[];
  shown: Touch[];
  history: Touch[];
  byKey: ReadonlyMap<string, readonly DigestVersion[]>;
  router: Router;
  since: Date;
  until: Date;
  weeks: number;
  /** The period's week label, when the caller has one. */
  week?: string;
}

const seriesId = (v: DigestVersion): string => `${v.key}#v${v.revision}`;

export function recipientDigest(r: RecipientInput): Digest {
  const mine = new Set(r.sections);
  /** The recipient's sections claiming a finding's file (none for a finding without one). */
  const owners = (f: Finding): MaintainersSection[] => (f.location?.path ? r.router.sectionsOf(f.location.path).filter((s) => mine.has(s)) : []);
  const shown = [...r.shown].sort((a, b) => (a.version.date ?? '').localeCompare(b.version.date ?? '') || a.version.key.localeCompare(b.version.key));
  const accounts = new Map<MaintainersSection, { account: Account; series: Set<string> }>();
  const total = emptyAccount();
  const series: DigestSeries[] = [];
  for (const { version: v, files } of shown) {
    const id = seriesId(v);
    const relevant: Finding[] = [];
    for (const f of v.findings) {
      const own = owners(f);
      if (own.length > 0) {
        relevant.push(f);
        addFinding(total, f, id);
        for (const s of own) addFinding(accountOf(accounts, s).account, f, id);
      } else if (!f.location?.path && f.messageId !== 'summary') relevant.push(f);
    }
    for (const path of files) for (const s of r.router.sectionsOf(path)) if (mine.has(s)) accountOf(accounts, s).series.add(id);
    series.push(seriesEntry(v, files, relevant, r.byKey.get(v.key) ?? [v]));
  }
  const subsystems: SubsystemDigest[] = [...accounts]
    .filter(([, a]) => a.series.size > 0)
    .map(([s, a]) => ({ name: s.title, status: s.status, series: [...a.series], ...a.account }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const byState: Record<SeriesState, number> = { new: 0, revised: 0, superseded: 0 };
  for (const s of series) byState[s.state]++;
  return {
    schemaVersion: DIGEST_SCHEMA_VERSION,
    recipient: r.recipient,
    period: { since: r.since.toISOString(), until: r.until.toISOString(), week: r.week ?? isoWeekOf(new Date(r.until.getTime() - 1)).label },
    attention: series.flatMap((s) =>
      s.state === 'superseded'
        ? []
        : s.findings
            .filter((f) => f.status === 'open' && f.severity === 'error')
            .map((f) => ({ series: s.id, subject: s.subject, ruleId: f.ruleId, message: f.message, ...(f.path ? { path: f.path } : {}), ...(f.line ? { line: f.line } : {}), ...linkOf(s) })),
    ),
    subsystems,
    series,
    totals: {
      series: series.length,
      byState,
      exports: { added: total.exports.added, removed: total.exports.removed, net: total.exports.net },
      findings: total.findings,
      open: series.reduce((n, s) => n + s.open, 0),
      fixed: series.reduce((n, s) => n + s.fixed, 0),
    },
    history: exportHistory(r, owners),
  };
}

function accountOf(m: Map<MaintainersSection, { account: Account; series: Set<string> }>, s: MaintainersSection): { account: Account; series: Set<string> } {
  let a = m.get(s);
  if (!a) m.set(s, (a = { account: emptyAccount(), series: new Set() }));
  return a;
}

function linkOf(s: DigestSeries): { link?: string } {
  const link = s.links.lore ?? s.links.patchwork ?? s.links.github;
  return link ? { link } : {};
}

function seriesEntry(v: DigestVersion, files: string[], findings: Finding[], versions: readonly DigestVersion[]): DigestSeries {
  const newest = Math.max(...versions.map((x) => x.revision));
  const older = versions.filter((x) => x.revision < v.revision).map((x) => x.revision);
  const state: SeriesState = newest > v.revision ? 'superseded' : older.length > 0 ? 'revised' : 'new';
  const out = findings.map(digestFinding);
  return {
    id: seriesId(v),
    key: v.key,
    revision: v.revision,
    subject: v.subject,
    author: v.author,
    ...(v.sender !== undefined ? { sender: v.sender } : {}),
    date: v.date,
    patches: v.patches,
    state,
    ...(state === 'superseded' ? { supersededBy: newest } : {}),
    olderRevisions: older,
    links: v.links,
    files,
    findings: out,
    open: out.filter((f) => f.status === 'open' && f.severity !== 'info').length,
    fixed: out.filter((f) => f.status === 'fixed').length,
    ...(v.review ? { review: v.review } : {}),
  };
}

function digestFinding(f: Finding): DigestFinding {
  const open = isOpen(f);
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: open ? f.severity : (f.versions?.severity ?? f.severity),
    message: f.message,
    ...(f.location?.path ? { path: f.location.path } : {}),
    ...(f.location?.line ? { line: f.location.line } : {}),
    fingerprint: f.fingerprint,
    status: open ? 'open' : 'fixed',
    ...(f.versions?.status === 'still-present' && f.versions.since !== undefined ? { since: f.versions.since } : {}),
    ...(f.versions?.fixedIn !== undefined ? { fixedIn: f.versions.fixedIn } : {}),
  };
}

/** Net export change per section of theirs, per ISO week, over the history window. */
function exportHistory(r: RecipientInput, owners: (f: Finding) => MaintainersSection[]): Digest['history'] {
  const starts = isoWeeksEnding(new Date(r.until.getTime() - 1), r.weeks);
  const weekIndex = (t: number): number => starts.findLastIndex((s) => s.getTime() <= t);
  const rows = new Map<string, { net: number[]; added: number[]; removed: number[] }>();
  for (const { version: v } of r.history) {
    const w = weekIndex(Date.parse(v.date ?? ''));
    if (w < 0) continue;
    for (const f of v.findings) {
      if (f.ruleId !== 'symbol-exports' || !isOpen(f) || (f.messageId !== 'added' && f.messageId !== 'removed')) continue;
      for (const s of owners(f)) {
        const row = rows.get(s.title) ?? { net: starts.map(() => 0), added: starts.map(() => 0), removed: starts.map(() => 0) };
        const sign = f.messageId === 'added' ? 1 : -1;
        row.net[w] = (row.net[w] ?? 0) + sign;
        if (sign > 0) row.added[w] = (row.added[w] ?? 0) + 1;
        else row.removed[w] = (row.removed[w] ?? 0) + 1;
        rows.set(s.title, row);
      }
    }
  }
  return {
    weeks: starts.map((s) => isoWeekOf(s).label),
    subsystems: [...rows]
      .filter(([, row]) => row.added.some((n) => n > 0) || row.removed.some((n) => n > 0))
      .map(([name, row]) => ({ name, ...row }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
