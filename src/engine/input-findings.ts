/** Input problems (per message, per source) → `input/<problem>` findings. */
import type { SourceProblem } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import type { Finding } from '../model/finding.js';
import type { Series } from '../model/series.js';
import { fingerprint } from './fingerprint.js';

/** The input problems of these records as findings, each under the series (and patch) its mail belongs to. */
export function messageInputFindings(records: readonly MessageRecord[], series: readonly Series[]): Finding[] {
  if (records.length === 0) return [];
  const where = new Map<string, { key: string; revision: number; patch?: number }>();
  for (const s of series) {
    if (s.cover) where.set(s.cover.messageId, { key: s.key, revision: s.revision, patch: 0 });
    for (const p of s.patches) where.set(p.messageId, { key: s.key, revision: s.revision, patch: p.index });
    for (const r of s.replies) where.set(r.messageId, { key: s.key, revision: s.revision });
  }
  return records.flatMap((r) => {
    const w = where.get(r.messageId);
    return recordFindings(r, w?.key ?? '', w?.revision ?? 0, w?.patch);
  });
}

function recordFindings(r: MessageRecord, seriesKey: string, revision: number, patch?: number): Finding[] {
  return r.problems.map((p) => {
    const data: Record<string, string | number> = { source: r.source, offset: r.offset, messageId: r.messageId };
    const f: Finding = {
      ruleId: `input/${p.kind}`,
      messageId: p.kind,
      message: p.message,
      severity: p.fatal ? 'error' : 'warning',
      subject: { key: seriesKey, revision, messageId: r.messageId, ...(patch !== undefined ? { patch } : {}) },
      data,
      fingerprint: fingerprint(`input/${p.kind}`, r.messageIdDerived ? { source: r.source, offset: r.offset } : { messageId: r.messageId, path: p.path ?? '' }),
    };
    if (p.path) f.location = { path: p.path };
    if (p.fatal) f.fatal = true;
    return f;
  });
}

export function sourceInputFinding(p: SourceProblem): Finding {
  return {
    ruleId: `input/${p.kind}`,
    messageId: p.kind,
    message: p.message,
    severity: 'error',
    subject: { key: '', revision: 0 },
    data: { source: p.source, offset: p.offset },
    fingerprint: fingerprint(`input/${p.kind}`, { source: p.source, offset: p.offset }),
    fatal: true,
  };
}
