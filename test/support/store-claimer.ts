/**
 * A worker process for the multi-process claim tests (run as
 * `node dist/test/support/store-claimer.js <--db spec> <worker> <now ISO>`): opens the store,
 * prints "ready", waits for "go" on stdin, then claims and completes until nothing is left for
 * it and prints {"worker", "done": [keys]} as one JSON line.
 */
import { once } from 'node:events';
import { openStore } from '../../src/store/open.js';

async function main(): Promise<void> {
  const [spec, worker, nowIso] = process.argv.slice(2);
  if (!spec || !worker || !nowIso) throw new Error('usage: store-claimer.js <db> <worker> <now>');
  const now = new Date(nowIso);
  const store = await openStore(spec);
  try {
    process.stdout.write('ready\n');
    process.stdin.setEncoding('utf8');
    let input = '';
    while (!input.includes('go\n')) {
      const [chunk] = (await once(process.stdin, 'data')) as [string];
      input += chunk;
    }
    process.stdin.pause();
    const done: string[] = [];
    for (;;) {
      const v = await store.claimNext(worker, now, 600_000);
      if (!v) break;
      // Stand for the analysis: let the other processes run between the claim and its completion.
      await new Promise((r) => setTimeout(r, 1));
      if (!(await store.complete(v.key, v.revision, worker, []))) throw new Error(`${worker} lost its claim on ${v.key}`);
      done.push(v.key);
    }
    process.stdout.write(`${JSON.stringify({ worker, done })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`store-claimer: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
