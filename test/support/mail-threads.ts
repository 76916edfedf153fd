/**
 * Threads of a set of raw mails as kvetch reads them (Message-ID, In-Reply-To, References):
 * what a public-inbox should hand back as one t.mbox.gz.
 */
import { parseMessage } from '../../src/mail/message.js';
import type { MailMessage } from '../../src/mail/model.js';
import { splitMbox } from '../../src/ingest/mbox/read-stream.js';

export async function parseAll(mails: Buffer[]): Promise<MailMessage[]> {
  const out: MailMessage[] = [];
  for (const [index, bytes] of mails.entries()) out.push(await parseMessage({ source: 'test', offset: 0, index, bytes, size: bytes.length, oversized: false, truncated: false }));
  return out;
}

const bare = (id: string) => id.replace(/^<|>$/g, '');

/** Message-ID (no brackets) → the sorted ids of its whole thread. */
export async function threadsOf(mails: Buffer[]): Promise<Map<string, string[]>> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const parsed = await parseAll(mails);
  for (const m of parsed) {
    const id = bare(m.messageId);
    find(id);
    for (const ref of [...m.references, ...(m.inReplyTo ? [m.inReplyTo] : [])]) union(id, bare(ref));
  }
  const groups = new Map<string, string[]>();
  const present = new Set(parsed.map((m) => bare(m.messageId)));
  for (const id of present) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  const out = new Map<string, string[]>();
  for (const ids of groups.values()) for (const id of ids) out.set(id, [...ids].sort());
  return out;
}

/** Sorted Message-IDs (no brackets) in an mbox. */
export async function idsOfMbox(mbox: Buffer): Promise<string[]> {
  return (await parseAll(await splitMbox(mbox, 'test'))).map((m) => bare(m.messageId)).sort();
}

export async function subjectsOf(mails: Buffer[]): Promise<Map<string, string>> {
  return new Map((await parseAll(mails)).map((m) => [bare(m.messageId), m.subject]));
}
