/** `kvetch audit --tree <path>`: the Kconfig rules over a whole kernel tree. Returns the exit code. */
import { auditTree } from '../../kernel/audit.js';
import { KernelTree } from '../../kernel/tree.js';
import { jsonChunks } from '../../report/format/json.js';
import { formatSarif } from '../../report/format/sarif.js';
import { formatTerminal } from '../../report/format/terminal.js';
import type { RunResult } from '../../mail/series-model.js';
import { packageVersion } from '../version.js';
import { exitFor, type FailLevel, type OutputFormat } from './check.js';

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
  const text =
    o.format === 'json'
      ? [...jsonChunks(result, meta)].join('')
      : o.format === 'sarif'
        ? formatSarif(result, { ...meta, informationUri: 'https://github.com/kvetch/kvetch' })
        : formatTerminal(result, { color: o.color ?? process.stdout.isTTY === true });
  await new Promise<void>((res, rej) => process.stdout.write(text, (e) => (e ? rej(e) : res())));
  return exitFor(findings.map((f) => f.severity), o.failLevel);
}
