/** Fingerprints: rule + facts, never line numbers, so v1 and v3 of a problem match. */
import { hash } from 'node:crypto';

export function fingerprint(ruleId: string, facts: Readonly<Record<string, string | number>>): string {
  const keys = Object.keys(facts).sort();
  const text = [ruleId, ...keys.map((k) => `${k}=${String(facts[k])}`)].join('\n');
  // One-shot hash: no Hash object per finding (a corpus run makes tens of thousands).
  return hash('sha256', text, 'hex').slice(0, 32);
}
