/** Write report chunks to a file or stdout, each flushed before the next: a report is never held whole. */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

export async function writeReport(chunks: Iterable<string>, output?: string): Promise<void> {
  const out = output ? createWriteStream(output) : process.stdout;
  for (const chunk of chunks) await write(out, chunk);
  if (output) await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((res, rej) => out.write(text, (e) => (e ? rej(e) : res())));
}
