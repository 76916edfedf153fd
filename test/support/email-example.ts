/**
 * The repository's examples/kvm-vfio.mbox as the email channel sees it: each series version's
 * stored mails (cover first, then the patches), its findings from the offline pipeline, and the
 * previous version's findings, the way the daemon hands them to a channel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/model/finding.js';
import { readBytes } from '../../src/ingest/files/read-files.js';
import { parseMessage } from '../../src/mail/message.js';
import { runCheck } from '../../src/pipeline/run-check.js';
import type { PublishInput } from '../../src/model/channel.js';
import type { SeriesVersion, StoredMessage } from '../../src/model/store.js';

export const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
export const KVM_VFIO = join(REPO, 'examples', 'kvm-vfio.mbox');
export const READY = new Date('2023-09-27T10:10:00Z');

/** Every message of an mbox file as stored mail, by Message-ID. */
export async function storedMessages(file: string, source: string): Promise<Map<string, StoredMessage>> {
  const out = new Map<string, StoredMessage>();
  for await (const item of readBytes(readFileSync(file), file)) {
    if (item.type !== 'message') continue;
    const m = await parseMessage(item.message);
    out.set(m.messageId, { messageId: m.messageId, source, raw: item.message.bytes, receivedAt: m.date ?? READY });
  }
  return out;
}

function version(key: string, revision: number, subject: string, messageIds: string[]): SeriesVersion {
  return { key, revision, subject, messageIds, state: 'done', readyAt: READY, completions: 1 };
}

/** PublishInputs of the example's series, oldest version first; v2 carries v1's findings as previous. */
export async function examplePublishInputs(source = 'lore:kvm', file = KVM_VFIO): Promise<PublishInput[]> {
  const result = await runCheck([file], { jobs: 1 });
  const stored = await storedMessages(file, source);
  const inputs: PublishInput[] = [];
  let previous: { revision: number; findings: Finding[] } | undefined;
  for (const s of result.series) {
    const ids = [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
    const findings = result.findings
      .filter((f) => f.subject.key === s.key && f.subject.revision === s.revision && f.versions?.status !== 'fixed')
      .map(({ versions: _v, ...f }) => f);
    inputs.push({
      version: version(s.key, s.revision, s.subject, ids),
      findings,
      ...(previous ? { previous } : {}),
      mails: ids.map((id) => stored.get(id)!),
      source,
    });
    previous = { revision: s.revision, findings };
  }
  return inputs;
}
