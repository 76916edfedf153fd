/** Copies a data map with its keys sorted (own properties only, `__proto__` safe). */
export function sortedData(data: Readonly<Record<string, string | number>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
