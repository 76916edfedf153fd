/**
 * Patch-mail subject parsing: reply markers, `[PATCH v3 2/7]`-style bracket
 * prefixes, version, counter and tree/list tags. Pure, never throws.
 */
import type { ParsedSubject } from '../model/subject.js';

/** One reply marker at the start: `Re:`, `RE :`, `Re[2]:`, `Re^2:`, `Aw:`, `Fwd:`, `Fw:`, `Sv:`, `Antw:`. */
const REPLY_RE = /^(?:re|aw|fwd?|sv|antw)(?:\[\d{1,4}\]|\^\d{1,4})? ?: ?/i;
/** `PATCH`, `RFC`, `RESEND`, optionally glued to a version: `PATCHv3`, `PATCH-v3`, `RFCv2`. */
const KEYWORD_RE = /^(patch|rfc|resend)(?:[-_]?v(\d{1,6}))?$/i;
const VERSION_RE = /^v(\d{1,6})$/i;
const COUNTER_RE = /^(\d{1,6})\/(\d{1,6})$/;
const DIGITS_RE = /^\d{1,6}$/;
/** Patchwork-style version at the end of the title: `(v3)`. */
const TRAILING_VERSION_RE = / ?\(v(\d{1,6})\)$/i;
/** `v3: summary` at the start of the title. */
const LEADING_VERSION_RE = /^v(\d{1,6}): ?/i;

interface State {
  patch: boolean;
  rfc: boolean;
  resend: boolean;
  version: number | null;
  index: number | null;
  total: number | null;
  tags: string[];
  prefixes: string[];
  ignored?: string;
}

function setVersion(st: State, digits: string | undefined): void {
  if (digits === undefined || st.version !== null) return;
  const v = Number(digits);
  if (v >= 1) st.version = v;
}

/**
 * The largest `N` of `[PATCH i/N]` taken as a series total. The biggest kernel series are a few
 * hundred patches; a larger N is a typo or hostile, and believing it would make a series of
 * N expected patches out of one mail.
 */
export const MAX_SERIES_TOTAL = 10_000;

function setCounter(st: State, index: string, total: string): void {
  if (st.index !== null || st.ignored !== undefined) return;
  const i = Number(index);
  const n = Number(total);
  if (i > MAX_SERIES_TOTAL || n > MAX_SERIES_TOTAL) {
    st.ignored = `${index}/${total}`;
    return;
  }
  st.index = i;
  st.total = n;
}

/** Applies a PATCH/RFC/RESEND keyword; returns false when `word` is none of them. */
function applyKeyword(st: State, word: string): boolean {
  const m = KEYWORD_RE.exec(word);
  if (!m) return false;
  const kw = (m[1] ?? '').toLowerCase();
  if (kw === 'patch') st.patch = true;
  else if (kw === 'rfc') st.rfc = true;
  else st.resend = true;
  setVersion(st, m[2]);
  return true;
}

/**
 * Parses the inside of one `[...]` group into the state.
 * Returns true when the group holds a patch-like token (keyword or counter).
 */
function parseBracket(inner: string, st: State): boolean {
  const tokens = inner.split(/[\s,]+/).filter((t) => t !== '');
  st.prefixes.push(...tokens);
  let patchLike = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] ?? '';
    if (applyKeyword(st, tok)) {
      patchLike = true;
      continue;
    }
    const v = VERSION_RE.exec(tok);
    if (v) {
      setVersion(st, v[1]);
      continue;
    }
    const c = COUNTER_RE.exec(tok);
    if (c) {
      setCounter(st, c[1] ?? '0', c[2] ?? '0');
      patchLike = true;
      continue;
    }
    // Mercurial style: `1 of 2`.
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (
      DIGITS_RE.test(tok) &&
      next !== undefined &&
      next.toLowerCase() === 'of' &&
      after !== undefined &&
      DIGITS_RE.test(after)
    ) {
      setCounter(st, tok, after);
      patchLike = true;
      i += 2;
      continue;
    }
    // `RFC/PATCH`, `PATCH/RFC`: every part must be a keyword.
    if (tok.includes('/')) {
      const parts = tok.split('/');
      if (parts.every((p) => KEYWORD_RE.test(p))) {
        for (const p of parts) applyKeyword(st, p);
        patchLike = true;
        continue;
      }
    }
    st.tags.push(tok.toLowerCase());
  }
  return patchLike;
}

export function parseSubject(subject: string): ParsedSubject {
  const raw = (typeof subject === 'string' ? subject : '').replace(/\s+/g, ' ').trim();
  const st: State = {
    patch: false,
    rfc: false,
    resend: false,
    version: null,
    index: null,
    total: null,
    tags: [],
    prefixes: [],
  };
  let isReply = false;
  let patchSeen = false;
  let rest = raw;
  for (;;) {
    if (rest.startsWith(' ')) rest = rest.slice(1);
    // Reply markers count in front and between list tags (`[Intel-gfx] Re: [PATCH]`),
    // but not once the patch prefix has been seen: after it the title begins.
    if (!patchSeen) {
      const m = REPLY_RE.exec(rest);
      if (m) {
        isReply = true;
        rest = rest.slice(m[0].length);
        continue;
      }
    }
    if (!rest.startsWith('[')) break;
    const close = rest.indexOf(']');
    if (close < 0) break;
    if (parseBracket(rest.slice(1, close), st)) patchSeen = true;
    rest = rest.slice(close + 1);
  }
  let title = rest.trim();
  if (st.version === null) {
    const trailing = TRAILING_VERSION_RE.exec(title);
    const leading = trailing ? null : LEADING_VERSION_RE.exec(title);
    const m = trailing ?? leading;
    if (m && Number(m[1]) >= 1) {
      st.version = Number(m[1]);
      title = trailing ? title.slice(0, m.index).trim() : title.slice(m[0].length).trim();
    }
  }
  return {
    raw,
    isReply,
    isPatch: st.patch || st.rfc || st.resend || st.index !== null || st.ignored !== undefined,
    rfc: st.rfc,
    resend: st.resend,
    version: st.version ?? 1,
    versionInferred: st.version === null,
    index: st.index,
    total: st.total,
    counterInferred: st.index === null,
    ...(st.ignored !== undefined ? { counterIgnored: st.ignored } : {}),
    tags: st.tags,
    prefixes: st.prefixes,
    title,
  };
}

/**
 * The commit title `git am` makes of a subject (`git help mailinfo`, without `-k`): leading and
 * trailing white space, a leading `Re:` (any case) or `:`, and leading bracketed strings are
 * removed until none is left, then runs of white space become one space. Unlike `title` above,
 * `Fwd:`, `(v3)` and `v3:` stay: this is the title the commit gets, not the series'.
 */
export function commitTitle(subject: string): string {
  let s = subject.trim();
  for (;;) {
    if (/^re:/i.test(s)) s = s.slice(3).trimStart();
    else if (s.startsWith(':')) s = s.slice(1).trimStart();
    else if (s.startsWith('[') && s.includes(']')) s = s.slice(s.indexOf(']') + 1).trimStart();
    else break;
  }
  return s.replace(/\s+/g, ' ').trim();
}
