/**
 * Write report chunks to a file or stdout, each flushed before the next: a report is never
 * held whole. Small chunks (a JSON report has one per finding) are gathered into writes of
 * about WRITE_CHARS, so that tens of thousands of findings are not as many system calls.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

const WRITE_CHARS = 64 * 1024;

export async function writeReport(chunks: Iterable<string>, output?: string): Promise<void> {
  const out = output ? createWriteStream(output) : process.stdout;
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length < WRITE_CHARS) continue;
    await write(out, pending);
    pending = '';
  }
  if (pending) await write(out, pending);
  if (output) await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((res, rej) => out.write(text, (e) => (e ? rej(e) : res())));
}
