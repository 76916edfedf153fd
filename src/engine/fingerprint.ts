/** Fingerprints: rule + facts, never line numbers, so v1 and v3 of a problem match. */
import { createHash } from 'node:crypto';

export function fingerprint(ruleId: string, facts: Readonly<Record<string, string | number>>): string {
  const keys = Object.keys(facts).sort();
  const text = [ruleId, ...keys.map((k) => `${k}=${String(facts[k])}`)].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
