/**
 * A channel's input built from an mbox the way the daemon builds it: the version's records
 * (parsed once, with reply facts), its series, its findings from triage over those records
 * (marked against the older versions in the same file, as the daemon marks them against the
 * store), a SeriesVersion record. And a logger whose lines the test can read.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { PublishInput } from '../../src/model/channel.js';
import type { Finding } from '../../src/model/finding.js';
import type { IngestItem } from '../../src/model/raw-message.js';
import type { MessageRecord } from '../../src/model/record.js';
import type { SeriesState } from '../../src/model/store.js';
import { parseItems } from '../../src/pipeline/parse-items.js';
import { triage } from '../../src/pipeline/triage.js';
import { readPaths } from './check.js';

export interface ExampleVersion {
  input: PublishInput;
  /** Patch Message-IDs in series order. */
  patchIds: string[];
  coverId: string | null;
}

export interface VersionOptions {
  source?: string;
  readyAt?: Date;
  state?: SeriesState;
}

/** The records of a file's mails, parsed once with what a reply needs (as intake does). */
export async function recordsOf(path: string): Promise<MessageRecord[]> {
  const records: MessageRecord[] = [];
  await parseItems(readPaths([path]), { reply: true }, (r) => records.push(r));
  return records;
}

/** Every series version of the file, oldest first, as the daemon hands it to a channel. */
export async function versionInputs(path: string, o: VersionOptions = {}): Promise<PublishInput[]> {
  const records = await recordsOf(path);
  const byId = new Map(records.map((r) => [r.messageId, r]));
  async function* items(): AsyncGenerator<IngestItem> {
    for (const record of records) yield { type: 'record', record };
  }
  const result = await triage(items());
  const source = o.source ?? 'patchwork:kvm';
  const readyAt = o.readyAt ?? new Date('2024-03-01T12:00:00Z');
  const state = o.state ?? 'done';
  const newest = new Map<string, number>();
  return result.series.map((s) => {
    const ids = [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
    const previous = newest.get(s.key);
    newest.set(s.key, s.revision);
    return {
      version: { key: s.key, revision: s.revision, subject: s.subject, messageIds: ids, state, readyAt, completions: state === 'done' ? 1 : 0, series: s },
      series: s,
      records: ids.map((id) => {
        const r = byId.get(id);
        if (!r) throw new Error(`${path}: mail ${id} missing`);
        return r;
      }),
      findings: result.findings.filter((f) => f.subject.key === s.key && f.subject.revision === s.revision),
      ...(previous !== undefined ? { previous: { revision: previous } } : {}),
      source,
    };
  });
}

/** Revision `revision` of the first series of `path` that has it; findings from triage unless given. */
export async function publishInputFromMbox(path: string, revision: number, o: { findings?: Finding[]; state?: SeriesState } = {}): Promise<ExampleVersion> {
  const input = (await versionInputs(path, o.state ? { state: o.state } : {})).find((v) => v.version.revision === revision);
  if (!input) throw new Error(`${path}: no series with revision ${revision}`);
  if (o.findings) input.findings = o.findings;
  return { input, patchIds: input.series.patches.map((p) => p.messageId), coverId: input.series.cover?.messageId ?? null };
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
