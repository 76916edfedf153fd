import type { MessageRecord } from './record.js';

/** One message as cut out of a source, before any parsing. */
export interface RawMessage {
  /** File name, URL or "-" (stdin). */
  source: string;
  /** Byte offset of the message's first byte (the `From ` line, if any) in the (decompressed) source. */
  offset: number;
  /** 0-based position in the run (triage numbers messages as they arrive; readers put 0). */
  index: number;
  /** The message bytes (headers + body), without the mbox `From ` line, mboxrd quoting undone. */
  bytes: Buffer;
  /** Real size in bytes; larger than bytes.length when the message was cut for being oversized. */
  size: number;
  /** The message exceeded the size limit: bytes hold only its beginning. */
  oversized: boolean;
  /** The source ended inside this message (truncated gzip, cut download). */
  truncated: boolean;
  /** The mbox `From ` line before the message, as written (without its newline), if any. */
  envelope?: string;
  /** Set by readers that know the message's format (pipermail obfuscates senders). */
  flavor?: 'pipermail';
}

/** A problem found while reading a source that is not tied to a parsable message. */
export interface SourceProblem {
  kind: 'truncated-gzip' | 'gzip-bomb' | 'read-error' | 'empty-source';
  source: string;
  offset: number;
  message: string;
}

/**
 * A message of a plain (seekable, uncompressed) mbox file by byte range: whoever processes it
 * reads the bytes (a worker thread), so message bytes need not cross threads.
 */
export interface MessageRange {
  /** The file. */
  source: string;
  index: number;
  /** Offset of the message's `From ` line (its first byte when it has none). */
  offset: number;
  /** The message bytes are [start, end): after the `From ` line. */
  start: number;
  end: number;
}

/** What a source yields, in order. Triage takes any mix of them. */
export type IngestItem =
  | { type: 'message'; message: RawMessage }
  | { type: 'range'; range: MessageRange }
  /** A message parsed before (the daemon's store keeps records): not parsed again. */
  | { type: 'record'; record: MessageRecord }
  | { type: 'problem'; problem: SourceProblem }
  /** A source was read to its end (or to its error): `bytes` of mail, after decompression. */
  | { type: 'read'; source: string; bytes: number };
