/** Seed 002 (the KVM_VFIO Kconfig fix, a patchwork page): its patch, for tests that need the mail or its diff. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectArchivePage, pageToMessages } from '../../src/ingest/files/archive-page.js';
import { splitBody } from '../../src/mail/split-body.js';
import { sharedDir } from './shared-dir.js';

export function seed002File(): string {
  const seeds = join(sharedDir(), 'seeds');
  return join(seeds, readdirSync(seeds).find((f) => f.startsWith('002_')) ?? '002');
}

/** The patch of the page: subject, commit message and diff. */
export function seed002Patch(): { subject: string; body: string; diff: string } {
  const file = seed002File();
  const text = readFileSync(file, 'utf8');
  const kind = detectArchivePage(text);
  if (!kind) throw new Error(`${file}: not an archive page`);
  const patch = pageToMessages(text, kind, file)
    .map((b) => b.toString('utf8'))
    .find((m) => /^diff --git /m.test(m.split('\n\n').slice(1).join('\n\n')));
  if (!patch) throw new Error(`${file}: no patch mail`);
  const head = patch.slice(0, patch.indexOf('\n\n')).replace(/\n[ \t]+/g, ' ');
  const subject = (/^Subject:\s*(.*)$/im.exec(head)?.[1] ?? '').replace(/^(\[[^\]]*\]\s*)+/, '');
  const split = splitBody(patch.slice(patch.indexOf('\n\n') + 2));
  if (!split.diff) throw new Error(`${file}: no diff`);
  return { subject, body: split.message, diff: split.diff };
}
