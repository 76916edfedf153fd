/** The mail model the pipeline works on: nothing from mailparser leaks past mail/message.ts. */
import type { Address } from '../model/record.js';

export interface Origin {
  /** File name (or URL, or "-" for stdin) the message came from. */
  source: string;
  /** Byte offset of the message in that source (0 for one-message files). */
  offset: number;
  /** 0-based position of the message in the run. */
  index: number;
}

export interface MailMessage {
  /** With angle brackets, as in the header: `<id@host>`. */
  messageId: string;
  /** True when the mail had no Message-ID and one was derived from its content. */
  messageIdDerived: boolean;
  from: Address;
  /** To and Cc recipients (groups flattened, addresses lower-cased), in header order. */
  to: Address[];
  cc: Address[];
  /** From the Date: header; when it is absent or cannot be parsed, from the mbox `From ` line if that has a real time; else null. */
  date: Date | null;
  /** The Date: header as written when it could not be parsed (the date came from elsewhere, or is null). */
  badDate?: string;
  /** The mbox `From ` line says `git format-patch` wrote the mail: local output, never sent. */
  formatPatch: boolean;
  subject: string;
  inReplyTo: string | null;
  /** References, oldest first, angle brackets kept. */
  references: string[];
  /** A few headers the pipeline needs, lower-cased names (auto-submitted, list-id, x-patchwork-hint…). */
  headers: Record<string, string>;
  /** Plain-text body (the first text/plain part, decoded). */
  text: string;
  /** text/x-patch, text/x-diff and inline text/plain attachments that hold a diff, decoded. */
  patchParts: string[];
  origin: Origin;
}
