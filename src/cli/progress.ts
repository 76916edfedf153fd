/** A byte-based progress bar on stderr, only when stderr is a terminal and the input is large. */
import { stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { listMailFiles } from '../ingest/files/read-files.js';

const LARGE = 16 * 1024 * 1024;

export interface Progress {
  onBytes?: (n: number) => void;
  stop(): void;
}

export async function startProgress(inputs: string[], enabled: boolean): Promise<Progress> {
  if (!enabled || !process.stderr.isTTY || inputs.includes('-')) return { stop() {} };
  let total = 0;
  for (const input of inputs) total += await sizeOf(input);
  if (total < LARGE) return { stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'kvetch {bar} {percentage}% | {value_mb}/{total_mb} MB | ETA {eta}s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const mb = (n: number) => (n / 1e6).toFixed(0);
  let done = 0;
  bar.start(total, 0, { value_mb: '0', total_mb: mb(total) });
  return {
    onBytes(n: number) {
      done += n;
      bar.update(Math.min(done, total), { value_mb: mb(done) });
    },
    stop() {
      bar.stop();
    },
  };
}

async function sizeOf(input: string): Promise<number> {
  try {
    const st = await stat(input);
    if (!st.isDirectory()) return st.size;
    let n = 0;
    for (const f of await listMailFiles(input)) n += (await stat(f)).size;
    return n;
  } catch {
    return 0;
  }
}
