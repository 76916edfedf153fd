/**
 * `kvetch b4-check`: b4's external review check. b4 pipes one message (a patch, or the cover
 * letter for a series check) to stdin; kvetch runs the offline pipeline on it and prints the
 * JSON array b4 expects. b4 hands the body over already decoded under the original headers
 * (see report/b4/b4-message.ts): that is undone first. Exit 0 when it ran (findings are in
 * the JSON, not in the exit code: b4 reads stdout whatever the code), 2 on error with nothing
 * on stdout and the reason on stderr, which b4 shows as a failed check with that text.
 */
import type { Readable, Writable } from 'node:stream';
import { KernelTree } from '../../kernel/tree.js';
import { readBytes } from '../../ingest/mbox/read-stream.js';
import { triage } from '../../pipeline/triage.js';
import { b4CheckResults } from '../../report/b4/b4-check.js';
import { undoB4Decoding } from '../../report/b4/b4-message.js';
import { EXIT_CLEAN, EXIT_ERROR } from '../exit-codes.js';

export interface B4CheckCommandOptions {
  /** Kernel tree for tree-aware analyzers (b4 runs check commands at the top of the git tree: `--tree .`). */
  tree?: string;
  /** Where errors go (default process.stderr). */
  stderr?: Writable;
}

const INPUT = '<stdin>';

export async function b4CheckCommand(stdin: Readable, stdout: Writable, opts: B4CheckCommandOptions = {}): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  try {
    const message = undoB4Decoding(await readAll(stdin));
    if (message.toString('latin1').trim() === '') {
      stderr.write('kvetch b4-check: no message on standard input (b4 pipes the patch to check)\n');
      return EXIT_ERROR;
    }
    const result = await triage(readBytes(message, INPUT), { sources: [INPUT], ...(opts.tree ? { tree: KernelTree.open(opts.tree) } : {}) });
    const results = b4CheckResults(result.findings, { isPatch: result.stats.patches > 0 });
    await write(stdout, `${JSON.stringify(results, null, 2)}\n`);
    return EXIT_CLEAN;
  } catch (e) {
    stderr.write(`kvetch b4-check: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_ERROR;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
