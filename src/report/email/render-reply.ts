/**
 * Render the reply to one series version (pure: no I/O, the date is given). Threaded under the
 * mail it answers (the cover letter, else the first patch): `Re: <subject>`, In-Reply-To its
 * Message-ID, References its References plus its Message-ID. Marked as automated
 * (`Auto-Submitted`, `X-Patchwork-Hint: ignore`, `X-Kvetch-Fingerprint`), with a Message-ID
 * derived from (key, revision, findings digest). nodemailer's MailComposer writes the RFC 5322
 * text (header encoding, folding, CRLF).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Finding } from '../../model/finding.js';
import { findingsDigest } from '../../engine/findings-digest.js';
import type { Address } from '../../model/record.js';
import type { VersionChanges } from './changes.js';
import type { ThreadMail } from './mails.js';
import { fingerprintMarker, replyMessageId } from './message-id.js';
import { quoteLocation } from './quote-hunk.js';
import { replyBody } from './reply-body.js';

export interface ReplyInput {
  /** The bot's From: `kvetch <kvetch@example.org>`. */
  from: Address;
  version: { key: string; revision: number };
  /** The mail replied to: the cover letter, else the first patch. */
  parent: ThreadMail;
  /** All mails of the version (cover and patches), where quoted hunks come from. */
  mails: readonly ThreadMail[];
  to: readonly Address[];
  cc: readonly Address[];
  /** The findings to report (already filtered by policy and opt-outs; none of them a fixed one). */
  findings: readonly Finding[];
  /** What changed since the previous version (versionChanges over the findings kept, fixed ones included). */
  changes?: VersionChanges;
  /** URL under which the repository's `docs/` is served: pages are `<docsBase>/docs/analyzers/<id>.md`. */
  docsBase: string;
  date: Date;
  /** How to reach the humans running the bot (footer), when set. */
  contact?: string;
  /** What to say of review (report/email/review-note.ts). */
  review?: readonly string[];
}

export interface RenderedReply {
  version: { key: string; revision: number };
  messageId: string;
  inReplyTo: string;
  references: string[];
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  /** Extra headers: Auto-Submitted, X-Patchwork-Hint, X-Kvetch-Fingerprint. */
  headers: Record<string, string>;
  /** The plain-text body (LF line ends). */
  body: string;
  /** Digest of the reported findings (`fp=` of the marker). */
  digest: string;
  changes?: VersionChanges;
  /** SMTP envelope: the bot's address, every To and Cc address. */
  envelope: { from: string; to: string[] };
  /** The whole message, RFC 5322, CRLF line ends. */
  raw: Buffer;
  text: string;
}

/** `Re: <subject>`, without stacking a second `Re:`. */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** Typographic punctuation as ASCII, so that most replies travel as 7bit plain text. */
function asciiPunctuation(s: string): string {
  return s.replace(/[\u2212\u2013\u2010\u2011]/g, '-').replace(/\u2014/g, '--').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\u2026/g, '...');
}

function docsUrl(base: string, ruleId: string): string {
  return `${base.replace(/\/+$/, '')}/docs/analyzers/${ruleId}.md`;
}

function patchOf(mails: readonly ThreadMail[], f: Finding): ThreadMail | undefined {
  const id = f.subject.messageId;
  if (id) {
    const m = mails.find((x) => x.messageId === id);
    if (m) return m;
  }
  return f.subject.patch !== undefined ? mails.find((x) => x.index === f.subject.patch && x.isPatch) : undefined;
}

function label(mails: readonly ThreadMail[], f: Finding): string | null {
  const m = patchOf(mails, f);
  if (!m || !m.isPatch) return null;
  const n = m.index !== null && m.total !== null ? `patch ${m.index}/${m.total}` : 'the patch';
  const title = m.subject.replace(/^(\s*\[[^\]]*\])+\s*/, '');
  return `${n} "${title}"`;
}

export async function renderReply(input: ReplyInput): Promise<RenderedReply> {
  const { parent, version } = input;
  const digest = findingsDigest(input.findings);
  const messageId = replyMessageId(version.key, version.revision, digest, input.from.address);
  const references = [...new Set([...parent.references, parent.messageId])];
  const subject = replySubject(parent.subject);
  const changes = input.changes;
  const body = asciiPunctuation(
    replyBody({
      authorName: (parent.author ?? parent.from).name.split(/\s+/)[0] ?? '',
      subject: parent.subject,
      revision: version.revision,
      findings: input.findings,
      ...(changes ? { changes } : {}),
      patchLabel: (f) => label(input.mails, f),
      quote: (f) => {
        const m = patchOf(input.mails, f);
        return m && f.location ? quoteLocation(m.text, f.location) : null;
      },
      docsUrl: (id) => docsUrl(input.docsBase, id),
      reproduce: `kvetch check ${parent.messageId.replace(/^<|>$/g, '')}`,
      botAddress: input.from.address,
      ...(input.contact ? { contact: input.contact } : {}),
      ...(input.review ? { review: input.review } : {}),
    }),
  );
  const headers = {
    'Auto-Submitted': 'auto-generated',
    'X-Patchwork-Hint': 'ignore',
    'X-Kvetch-Fingerprint': fingerprintMarker(version.key, version.revision, digest),
  };
  const to = [...input.to];
  const cc = [...input.cc];
  const raw = await new MailComposer({
    from: input.from,
    to,
    cc,
    subject,
    messageId,
    inReplyTo: parent.messageId,
    references,
    date: input.date,
    headers,
    text: body,
    newline: 'windows',
  })
    .compile()
    .build();
  return {
    version: { key: version.key, revision: version.revision },
    messageId,
    inReplyTo: parent.messageId,
    references,
    subject,
    from: input.from,
    to,
    cc,
    headers,
    body,
    digest,
    ...(changes ? { changes } : {}),
    envelope: { from: input.from.address, to: [...new Set([...to, ...cc].map((a) => a.address))] },
    raw,
    text: raw.toString('utf8'),
  };
}
