/**
 * kvetch as a b4 review check: the findings of one message → the JSON array b4 reads from an
 * external check command (b4 ≥ 0.15, `b4.review-perpatch-check-cmd`; see docs/channels/b4.md):
 * `[{tool, status: pass|warn|fail, summary, url, details}]`. One result per check group (the
 * patchwork contexts: `kvetch-api`, `kvetch-kconfig`, `kvetch-input`). `details` is a JSON list
 * of `{status, description}`, which b4's detail view shows one line per finding. Pure.
 */
import { SEVERITY_RANK, type Finding, type Severity } from '../../model/finding.js';
import { countsText, DEFAULT_CHECK_GROUPS, findingLine, groupOf, isQuietWhenClean, standing, worstSeverity, type CheckGroups } from '../check-groups.js';

export type B4Status = 'pass' | 'warn' | 'fail';

export interface B4CheckResult {
  /** Column of b4's results matrix. */
  tool: string;
  status: B4Status;
  summary: string;
  url?: string;
  details?: string;
}

export interface B4CheckOptions {
  /** The message holds a patch (else: a cover letter or a reply, which has nothing to check). */
  isPatch: boolean;
  groups?: CheckGroups;
  /** A page about this message's report, if there is one. */
  url?: string;
}

export function b4Status(worst: Severity | null): B4Status {
  if (worst === 'error') return 'fail';
  if (worst === 'warning') return 'warn';
  return 'pass';
}

const SUMMARY_MAX = 160;

export function b4CheckResults(findings: readonly Finding[], o: B4CheckOptions): B4CheckResult[] {
  const groups = o.groups ?? DEFAULT_CHECK_GROUPS;
  const live = standing(findings);
  const out: B4CheckResult[] = [];
  for (const [tool, patterns] of Object.entries(groups)) {
    const mine = live.filter((f) => groupOf(f.ruleId, groups) === tool).sort(bySeverity);
    // A cover letter or reply gets results only for what was found in it; a patch always gets
    // its verdict, except from a group that is quiet when clean (input problems).
    if (mine.length === 0 && (!o.isPatch || isQuietWhenClean(patterns))) continue;
    const worst = worstSeverity(mine);
    const r: B4CheckResult = { tool, status: b4Status(worst), summary: summary(mine) };
    if (o.url) r.url = o.url;
    if (mine.length > 0) r.details = JSON.stringify(mine.map((f) => ({ status: b4Status(f.severity), description: findingLine(f) })));
    out.push(r);
  }
  return out;
}

/** Most severe first, stable otherwise. */
function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
}

/** `1 error, 1 warning: <the most severe message>`, one line. */
function summary(sorted: readonly Finding[]): string {
  const first = sorted[0];
  const text = first ? `${countsText(sorted)}: ${first.message}` : countsText(sorted);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_MAX ? `${flat.slice(0, SUMMARY_MAX - 1)}…` : flat;
}
