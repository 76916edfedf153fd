/**
 * The local send log: an append-only file of JSON lines, one per message the SMTP server
 * accepted (`{"messageId":"<…>","acceptedAt":"…","response":"250 …"}`), written and synced
 * right after the 250. It answers the one question the store cannot after a crash between the
 * server's acceptance and the store's `sent` record: was this Message-ID already accepted?
 * A torn last line (a crash mid-write) is ignored.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SendLogEntry {
  messageId: string;
  acceptedAt: Date;
  response?: string;
}

export interface SendLog {
  readonly path: string;
  /** When the Message-ID was accepted, or null when the log does not hold it. */
  acceptedAt(messageId: string): Date | null;
  /** Append (and fsync) one accepted message. */
  record(e: SendLogEntry): void;
  entries(): SendLogEntry[];
}

function parseLine(line: string): SendLogEntry | null {
  try {
    const v = JSON.parse(line) as { messageId?: unknown; acceptedAt?: unknown; response?: unknown };
    if (typeof v.messageId !== 'string' || typeof v.acceptedAt !== 'string') return null;
    const at = new Date(v.acceptedAt);
    if (Number.isNaN(at.getTime())) return null;
    return { messageId: v.messageId, acceptedAt: at, ...(typeof v.response === 'string' ? { response: v.response } : {}) };
  } catch {
    return null;
  }
}

export function openSendLog(path: string): SendLog {
  const read = (): SendLogEntry[] => {
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
      .filter((x): x is SendLogEntry => x !== null);
  };
  return {
    path,
    entries: read,
    acceptedAt(messageId) {
      return read().find((e) => e.messageId === messageId)?.acceptedAt ?? null;
    },
    record(e) {
      const line = `${JSON.stringify({ messageId: e.messageId, acceptedAt: e.acceptedAt.toISOString(), ...(e.response ? { response: e.response } : {}) })}\n`;
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
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
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
