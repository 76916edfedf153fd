/**
 * Following local files with the daemon (`type: files`): an mbox an MDA appends to, a directory
 * of mail files, archives dropped in place. The cursor remembers, per file, its identity and
 * how much of it was taken: an appended plain mbox is read from where the last poll stopped
 * (its byte ranges, found by the same scan `kvetch check` uses), anything else (gzip, archive
 * pages, a file rewritten in place) is read again and its first `count` messages skipped. A file
 * that shrank or was replaced is read from the start; the store keeps each Message-ID once. A
 * message still being written (the mbox does not end with a blank line yet, a gzip reads as cut
 * short) waits for the next poll, unless the file has not changed for a minute.
 */
import { open, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { MessageRange } from '../../model/raw-message.js';
import { openRangeReader } from '../mbox/read-range.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../mbox/split.js';
import { listMailFiles, readPath } from './read-files.js';

/** A file not written to for this long is whole, however it ends. */
const SETTLE_MS = 60_000;

interface FileMark {
  ino: number;
  size: number;
  mtime: number;
  /** Plain mbox: bytes taken (the end of the last message taken). */
  offset?: number;
  /** Other files: messages taken. */
  count?: number;
}

export interface FilesCursor {
  files: Record<string, FileMark>;
}

export function readCursor(text: string | null): FilesCursor {
  if (!text) return { files: {} };
  try {
    const v = JSON.parse(text) as Partial<FilesCursor>;
    return { files: v.files && typeof v.files === 'object' ? v.files : {} };
  } catch {
    return { files: {} };
  }
}

/** The mail of `path` (a file or directory) that arrived since `cursor`, and the cursor to store with it. */
export async function followFiles(path: string, base: string, cursorText: string | null, max: number): Promise<{ mails: Buffer[]; cursor: string }> {
  const cursor = readCursor(cursorText);
  const st = await stat(path);
  const files = st.isDirectory() ? await listMailFiles(path) : [path];
  const next: FilesCursor = { files: {} };
  const mails: Buffer[] = [];
  for (const file of files) {
    const key = relative(base, file) || file;
    const s = await stat(file);
    const mark: FileMark = { ino: s.ino, size: s.size, mtime: s.mtimeMs };
    const before = cursor.files[key];
    const same = before !== undefined && before.ino === s.ino;
    if (same && before.size === s.size && before.mtime === s.mtimeMs) {
      next.files[key] = before;
      continue;
    }
    if (mails.length >= max) {
      // Taken in a later round: keep what this file was, so nothing is skipped.
      if (before) next.files[key] = before;
      continue;
    }
    const from = same && before.offset !== undefined && s.size >= before.size ? before.offset : 0;
    const skip = same && before.count !== undefined && s.size >= before.size ? before.count : 0;
    const settled = Date.now() - s.mtimeMs > SETTLE_MS;
    const read = await readFile(file, from, skip, settled);
    if (read === null) {
      // Still being written (a gzip cut short): as it was, until it is whole or settles.
      if (before) next.files[key] = before;
      continue;
    }
    mails.push(...read.mails);
    next.files[key] = read.offset !== undefined ? { ...mark, offset: read.offset } : { ...mark, count: read.count };
  }
  return { mails, cursor: JSON.stringify(next) };
}

/**
 * A plain mbox: the messages that start at or after `from`, the last one only when the file
 * ends with a blank line (an MDA or git format-patch ends every message so) or has not changed
 * for SETTLE_MS; else it is being written, and the next poll takes it whole. Anything else: the
 * messages after the first `skip`, or null while it reads as cut short and has not settled.
 */
async function readFile(file: string, from: number, skip: number, settled: boolean): Promise<{ mails: Buffer[]; offset?: number; count?: number } | null> {
  const ranges: MessageRange[] = [];
  const messages: Buffer[] = [];
  let cut = false;
  for await (const item of readPath(file)) {
    if (item.type === 'range') ranges.push(item.range);
    else if (item.type === 'message') messages.push(item.message.bytes);
    else if (item.type === 'problem' && item.problem.kind !== 'empty-source') cut = true;
  }
  if (ranges.length === 0) return cut && !settled ? null : { mails: messages.slice(skip), count: messages.length };
  const whole = settled || (await endsWithBlankLine(file));
  const taken = whole ? ranges : ranges.slice(0, -1);
  // Stored whole, however big: intake decides what a message too big to analyse becomes.
  const reader = openRangeReader({ maxMessageBytes: Number.MAX_SAFE_INTEGER, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes });
  const mails: Buffer[] = [];
  try {
    for (const r of taken) {
      if (r.start < from) continue;
      const m = reader.read(r);
      if (m) mails.push(m.bytes);
    }
  } finally {
    reader.close();
  }
  const end = taken.at(-1)?.end ?? (ranges[0] as MessageRange).offset;
  return { mails, offset: Math.max(end, from) };
}

async function endsWithBlankLine(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(Math.min(4, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    const t = tail.toString('latin1');
    return t.endsWith('\n\n') || t.endsWith('\r\n\r\n');
  } finally {
    await fh.close();
  }
}
