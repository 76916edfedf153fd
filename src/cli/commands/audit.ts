/** `kvetch audit --tree <path>`: the Kconfig rules over a whole kernel tree. Returns the exit code. */
import { auditTree } from '../../pipeline/audit.js';
import { KernelTree } from '../../kernel/tree.js';
import type { RunResult } from '../../model/series.js';
import { packageVersion } from '../../util/version.js';
import { reportChunks, type OutputFormat } from '../../report/render.js';
import { writeReport } from '../write-report.js';
import { exitFor, type FailLevel } from './check.js';

export interface AuditOptions {
  tree: string;
  arch?: string;
  format: OutputFormat;
  failLevel: FailLevel;
  color?: boolean;
}

export async function auditCommand(o: AuditOptions): Promise<number> {
  const tree = KernelTree.open(o.tree);
  const arches = o.arch ? o.arch.split(',').map((a) => a.trim()).filter(Boolean) : tree.arches();
  const findings = auditTree(tree, arches);
  const result: RunResult = { series: [], findings, stats: { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [o.tree] } };
  const meta = { tool: 'kvetch', version: packageVersion() };
  await writeReport(reportChunks(result, o.format, meta, o.color ?? process.stdout.isTTY === true));
  return exitFor(findings.map((f) => f.severity), o.failLevel);
}
