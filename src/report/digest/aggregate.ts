/**
 * Folding findings into a subsystem's (or a recipient's) account: the export delta by macro and
 * namespace, loosened and module-restricted exports, new public-header declarations, header
 * moves, Kconfig problems, and open findings by analyzer and severity. Only open findings count
 * (a finding a later version fixed is in no delta); a Kconfig problem is listed either way,
 * with its state.
 */
import type { Finding } from '../../model/finding.js';
import type { SubsystemDigest } from './model.js';

export type Account = Omit<SubsystemDigest, 'name' | 'status' | 'series'>;

export function emptyAccount(): Account {
  return {
    exports: { added: 0, removed: 0, net: 0, byMacro: {}, byNamespace: {}, loosened: [], restricted: [], newExports: [], removedExports: [] },
    headerDeclarations: [],
    headerMoves: [],
    kconfig: [],
    findings: {},
  };
}

const str = (f: Finding, k: string): string => {
  const v = f.data?.[k];
  return v === undefined ? '' : String(v);
};

/** Is the finding still there in the version it belongs to? (A `fixed` entry reports an older version's.) */
export function isOpen(f: Finding): boolean {
  return f.versions?.status !== 'fixed';
}

/** Add one finding of series `series` (an id into the digest's series) to the account. */
export function addFinding(a: Account, f: Finding, series: string): void {
  const open = isOpen(f);
  if (f.ruleId === 'kconfig-select') {
    const resolved = !open || f.messageId === 'kvmVfioFixed';
    a.kconfig.push({
      message: f.message,
      path: f.location?.path ?? '',
      severity: f.versions?.severity ?? f.severity,
      status: resolved ? 'fixed' : 'open',
      ...(f.versions?.fixedIn !== undefined ? { fixedIn: f.versions.fixedIn } : {}),
      series,
    });
  }
  if (!open) return;
  const bySev = (a.findings[f.ruleId] ??= {});
  bySev[f.severity] = (bySev[f.severity] ?? 0) + 1;
  if (f.ruleId === 'symbol-exports') addExport(a, f, series);
  else if (f.ruleId === 'public-header-growth') {
    const many = f.messageId === 'manyDeclarations';
    a.headerDeclarations.push({ name: many ? str(f, 'sample') : str(f, 'name'), kind: many ? str(f, 'byKind') : str(f, 'kind'), path: str(f, 'path'), series, count: many ? Number(f.data?.count ?? 1) : 1 });
  } else if (f.ruleId === 'header-move') {
    const direction = /ToPublic$/.test(f.messageId) ? 'in' : /ToInternal$/.test(f.messageId) ? 'out' : 'between';
    a.headerMoves.push({ direction, name: str(f, 'name') || str(f, 'from'), from: str(f, 'from'), to: str(f, 'path'), series });
  }
}

function addExport(a: Account, f: Finding, series: string): void {
  const e = a.exports;
  const change = { symbol: str(f, 'symbol'), macro: str(f, 'macro'), namespace: str(f, 'namespace'), path: str(f, 'path'), series };
  const count = (sign: 'added' | 'removed'): void => {
    e[sign]++;
    e.net = e.added - e.removed;
    const m = (e.byMacro[change.macro] ??= { added: 0, removed: 0 });
    m[sign]++;
    const n = (e.byNamespace[change.namespace] ??= { added: 0, removed: 0 });
    n[sign]++;
  };
  switch (f.messageId) {
    case 'added':
      count('added');
      e.newExports.push(change);
      break;
    case 'removed':
      count('removed');
      e.removedExports.push(change);
      break;
    case 'addedRestricted':
      e.restricted.push({ ...change, modules: str(f, 'modules') });
      break;
    case 'loosenedGpl':
    case 'namespaceDropped':
      e.loosened.push({ ...change, oldMacro: str(f, 'oldMacro') || change.macro });
      break;
    default:
      break;
  }
}
