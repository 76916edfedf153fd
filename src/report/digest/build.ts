/** STUB: replaced by the real builder. */
import type { MaintainersDb } from '../../kernel/maintainers.js';
import type { Digest, RecipientRole } from './model.js';
import type { DigestInput } from './input.js';

/** Who gets a digest: everyone with something to report, or one address (person or list). */
export type RecipientSelector = { all: true; roles?: readonly RecipientRole[] } | { address: string };

export interface BuildOptions {
  since: Date;
  until: Date;
  select: RecipientSelector;
  /** Weeks of export history ending at `until` (default 8). */
  historyWeeks?: number;
}

export function buildDigests(_input: DigestInput, _db: MaintainersDb, _o: BuildOptions): Digest[] {
  throw new Error('not yet');
}
