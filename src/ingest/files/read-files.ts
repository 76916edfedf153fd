/**
 * Local mail: a file (mbox, mboxrd, gzip of either, a pipermail monthly archive, a rendered
 * archive page), a directory of such files or a maildir, or `-` for standard input, as a stream
 * of ingest items. A plain uncompressed file is yielded as byte ranges, found by a scan that
 * keeps no message bytes, so whoever processes a message reads it (worker threads do);
 * everything else is split as a stream. Memory does not grow with the size of the input.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '../../model/errors.js';
import type { IngestItem } from '../../model/raw-message.js';
import { scanBoundaries } from '../mbox/boundary-scan.js';
import { readStream, type ReadOptions } from '../mbox/read-stream.js';
import { detectArchivePage, pageMessages } from './archive-page.js';

export interface FileReadOptions extends ReadOptions {
  /** What `-` reads (default process.stdin). */
  stdin?: Readable;
}

/** A user-facing error about an input as a whole (missing file…): the CLI exits 2 on it. */
export class InputError extends UserError {
  override name = 'InputError';
}

const PAGE_PEEK_BYTES = 8192;
const PAGE_MAX_BYTES = 16 << 20;

/** One command-line input: a file, a directory (maildirs included) or `-`. */
export async function* readPath(input: string, opts: FileReadOptions = {}): AsyncGenerator<IngestItem> {
  if (input === '-') {
    yield* readStream(opts.stdin ?? process.stdin, '-', opts);
    return;
  }
  let st;
  try {
    st = await stat(input);
  } catch (e) {
    throw new InputError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; check the path`);
  }
  if (st.isDirectory()) {
    for (const file of await listMailFiles(input)) yield* readFile(file, opts);
    return;
  }
  yield* readFile(input, opts);
}

type Peek = { kind: 'page'; text: string; size: number; page: NonNullable<ReturnType<typeof detectArchivePage>> } | { kind: 'plain' } | { kind: 'stream' };

/** What a file is, from its first bytes: gzip and empty files stream, pages are read whole. */
async function peek(path: string): Promise<Peek> {
  try {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      if (size === 0) return { kind: 'stream' };
      const head = Buffer.alloc(PAGE_PEEK_BYTES);
      const { bytesRead } = await fh.read(head, 0, PAGE_PEEK_BYTES, 0);
      if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'stream' };
      // A rendered web archive page (pipermail, patchew, patchwork) becomes mail here; pages are small.
      const page = detectArchivePage(head.toString('utf8', 0, bytesRead));
      if (page && size <= PAGE_MAX_BYTES) {
        const all = await fh.readFile();
        return { kind: 'page', text: all.toString('utf8'), size: all.length, page };
      }
      return { kind: 'plain' };
    } finally {
      await fh.close();
    }
  } catch {
    // Unreadable: the stream path reports it.
    return { kind: 'stream' };
  }
}

async function* readFile(path: string, opts: FileReadOptions): AsyncGenerator<IngestItem> {
  const p = await peek(path);
  if (p.kind === 'page') {
    opts.onBytes?.(p.size);
    for (const m of pageMessages(p.text, p.page, path)) {
      yield { type: 'message', message: { source: path, offset: m.offset, index: 0, bytes: m.bytes, size: m.bytes.length, oversized: false, truncated: false } };
    }
    yield { type: 'read', source: path, bytes: p.size };
    return;
  }
  if (p.kind === 'plain') {
    let bytes = 0;
    for await (const b of scanBoundaries(path, opts.onBytes)) {
      bytes += b.end - b.offset;
      yield { type: 'range', range: { source: path, index: 0, ...b } };
    }
    yield { type: 'read', source: path, bytes };
    return;
  }
  yield* readStream(createReadStream(path, { highWaterMark: 1 << 20 }), path, opts);
}

/** What a directory of mail may also hold and is never mail: configs and READMEs. */
const NOT_MAIL = /\.(ya?ml|json|md)$/i;

/**
 * Files of a directory, sorted by name; a maildir yields cur/ and new/. Hidden files and
 * directories, and configs and READMEs (`.yml`, `.yaml`, `.json`, `.md`), are skipped.
 */
export async function listMailFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.map((e) => e.name).filter((n) => !n.startsWith('.'));
  const isMaildir = names.includes('cur') && names.includes('new');
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    if (isMaildir && e.name === 'tmp') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listMailFiles(p)));
    else if (e.isFile() && !NOT_MAIL.test(e.name)) out.push(p);
  }
  return out;
}
