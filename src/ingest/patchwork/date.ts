/**
 * patchwork dates: ISO 8601, usually without a zone (the server's UTC) and with up to six
 * fractional digits (events). Compared exactly, microseconds included, which Date cannot do.
 */

const ISO_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/i;

/** [whole seconds since the epoch, microseconds], or null when `s` is not such a date. */
export function pwDateKey(s: string): [number, number] | null {
  const m = ISO_RE.exec(s.trim());
  if (!m) return null;
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')) : 'Z';
  const ms = Date.parse(`${m[1]}${zone}`);
  if (Number.isNaN(ms)) return null;
  const micros = Number(((m[2] ?? '') + '000000').slice(0, 6));
  return [Math.floor(ms / 1000), micros];
}

/** Negative, zero or positive as a is before, equal to or after b; unparsable dates sort first. */
export function comparePwDates(a: string, b: string): number {
  const ka = pwDateKey(a);
  const kb = pwDateKey(b);
  if (!ka || !kb) return (ka ? 1 : 0) - (kb ? 1 : 0);
  return ka[0] - kb[0] || ka[1] - kb[1];
}
