/** STUB */
import type { Digest } from './model.js';

export function digestSubject(d: Digest): string {
  return `[kvetch digest] ${d.period.week}`;
}

export function renderDigestText(d: Digest): string {
  return JSON.stringify(d);
}
