/**
 * A corpus subset made of whole series: the `count` smallest threads (cover letter and its
 * patches, grouped by In-Reply-To) of series.mbox, in corpus order. Two streaming passes, so
 * memory holds only the chosen mails.
 */
import { join } from 'node:path';
import { readPaths as readInputs } from './check.js';
import { corpusDir } from './shared-dir.js';

function rootOf(mail: Buffer): string {
  const head = mail.subarray(0, Math.max(0, mail.indexOf('\n\n')) || 4096).toString('latin1');
  const irt = /^In-Reply-To:\s*(<[^>]+>)/im.exec(head)?.[1];
  return irt ?? /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
}

export async function smallestSeries(count: number): Promise<Buffer[][]> {
  const file = join(corpusDir(), 'series.mbox');
  const sizes = new Map<string, number>();
  for await (const item of readInputs([file])) {
    if (item.type !== 'message') continue;
    const root = rootOf(item.message.bytes);
    sizes.set(root, (sizes.get(root) ?? 0) + item.message.bytes.length);
  }
  const chosen = new Set([...sizes].sort((a, b) => a[1] - b[1]).slice(0, count).map(([root]) => root));
  const threads = new Map<string, Buffer[]>();
  for await (const item of readInputs([file])) {
    if (item.type !== 'message') continue;
    const root = rootOf(item.message.bytes);
    if (!chosen.has(root)) continue;
    threads.set(root, [...(threads.get(root) ?? []), Buffer.from(item.message.bytes)]);
  }
  return [...threads.values()];
}
