/**
 * The send log's lines, indexed by Message-ID, read once and then only as far as the file has
 * grown: every publish asks the log two or three questions, and reading the whole file for each
 * made a daemon's rounds slower with every mail it had ever sent (the file grows by two lines a
 * mail). Another process appending to the same file is seen at the next question; a file that
 * shrank or was replaced (rotated by hand) is read again from its start. A last line without its
 * newline is taken when it is a whole line (a crash that lost only the newline) and otherwise
 * left for the next read (a writer still writing it, or a torn line that the next append ends).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseLine, type SendLogEntry } from './send-log-line.js';

/** Bytes read per call when catching up. */
const CHUNK = 1 << 20;

export class LogIndex {
  private offset = 0;
  /** dev:ino of the file read so far. */
  private identity = '';
  private accepted = new Map<string, SendLogEntry>();
  private ordered: SendLogEntry[] = [];
  private dataEnds = new Map<string, Date>();

  constructor(private readonly path: string) {}

  /** Catches up with the file; throws naming it when it cannot be read (a missing file is empty). */
  read(): this {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.reset('');
        return this;
      }
      throw new Error(`cannot read the email send log ${this.path}: ${(e as Error).message}`);
    }
    try {
      const st = fstatSync(fd);
      const identity = `${st.dev}:${st.ino}`;
      if (identity !== this.identity || st.size < this.offset) this.reset(identity);
      let pending = Buffer.alloc(0);
      let at = this.offset;
      while (at < st.size) {
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, st.size - at));
        const n = readSync(fd, chunk, 0, chunk.length, at);
        if (n === 0) break;
        at += n;
        pending = pending.length === 0 ? chunk.subarray(0, n) : Buffer.concat([pending, chunk.subarray(0, n)]);
        const end = pending.lastIndexOf(0x0a);
        if (end < 0) continue;
        this.take(pending.subarray(0, end).toString('utf8'));
        this.offset += end + 1;
        pending = pending.subarray(end + 1);
      }
      // A last line without its newline: whole JSON is a line (a JSON object has no whole prefix).
      if (pending.length > 0 && parseLine(pending.toString('utf8')) !== null) {
        this.take(pending.toString('utf8'));
        this.offset += pending.length;
      }
    } catch (e) {
      throw new Error(`cannot read the email send log ${this.path}: ${(e as Error).message}`);
    } finally {
      closeSync(fd);
    }
    return this;
  }

  entries(): SendLogEntry[] {
    return [...this.ordered];
  }

  acceptedAt(messageId: string): Date | null {
    return this.accepted.get(messageId)?.acceptedAt ?? null;
  }

  dataEndAt(messageId: string, attempt: number): Date | null {
    return this.dataEnds.get(`${attempt} ${messageId}`) ?? null;
  }

  private take(text: string): void {
    for (const raw of text.split('\n')) {
      const line = parseLine(raw);
      if (!line) continue;
      // The first line for a Message-ID (or an attempt) answers, as a search from the top would.
      if (line.kind === 'accepted') {
        const e: SendLogEntry = { messageId: line.messageId, acceptedAt: line.acceptedAt, ...(line.response !== undefined ? { response: line.response } : {}) };
        if (!this.accepted.has(line.messageId)) this.accepted.set(line.messageId, e);
        this.ordered.push(e);
      } else {
        const key = `${line.attempt} ${line.messageId}`;
        if (!this.dataEnds.has(key)) this.dataEnds.set(key, line.dataEndAt);
      }
    }
  }

  private reset(identity: string): void {
    this.identity = identity;
    this.offset = 0;
    this.accepted = new Map();
    this.ordered = [];
    this.dataEnds = new Map();
  }
}
