/**
 * Which of a version's mails are patches (patchwork keeps checks on patches only, never on the
 * cover letter), with their Message-ID from the raw headers and their number in the series.
 * The pipeline's own classifier decides, so kvetch and this channel agree on what a patch is.
 */
import type { RawMessage } from '../../model/raw-message.js';
import { processMessage } from '../../pipeline/process-message.js';
import type { StoredMessage } from '../../model/store.js';

export interface PatchMail {
  /** With angle brackets: `<id@host>`. */
  messageId: string;
  /** `2` of `[PATCH 2/7]`; 1 for a patch without a counter. */
  index: number;
}

export async function patchMails(mails: readonly StoredMessage[]): Promise<PatchMail[]> {
  const out: PatchMail[] = [];
  for (const [index, m] of mails.entries()) {
    // processMessage releases raw.bytes once parsed: hand it a RawMessage of its own.
    const raw: RawMessage = { source: m.source, offset: 0, index, bytes: m.raw, size: m.raw.length, oversized: false, truncated: false };
    const r = await processMessage(raw, { analyze: false });
    if (r.kind !== 'patch' || r.messageIdDerived) continue;
    out.push({ messageId: r.messageId, index: r.parsedSubject.index ?? 1 });
  }
  return out;
}

/** `<id@host>` and `id@host` alike → `id@host` (patchwork's `msgid` filter takes it bare). */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}
