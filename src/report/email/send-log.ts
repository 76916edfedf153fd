/**
 * The local send log: an append-only file of JSON lines for the question the store cannot
 * answer after a crash in the middle of a send: may the SMTP server already hold this mail?
 * - `{"messageId":"<…>","attempt":1,"dataEndAt":"…"}`: the server had said 354 and had the whole
 *   mail; only the final dot was still to go. Written right before that dot leaves, and not
 *   synced there: a killed process's writes survive it, and a sync would put milliseconds
 *   between the line and the dot, in which a kill would leave the line without the dot (a reply
 *   lost). The next acceptance's sync makes it durable; a power loss between the dot and the
 *   250 can still cost a second send.
 * - `{"messageId":"<…>","acceptedAt":"…","response":"250 …"}`: the server accepted it (synced).
 * A torn last line (a crash mid-write) is ignored. Questions are answered from an index that
 * reads only what was appended since the last one (send-log-index.ts).
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { LogIndex } from './send-log-index.js';
import type { DataEndEntry, SendLogEntry } from './send-log-line.js';

export type { DataEndEntry, SendLogEntry } from './send-log-line.js';

/** What the never-spam rules ask of the log. */
export interface SendLogLookup {
  /** When the Message-ID was accepted, or null when the log does not hold it. */
  acceptedAt(messageId: string): Date | null;
  /** When that attempt of the Message-ID came to its final dot, or null. */
  dataEndAt(messageId: string, attempt: number): Date | null;
}

export interface SendLog extends SendLogLookup {
  readonly path: string;
  /** Append (and fsync) one accepted message. */
  record(e: SendLogEntry): void;
  /** Append (not synced) that an attempt is about to send its final dot. Throws when it cannot. */
  recordDataEnd(e: DataEndEntry): void;
  /** The accepted messages. */
  entries(): SendLogEntry[];
}

export function openSendLog(path: string): SendLog {
  const index = new LogIndex(path);
  const append = (value: object, sync: boolean): void => {
    const line = `${JSON.stringify(value)}\n`;
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'a+');
    } catch (err) {
      throw new Error(`cannot open the email send log ${path}: ${(err as Error).message}`);
    }
    try {
      // A torn line left by a crash would glue onto this one: start on a fresh line.
      writeSync(fd, endsMidLine(fd) ? `\n${line}` : line);
      if (sync) fsyncSync(fd);
    } catch (err) {
      throw new Error(`cannot write the email send log ${path}: ${(err as Error).message}`);
    } finally {
      closeSync(fd);
    }
  };
  return {
    path,
    entries: () => index.read().entries(),
    acceptedAt: (messageId) => index.read().acceptedAt(messageId),
    dataEndAt: (messageId, attempt) => index.read().dataEndAt(messageId, attempt),
    record(e) {
      append({ messageId: e.messageId, acceptedAt: e.acceptedAt.toISOString(), ...(e.response ? { response: e.response } : {}) }, true);
    },
    recordDataEnd(e) {
      append({ messageId: e.messageId, attempt: e.attempt, dataEndAt: e.dataEndAt.toISOString() }, false);
    },
  };
}

/** Does the file end without a newline (a line torn by a crash)? */
function endsMidLine(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
