/**
 * The sources, listed once. `kvetch check` asks them in this order which one takes an
 * argument (an existing path first, the catch-all lore last); `kvetch watch` polls the ones
 * its config names, and kvetch.yml's `sources:` schema is assembled from their schemas.
 */
import type { IngestItem } from '../model/raw-message.js';
import type { InputContext, OpenedInput, Source } from '../model/source.js';
import { filesSource } from './files/source.js';
import { InputError } from './files/read-files.js';
import { githubSource } from './github/source.js';
import { loreSource } from './lore/source.js';
import { maildirSource } from './maildir/source.js';
import { mailmanSource } from './mailman/source.js';
import { patchewSource } from './patchew/source.js';
import { patchworkSource } from './patchwork/source.js';

export const SOURCES: readonly Source[] = [filesSource, patchworkSource, patchewSource, githubSource, mailmanSource, loreSource, maildirSource];

/** The source that takes a `kvetch check` argument, opened; an error saying what was expected when none does. */
export function openInput(arg: string, ctx: InputContext, sources: readonly Source[] = SOURCES): OpenedInput {
  for (const s of sources) if (s.claims?.(arg) && s.open) return s.open(arg, ctx);
  throw new InputError(`cannot read ${arg}: ENOENT; check the path (or give a Message-ID, a lore, patchwork, patchew or GitHub pull request URL, pw:series:N, patchew:<msgid> or gh:<owner>/<repo>#<n>)`);
}

export function sourceOfType(type: string, sources: readonly Source[] = SOURCES): Source | undefined {
  return sources.find((s) => s.type === type);
}

/**
 * Every argument opened at once (so a malformed reference fails before any work), their mail
 * read in the order given when `items` is iterated.
 */
export function openInputs(args: readonly string[], ctx: InputContext, sources: readonly Source[] = SOURCES): { inputs: OpenedInput[]; items: AsyncIterable<IngestItem> } {
  const inputs = args.map((a) => openInput(a, ctx, sources));
  async function* items(): AsyncGenerator<IngestItem> {
    for (const i of inputs) yield* i.items();
  }
  return { inputs, items: items() };
}
