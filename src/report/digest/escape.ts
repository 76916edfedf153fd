/**
 * Escaping for the HTML digest. Subjects, names, paths and messages come from strangers' mail:
 * every one of them goes through `esc` before it reaches the page, and links through `safeUrl`
 * (only http and https: a `javascript:` link would be script on a page that promises none).
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values alike (quotes included, so it is safe in either). */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The URL if it is an absolute http(s) URL, else undefined (rendered as plain text then). */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** `<a href>` to a safe URL, or the escaped label alone when the URL is not one. */
export function link(url: string | undefined, label: string): string {
  const u = safeUrl(url);
  return u === undefined ? esc(label) : `<a href="${esc(u)}">${esc(label)}</a>`;
}

/** `+3`, `−2` (a real minus sign), `0`. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

/** `1 series`, `2 findings`: the count and the noun, plural unless one. */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
