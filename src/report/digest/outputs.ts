/**
 * The files of a set of digests, for `kvetch digest --output DIR` and the daemon's
 * `<outDir>/<week>/`: per recipient one file per rendering (`<stem>.txt` the mail's subject and
 * text, `<stem>.html` the page, `<stem>.json`), where the stem is the address made safe for a
 * file name, plus `index.html` and `index.json` over them. Each file is written whole under a
 * temporary name and renamed, so a reader never sees half a page.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDigestHtml, renderDigestIndexHtml } from './html.js';
import { indexEntry, renderDigestJson } from './json.js';
import type { Digest, DigestIndexEntry } from './model.js';
import { digestSubject, renderDigestText } from './text.js';

export interface Rendering {
  /** File extension, without the dot. */
  ext: string;
  render(d: Digest): string;
}

export const RENDERINGS: readonly Rendering[] = [
  { ext: 'txt', render: (d) => `Subject: ${digestSubject(d)}\nTo: ${d.recipient.display}\n\n${renderDigestText(d)}` },
  { ext: 'html', render: (d) => renderDigestHtml(d, { indexHref: 'index.html' }) },
  { ext: 'json', render: renderDigestJson },
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

function put(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Write every rendering of every digest and the index into `dir`; returns the files written. */
export function writeRenderings(dir: string, period: { since: string; until: string; week: string }, digests: readonly Digest[], renderings: readonly Rendering[] = RENDERINGS): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const entries: DigestIndexEntry[] = [];
  const used = new Set<string>();
  for (const d of digests) {
    let stem = digestStem(d.recipient.address);
    // Two addresses that differ only in characters a file name cannot hold are kept apart.
    for (let n = 2; used.has(stem); n++) stem = `${digestStem(d.recipient.address)}-${n}`;
    used.add(stem);
    for (const r of renderings) {
      const file = join(dir, `${stem}.${r.ext}`);
      put(file, r.render(d));
      files.push(file);
    }
    entries.push(indexEntry(d, stem));
  }
  put(join(dir, 'index.html'), renderDigestIndexHtml(entries, period));
  put(join(dir, 'index.json'), `${JSON.stringify({ period, digests: entries }, null, 2)}\n`);
  files.push(join(dir, 'index.html'), join(dir, 'index.json'));
  return files;
}
