/**
 * Findings grouped the way check systems show them (patchwork check contexts, b4 check tools):
 * one group per concern, named, each a list of analyzer ids (`input/*` matches every input
 * finding). The verdict of a group is its most severe finding. Pure.
 */
import { analyzerGroups } from '../analyzers/index.js';
import { SEVERITY_RANK, type Finding, type Severity } from '../model/finding.js';

/** Group name → analyzer ids (`symbol-exports`) or prefix patterns (`input/*`). */
export type CheckGroups = Readonly<Record<string, readonly string[]>>;

/** One group per analyzer group (the `group` each analyzer's meta declares), then input problems. */
export const DEFAULT_CHECK_GROUPS: CheckGroups = { ...analyzerGroups(), 'kvetch-input': ['input/*'] };

/** patchwork's context slug (`[-a-zA-Z0-9_]+`), which b4 tool names follow too. */
export const GROUP_NAME_RE = /^[-a-zA-Z0-9_]+$/;

export function matchesPattern(ruleId: string, pattern: string): boolean {
  return pattern.endsWith('*') ? ruleId.startsWith(pattern.slice(0, -1)) : ruleId === pattern;
}

/** The first group (in the order given) that claims `ruleId`, or undefined. */
export function groupOf(ruleId: string, groups: CheckGroups): string | undefined {
  for (const [name, patterns] of Object.entries(groups)) if (patterns.some((p) => matchesPattern(ruleId, p))) return name;
  return undefined;
}

/**
 * A group that only holds input findings (every pattern `input/…`) is reported only when it has
 * something to say: a clean patch gets no "input: success" noise.
 */
export function isQuietWhenClean(patterns: readonly string[]): boolean {
  return patterns.length > 0 && patterns.every((p) => p.startsWith('input/'));
}

/** Check group names and patterns; throws naming the bad one. */
export function validateGroups(groups: CheckGroups): void {
  const names = Object.keys(groups);
  if (names.length === 0) throw new Error('check groups: at least one group is needed');
  for (const name of names) {
    if (!GROUP_NAME_RE.test(name) || name.length > 255) throw new Error(`check group "${name}": a name is letters, digits, _ and - only (patchwork's context slug)`);
    const patterns = groups[name] ?? [];
    if (patterns.length === 0) throw new Error(`check group "${name}": no analyzer ids`);
    for (const p of patterns) if (!/^[a-z0-9][a-z0-9/_-]*\*?$/.test(p)) throw new Error(`check group "${name}": "${p}" is not an analyzer id or an "input/*" pattern`);
  }
}

/** Findings that still stand (a `fixed` finding of an older revision does not count). */
export function standing(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.versions?.status !== 'fixed');
}

/** The most severe of `findings`, or null when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/** `2 errors, 1 warning`, `1 info`, or `no findings`. */
export function countsText(findings: readonly Finding[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  const parts: string[] = [];
  if (n.error) parts.push(`${n.error} error${n.error === 1 ? '' : 's'}`);
  if (n.warning) parts.push(`${n.warning} warning${n.warning === 1 ? '' : 's'}`);
  if (n.info) parts.push(`${n.info} info`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** One line naming a finding: `symbol-exports: foo is newly exported (drivers/x.c:12)`. */
export function findingLine(f: Finding): string {
  const where = f.location ? ` (${f.location.path}${f.location.line !== undefined ? `:${f.location.line}` : ''})` : '';
  return `${f.ruleId}: ${f.message.replace(/\s+/g, ' ').trim()}${where}`;
}
