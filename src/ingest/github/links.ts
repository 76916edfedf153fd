/**
 * Links to the list's copy of a series found in a pull request's body (the BPF and netdev CIs
 * put the patchwork series there): lore, patchwork and patchew URLs, each once, in order. Pure.
 */

const URL_RE = /https?:\/\/[^\s<>()[\]"'`]+/g;
const LIST_HOST = /(^|\.)(lore\.kernel\.org|patchwork\.[\w.-]+|patchew\.org|lkml\.kernel\.org)$|patchwork|public-inbox/i;

export function seriesLinks(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(URL_RE)) {
    const text = m[0].replace(/[.,;:!?]+$/, '');
    let host: string;
    try {
      host = new URL(text).hostname;
    } catch {
      continue;
    }
    if (LIST_HOST.test(host) || /\/(patch|series|project)\//.test(text) && /patchwork/.test(text)) {
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}
