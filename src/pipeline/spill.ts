/**
 * Values a run must keep until its end, kept out of the heap: appended to a temporary file as
 * V8's structured serialisation and read back by handle. `kvetch check` keeps every mail's full
 * record (files, trailers, analyzer facts) and every series' findings this way, so that its
 * memory does not grow with the archive (docs/performance.md, Memory). The file is made in the
 * OS temp dir and removed from it at once (the run keeps it open): its space is freed when the
 * process ends, however it ends.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

export interface Spill<T> {
  /** Keep a value; the handle gets it back. */
  put(value: T): number;
  /** Keep a value already serialised (node:v8 serialize). */
  putBytes(bytes: Uint8Array): number;
  get(handle: number): T;
  close(): void;
}

/** Values held as they are (the daemon, the app, small inputs): no copy, no file. */
export function memorySpill<T>(): Spill<T> {
  const values: (T | undefined)[] = [];
  return {
    put: (v) => values.push(v) - 1,
    putBytes: (b) => values.push(deserialize(b) as T) - 1,
    get: (h) => values[h] as T,
    close: () => void values.splice(0),
  };
}

/** Writes are gathered up to this many bytes. */
const FLUSH_BYTES = 1 << 20;

export function fileSpill<T>(name: string): Spill<T> {
  const dir = mkdtempSync(join(tmpdir(), `kvetch-${name}-`));
  const fd = openSync(join(dir, 'spill'), 'w+', 0o600);
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  // Removed at once: the open descriptor keeps the file readable and writable, and nothing is
  // left in the temp dir however the process ends (Ctrl-C and SIGKILL run no exit handler).
  // Where an open file cannot be removed (Windows), it goes at close or exit.
  let leftover = false;
  try {
    remove();
  } catch {
    leftover = true;
    process.once('exit', remove);
  }
  // Offsets and lengths of the values, by handle.
  const starts: number[] = [];
  const lengths: number[] = [];
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closed = false;
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    let done = 0;
    while (done < all.length) done += writeSync(fd, all, done, all.length - done, written + done);
    written += all.length;
    pending = [];
    pendingBytes = 0;
  };
  return {
    put(v) {
      return this.putBytes(serialize(v));
    },
    putBytes(bytes) {
      starts.push(written + pendingBytes);
      lengths.push(bytes.length);
      pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
      return starts.length - 1;
    },
    get(h) {
      const start = starts[h];
      const length = lengths[h];
      if (start === undefined || length === undefined) throw new Error(`spill ${name}: no value ${h}`);
      if (start + length > written) flush();
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, start + done);
        if (n === 0) throw new Error(`spill ${name}: the temporary file ended early`);
        done += n;
      }
      return deserialize(buf) as T;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
      if (!leftover) return;
      remove();
      process.removeListener('exit', remove);
    },
  };
}
