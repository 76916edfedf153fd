/**
 * Bench helper: writes an mbox `copies` times the size of a source mbox, for the memory bench's
 * flatness check. Copy k rewrites every Message-ID, In-Reply-To and References id `<x>` of the
 * source to `<kvetch-copy-k.x>`, so that each copy is its own set of threads (no duplicate
 * Message-IDs, no reply crossing copies). Bodies are copied byte for byte (latin1 round trip).
 *
 *   node dist/bench/make-big-mbox.js <source.mbox> <out.mbox> [copies=4]
 */
import { createReadStream, closeSync, openSync, statSync, writeSync } from 'node:fs';

const ID_HEADER = /^(message-id|in-reply-to|references):/i;
const ID = /<([^<>\s]+)>/g;

export async function makeBigMbox(source: string, out: string, copies: number): Promise<number> {
  const fd = openSync(out, 'w');
  try {
    for (let k = 0; k < copies; k++) await copyOnce(source, fd, `kvetch-copy-${k}.`);
  } finally {
    closeSync(fd);
  }
  return statSync(out).size;
}

async function copyOnce(source: string, fd: number, prefix: string): Promise<void> {
  let carry = '';
  let inHeaders = false;
  let rewriting = false;
  let prevBlank = true;
  const line = (l: string): string => {
    if (l.startsWith('From ') && prevBlank) {
      inHeaders = true;
      rewriting = false;
    } else if (inHeaders && (l === '' || l === '\r')) inHeaders = false;
    else if (inHeaders) {
      if (l.startsWith(' ') || l.startsWith('\t')) {
        // a folded line continues the field above it
      } else rewriting = ID_HEADER.test(l);
      if (rewriting) l = l.replace(ID, (_m, id: string) => `<${prefix}${id}>`);
    }
    prevBlank = l === '' || l === '\r';
    return l;
  };
  for await (const chunk of createReadStream(source, { encoding: 'latin1', highWaterMark: 4 << 20 })) {
    const lines = (carry + (chunk as string)).split('\n');
    carry = lines.pop() ?? '';
    writeSync(fd, lines.map(line).join('\n') + '\n', null, 'latin1');
  }
  if (carry) writeSync(fd, line(carry), null, 'latin1');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source, out, copies] = process.argv.slice(2);
  if (!source || !out) throw new Error('usage: make-big-mbox.js <source.mbox> <out.mbox> [copies=4]');
  const size = await makeBigMbox(source, out, Number(copies ?? 4));
  process.stdout.write(`${out}: ${(size / 1e6).toFixed(0)} MB\n`);
}
