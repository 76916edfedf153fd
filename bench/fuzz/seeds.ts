/**
 * Real mail to mutate: the repository's examples (always), the shared seeds and the corpus
 * sample when present (the campaign says which it used). Mails are latin1 strings: one char
 * per byte, so that byte-level mutations stay byte-level.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository (dist/bench/fuzz/ → three levels up). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export interface Seeds {
  mails: string[];
  /** Where they came from, for the summary. */
  origins: string[];
}

const SEPARATOR = /^From \S+ .*\d{1,2}:\d\d.*$/m;
/** The corpus sample has thousands of mails: this many are enough to mutate. */
const CORPUS_MAILS = 400;
const MAX_SEED_BYTES = 64 * 1024;

let cached: Seeds | undefined;

/** Splits an mbox at its separator lines (a plain reading; the splitter under test is not used). */
export function mboxMails(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/^(?=From \S+ .*\d{1,2}:\d\d)/m)) {
    const body = SEPARATOR.test(part.split('\n', 1)[0] ?? '') ? part.slice(part.indexOf('\n') + 1) : part;
    if (body.trim()) out.push(body.length > MAX_SEED_BYTES ? body.slice(0, MAX_SEED_BYTES) : body);
  }
  return out;
}

/** The shared seeds and the corpus sample are used when present, unless FUZZ_SHARED=0 (the unit test's short run). */
export function loadSeeds(o: { shared?: boolean } = {}): Seeds {
  if (process.env.FUZZ_SHARED === '0') o = { shared: false };
  if (cached && o.shared !== false) return cached;
  const mails: string[] = [];
  const origins: string[] = [];
  const examples = join(REPO_ROOT, 'examples');
  mails.push(...mboxMails(readFileSync(join(examples, 'kvm-vfio.mbox'), 'latin1')));
  for (const f of readdirSync(join(examples, 'maildir', 'new'))) mails.push(readFileSync(join(examples, 'maildir', 'new', f), 'latin1'));
  for (const list of readdirSync(join(examples, 'pipermail'))) {
    for (const f of readdirSync(join(examples, 'pipermail', list))) {
      if (f.endsWith('.gz')) mails.push(...mboxMails(gunzipSync(readFileSync(join(examples, 'pipermail', list, f))).toString('latin1')));
    }
  }
  origins.push(`examples/ (${mails.length} mails)`);
  if (o.shared !== false) {
    const seedsDir = process.env.FUZZ_SEEDS_DIR ?? resolve(REPO_ROOT, '../shared/seeds');
    if (existsSync(seedsDir)) {
      const files = readdirSync(seedsDir).sort();
      for (const f of files) mails.push(readFileSync(join(seedsDir, f), 'latin1').slice(0, MAX_SEED_BYTES));
      origins.push(`${seedsDir} (${files.length} files)`);
    }
    const sample = join(process.env.KVETCH_CORPUS_DIR ?? join(homedir(), '.cache', 'kvetch-corpus'), 'sample.mbox');
    if (existsSync(sample)) {
      const some = mboxMails(readFileSync(sample, 'latin1')).slice(0, CORPUS_MAILS);
      mails.push(...some);
      origins.push(`${sample} (first ${some.length} mails)`);
    }
  }
  const seeds = { mails, origins };
  if (o.shared !== false) cached = seeds;
  return seeds;
}
