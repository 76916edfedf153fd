/** A 5-patch v1 and its partial reroll (v2 resends some patches, each answering v1's patch or cover). */
import { BASE_DATE, coverMail, patchMail } from './mail.js';

export const at = (min: number): Date => new Date(BASE_DATE.getTime() + min * 60_000);

export interface V1 {
  mails: string[];
  coverId: string;
  ids: string[];
}

/** v1: cover + 5 patches; patch 1 exports frob_get (GPL), patch 3 exports frob_put (plain). */
export function rerollV1(): V1 {
  const coverId = '<pr.0@example.org>';
  const mails = [coverMail({ subject: '[PATCH 0/5] gpio: frob: exports', messageId: coverId, date: at(0) })];
  const ids: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const id = `<pr.${i}@example.org>`;
    ids.push(id);
    const added = i === 1 ? ['EXPORT_SYMBOL_GPL(frob_get);'] : i === 3 ? ['EXPORT_SYMBOL(frob_put);'] : [`\t/* step ${i} */`];
    mails.push(patchMail({ subject: `[PATCH ${i}/5] gpio: frob: step ${i}`, messageId: id, inReplyTo: coverId, references: [coverId], date: at(i), path: `drivers/gpio/gpio-frob${i}.c`, added }));
  }
  return { mails, coverId, ids };
}

/** `[PATCH v2 n/5]` answering `parent` (v1's patch n, or v1's cover), Message-ID `<pr.v2.n@example.org>`. */
export function rerolled(v1: V1, n: number, parent: string, added: string[]): string {
  const refs = parent === v1.coverId ? [v1.coverId] : [v1.coverId, parent];
  return patchMail({ subject: `[PATCH v2 ${n}/5] gpio: frob: step ${n}`, messageId: `<pr.v2.${n}@example.org>`, inReplyTo: parent, references: refs, date: at(60 + n), path: `drivers/gpio/gpio-frob${n}.c`, added });
}

/** v2 resends 3 (its export now GPL-only) and 4. */
export function partialV2(v1: V1, threadedTo: 'patch' | 'cover'): string[] {
  const parent = (n: number) => (threadedTo === 'patch' ? (v1.ids[n - 1] as string) : v1.coverId);
  return [rerolled(v1, 3, parent(3), ['EXPORT_SYMBOL_GPL(frob_put);']), rerolled(v1, 4, parent(4), ['\t/* step 4, reworked */'])];
}
