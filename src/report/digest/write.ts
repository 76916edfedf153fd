/**
 * Writing a set of digests to a directory: per recipient the mail (`<stem>.txt`, subject on
 * its first line), the page (`<stem>.html`) and the JSON (`<stem>.json`), plus `index.html`
 * and `index.json` over them. Each file is written whole to a temporary name and renamed, so a
 * reader never sees half a page.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDigestHtml, renderDigestIndexHtml } from './html.js';
import { digestStem, indexEntry, renderDigestJson } from './json.js';
import type { Digest } from './model.js';
import { digestSubject, renderDigestText, type TextOptions } from './text.js';

export interface WrittenDigests {
  dir: string;
  files: string[];
  /** Bytes of the largest page. */
  largestPage: number;
}

function put(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeDigests(dir: string, digests: readonly Digest[], period: { since: string; until: string; week: string }, o: TextOptions = {}): WrittenDigests {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const entries = [];
  let largestPage = 0;
  const used = new Set<string>();
  for (const d of digests) {
    let stem = digestStem(d.recipient.address);
    // Two addresses that differ only in characters a file name cannot hold keep apart.
    for (let n = 2; used.has(stem); n++) stem = `${digestStem(d.recipient.address)}-${n}`;
    used.add(stem);
    const page = renderDigestHtml(d, { indexHref: 'index.html' });
    largestPage = Math.max(largestPage, Buffer.byteLength(page));
    const outputs: [string, string][] = [
      [`${stem}.txt`, `Subject: ${digestSubject(d)}\n\n${renderDigestText(d, o)}`],
      [`${stem}.html`, page],
      [`${stem}.json`, renderDigestJson(d)],
    ];
    for (const [name, text] of outputs) {
      put(join(dir, name), text);
      files.push(join(dir, name));
    }
    entries.push(indexEntry(d, stem));
  }
  put(join(dir, 'index.html'), renderDigestIndexHtml(entries, period));
  put(join(dir, 'index.json'), `${JSON.stringify({ period, digests: entries }, null, 2)}\n`);
  files.push(join(dir, 'index.html'), join(dir, 'index.json'));
  return { dir, files, largestPage };
}
