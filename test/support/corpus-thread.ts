/** One series of the corpus's series.mbox, by the subject of its cover letter: the cover and its patches, in order. */
import { join } from 'node:path';
import { readPaths } from './check.js';
import { corpusDir } from './shared-dir.js';

export async function corpusThread(coverSubject: string): Promise<Buffer[]> {
  const file = join(corpusDir(), 'series.mbox');
  let cover: string | null = null;
  const out: Buffer[] = [];
  for await (const item of readPaths([file])) {
    if (item.type !== 'message') continue;
    const bytes = item.message.bytes;
    const head = bytes.subarray(0, Math.max(0, bytes.indexOf('\n\n')) || 4096).toString('latin1').replace(/\n[ \t]+/g, ' ');
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
    const irt = /^In-Reply-To:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
    const subject = /^Subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
    if (cover === null && subject.endsWith(coverSubject) && /\s0+\/\d+\]/.test(subject)) {
      cover = id;
      out.push(Buffer.from(bytes));
    } else if (cover !== null && irt === cover) out.push(Buffer.from(bytes));
    else if (cover !== null && out.length > 1 && irt !== cover) break;
  }
  if (cover === null) throw new Error(`no series "${coverSubject}" in ${file}: rebuild the corpus (../shared/corpus/build.sh)`);
  return out;
}
