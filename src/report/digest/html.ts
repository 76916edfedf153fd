/** STUB: the HTML page is being written on branch digest-html. */
import type { Digest, DigestIndexEntry } from './model.js';

export function renderDigestHtml(d: Digest, _o: { generatedAt?: string; indexHref?: string } = {}): string {
  return `<!doctype html><title>${d.period.week}</title>`;
}

export function renderDigestIndexHtml(entries: DigestIndexEntry[], o: { since: string; until: string; week: string }): string {
  return `<!doctype html><title>${o.week}</title>${entries.length}`;
}
