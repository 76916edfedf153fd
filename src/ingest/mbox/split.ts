/**
 * Streaming mbox splitter (mboxo, mboxrd, pipermail monthly archives, concatenated
 * `git format-patch` files). Memory is bounded by the largest message kept, and a message
 * over `maxMessageBytes` keeps only its first `headBytes` so that it can still be named.
 */

const NL = 0x0a;
const FROM = Buffer.from('From ');
const NL_FROM = Buffer.from('\nFrom ');
const QUOTED_FROM = Buffer.from('>From ');
/** A separator line carries a time (`Mon Sep 17 00:00:00 2001`, `Thu Mar 16 09:19:48 2023`). */
const TIME_RE = /\d{1,2}:\d\d/;
/** Lines longer than this are never separators, and a partial line this long is flushed as body. */
export const MAX_SEPARATOR_LINE = 1000;

export interface SplitMessage {
  offset: number;
  /** The `From ` line the message came after (latin1, no newline); absent for a first message without one. */
  envelope?: string;
  bytes: Buffer;
  size: number;
  oversized: boolean;
  truncated: boolean;
}

export interface SplitterOptions {
  maxMessageBytes: number;
  headBytes: number;
}

export const DEFAULT_SPLITTER_OPTIONS: SplitterOptions = {
  maxMessageBytes: 32 * 1024 * 1024,
  headBytes: 256 * 1024,
};

export class MboxSplitter {
  private readonly opts: SplitterOptions;
  private readonly emit: (m: SplitMessage) => void;
  /** Absolute offset of the first byte of `carry`. */
  private pos = 0;
  private carry: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private start = 0;
  private oversized = false;
  /** Whether the line before the next unprocessed byte was empty (for `\n\nFrom ` checks). */
  private started = false;
  /** The current message's `From ` line. */
  private envelope: string | undefined;

  constructor(emit: (m: SplitMessage) => void, opts: Partial<SplitterOptions> = {}) {
    this.emit = emit;
    this.opts = { ...DEFAULT_SPLITTER_OPTIONS, ...opts };
  }

  push(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.pos;
    const lastNl = buf.lastIndexOf(NL);
    if (lastNl < 0) {
      // No complete line: keep it unless it is hopelessly long for a separator.
      if (buf.length > MAX_SEPARATOR_LINE && !startsWithFrom(buf, 0)) {
        this.scan(buf, base, buf.length);
        this.carry = Buffer.alloc(0);
        this.pos = base + buf.length;
        this.lineStartPending = false;
      } else {
        this.carry = buf;
      }
      return;
    }
    this.scan(buf, base, lastNl + 1);
    this.carry = buf.subarray(lastNl + 1);
    this.pos = base + lastNl + 1;
    this.lineStartPending = true;
    if (this.carry.length > MAX_SEPARATOR_LINE) {
      this.append(this.carry);
      this.carry = Buffer.alloc(0);
      this.pos = base + buf.length;
      this.lineStartPending = false;
    }
  }

  /** Call at the end of input; `truncated` marks the last message as cut off. */
  end(truncated = false): void {
    if (this.carry.length > 0) {
      this.scan(this.carry, this.pos, this.carry.length);
      this.pos += this.carry.length;
      this.carry = Buffer.alloc(0);
    }
    this.finish(truncated);
  }

  /** True when the byte at the start of the next scan region begins a line. */
  private lineStartPending = true;

  /** Handle buf[0, end): it starts at a line start when lineStartPending. */
  private scan(buf: Buffer, base: number, end: number): void {
    let from = 0;
    let i: number;
    if (this.lineStartPending && startsWithFrom(buf, 0)) i = 0;
    else {
      const n = buf.indexOf(NL_FROM, 0);
      i = n < 0 ? -1 : n + 1;
    }
    while (i >= 0 && i < end) {
      if (isSeparatorLine(buf, i, end)) {
        this.append(buf.subarray(from, i));
        this.finish(false);
        const lineEnd = buf.indexOf(NL, i);
        const next = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
        this.start = base + i;
        this.started = true;
        this.envelope = envelopeLine(buf, i, next);
        from = next;
      }
      const n = buf.indexOf(NL_FROM, i + 1);
      i = n < 0 ? -1 : n + 1;
    }
    if (from < end) this.append(buf.subarray(from, end));
  }

  private append(b: Buffer): void {
    if (b.length === 0) return;
    if (!this.started) {
      this.started = true;
      this.start = this.pos;
    }
    this.size += b.length;
    if (!this.oversized && this.size > this.opts.maxMessageBytes) {
      // Over the limit: from now on only the head is kept.
      this.oversized = true;
      const head = Buffer.concat(this.parts).subarray(0, this.opts.headBytes);
      this.parts = [head];
      this.kept = head.length;
    }
    if (this.oversized) {
      // The head is the message's first headBytes whatever the chunking, even when it is
      // longer than the limit (a small --max-message-size): it fills up from later chunks too.
      const room = this.opts.headBytes - this.kept;
      if (room > 0) {
        this.parts.push(Buffer.from(b.subarray(0, room)));
        this.kept += Math.min(room, b.length);
      }
      return;
    }
    this.parts.push(b);
    this.kept += b.length;
  }

  private finish(truncated: boolean): void {
    if (this.size === 0 && this.parts.length === 0) {
      this.reset();
      return;
    }
    let bytes: Buffer = this.parts.length === 1 ? Buffer.from(this.parts[0] as Buffer) : Buffer.concat(this.parts);
    if (!isBlank(bytes)) {
      bytes = unquoteFromLines(bytes);
      this.emit({ offset: this.start, ...(this.envelope !== undefined ? { envelope: this.envelope } : {}), bytes, size: this.size, oversized: this.oversized, truncated });
    }
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.oversized = false;
    this.started = false;
    this.envelope = undefined;
  }
}

/**
 * Is the line at buf[i] an mbox separator? `From <sender> <date>`: a sender token, then a
 * time somewhere on the line (`Mon Sep 17 00:00:00 2001`, pipermail's `Thu Mar 16 09:19:48 2023`).
 * Requiring the time keeps body lines such as "From the start, ..." in the body.
 */
export function isSeparatorLine(buf: Buffer, i: number, end: number): boolean {
  if (!startsWithFrom(buf, i)) return false;
  let lineEnd = buf.indexOf(NL, i);
  if (lineEnd < 0 || lineEnd > end) lineEnd = end;
  if (lineEnd - i > MAX_SEPARATOR_LINE) return false;
  const line = buf.toString('latin1', i, lineEnd);
  const sp = line.indexOf(' ', 5);
  if (sp <= 5) return false;
  return TIME_RE.test(line);
}

/** The separator line buf[i, next) as text, without its line end. */
export function envelopeLine(buf: Buffer, i: number, next: number): string {
  return buf.toString('latin1', i, Math.min(next, i + MAX_SEPARATOR_LINE)).replace(/\r?\n$/, '');
}

function startsWithFrom(buf: Buffer, i: number): boolean {
  return buf.length - i >= FROM.length && buf.compare(FROM, 0, FROM.length, i, i + FROM.length) === 0;
}

export function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

/**
 * Undo mboxrd/mboxo quoting: a line `>From ` (or `>>From `…) loses one `>`.
 * For mboxo this restores the original `From ` lines; for mboxrd it is exact.
 */
export function unquoteFromLines(bytes: Buffer): Buffer {
  if (bytes.indexOf(QUOTED_FROM) < 0) return bytes;
  const s = bytes.toString('latin1');
  const out = s.replace(/^>(>*From )/gm, '$1');
  return Buffer.from(out, 'latin1');
}
