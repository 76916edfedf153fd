/** Input problems (per message, per source) → `input/<problem>` findings. */
import type { SourceProblem } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import type { Finding } from '../model/finding.js';
import { fingerprint } from './fingerprint.js';

export function messageInputFindings(r: MessageRecord, seriesKey = '', revision = 0, patch?: number): Finding[] {
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
