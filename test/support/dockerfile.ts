/**
 * A small Dockerfile reader for the tests of the image (test/unit/docker/, test/integration/
 * docker-recipe.test.ts): instructions with their line, flags (`--from=build`), shell or JSON
 * form; stages (FROM … AS name); line continuations and comments; `$VAR`/`${VAR}` substitution;
 * image references; and .dockerignore rules. It reads what the repository's Dockerfile uses, not
 * every corner of Docker's syntax (no escape directive, no heredocs, no ONBUILD).
 * dockerfile-build.ts runs the stages it reads.
 */

export interface Instruction {
  /** Upper case: FROM, RUN, COPY, … */
  keyword: string;
  /** 1-based line of the instruction's first line. */
  line: number;
  /** Leading `--name=value` options (`--name` alone: 'true'). */
  flags: Record<string, string>;
  /** The text after the keyword and the flags, continuations joined. */
  args: string;
  /** JSON (exec) form: the array. For HEALTHCHECK, the array after CMD. */
  json?: string[];
}

export interface Stage {
  index: number;
  /** The `AS` name, lower case as Docker keeps it. */
  name?: string;
  /** The base image (or an earlier stage's name), after global ARG substitution. */
  from: string;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM (usable in FROM lines). */
  globalArgs: Instruction[];
  stages: Stage[];
}

/** Options taken as `--name=value` before the arguments, per instruction. */
const FLAGGED = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
/** Instructions whose arguments may be a JSON array (exec form). */
const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'SHELL', 'VOLUME']);

function jsonArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Logical lines: comments and blank lines dropped, `\`-continued lines joined. */
export function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let current: { line: number; text: string } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continued = /\\\s*$/.test(raw);
    const body = continued ? raw.replace(/\\\s*$/, '') : raw;
    if (current) current.text += body;
    else current = { line: i + 1, text: body.trimStart() };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/** Shell-like words: whitespace-separated, '…' and "…" quoting, backslash escapes. */
export function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${text}`);
  if (inWord) out.push(word);
  return out;
}

export function parseInstruction(line: number, text: string): Instruction {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) throw new Error(`line ${line}: empty instruction`);
  const keyword = m[1]!.toUpperCase();
  let rest = m[2]!;
  const flags: Record<string, string> = {};
  if (FLAGGED.has(keyword)) {
    for (let f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); f; f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
      flags[f[1]!] = f[2] ?? 'true';
      rest = rest.slice(f[0].length);
    }
  }
  const args = rest.trim();
  let json: string[] | undefined;
  if (keyword === 'HEALTHCHECK') {
    const cmd = /^CMD\s+([\s\S]*)$/i.exec(args);
    json = cmd ? jsonArray(cmd[1]!) : undefined;
  } else if (JSON_FORM.has(keyword)) json = jsonArray(args);
  return { keyword, line, flags, args, ...(json ? { json } : {}) };
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const { line, text: t } of logicalLines(text)) {
    const ins = parseInstruction(line, t);
    if (ins.keyword === 'FROM') {
      const w = words(ins.args);
      const defaults = Object.fromEntries(globalArgs.map((a) => argDefault(a.args)));
      const from = substitute(w[0] ?? '', defaults);
      if (!from) throw new Error(`line ${line}: FROM without an image`);
      const as = w[1]?.toUpperCase() === 'AS' ? w[2] : undefined;
      if (w.length !== 1 && !(w.length === 3 && as)) throw new Error(`line ${line}: FROM image [AS name], not: ${ins.args}`);
      stages.push({ index: stages.length, ...(as ? { name: as.toLowerCase() } : {}), from, line, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${line}: ${ins.keyword} before the first FROM`);
      globalArgs.push(ins);
    } else stages.at(-1)!.instructions.push(ins);
  }
  if (stages.length === 0) throw new Error('no FROM: not a Dockerfile');
  return { globalArgs, stages };
}

/** `ARG NAME[=default]` → [name, default or '']. */
export function argDefault(args: string): [string, string] {
  const w = words(args)[0] ?? '';
  const eq = w.indexOf('=');
  return eq < 0 ? [w, ''] : [w.slice(0, eq), w.slice(eq + 1)];
}

/** ENV's pairs: `K=V K2="V 2"`, or the legacy `K the rest of the line`. */
export function envPairs(args: string): [string, string][] {
  const first = /^\s*([^\s=]+)(=?)/.exec(args);
  if (first && first[2] !== '=') return [[first[1]!, args.trim().slice(first[1]!.length).trim()]];
  return words(args).map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new Error(`ENV: expected KEY=VALUE, got ${w}`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alternative}`; `\$` stays a literal `$`. */
export function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced?: string, op?: string, word?: string, bare?: string) => {
    if (all === '\\$') return '$';
    const value = vars[(braced ?? bare)!];
    if (op === '-') return value ? value : (word ?? '');
    if (op === '+') return value ? (word ?? '') : '';
    return value ?? '';
  });
}

/** `registry:5000/name:tag@sha256:…` → its parts. */
export function parseImage(ref: string): { name: string; tag?: string; digest?: string } {
  const [rest, digest] = ref.split('@', 2) as [string, string | undefined];
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  return { name: hasTag ? rest.slice(0, colon) : rest, ...(hasTag ? { tag: rest.slice(colon + 1) } : {}), ...(digest ? { digest } : {}) };
}

/** The stage `--from=` names: an `AS` name or an index. */
export function findStage(df: Dockerfile, ref: string): Stage | undefined {
  return /^\d+$/.test(ref) ? df.stages[Number(ref)] : df.stages.find((s) => s.name === ref.toLowerCase());
}

export interface IgnoreRule {
  pattern: string;
  negate: boolean;
  regex: RegExp;
}

/** A .dockerignore pattern (Go filepath.Match plus `**`) as a regular expression over a relative path. */
function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (pattern.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`.dockerignore: unterminated [ in ${pattern}`);
      re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      return { pattern, negate, regex: globRegex(pattern) };
    });
}

/** Whether a context-relative path (a/b/c) is kept out: the last rule matching it or a parent directory decides. */
export function isIgnored(rules: readonly IgnoreRule[], relPath: string): boolean {
  const parts = relPath.split('/').filter((p) => p !== '' && p !== '.');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const r of rules) if (prefixes.some((p) => r.regex.test(p))) ignored = !r.negate;
  return ignored;
}
