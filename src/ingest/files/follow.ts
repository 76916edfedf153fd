/**
 * Following local files with the daemon (`type: files`): an mbox an MDA appends to, a directory
 * of mail files, archives dropped in place. The cursor remembers, per file, its identity and
 * how much of it was taken: an appended plain mbox is read from where the last poll stopped
 * (its byte ranges, found by the same scan `kvetch check` uses), anything else (gzip, archive
 * pages, a file rewritten in place) is read again and its first `count` messages skipped. A file
 * that shrank or was replaced is read from the start; the store keeps each Message-ID once.
 */
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { openRangeReader } from '../mbox/read-range.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../mbox/split.js';
import { listMailFiles, readPath } from './read-files.js';

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
    let offset: number | null = null;
    let count = 0;
    // Stored whole, however big: intake decides what a message too big to analyse becomes.
    const reader = openRangeReader({ maxMessageBytes: Number.MAX_SAFE_INTEGER, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes });
    try {
      for await (const item of readPath(file)) {
        if (item.type === 'range') {
          offset = item.range.end;
          if (item.range.start < from) continue;
          const m = reader.read(item.range);
          if (m) mails.push(m.bytes);
        } else if (item.type === 'message' && ++count > skip) {
          mails.push(item.message.bytes);
        }
      }
    } finally {
      reader.close();
    }
    next.files[key] = offset !== null ? { ...mark, offset: Math.max(offset, from) } : { ...mark, count };
  }
  return { mails, cursor: JSON.stringify(next) };
}
