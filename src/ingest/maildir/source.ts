/**
 * A local maildir followed by `kvetch watch`: the one lei, mbsync, fetchmail or an MDA fills.
 * Every mail in `new/` and `cur/` is taken once: the store records the maildir name of each
 * (its unique part, before the `:2,` flags, so a mail moved from new/ to cur/ or flagged by a
 * mail reader is the same mail), in the transaction that stores the mail. kvetch never moves,
 * renames or deletes anything in the maildir, and never reads `tmp/` (files being written).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../model/errors.js';
import type { Source } from '../../model/source.js';
import { maxPerRoundSchema, sourceIdSchema } from '../source-config.js';

const config = z
  .object({
    type: z.literal('maildir'),
    id: sourceIdSchema,
    /** The maildir (the directory holding cur/ and new/); relative paths are relative to kvetch.yml. */
    path: z.string().min(1),
    maxPerRound: maxPerRoundSchema,
  })
  .strict();

export type MaildirConfig = z.infer<typeof config>;

/** The unique part of a maildir file name: what stays when a mail moves from new/ to cur/ and gets flags. */
export function maildirKey(name: string): string {
  const colon = name.indexOf(':');
  return colon > 0 ? name.slice(0, colon) : name;
}

interface Entry {
  key: string;
  path: string;
}

async function listMaildir(dir: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let found = 0;
  for (const sub of ['new', 'cur']) {
    let names: string[];
    try {
      names = await readdir(join(dir, sub));
      found++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const n of names) if (!n.startsWith('.')) out.push({ key: maildirKey(n), path: join(dir, sub, n) });
  }
  if (found === 0) throw new UserError(`${dir} is not a maildir (it has neither new/ nor cur/); check the source's path`);
  return out;
}

export const maildirSource: Source<MaildirConfig> = {
  type: 'maildir',
  summary: 'a local maildir (new/ and cur/), each mail taken once; kvetch check reads maildirs as directories',
  config,
  defaultId: (c) => `maildir:${c.path}`,
  async poll(c, ctx) {
    const entries = await listMaildir(resolve(ctx.baseDir, c.path));
    const seen = new Set<string>();
    for (let i = 0; i < entries.length; i += 500) for (const k of await ctx.seen(entries.slice(i, i + 500).map((e) => e.key))) seen.add(k);
    const fresh: (Entry & { mtime: number })[] = [];
    const keys = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.key) || keys.has(e.key)) continue;
      try {
        fresh.push({ ...e, mtime: (await stat(e.path)).mtimeMs });
        keys.add(e.key);
      } catch {
        // Moved (new/ to cur/) while we looked: taken next round under its new name.
      }
    }
    // Arrival order: a series' patches in the order they were delivered.
    fresh.sort((a, b) => a.mtime - b.mtime || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const mails: Buffer[] = [];
    const items: string[] = [];
    for (const e of fresh.slice(0, c.maxPerRound)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(e.path);
      } catch {
        continue;
      }
      // One file, one mail, kept byte for byte: a maildir file is not an mbox (a body line
      // `From <sha> Mon Sep 17…` of a pasted patch is not a separator, `>From` is not quoting).
      if (bytes.length > 0) mails.push(bytes);
      items.push(e.key);
    }
    if (fresh.length > c.maxPerRound) ctx.log.info({ taken: c.maxPerRound, left: fresh.length - c.maxPerRound }, 'more mail waits in the maildir for the next rounds');
    return { mails, cursor: null, items };
  },
};
