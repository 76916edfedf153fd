/**
 * What to post for a version: one check per patch and context, its state from the most severe
 * finding of that context on that patch. Pure.
 *
 * A finding belongs to the patch named by its Message-ID (else its patch number); a finding
 * about the whole series (no patch, or the cover letter) belongs to every patch, since
 * patchwork has no series checks.
 */
import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../../model/finding.js';
import { countsText, isQuietWhenClean, groupOf, standing, worstSeverity, type CheckGroups } from '../check-groups.js';
/** A patch of the version as patchwork knows it: its Message-ID and number in the series. */
export interface PatchMail {
  /** With angle brackets: `<id@host>`. */
  messageId: string;
  /** `2` of `[PATCH 2/7]`; 1 for a patch without a counter. */
  index: number;
}

export type CheckState = 'pending' | 'success' | 'warning' | 'fail';

/** The fields of `POST /api/<v>/patches/<id>/checks/`. */
export interface CheckBody {
  state: CheckState;
  context: string;
  target_url: string;
  description: string;
}

export interface PlannedCheck {
  messageId: string;
  body: CheckBody;
  /** Digest of what is posted (state, URL, description, findings): the publication's fingerprint. */
  fingerprint: string;
  /** Post only to correct an earlier check of this context (a clean patch in a quiet context). */
  optional: boolean;
}

export function stateFor(worst: Severity | null): CheckState {
  if (worst === 'error') return 'fail';
  if (worst === 'warning') return 'warning';
  return 'success';
}

export interface PlanOptions {
  groups: CheckGroups;
  targetUrl: string;
  /** The version is not analysed yet: every (non-quiet) context is `pending`. */
  pending?: boolean;
}

export function planChecks(patches: readonly PatchMail[], findings: readonly Finding[], o: PlanOptions): PlannedCheck[] {
  const { perPatch, wide } = assign(patches, standing(findings));
  const out: PlannedCheck[] = [];
  for (const p of patches) {
    const mine = perPatch.get(p.messageId) ?? [];
    for (const [context, patterns] of Object.entries(o.groups)) {
      const quiet = isQuietWhenClean(patterns);
      const inGroup = mine.filter((f) => groupOf(f.ruleId, o.groups) === context);
      if (o.pending) {
        if (quiet) continue;
        out.push(planned(p.messageId, { state: 'pending', context, target_url: o.targetUrl, description: 'kvetch: analysis in progress' }, [], false));
        continue;
      }
      const body: CheckBody = { state: stateFor(worstSeverity(inGroup)), context, target_url: o.targetUrl, description: oneLine(`kvetch: ${countsText(inGroup)}${seriesNote(inGroup, wide)}`) };
      out.push(planned(p.messageId, body, inGroup, quiet && inGroup.length === 0));
    }
  }
  return out;
}

/** Findings per patch Message-ID; series-wide ones go to every patch. */
function assign(patches: readonly PatchMail[], findings: readonly Finding[]): { perPatch: Map<string, Finding[]>; wide: Set<Finding> } {
  const byId = new Map(patches.map((p) => [p.messageId, [] as Finding[]]));
  const wide = new Set<Finding>();
  const byIndex = new Map(patches.map((p) => [p.index, p.messageId] as const));
  for (const f of findings) {
    const own = f.subject.messageId !== undefined ? byId.get(f.subject.messageId) : undefined;
    const viaIndex = f.subject.messageId === undefined && f.subject.patch !== undefined ? byIndex.get(f.subject.patch) : undefined;
    const target = own ?? (viaIndex !== undefined ? byId.get(viaIndex) : undefined);
    if (target) {
      target.push(f);
      continue;
    }
    wide.add(f);
    for (const list of byId.values()) list.push(f);
  }
  return { perPatch: byId, wide };
}

function seriesNote(fs: readonly Finding[], wide: ReadonlySet<Finding>): string {
  const n = fs.filter((f) => wide.has(f)).length;
  return n > 0 ? ` (${n} about the whole series)` : '';
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function planned(messageId: string, body: CheckBody, fs: readonly Finding[], optional: boolean): PlannedCheck {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([body.context, body.state, body.target_url, body.description, [...new Set(fs.map((f) => f.fingerprint))].sort()]))
    .digest('hex')
    .slice(0, 32);
  return { messageId, body, fingerprint, optional };
}
