/**
 * Message boundaries of a plain (seekable, uncompressed) mbox file, found without keeping any
 * message bytes: one reused read buffer, no allocation per chunk. Worker threads then read each
 * message's byte range themselves, so message bytes never cross threads and the main thread's
 * memory stays flat whatever the file size. Separator rules are those of mbox-split.ts.
 */
import { open } from 'node:fs/promises';
import { isSeparatorLine, MAX_SEPARATOR_LINE } from './split.js';

const NL = 0x0a;
const CHUNK = 1 << 20;

export interface Boundary {
  /** Offset of the message's `From ` line (or of its first byte when it has none). */
  offset: number;
  /** Offset of the first header byte, after the `From ` line. */
  start: number;
  /** Offset one past the message's last byte. */
  end: number;
}

export async function* scanBoundaries(path: string, onBytes?: (n: number) => void): AsyncGenerator<Boundary> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK + MAX_SEPARATOR_LINE + 1);
    let carry = 0;
    /** File offset of buf[0]. */
    let base = 0;
    let cur: { offset: number; start: number } | null = { offset: 0, start: 0 };
    let atLineStart = true;
    for (;;) {
      const { bytesRead } = await fh.read(buf, carry, CHUNK, null);
      onBytes?.(bytesRead);
      const end = carry + bytesRead;
      if (bytesRead === 0) break;
      const lastNl = buf.lastIndexOf(NL, end - 1);
      const limit = lastNl < 0 ? 0 : lastNl + 1;
      let i = atLineStart ? 0 : nextLine(buf, 0, limit);
      while (i >= 0 && i < limit) {
        if (buf[i] === 0x46 && isSeparatorLine(buf, i, limit)) {
          const eol = buf.indexOf(NL, i);
          if (cur && base + i > cur.offset) yield { offset: cur.offset, start: cur.start, end: base + i };
          cur = { offset: base + i, start: base + eol + 1 };
        }
        i = nextLine(buf, i, limit);
      }
      // Keep the partial last line (if short enough to be a separator) for the next round.
      const tail = end - limit;
      if (tail > MAX_SEPARATOR_LINE || (lastNl < 0 && tail > 0 && buf[0] !== 0x46)) {
        carry = 0;
        base += end;
        atLineStart = false;
      } else {
        buf.copyWithin(0, limit, end);
        carry = tail;
        base += limit;
        atLineStart = true;
      }
    }
    const total = base + carry;
    if (cur && total > cur.offset) yield { offset: cur.offset, start: Math.min(cur.start, total), end: total };
  } finally {
    await fh.close();
  }
}

function nextLine(buf: Buffer, i: number, limit: number): number {
  const nl = buf.indexOf(NL, i);
  return nl < 0 || nl + 1 >= limit ? -1 : nl + 1;
}
