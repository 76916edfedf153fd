/**
 * Run n store-claimer processes on one database at once: all open first, then all start
 * claiming together. Resolves with the keys each completed; rejects naming a failed worker.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./store-claimer.js', import.meta.url));

interface Worker {
  ready: Promise<void>;
  result: Promise<string[]>;
  go(): void;
}

function startWorker(spec: string, name: string, now: Date): Worker {
  const child = spawn(process.execPath, [SCRIPT, spec, name, now.toISOString()], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdin.on('error', () => {}); // a worker that already died; its exit is reported below
  const result = new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`${name} exited ${code}: ${err.trim() || out.trim()}`));
      resolve((JSON.parse(last) as { done: string[] }).done);
    });
  });
  // A worker that dies before "ready" must not leave the caller waiting for it.
  void result.catch(() => onReady());
  return { ready, result, go: () => child.stdin.end('go\n') };
}

export async function claimInProcesses(spec: string, n: number, now: Date): Promise<string[][]> {
  const workers = Array.from({ length: n }, (_, i) => startWorker(spec, `process-${i}`, now));
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  return Promise.all(workers.map((w) => w.result));
}
