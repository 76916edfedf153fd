/** patchew.org and other patchew instances: `kvetch check patchew:<msgid>` or a patchew URL. */
import type { Source } from '../../model/source.js';
import { httpUrl } from '../http/url.js';
import { readBytes } from '../mbox/read-stream.js';
import { patchewMbox } from './api.js';
import { parsePatchewRef } from './ref.js';

export const DEFAULT_PATCHEW_BASE = 'https://patchew.org';

export const patchewSource: Source = {
  type: 'patchew',
  summary: 'a series on patchew: patchew:<msgid> or a patchew URL',
  claims(arg) {
    if (/^patchew:/.test(arg)) return true;
    return /patchew/i.test(httpUrl(arg)?.hostname ?? '');
  },
  open(arg, ctx) {
    const ref = parsePatchewRef(arg.replace(/^patchew:/, ''), { base: ctx.bases.patchew ?? ctx.env.KVETCH_PATCHEW_BASE ?? DEFAULT_PATCHEW_BASE });
    const name = `${ref.base}/${ref.project ?? '-'}/${ref.messageId}/mbox`;
    return {
      name,
      local: false,
      async *items() {
        ctx.onFetch?.(name);
        const bytes = await patchewMbox(ref, { ...ctx.http, ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}) });
        yield* readBytes(bytes, name, ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {});
      },
    };
  },
};
