/**
 * Write a report to a file or stdout as it is made, each write flushed before the next: a report
 * is never held whole. Small pieces (a JSON report has one per finding) are gathered into writes
 * of about WRITE_CHARS, so that tens of thousands of findings are not as many system calls.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

const WRITE_CHARS = 64 * 1024;

export interface ReportWriter {
  write(text: string): Promise<void>;
  /** Flush what is gathered and close the file (stdout stays open). */
  end(): Promise<void>;
}

export function openReport(output?: string): ReportWriter {
  const out = output ? createWriteStream(output) : process.stdout;
  let pending = '';
  return {
    async write(text) {
      pending += text;
      if (pending.length < WRITE_CHARS) return;
      const t = pending;
      pending = '';
      await write(out, t);
    },
    async end() {
      if (pending) await write(out, pending);
      pending = '';
      if (output) await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    },
  };
}

export async function writeReport(chunks: Iterable<string>, output?: string): Promise<void> {
  const w = openReport(output);
  for (const chunk of chunks) await w.write(chunk);
  await w.end();
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((res, rej) => out.write(text, (e) => (e ? rej(e) : res())));
}
