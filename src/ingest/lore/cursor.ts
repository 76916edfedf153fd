/**
 * The position of a list follower in a public-inbox v2 inbox: the epoch and the last commit
 * delivered (each commit of an epoch is one message, in arrival order). The commit time lets a
 * follower whose local cache was lost fetch only recent history again.
 *
 * Text form: `git1:<epoch>:<commit sha or empty>:<commit time, unix seconds>`.
 */
import { UserError } from '../../model/errors.js';
export interface LoreCursor {
  epoch: number;
  /** Last commit delivered; null: nothing of this epoch yet (deliver from its first commit). */
  commit: string | null;
  /** Committer time of `commit` (0 when unknown or no commit). */
  time: number;
}

const PREFIX = 'git1';

export function encodeCursor(c: LoreCursor): string {
  return `${PREFIX}:${c.epoch}:${c.commit ?? ''}:${c.commit ? c.time : 0}`;
}

export class CursorError extends UserError {}

export function decodeCursor(text: string): LoreCursor {
  const m = /^git1:(\d{1,6}):([0-9a-f]{40}|[0-9a-f]{64}|):(\d{1,12})$/.exec(text.trim());
  if (!m) {
    throw new CursorError(`invalid lore cursor ${JSON.stringify(text)}: expected "${PREFIX}:<epoch>:<commit>:<time>" as returned by pollList; pass null to start following from now`);
  }
  const commit = m[2] ? m[2] : null;
  return { epoch: Number(m[1]), commit, time: commit ? Number(m[3]) : 0 };
}

/**
 * Epoch numbers of `list` in a grokmirror manifest (public-inbox's `manifest.js.gz`): keys such
 * as `/linux-kernel/git/17.git`, sorted ascending. Keys of other inboxes are ignored.
 */
export function epochsFromManifest(manifest: unknown, list: string): number[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return [];
  const out = new Set<number>();
  const suffix = new RegExp(`(?:^|/)${escapeRe(list)}/git/(\\d+)\\.git$`);
  for (const key of Object.keys(manifest)) {
    const m = suffix.exec(key);
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
