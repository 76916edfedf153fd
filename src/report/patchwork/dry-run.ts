/** Dry-run output: the JSON body a check POST would carry, one file per patch and context. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckBody } from './plan.js';

/** `<outDir>/<series key>-v<revision>-patch<id>-<context>.json`, the key made file-name safe. */
export function dryRunPath(outDir: string, key: string, revision: number, patchId: number, context: string): string {
  const safeKey = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'series';
  return join(outDir, `${safeKey}-v${revision}-patch${patchId}-${context}.json`);
}

export async function writeDryRun(path: string, body: CheckBody): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(body, null, 2)}\n`);
}
