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
 * A torn last line (a crash mid-write) is ignored.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SendLogEntry {
  messageId: string;
  acceptedAt: Date;
  response?: string;
}

/** The end of a DATA: attempt `attempt` of the Message-ID had given the server the whole mail. */
export interface DataEndEntry {
  messageId: string;
  attempt: number;
  dataEndAt: Date;
}

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

type Line = ({ kind: 'accepted' } & SendLogEntry) | ({ kind: 'data-end' } & DataEndEntry);

function parseLine(line: string): Line | null {
  try {
    const v = JSON.parse(line) as { messageId?: unknown; acceptedAt?: unknown; response?: unknown; attempt?: unknown; dataEndAt?: unknown };
    if (typeof v.messageId !== 'string') return null;
    if (typeof v.dataEndAt === 'string' && typeof v.attempt === 'number') {
      const at = new Date(v.dataEndAt);
      return Number.isNaN(at.getTime()) ? null : { kind: 'data-end', messageId: v.messageId, attempt: v.attempt, dataEndAt: at };
    }
    if (typeof v.acceptedAt !== 'string') return null;
    const at = new Date(v.acceptedAt);
    if (Number.isNaN(at.getTime())) return null;
    return { kind: 'accepted', messageId: v.messageId, acceptedAt: at, ...(typeof v.response === 'string' ? { response: v.response } : {}) };
  } catch {
    return null;
  }
}

export function openSendLog(path: string): SendLog {
  const read = (): Line[] => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`cannot read the email send log ${path}: ${(e as Error).message}`);
    }
    return text
      .split('\n')
      .map(parseLine)
      .filter((x): x is Line => x !== null);
  };
  const accepted = (): SendLogEntry[] =>
    read().flatMap((l) => (l.kind === 'accepted' ? [{ messageId: l.messageId, acceptedAt: l.acceptedAt, ...(l.response !== undefined ? { response: l.response } : {}) }] : []));
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
    entries: accepted,
    acceptedAt(messageId) {
      return accepted().find((e) => e.messageId === messageId)?.acceptedAt ?? null;
    },
    dataEndAt(messageId, attempt) {
      for (const e of read()) if (e.kind === 'data-end' && e.messageId === messageId && e.attempt === attempt) return e.dataEndAt;
      return null;
    },
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
