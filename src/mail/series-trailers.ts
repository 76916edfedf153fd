/**
 * Review trailers of one series version: what each reply gave, attached to the patch it answers
 * (a trailer given to the cover letter applies to every patch), with b4's rule of trust: a person
 * trailer naming someone other than the reply's sender is reported, not applied. Pure.
 */
import type { MessageRecord } from '../model/record.js';
import type { SeriesPatch } from '../model/series.js';
import type { CollectedTrailer, ParsedTrailer, SeriesReview } from '../model/trailer.js';

/** What one reply gave, and to which submission (cover or patch Message-ID). */
export interface GivenTrailers {
  parent: string;
  messageId: string;
  from: string;
  trailers: ParsedTrailer[];
  bad: number;
}

/** The trailers a reply gives its parent, or null when it gives none (and ignored none). */
export function givenBy(r: MessageRecord, parent: string): GivenTrailers | null {
  const trailers = r.trailers ?? [];
  const bad = r.badTrailers ?? 0;
  if (trailers.length === 0 && bad === 0) return null;
  return { parent, messageId: r.messageId, from: r.authorAddress, trailers, bad };
}

/** Keys that make a patch reviewed. */
const REVIEW_KEYS = new Set(['Reviewed-by', 'Acked-by']);

function collect(g: GivenTrailers, t: ParsedTrailer, viaCover: boolean): CollectedTrailer {
  const c: CollectedTrailer = { key: t.key, value: t.value, ...(t.person ? { person: { ...t.person } } : {}), messageId: g.messageId, from: g.from, status: 'applied' };
  if (viaCover) c.viaCover = true;
  if (t.person && t.person.address !== g.from) {
    c.status = 'reported';
    c.reason = `${t.key} names ${t.person.address} but the mail came from ${g.from || 'an unknown sender'}`;
  }
  return c;
}

const personText = (p: { name: string; address: string }): string => (p.name ? `${p.name} <${p.address}>` : p.address);

/**
 * Fills `collected` of each patch (in reply order, cover trailers first) and returns the series'
 * review summary. A trailer given twice to a patch (same key, value and status) is kept once.
 */
export function attachTrailers(patches: SeriesPatch[], coverId: string | null, total: number, given: readonly GivenTrailers[]): SeriesReview {
  const byId = new Map(patches.map((p) => [p.messageId, p]));
  const fromCover = given.filter((g) => g.parent === coverId);
  for (const p of patches) {
    const list: CollectedTrailer[] = [];
    const seen = new Set<string>();
    for (const g of [...fromCover, ...given.filter((x) => x.parent === p.messageId)]) {
      for (const t of g.trailers) {
        const c = collect(g, t, g.parent === coverId);
        const id = `${c.key}\n${c.value}\n${c.status}`;
        if (seen.has(id)) continue;
        seen.add(id);
        list.push(c);
      }
    }
    if (list.length > 0) p.collected = list;
    else delete p.collected;
  }
  let ignored = 0;
  for (const g of given) if (g.parent === coverId || byId.has(g.parent)) ignored += g.bad;
  return summarise(patches, total, ignored);
}

/** A patch's Reviewed-by and Acked-by that count: its own, and the applied or carried collected ones. */
export function approvals(p: SeriesPatch): ParsedTrailer[] {
  return [
    ...(p.trailers ?? []).filter((t) => t.person && t.person.address !== ''),
    ...(p.collected ?? []).filter((t) => t.status === 'applied' || t.status === 'carried'),
  ].filter((t) => REVIEW_KEYS.has(t.key));
}

/** `Name <address>` of a person trailer, else its value. */
export function trailerWho(t: ParsedTrailer): string {
  return t.person ? personText(t.person) : t.value;
}

/** The review summary of patches whose `collected` is final (also after carrying from older versions). */
export function summarise(patches: readonly SeriesPatch[], total: number, ignored: number): SeriesReview {
  const by: string[] = [];
  let reviewed = 0;
  const reported = new Set<string>();
  for (const p of patches) {
    const counted = approvals(p);
    for (const t of p.collected ?? []) if (t.status === 'reported') reported.add(`${t.messageId}\n${t.key}\n${t.value}`);
    if (p.index < 1 || p.index > total || counted.length === 0) continue;
    reviewed++;
    for (const t of counted) {
      const who = trailerWho(t);
      if (!by.includes(who)) by.push(who);
    }
  }
  return { reviewed, total, by, reported: reported.size, ignored };
}
