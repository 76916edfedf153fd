/**
 * What a user may name on the command line or in config to point at patchwork: a series or a
 * patch, by web URL, API URL, mbox URL, or `pw:series:<id>` / `pw:patch:<id>` plus a configured
 * instance URL. Pure: no network.
 */
import { UserError } from '../../model/errors.js';

export type PatchworkRef =
  | { kind: 'series'; base: string; id: number }
  | { kind: 'patch'; base: string; id: number }
  /** A patch named by its project and Message-ID (web URLs use the Message-ID, not the id). */
  | { kind: 'patch-msgid'; base: string; project: string; messageId: string };

export class PatchworkRefError extends UserError {
  override name = 'PatchworkRefError';
}

/**
 * The instance root, without trailing slash or API suffix: `https://patchwork.kernel.org`,
 * `https://host/patchwork`. Throws PatchworkRefError on anything that is not an http(s) URL.
 */
export function normalizeBase(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new PatchworkRefError(`invalid patchwork URL "${base}": expected https://host[/path]`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PatchworkRefError(`invalid patchwork URL "${base}": expected http or https`);
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api(?:\/\d+\.\d+)?$/, '');
  return `${u.origin}${path}`;
}

const ID_FORMS: Array<{ re: RegExp; kind: 'series' | 'patch' }> = [
  { re: /^(.*?)\/api(?:\/\d+\.\d+)?\/series\/(\d+)(?:\/.*)?$/, kind: 'series' },
  { re: /^(.*?)\/api(?:\/\d+\.\d+)?\/patches\/(\d+)(?:\/.*)?$/, kind: 'patch' },
  { re: /^(.*?)\/series\/(\d+)(?:\/mbox)?\/?$/, kind: 'series' },
  { re: /^(.*?)\/patch\/(\d+)(?:\/(?:mbox|raw))?\/?$/, kind: 'patch' },
];

/**
 * Parse `arg` into a reference. `opts.base` is the configured instance for `pw:` forms.
 * Throws PatchworkRefError with a message saying what was expected.
 */
export function parsePatchworkRef(arg: string, opts: { base?: string } = {}): PatchworkRef {
  const text = arg.trim();
  const short = /^pw:(series|patch):(\d+)$/.exec(text);
  if (short) {
    if (!opts.base) throw new PatchworkRefError(`"${text}" needs a patchwork instance URL: configure one, or give a full URL`);
    return { kind: short[1] as 'series' | 'patch', base: normalizeBase(opts.base), id: Number(short[2]) };
  }
  if (/^pw:/.test(text)) throw new PatchworkRefError(`"${text}": expected pw:series:<id> or pw:patch:<id>`);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new PatchworkRefError(`"${text}" is not a patchwork reference: expected a patchwork URL, pw:series:<id> or pw:patch:<id>`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PatchworkRefError(`"${text}": patchwork URLs are http or https`);
  const path = u.pathname;
  for (const f of ID_FORMS) {
    const m = f.re.exec(path);
    if (m) return { kind: f.kind, base: u.origin + (m[1] ?? ''), id: Number(m[2]) };
  }
  const list = /^(.*?)\/project\/([^/]+)\/list\/?$/.exec(path);
  if (list) {
    const series = u.searchParams.get('series');
    if (series && /^\d+$/.test(series)) return { kind: 'series', base: u.origin + (list[1] ?? ''), id: Number(series) };
    throw new PatchworkRefError(`"${text}" is a project's patch list without ?series=<id>: name one series`);
  }
  const patch = /^(.*?)\/project\/([^/]+)\/patch\/(.+?)(?:\/(?:mbox|raw))?\/?$/.exec(path);
  if (patch) {
    const messageId = decodeMsgid(patch[3] ?? '');
    if (!messageId) throw new PatchworkRefError(`"${text}": the Message-ID in the URL is empty or badly encoded`);
    return { kind: 'patch-msgid', base: u.origin + (patch[1] ?? ''), project: decodeURIComponent(patch[2] ?? ''), messageId };
  }
  if (/\/project\/[^/]+\/cover\//.test(path)) {
    throw new PatchworkRefError(`"${text}" is a cover letter: give its series URL (…/list/?series=<id>) instead`);
  }
  throw new PatchworkRefError(`"${text}" is not a patchwork series or patch URL: expected …/project/<p>/list/?series=<id>, …/series/<id>/mbox/, …/api/[1.x/]series/<id>/, …/project/<p>/patch/<msgid>/ or …/api/[1.x/]patches/<id>/`);
}

/** URL form of a Message-ID → `local@domain` (no angle brackets). */
function decodeMsgid(s: string): string | null {
  try {
    return decodeURIComponent(s).replace(/^<|>$/g, '') || null;
  } catch {
    return null;
  }
}
