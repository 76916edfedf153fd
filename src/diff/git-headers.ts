/**
 * Hand-written readers for the header lines of a diff: `diff --git` paths (with spaces and
 * C-quoted names), `---`/`+++` names, git extended headers and `@@` hunk headers.
 * Also the `GIT binary patch` skipper. No regular expressions: all of it is linear.
 */

/** What the header lines of one file section said; filled in by `applyHeaderLine`. */
export interface SectionHeaders {
  git: boolean;
  /** Names from the `diff --git` line, prefixes already stripped. */
  gitOld: string | null;
  gitNew: string | null;
  /** Names from `---`/`+++` (null for /dev/null); undefined when the line was absent. */
  minus?: string | null;
  plus?: string | null;
  /** `Index:` name of CVS/SVN style diffs. */
  indexName?: string;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  similarity?: number;
  dissimilarity?: number;
  oldMode?: string;
  newMode?: string;
  /** Mode of the `index abc..def 100644` line (unchanged mode). */
  indexMode?: string;
  newFile: boolean;
  deletedFile: boolean;
  binary: boolean;
  /** Names from `Binary files x and y differ`, used only when nothing better is known. */
  binaryOld?: string | null;
  binaryNew?: string | null;
}

export function newSection(git: boolean): SectionHeaders {
  return { git, gitOld: null, gitNew: null, newFile: false, deletedFile: false, binary: false };
}

const ESCAPES: Record<string, number> = {
  a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92,
};

/**
 * Reads a C-quoted name starting at `s[start] === '"'`. Octal escapes are bytes of UTF-8.
 * Returns the decoded name and the index just after the closing quote, or null if unterminated.
 */
export function readQuoted(s: string, start: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length) {
    const ch = s[i] as string;
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[i + 1] as string;
      const esc = ESCAPES[next];
      if (esc !== undefined) {
        bytes.push(esc);
        i += 2;
        continue;
      }
      let n = 0;
      let k = i + 1;
      while (k < s.length && k < i + 4 && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 55) {
        n = n * 8 + (s.charCodeAt(k) - 48);
        k++;
      }
      if (k > i + 1) {
        bytes.push(n & 0xff);
        i = k;
        continue;
      }
      i++; // unknown escape: keep the next character literally
      continue;
    }
    const code = s.charCodeAt(i);
    if (code < 0x80) bytes.push(code);
    else for (const b of Buffer.from(s.slice(i, i + 1), 'utf8')) bytes.push(b);
    i++;
  }
  return null;
}

/** Unquotes a whole token if it is C-quoted, else returns it unchanged. */
export function unquote(token: string): string {
  if (token.charCodeAt(0) !== 34) return token;
  return readQuoted(token, 0)?.value ?? token.slice(1);
}

function stripPrefix(name: string, prefix: 'a/' | 'b/'): string {
  return name.startsWith(prefix) ? name.slice(2) : name;
}

/** The name of a `---`/`+++` line (after the 4-char marker): tab-timestamp dropped, /dev/null → null. */
export function fileLineName(rest: string, prefix: 'a/' | 'b/'): string | null {
  let name: string;
  if (rest.charCodeAt(0) === 34) {
    name = unquote(rest);
  } else {
    const tab = rest.indexOf('\t');
    name = (tab >= 0 ? rest.slice(0, tab) : rest).trimEnd();
  }
  if (name === '/dev/null' || name === '') return null;
  return stripPrefix(name, prefix);
}

/** Splits the part of a `diff --git ` line after the marker into the two names. */
export function gitLineNames(rest: string): [string | null, string | null] {
  let a: string;
  let b: string;
  if (rest.charCodeAt(0) === 34) {
    const q = readQuoted(rest, 0);
    if (!q) return [null, null];
    a = q.value;
    b = unquote(rest.slice(q.end).trimStart());
  } else {
    const quotedSecond = rest.indexOf(' "');
    const n = (rest.length - 1) / 2;
    if (quotedSecond >= 0) {
      a = rest.slice(0, quotedSecond);
      b = unquote(rest.slice(quotedSecond + 1));
    } else if (Number.isInteger(n) && rest[n] === ' ' && sameTail(rest, n)) {
      // `a/X b/X`: both names alike but for the prefix, so spaces in X are no problem.
      a = rest.slice(0, n);
      b = rest.slice(n + 1);
    } else {
      const cut = rest.indexOf(' b/');
      const at = cut >= 0 ? cut : rest.indexOf(' ');
      if (at < 0) return [null, null];
      a = rest.slice(0, at);
      b = rest.slice(at + 1);
    }
  }
  return [a ? stripPrefix(a, 'a/') : null, b ? stripPrefix(b, 'b/') : null];
}

/** True if rest[0..n) and rest[n+1..) agree after their first path component. */
function sameTail(rest: string, n: number): boolean {
  const s1 = rest.indexOf('/');
  const s2 = rest.indexOf('/', n + 1);
  if (s1 < 0 || s1 > n || s2 < 0) return rest.slice(0, n) === rest.slice(n + 1);
  return s1 === s2 - n - 1 && rest.slice(s1, n) === rest.slice(s2);
}

/** Reads an unsigned decimal at `s[i]`; returns [value, nextIndex] or null. */
function readNum(s: string, i: number): [number, number] | null {
  let v = 0;
  let k = i;
  while (k < s.length) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    k++;
  }
  return k > i ? [v, k] : null;
}

export interface HunkHeader {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

/** Parses `@@ -a[,b] +c[,d] @@ …`; null when malformed. */
export function parseHunkHeader(line: string): HunkHeader | null {
  if (!line.startsWith('@@ -')) return null;
  const os = readNum(line, 4);
  if (!os) return null;
  let i = os[1];
  let oldLines = 1;
  if (line[i] === ',') {
    const ol = readNum(line, i + 1);
    if (!ol) return null;
    oldLines = ol[0];
    i = ol[1];
  }
  while (line[i] === ' ') i++;
  if (line[i] !== '+') return null;
  const ns = readNum(line, i + 1);
  if (!ns) return null;
  i = ns[1];
  let newLines = 1;
  if (line[i] === ',') {
    const nl = readNum(line, i + 1);
    if (!nl) return null;
    newLines = nl[0];
    i = nl[1];
  }
  while (line[i] === ' ') i++;
  if (line[i] !== '@' || line[i + 1] !== '@') return null;
  return { oldStart: os[0], oldLines, newStart: ns[0], newLines };
}

function percent(s: string): number | undefined {
  const r = readNum(s, 0);
  return r && r[0] <= 100 ? r[0] : undefined;
}

/** Applies one extended header line to `h`. Returns false if the line is no known header. */
export function applyHeaderLine(h: SectionHeaders, line: string): boolean {
  switch (line.charCodeAt(0)) {
    case 111: // o
      if (line.startsWith('old mode ')) return set(h, 'oldMode', line.slice(9).trim());
      return false;
    case 110: // n
      if (line.startsWith('new mode ')) return set(h, 'newMode', line.slice(9).trim());
      if (line.startsWith('new file mode ')) {
        h.newFile = true;
        return set(h, 'newMode', line.slice(14).trim());
      }
      return false;
    case 100: // d
      if (line.startsWith('deleted file mode ')) {
        h.deletedFile = true;
        return set(h, 'oldMode', line.slice(18).trim());
      }
      if (line.startsWith('dissimilarity index ')) {
        h.dissimilarity = percent(line.slice(20));
        return true;
      }
      return false;
    case 115: // s
      if (!line.startsWith('similarity index ')) return false;
      h.similarity = percent(line.slice(17));
      return true;
    case 114: // r
      if (line.startsWith('rename from ')) return set(h, 'renameFrom', unquote(line.slice(12)));
      if (line.startsWith('rename to ')) return set(h, 'renameTo', unquote(line.slice(10)));
      return false;
    case 99: // c
      if (line.startsWith('copy from ')) return set(h, 'copyFrom', unquote(line.slice(10)));
      if (line.startsWith('copy to ')) return set(h, 'copyTo', unquote(line.slice(8)));
      return false;
    case 105: // i
      if (!line.startsWith('index ')) return false;
      {
        const sp = line.indexOf(' ', 6);
        if (sp > 0) h.indexMode = line.slice(sp + 1).trim() || undefined;
      }
      return true;
    case 66: // B
      if (!line.startsWith('Binary files ') || !line.endsWith(' differ')) return false;
      h.binary = true;
      {
        const body = line.slice(13, line.length - 7);
        const and = body.indexOf(' and ');
        if (and >= 0) {
          h.binaryOld = fileLineName(body.slice(0, and), 'a/');
          h.binaryNew = fileLineName(body.slice(and + 5), 'b/');
        }
      }
      return true;
    default:
      return false;
  }
}

function set<K extends 'oldMode' | 'newMode' | 'renameFrom' | 'renameTo' | 'copyFrom' | 'copyTo'>(
  h: SectionHeaders,
  key: K,
  value: string,
): true {
  h[key] = value;
  return true;
}

/** True for a line that can be part of a hunk body (space, `+`, `-`, backslash, or empty). */
export function isBodyLine(line: string | undefined): boolean {
  if (line === undefined) return false;
  const c = line.charCodeAt(0);
  return c === 32 || c === 43 || c === 45 || c === 92 || line === '';
}
