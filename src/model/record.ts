import type { PatchAnalysis } from './finding.js';
import type { FileSummary } from './series.js';
import type { ParsedSubject } from './subject.js';

/** A mail address: name as written, address lower-cased. */
export interface Address {
  name: string;
  address: string;
}

export type MailKind = 'patch' | 'cover' | 'comment';

/** A problem with one message's input, turned into an `input/<kind>` finding. */
export interface InputProblem {
  kind: string;
  message: string;
  fatal: boolean;
  path?: string;
}

/**
 * What the series assembler and the analyzers keep of one mail: compact (no bodies),
 * structured-clone safe (it crosses worker threads).
 */
export interface MessageRecord {
  index: number;
  source: string;
  offset: number;
  messageId: string;
  messageIdDerived: boolean;
  author: string;
  authorAddress: string;
  /** ISO date, or null when the Date header was missing or unparsable. */
  date: string | null;
  subject: string;
  parsedSubject: ParsedSubject;
  inReplyTo: string | null;
  references: string[];
  kind: MailKind;
  hasDiff: boolean;
  automated: boolean;
  files: FileSummary[];
  /** `change-id:` footer (b4) of a cover letter or patch, if any. */
  changeId: string | null;
  problems: InputProblem[];
  /** Patch-phase analyzer results (patches only). */
  analysis?: PatchAnalysis;
}
