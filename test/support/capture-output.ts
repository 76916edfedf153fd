/**
 * Run a command function in this process with what it writes to stdout and stderr captured
 * (write callbacks honoured). Only writes made from the function's own async chain are
 * captured (AsyncLocalStorage); anything else, such as the test runner's reporter writing to
 * the same stdout meanwhile, goes through untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Write = typeof process.stdout.write;
const capture = new AsyncLocalStorage<{ out: string[]; err: string[] }>();

export async function captureOutput(fn: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const sinks = { out: [] as string[], err: [] as string[] };
  /* eslint-disable @typescript-eslint/unbound-method -- kept only to be called with .call(this) and put back on the same stream */
  const origOut = process.stdout.write;
  const origErr = process.stderr.write;
  /* eslint-enable @typescript-eslint/unbound-method */
  const grab = (which: 'out' | 'err', orig: Write): Write =>
    function (this: unknown, chunk: string | Uint8Array, enc?: unknown, cb?: unknown): boolean {
      const store = capture.getStore();
      if (!store) return (orig as (...a: unknown[]) => boolean).call(this, chunk, enc, cb);
      store[which].push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    };
  process.stdout.write = grab('out', origOut);
  process.stderr.write = grab('err', origErr);
  try {
    const code = await capture.run(sinks, fn);
    return { code, stdout: sinks.out.join(''), stderr: sinks.err.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}
