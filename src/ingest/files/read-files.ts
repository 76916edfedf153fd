/**
 * Turn a command-line input (file, directory, maildir, `.gz`, `-` for stdin) into a stream of
 * raw messages. Everything streams: memory does not grow with the size of the input.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { MboxSplitter, type SplitterOptions } from '../mbox/split.js';
import type { IngestItem, RawMessage } from '../../model/raw-message.js';

export interface ReadOptions extends Partial<SplitterOptions> {
  /** Called with bytes consumed from disk, for progress bars. */
  onBytes?: (n: number) => void;
  stdin?: Readable;
  /** Index of the first message (when earlier inputs were read another way). */
  firstIndex?: number;
}

/** Read every input in order; `index` numbers messages across all of them. */
export async function* readInputs(inputs: string[], opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  let index = opts.firstIndex ?? 0;
  for (const input of inputs) {
    for await (const item of readInput(input, opts)) {
      if (item.type === 'message') item.message.index = index++;
      yield item;
    }
  }
}

async function* readInput(input: string, opts: ReadOptions): AsyncGenerator<IngestItem> {
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

/** Inputs that are plain uncompressed files, which workers can read by byte range. */
export async function plainFiles(inputs: string[]): Promise<Set<string>> {
  const { detectArchivePage } = await import('./archive-page.js');
  const PAGE_PEEK_BYTES = 8192;
  const out = new Set<string>();
  for (const input of inputs) {
    if (input === '-') continue;
    try {
      const st = await stat(input);
      if (!st.isFile() || st.size === 0) continue;
      const fh = await open(input, 'r');
      try {
        const head = Buffer.alloc(PAGE_PEEK_BYTES);
        const { bytesRead } = await fh.read(head, 0, PAGE_PEEK_BYTES, 0);
        const gzip = head[0] === 0x1f && head[1] === 0x8b;
        // Archive pages are converted to mail in this thread (readFile), not read by range.
        if (!gzip && detectArchivePage(head.toString('utf8', 0, bytesRead)) === null) out.add(input);
      } finally {
        await fh.close();
      }
    } catch {
      // unreadable: the stream path reports it
    }
  }
  return out;
}

/** A user-facing error about an input as a whole (missing file…): the CLI exits 2 on it. */
export class InputError extends Error {}

async function* readFile(path: string, opts: ReadOptions): AsyncGenerator<IngestItem> {
  // A rendered web archive page (pipermail, patchew, patchwork) becomes mail here; pages are
  // small, so one is read whole. Anything unreadable or too large takes the normal path.
  const { detectArchivePage, pageMessages } = await import('./archive-page.js');
  const PAGE_PEEK_BYTES = 8192;
  const PAGE_MAX_BYTES = 16 << 20;
  let page: { text: string; kind: NonNullable<ReturnType<typeof detectArchivePage>>; size: number } | null = null;
  try {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const head = Buffer.alloc(PAGE_PEEK_BYTES);
      const { bytesRead } = await fh.read(head, 0, PAGE_PEEK_BYTES, 0);
      const kind = bytesRead > 0 ? detectArchivePage(head.toString('utf8', 0, bytesRead)) : null;
      if (kind && size <= PAGE_MAX_BYTES) {
        const all = await fh.readFile();
        page = { text: all.toString('utf8'), kind, size: all.length };
      }
    } finally {
      await fh.close();
    }
  } catch {
    page = null;
  }
  if (page) {
    opts.onBytes?.(page.size);
    for (const m of pageMessages(page.text, page.kind, path)) {
      yield { type: 'message', message: { source: path, offset: m.offset, index: 0, bytes: m.bytes, size: m.bytes.length, oversized: false, truncated: false } };
    }
    yield { type: 'read', source: path, bytes: page.size };
    return;
  }
  const s = createReadStream(path, { highWaterMark: 1 << 20 });
  yield* readStream(s, path, opts);
}

/** Files of a directory, sorted by name; a maildir yields cur/ and new/. Hidden files skipped. */
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
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Bytes already in memory (a download: lore's t.mbox.gz, a pipermail month) read like a file:
 * gzip detected by its magic bytes, mboxrd quoting undone, a truncated gzip reported as a problem.
 */
export async function* readBytes(bytes: Buffer, source: string, opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  let index = opts.firstIndex ?? 0;
  for await (const item of readStream(Readable.from([bytes]), source, opts)) {
    if (item.type === 'message') item.message.index = index++;
    yield item;
  }
}

/** Split a byte stream (gzip detected by its magic bytes) into raw messages. */
export async function* readStream(stream: Readable, source: string, opts: ReadOptions): AsyncGenerator<IngestItem> {
  const queue: RawMessage[] = [];
  const splitter = new MboxSplitter((m) => {
    queue.push({ source, offset: m.offset, index: 0, bytes: m.bytes, size: m.size, oversized: m.oversized, truncated: m.truncated });
  }, opts);
  let total = 0;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  let body: AsyncIterable<Buffer> = stream;
  const onBytes = opts.onBytes;
  if (onBytes) stream.on('data', (c: Buffer) => onBytes(c.length));
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Peek at least two bytes for the gzip magic (a pipe may deliver one byte first).
  let firstChunk: Buffer = Buffer.alloc(0);
  while (firstChunk.length < 2) {
    const r = await it.next();
    if (r.done) break;
    firstChunk = firstChunk.length === 0 ? r.value : Buffer.concat([firstChunk, r.value]);
  }
  if (firstChunk.length === 0) {
    yield { type: 'problem', problem: { kind: 'empty-source', source, offset: 0, message: `${source} is empty: no mail to read` } };
    return;
  }
  if (firstChunk[0] === 0x1f && firstChunk[1] === 0x8b) {
    gunzip = createGunzip();
    const gz = gunzip;
    const feed = async () => {
      gz.write(firstChunk);
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        if (!gz.write(r.value)) await new Promise((res) => gz.once('drain', res));
      }
      gz.end();
    };
    feed().catch((e: unknown) => gz.destroy(e as Error));
    body = gz;
  } else {
    body = (async function* () {
      yield firstChunk;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    })();
  }
  try {
    for await (const chunk of body) {
      total += chunk.length;
      splitter.push(chunk);
      while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const truncated = gunzip !== null && (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end/i.test(err.message));
    splitter.end(true);
    while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
    yield { type: 'read', source, bytes: total };
    yield {
      type: 'problem',
      problem: {
        kind: truncated ? 'truncated-gzip' : 'read-error',
        source,
        offset: total,
        message: truncated
          ? `${source}: gzip data ends early after ${total} decompressed bytes (truncated download?); messages before it were read, the last one is incomplete`
          : `${source}: read failed after ${total} bytes: ${err.message}`,
      },
    };
    return;
  }
  splitter.end(false);
  while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
  yield { type: 'read', source, bytes: total };
}
