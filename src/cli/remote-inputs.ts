/**
 * `kvetch check` arguments that are not files: a Message-ID (bare, `<id>`, `id:`) or a lore URL
 * fetched from lore/public-inbox as b4 does, a patchwork series or patch (`pw:series:N`,
 * `pw:patch:N`, or a patchwork URL), a patchew series (`patchew:<msgid>` or a patchew URL).
 * Each is downloaded once and handed to the pipeline as an in-memory input.
 */
import { existsSync } from 'node:fs';
import { fetchThread, parseMessageRef } from '../ingest/lore/index.js';
import { parsePatchewRef, patchewMbox } from '../ingest/patchew/api.js';
import { parsePatchworkRef } from '../ingest/patchwork/ref.js';
import { patchMbox, seriesMbox } from '../ingest/patchwork/api.js';
import type { HttpOptions } from '../ingest/http/client.js';
import { InputError } from '../ingest/files/read-files.js';

export interface RemoteOptions {
  loreBase: string;
  patchworkBase?: string;
  patchworkToken?: string;
  patchewBase: string;
  http?: HttpOptions;
  /** Told before each download. */
  onFetch?: (what: string) => void;
}

const PATCHWORK_PATH = /\/(api\/(\d+\.\d+\/)?(series|patches)|project\/[^/]+\/(list|patch|cover)|series|patch)\//;

/** Which kind of remote reference an argument is, without touching the network. */
export function remoteKind(arg: string, exists: (p: string) => boolean = existsSync): 'file' | 'lore' | 'patchwork' | 'patchew' {
  if (arg === '-' || exists(arg)) return 'file';
  if (/^pw:/.test(arg)) return 'patchwork';
  if (/^patchew:/.test(arg)) return 'patchew';
  if (/^https?:\/\//i.test(arg)) {
    const u = new URL(arg);
    if (/patchew/i.test(u.hostname)) return 'patchew';
    if (PATCHWORK_PATH.test(`${u.pathname}/`) || /patchwork/i.test(u.hostname)) return 'patchwork';
    return 'lore';
  }
  // A Message-ID has an @; anything else is a file name (a missing one is reported as such).
  return arg.includes('@') && !arg.includes('/') ? 'lore' : 'file';
}

export async function resolveRemoteInputs(args: readonly string[], o: RemoteOptions): Promise<{ inputs: string[]; fetched: Map<string, Buffer> }> {
  const inputs: string[] = [];
  const fetched = new Map<string, Buffer>();
  for (const arg of args) {
    const kind = remoteKind(arg);
    if (kind === 'file') {
      inputs.push(arg);
      continue;
    }
    const remote = resolve(arg, kind, o);
    o.onFetch?.(remote.name);
    fetched.set(remote.name, await remote.download());
    inputs.push(remote.name);
  }
  return { inputs, fetched };
}

/** The reference, parsed once: the name the report gives it and how to download it. */
function resolve(arg: string, kind: 'lore' | 'patchwork' | 'patchew', o: RemoteOptions): { name: string; download: () => Promise<Buffer> } {
  const http = o.http ?? {};
  if (kind === 'lore') {
    const ref = parseMessageRef(arg, o.loreBase);
    if (!ref) throw new InputError(`${arg}: no such file, and not a Message-ID or lore URL either`);
    return {
      name: `${ref.base}/${ref.list ?? 'all'}/${ref.messageId}/t.mbox.gz`,
      download: () => fetchThread(ref.base, ref.messageId, { ...(ref.list ? { list: ref.list } : {}), http }),
    };
  }
  if (kind === 'patchwork') {
    const ref = parsePatchworkRef(arg, o.patchworkBase ? { base: o.patchworkBase } : {});
    const pw = { ...http, ...(o.patchworkToken ? { token: o.patchworkToken } : {}) };
    if (ref.kind === 'patch-msgid') {
      return { name: `${ref.base}/project/${ref.project}/patch/${ref.messageId}/mbox/`, download: () => patchMbox(ref.base, { project: ref.project, messageId: ref.messageId }, pw) };
    }
    return { name: `${ref.base}/${ref.kind}/${ref.id}/mbox/`, download: () => (ref.kind === 'series' ? seriesMbox(ref.base, ref.id, pw) : patchMbox(ref.base, ref.id, pw)) };
  }
  const ref = parsePatchewRef(arg.replace(/^patchew:/, ''), { base: o.patchewBase });
  return { name: `${ref.base}/${ref.project ?? '-'}/${ref.messageId}/mbox`, download: () => patchewMbox(ref, http) };
}
