/**
 * Where a digest's reader can read a series: lore (any mail; lore's `/r/` finds the list), the
 * patchwork patch (mail from a `patchwork:<project>` source, patchwork 2.2+ answers
 * `/project/<p>/patch/<msgid>/`), the GitHub pull request (key `change-id:github+owner+repo+n`).
 */
import type { SeriesLinks } from './model.js';

export interface LinkOptions {
  /** Lore's address (default https://lore.kernel.org). */
  loreBase?: string;
  /** Patchwork instance for mail from `patchwork:<project>` sources. */
  patchworkBase?: string;
}

const GITHUB_KEY = /^change-id:github\+([^+]+)\+([^+]+)\+(\d+)$/;

export function seriesLinks(key: string, firstMessageId: string | undefined, source: string, o: LinkOptions = {}): SeriesLinks {
  const gh = GITHUB_KEY.exec(key);
  if (gh) return { github: `https://github.com/${gh[1] ?? ''}/${gh[2] ?? ''}/pull/${gh[3] ?? ''}` };
  const links: SeriesLinks = {};
  const id = firstMessageId?.replace(/^<|>$/g, '');
  // A derived id (a mail without Message-ID) names nothing on lore.
  if (!id || id.startsWith('kvetch-derived')) return links;
  const loreBase = (o.loreBase ?? 'https://lore.kernel.org').replace(/\/+$/, '');
  links.lore = `${loreBase}/r/${encodeURIComponent(id)}/`;
  const pw = /^patchwork:(.+)$/.exec(source);
  if (pw && o.patchworkBase) links.patchwork = `${o.patchworkBase.replace(/\/+$/, '')}/project/${encodeURIComponent(pw[1] ?? '')}/patch/${encodeURIComponent(id)}/`;
  return links;
}
