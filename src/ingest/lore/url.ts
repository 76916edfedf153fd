/**
 * Message references as people paste them (bare Message-ID, `<id>`, `id:<id>`, lore and
 * patch.msgid.link URLs) and the public-inbox URLs kvetch builds from them. Pure, apart from
 * the injected `exists` used to tell a local file from a Message-ID.
 */
import { existsSync } from 'node:fs';

export interface MessageRef {
  /** Without angle brackets, percent-decoded: `20230901.abc@x.org`. */
  messageId: string;
  /** public-inbox base URL without a trailing slash (`https://lore.kernel.org`). */
  base: string;
  /** The inbox named in the URL (`kvm` in `/kvm/<id>/`); absent for `/all/`, `/r/` and bare ids. */
  list?: string;
}

/** Path segments after the Message-ID that name a view of it, not part of it (public-inbox's routes). */
const VIEWS = new Set(['T', 't', 't.mbox.gz', 't.mbox', 't.atom', 'raw', 'f', 'R']);
/** An attachment of a message (`/<list>/<id>/2-foo.patch`), public-inbox's ATTACH_RE. */
const ATTACHMENT = /^[0-9][0-9.]*-/;
/** Path prefixes that redirect to the Message-ID's inbox (lore's `/r/`, public-inbox's `/all/` extindex). */
const ANY_INBOX = new Set(['r', 'all']);
/** Hosts whose links carry only a Message-ID (the kernel's `Link:` trailers); fetched from `base`. */
const MSGID_ONLY_HOSTS = new Set(['patch.msgid.link', 'msgid.link']);

/**
 * What `arg` refers to, or null when it is not a message reference: an existing file, a path
 * (`./x`, `../x`, `/abs`, `~/x`), `-`, or text that cannot be a Message-ID. `base` is used for
 * bare ids and for URLs on other hosts than a public-inbox (patch.msgid.link).
 */
export function parseMessageRef(arg: string, base: string, opts: { exists?: (path: string) => boolean } = {}): MessageRef | null {
  const exists = opts.exists ?? existsSync;
  const text = arg.trim();
  if (text === '' || text === '-') return null;
  const cleanBase = trimSlash(base);
  if (/^https?:\/\//i.test(text)) return fromUrl(text, cleanBase);
  if (/^(?:\.{1,2}\/|\/|~\/)/.test(text) || exists(text)) return null;
  let id = text;
  const scheme = /^(?:id|mid|msgid):/i.exec(id);
  if (scheme) {
    id = id.slice(scheme[0].length);
    // RFC 2392 mid: URLs are percent-encoded.
    if (scheme[0].toLowerCase() === 'mid:') id = safeDecode(id) ?? id;
  }
  id = stripBrackets(id);
  if (!looksLikeMessageId(id)) return null;
  return { messageId: id, base: cleanBase };
}

function fromUrl(text: string, base: string): MessageRef | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  // Work on the raw path: URL keeps percent-escapes, so an encoded '/' in an id survives splitting.
  const rawPath = url.pathname;
  const host = url.host.toLowerCase();
  if (MSGID_ONLY_HOSTS.has(host)) {
    const id = decodeId(rawPath.replace(/^\/+/, '').replace(/\/+$/, ''));
    return id ? { messageId: id, base } : null;
  }
  // The URL's own base: `base` when the URL lies under it (a base with a path), else its origin.
  let urlBase = url.origin;
  let rest = rawPath;
  const under = safeUrl(base);
  if (under && under.origin === url.origin && under.pathname !== '/' && (rawPath + '/').startsWith(trimSlash(under.pathname) + '/')) {
    urlBase = trimSlash(url.origin + under.pathname);
    rest = rawPath.slice(trimSlash(under.pathname).length);
  }
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts.length === 0) return null;
  // One segment: public-inbox's top-level `/<msgid>` redirector.
  if (parts.length === 1) {
    const id = decodeId(parts[0] ?? '');
    return id && id.includes('@') ? { messageId: id, base: urlBase } : null;
  }
  const first = safeDecode(parts[0] ?? '') ?? '';
  let idParts = parts.slice(1);
  const last = idParts[idParts.length - 1];
  if (idParts.length > 1 && last !== undefined && (VIEWS.has(last) || ATTACHMENT.test(last))) idParts = idParts.slice(0, -1);
  const id = decodeId(idParts.join('/'));
  if (!id) return null;
  const ref: MessageRef = { messageId: id, base: urlBase };
  if (!ANY_INBOX.has(first)) {
    if (!/^[\w-][\w.-]*$/.test(first)) return null;
    ref.list = first;
  }
  return ref;
}

function decodeId(raw: string): string | null {
  const decoded = safeDecode(raw);
  if (decoded === null) return null;
  const id = stripBrackets(decoded);
  return looksLikeMessageId(id) ? id : null;
}

function looksLikeMessageId(id: string): boolean {
  // RFC 5322 msg-id is id-left "@" id-right; nothing a mailer writes has spaces or brackets.
  return /^[^\s<>@]+@[^\s<>@]+$/.test(id);
}

function stripBrackets(s: string): string {
  const m = /^<(.*)>$/.exec(s.trim());
  return m ? (m[1] ?? '') : s.trim();
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/**
 * A Message-ID as one URL path segment, as public-inbox writes it: everything but RFC 3986
 * unreserved and sub-delim characters, ':' and '@' is percent-encoded ('/' too).
 */
export function midEscape(messageId: string): string {
  return Buffer.from(messageId, 'utf8')
    .toString('latin1')
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `<base>/<inbox>/<escaped id>/<view>`; inbox `all` is the extindex of every list. */
export function messageUrl(base: string, inbox: string, messageId: string, view: string): string {
  return `${trimSlash(base)}/${encodeURIComponent(inbox)}/${midEscape(messageId)}/${view}`;
}

/** `<base>/<inbox>/?q=<query>&x=m`: search results as a gzipped mbox (POST). */
export function searchUrl(base: string, inbox: string, query: string): string {
  const q = new URLSearchParams({ q: query, x: 'm' });
  return `${trimSlash(base)}/${encodeURIComponent(inbox)}/?${q.toString()}`;
}

/** `<base>/<inbox>/git/<epoch>.git`: one v2 epoch, clonable over smart HTTP. */
export function epochUrl(base: string, inbox: string, epoch: number): string {
  return `${trimSlash(base)}/${encodeURIComponent(inbox)}/git/${epoch}.git`;
}

export { trimSlash };
