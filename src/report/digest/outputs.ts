/**
 * The files of a week's digests: `<outDir>/<week>/<stem>.<ext>`, one per rendering, where the
 * stem is the recipient's address made safe for a file name. The renderings are a list so
 * another one (HTML) is one more entry: text and JSON for now.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Digest } from './model.js';
import { renderDigestText } from './text.js';

export interface Rendering {
  /** File extension, without the dot. */
  ext: string;
  render(d: Digest): string;
}

/** Text and JSON; the HTML page joins this list when html.ts exists. */
export const RENDERINGS: readonly Rendering[] = [
  { ext: 'txt', render: renderDigestText },
  { ext: 'json', render: (d) => `${JSON.stringify(d, null, 2)}\n` },
];

/** A recipient's address as a file stem: lower-cased, anything but `[a-z0-9._@+-]` as `_`. */
export function digestStem(address: string): string {
  const stem = address.trim().toLowerCase().replace(/[^a-z0-9._@+-]/g, '_').replace(/^\.+/, '_');
  return stem === '' ? '_' : stem;
}

/** `<outDir>/<week>`. */
export function weekDir(outDir: string, week: string): string {
  return join(outDir, week.replace(/[^A-Za-z0-9-]/g, '_'));
}

/** Write every rendering of every digest; returns the files written. */
export function writeRenderings(outDir: string, week: string, digests: readonly Digest[], renderings: readonly Rendering[] = RENDERINGS): string[] {
  const dir = weekDir(outDir, week);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const d of digests) {
    const stem = digestStem(d.recipient.address);
    for (const r of renderings) {
      const file = join(dir, `${stem}.${r.ext}`);
      writeFileSync(file, r.render(d));
      files.push(file);
    }
  }
  return files;
}
