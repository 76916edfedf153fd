/**
 * Local mail for `kvetch check`: files, directories, maildirs and `-` (see read-files.ts). It is
 * asked first, so an existing path always wins over a reference that looks like one.
 */
import { existsSync } from 'node:fs';
import type { Source } from '../../model/source.js';
import { readPath } from './read-files.js';

export const filesSource: Source = {
  type: 'files',
  summary: 'mbox, mbox.gz, maildir, pipermail archive or format-patch files, a directory of them, or - for standard input',
  claims: (arg) => arg === '-' || existsSync(arg),
  open: (arg, ctx) => ({
    name: arg,
    local: arg !== '-',
    items: () => readPath(arg, { ...(ctx.stdin ? { stdin: ctx.stdin } : {}), ...(ctx.onBytes ? { onBytes: ctx.onBytes } : {}), ...(ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {}) }),
  }),
};
