/**
 * RFC 8288 (ex-5988) `Link` header: `<url>; rel="next", <url>; rel="last"`. Only what paging
 * needs: the target of each relation type. Malformed parts are ignored, never thrown on.
 */
export function parseLinkHeader(value: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!value) return out;
  // A URL may contain commas, so split on the `<` that starts each link, not on commas.
  const re = /<([^>]*)>((?:\s*;\s*[^;,<]+)*)/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const target = m[1] ?? '';
    for (const param of (m[2] ?? '').split(';')) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
      const rels = param.slice(eq + 1).trim().replace(/^"|"$/g, '');
      for (const rel of rels.split(/\s+/)) if (rel && !out.has(rel.toLowerCase())) out.set(rel.toLowerCase(), target);
    }
  }
  return out;
}

/** The `rel="next"` target, resolved against the URL the header came with. */
export function nextLink(value: string | null, base: string): string | null {
  const next = parseLinkHeader(value).get('next');
  if (!next) return null;
  try {
    return new URL(next, base).toString();
  } catch {
    return null;
  }
}
