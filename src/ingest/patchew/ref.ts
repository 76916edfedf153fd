/**
 * A patchew series named by web URL (`https://patchew.org/QEMU/<msgid>/`), API URL
 * (`…/api/v1/projects/<n>/series/<msgid>/`, `…/api/v1/projects/by-name/<name>/series/<msgid>/`)
 * or bare Message-ID plus a configured instance. Pure: no network.
 */
import { UserError } from '../../model/errors.js';

export interface PatchewRef {
  /** Instance root without trailing slash: `https://patchew.org`. */
  base: string;
  /** Message-ID of the series head (cover letter or lone patch), without angle brackets. */
  messageId: string;
  /** Project name as in web URLs (`QEMU`), when known. */
  project?: string;
  /** Project id as in API URLs, when known. */
  projectId?: number;
}

export class PatchewRefError extends UserError {
  override name = 'PatchewRefError';
}

const MSGID_RE = /^<?([^<>\s/]+@[^<>\s/]+)>?$/;

export function parsePatchewRef(arg: string, opts: { base?: string; project?: string } = {}): PatchewRef {
  const text = arg.trim();
  const bare = MSGID_RE.exec(text);
  if (bare && !/^https?:/i.test(text)) {
    if (!opts.base) throw new PatchewRefError(`"${text}" needs a patchew instance URL: configure one, or give the series URL`);
    return { base: patchewBase(opts.base), messageId: bare[1] as string, ...(opts.project ? { project: opts.project } : {}) };
  }
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new PatchewRefError(`"${text}" is not a patchew reference: expected https://patchew.org/<project>/<message-id>/ or a Message-ID`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PatchewRefError(`"${text}": patchew URLs are http or https`);
  const segs = u.pathname.split('/');
  const api = segs.indexOf('api');
  if (api >= 0 && segs[api + 1] === 'v1' && segs[api + 2] === 'projects') {
    const prefix = segs.slice(0, api).join('/');
    const byName = segs[api + 3] === 'by-name';
    const proj = decode(segs[byName ? api + 4 : api + 3]);
    const rest = segs.slice(byName ? api + 5 : api + 4);
    const msgid = rest[0] === 'series' ? decode(rest[1]) : null;
    if (!proj || !msgid || !MSGID_RE.test(msgid)) throw new PatchewRefError(`"${text}" is not a patchew series API URL: expected …/api/v1/projects/<n>/series/<message-id>/`);
    const id = MSGID_RE.exec(msgid)?.[1] as string;
    if (byName) return { base: u.origin + prefix, messageId: id, project: proj };
    if (!/^\d+$/.test(proj)) throw new PatchewRefError(`"${text}": the project in an API URL is a number (or use by-name/<name>)`);
    return { base: u.origin + prefix, messageId: id, projectId: Number(proj) };
  }
  const parts = segs.filter((s, i) => s !== '' || i === 0);
  if (parts[parts.length - 1] === 'mbox') parts.pop();
  const msgid = decode(parts[parts.length - 1]);
  const project = decode(parts[parts.length - 2]);
  if (parts.length >= 3 && msgid && project && MSGID_RE.test(msgid)) {
    return { base: u.origin + parts.slice(0, -2).join('/'), messageId: MSGID_RE.exec(msgid)?.[1] as string, project };
  }
  throw new PatchewRefError(`"${text}" is not a patchew series URL: expected https://<host>/<project>/<message-id>/ or …/api/v1/projects/<n>/series/<message-id>/`);
}

export function patchewBase(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new PatchewRefError(`invalid patchew URL "${base}": expected https://host[/path]`);
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '').replace(/\/api(?:\/v1)?$/, '')}`;
}

/** A Message-ID as a path segment: percent-encoded, `@` kept as patchew's own links do. */
export function msgidSegment(id: string): string {
  return encodeURIComponent(id).replace(/%40/g, '@');
}

function decode(s: string | undefined): string | null {
  if (!s) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
