/**
 * Local mail. `kvetch check`: files, directories, maildirs and `-` (see read-files.ts); asked
 * first, so an existing path always wins over a reference that looks like one. `kvetch watch`:
 * a file or directory followed as it grows (see follow.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Source } from '../../model/source.js';
import { maxPerRoundSchema, sourceIdSchema } from '../source-config.js';
import { followFiles } from './follow.js';
import { readPath } from './read-files.js';

const config = z
  .object({
    type: z.literal('files'),
    id: sourceIdSchema,
    /** An mbox (or gzip, or archive page) or a directory of them; relative paths are relative to kvetch.yml. */
    path: z.string().min(1),
    maxPerRound: maxPerRoundSchema,
  })
  .strict();

export type FilesConfig = z.infer<typeof config>;

export const filesSource: Source<FilesConfig> = {
  type: 'files',
  summary: 'mbox, mbox.gz, maildir, pipermail archive or format-patch files, a directory of them, or - for standard input; followed as they grow',
  claims: (arg) => arg === '-' || existsSync(arg),
  open: (arg, ctx) => ({
    name: arg,
    local: arg !== '-',
    items: () => readPath(arg, { ...(ctx.stdin ? { stdin: ctx.stdin } : {}), ...(ctx.onBytes ? { onBytes: ctx.onBytes } : {}), ...(ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {}), ...(ctx.maxGzipRatio ? { maxGzipRatio: ctx.maxGzipRatio } : {}) }),
  }),
  config,
  defaultId: (c) => `files:${c.path}`,
  poll: (c, ctx) => followFiles(resolve(ctx.baseDir, c.path), ctx.baseDir, ctx.cursor, c.maxPerRound),
};
