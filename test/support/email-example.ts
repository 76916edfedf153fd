/**
 * The repository's examples/kvm-vfio.mbox as the email channel sees it: each series version's
 * records (cover first, then the patches), its series and its findings, marked against the
 * older version, the way the daemon hands them to a channel.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublishInput } from '../../src/model/channel.js';
import { processMessage } from '../../src/pipeline/process-message.js';
import { rawMessages } from './check.js';
import { versionInputs } from './publish-input.js';

export const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
export const KVM_VFIO = join(REPO, 'examples', 'kvm-vfio.mbox');
export const READY = new Date('2023-09-27T10:10:00Z');

/** PublishInputs of the example's series, oldest version first; v2's findings say what it fixed. */
export async function examplePublishInputs(source = 'lore:kvm', file = KVM_VFIO): Promise<PublishInput[]> {
  return versionInputs(file, { source, readyAt: READY });
}

/**
 * The version with its first mail (the one replied to) edited as raw text and taken in again,
 * as intake would have parsed the edited mail.
 */
export async function withEditedParent(v: PublishInput, edit: (raw: string) => string, file = KVM_VFIO): Promise<PublishInput> {
  const first = v.records[0];
  if (!first) throw new Error('the version has no mail');
  const raw = (await rawMessages([file])).find((m) => m.bytes.includes(first.messageId));
  if (!raw) throw new Error(`${first.messageId} is not in ${file}`);
  const text = Buffer.from(edit(raw.bytes.toString('utf8')), 'utf8');
  const record = await processMessage({ ...raw, bytes: text, size: text.length }, { reply: true });
  return { ...v, records: [record, ...v.records.slice(1)] };
}
