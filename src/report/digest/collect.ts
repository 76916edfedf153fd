/** STUB */
import type { StateStore } from '../../model/store.js';
import type { DigestInput } from './input.js';

export interface CollectOptions {
  /** Lore's address for links (default https://lore.kernel.org). */
  loreBase?: string;
  /** Patchwork instance for mail from `patchwork:<project>` sources. */
  patchworkBase?: string;
}

export async function collectFromStore(_store: StateStore, _o: CollectOptions = {}): Promise<DigestInput> {
  throw new Error('not yet');
}
