/**
 * A channel's input built from an mbox the way the daemon builds it: the version's raw mails
 * (cover first), its findings from the offline pipeline, a SeriesVersion record. And a logger
 * whose lines the test can read.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Finding } from '../../src/model/finding.js';
import { runCheck } from '../../src/pipeline/run-check.js';
import type { PublishInput } from '../../src/model/channel.js';
import type { SeriesState } from '../../src/model/store.js';
import { loadMboxSeries } from './mbox-series.js';

export interface ExampleVersion {
  input: PublishInput;
  /** Patch Message-IDs in series order. */
  patchIds: string[];
  coverId: string | null;
}

/** Revision `revision` of the first series of `path` that has it; findings from the pipeline unless given. */
export async function publishInputFromMbox(path: string, revision: number, o: { findings?: Finding[]; state?: SeriesState } = {}): Promise<ExampleVersion> {
  const all = await loadMboxSeries({ path });
  const s = all.find((x) => x.series.revision === revision);
  if (!s) throw new Error(`${path}: no series with revision ${revision}`);
  const ids = [...(s.series.cover ? [s.series.cover.messageId] : []), ...s.series.patches.map((p) => p.messageId)];
  const findings = o.findings ?? (await runCheck([path])).findings.filter((f) => f.subject.key === s.series.key && f.subject.revision === revision);
  const receivedAt = new Date('2024-03-01T12:00:00Z');
  const input: PublishInput = {
    version: {
      key: s.series.key,
      revision,
      subject: s.series.subject,
      messageIds: ids,
      state: o.state ?? 'done',
      readyAt: receivedAt,
      completions: o.state === undefined || o.state === 'done' ? 1 : 0,
    },
    findings,
    mails: ids.map((id) => {
      const m = s.mails.get(id);
      if (!m) throw new Error(`${path}: mail ${id} missing`);
      return { messageId: id, source: 'patchwork:kvm', raw: m.bytes, receivedAt };
    }),
    source: 'patchwork:kvm',
  };
  return { input, patchIds: s.series.patches.map((p) => p.messageId), coverId: s.series.cover?.messageId ?? null };
}

export function captureLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, lines };
}

/** A hand-made finding about one patch (or the whole series when `messageId` is null). */
export function findingOn(messageId: string | null, o: { key: string; revision: number; ruleId: string; severity: Finding['severity']; n?: number; fatal?: boolean }): Finding {
  const f: Finding = {
    ruleId: o.ruleId,
    messageId: 'm',
    message: `${o.ruleId} finding ${o.n ?? 0}`,
    severity: o.severity,
    subject: { key: o.key, revision: o.revision, ...(messageId ? { messageId } : {}) },
    fingerprint: `${o.ruleId}-${o.severity}-${o.n ?? 0}-${messageId ?? 'series'}`,
  };
  if (o.fatal) f.fatal = true;
  return f;
}
