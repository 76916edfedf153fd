/**
 * Every offset of a needle in a text, overlapping ones included, in order.
 *
 * V8's `indexOf` runs memchr on the needle's first character for needles under 7 characters,
 * and a Boyer–Moore search, several times slower on kernel diffs, for longer ones. So the
 * search is for an anchor: at most 6 characters of the needle, starting with the one rarest in
 * kernel diffs (`EXPORT_` is found by `XPORT_`: X is 6 times rarer than E), and each anchor hit
 * is checked for the whole needle. Same offsets as a plain indexOf loop, 3 to 6 times faster.
 */

/** Printable ASCII from rarest to most common, counted over the diffs of the bench corpus (series.mbox). */
const RARITY = "^?~J`$'jZ!%|Q\\z<][YWq&9K7X}{5V:6H8#@4Bwy3>UGk./=F2*ONx\"MLbD1;v)h(PgIRATSC,Emf-upl+0docansrite_";

const ANCHOR_MAX = 6;

/** Where in the needle the anchor starts: at its rarest character (unknown ones count as common). */
export function anchorOffset(needle: string): number {
  let best = 0;
  let bestRank = Infinity;
  for (let i = 0; i < needle.length; i++) {
    const r = RARITY.indexOf(needle.charAt(i));
    const rank = r < 0 ? RARITY.length : r;
    if (rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

/** Anchor offsets by needle: a run searches each diff text for the same few needles. */
const anchors = new Map<string, number>();

export function findAll(text: string, needle: string): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  let off = anchors.get(needle);
  if (off === undefined) anchors.set(needle, (off = anchorOffset(needle)));
  const anchor = needle.slice(off, off + ANCHOR_MAX);
  const whole = anchor.length === needle.length;
  for (let i = text.indexOf(anchor, off); i >= 0; i = text.indexOf(anchor, i + 1)) {
    if (whole || text.startsWith(needle, i - off)) out.push(i - off);
  }
  return out;
}
