/**
 * Addresses as scripts/get_maintainer.pl writes them: `Name <addr>` with the name quoted when it
 * holds anything but ASCII letters, digits, `_`, space and `-`; the tree's `.mailmap` (which
 * get_maintainer applies to every address it prints); and the addresses it takes from the text
 * of a `.yaml` file (a devicetree binding's `maintainers:`). Pure: texts come from the caller.
 */

export interface Mailmap {
  /** Real names by address, or by `Name <addr>` of the wrong identity. */
  names: Map<string, string>;
  /** Real addresses by wrong address, or by `Name <addr>` of the wrong identity. */
  addresses: Map<string, string>;
}

export function emptyMailmap(): Mailmap {
  return { names: new Map(), addresses: new Map() };
}

/** A name that needs quoting: anything but ASCII word characters, space and `-`. */
function escapeName(name: string): string {
  if (!/[^A-Za-z0-9_ -]/.test(name)) return name;
  return `"${name.replace(/(?<!\\)"/g, '\\"')}"`;
}

/** One leading and one trailing `"` removed, then quoted again if needed. */
function cleanName(name: string): string {
  return escapeName(name.trim().replace(/^"|"$/g, ''));
}

/** `Name <addr>`, `<addr>` or `addr…` into name (quoted as needed) and address, as get_maintainer splits them. */
export function parseEmail(text: string): { name: string; address: string } {
  let name = '';
  let address = '';
  let m: RegExpExecArray | null;
  if ((m = /^([^<]+)<(.+@.*)>.*$/.exec(text))) {
    name = m[1] ?? '';
    address = m[2] ?? '';
  } else if ((m = /^\s*<(.+@\S*)>.*$/.exec(text))) {
    address = m[1] ?? '';
  } else if ((m = /^(.+@\S*).*$/.exec(text))) {
    address = m[1] ?? '';
  }
  return { name: cleanName(name), address: address.trim() };
}

/** `Name <addr>`, or the bare address when there is no name. */
export function formatEmail(name: string, address: string): string {
  const n = cleanName(name);
  const a = address.trim();
  return n === '' ? a : `${n} <${a}>`;
}

/** Parse a `.mailmap` (the four forms of git-shortlog(1)), later lines overriding earlier ones. */
export function parseMailmap(text: string): Mailmap {
  const map = emptyMailmap();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^<]+)<([^>]+)>$/.exec(line))) {
      const real = parseEmail(`${(m[1] ?? '').trimEnd()} <${m[2] ?? ''}>`);
      map.names.set(real.address, real.name);
    } else if ((m = /^<([^>]+)>\s*<([^>]+)>$/.exec(line))) {
      map.addresses.set(m[2] ?? '', m[1] ?? '');
    } else if ((m = /^(.+)<([^>]+)>\s*<([^>]+)>$/.exec(line))) {
      const real = parseEmail(`${(m[1] ?? '').trimEnd()} <${m[2] ?? ''}>`);
      map.names.set(m[3] ?? '', real.name);
      map.addresses.set(m[3] ?? '', real.address);
    } else if ((m = /^(.+)<([^>]+)>\s*(.+)\s*<([^>]+)>$/.exec(line))) {
      const real = parseEmail(`${(m[1] ?? '').trimEnd()} <${m[2] ?? ''}>`);
      const wrong = parseEmail(`${(m[3] ?? '').trimEnd()} <${m[4] ?? ''}>`);
      const key = formatEmail(wrong.name, wrong.address);
      map.names.set(key, real.name);
      map.addresses.set(key, real.address);
    }
  }
  return map;
}

/** The address as `.mailmap` renames it: by the whole `Name <addr>` first, else by the address. */
export function mailmapEmail(map: Mailmap, text: string): string {
  const { name, address } = parseEmail(text);
  const email = formatEmail(name, address);
  const key = map.names.has(email) || map.addresses.has(email) ? email : address;
  return formatEmail(map.names.get(key) ?? name, map.addresses.get(key) ?? address);
}

const FILE_EMAIL_RE = /[\p{L}"' ,.+-]*\s*,*\s*[(<{]?[A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9]+[)>}]?/gu;

/**
 * The addresses written in a file's text, with a best guess at the name before each (the last
 * two words, or three when one is an initial), as get_maintainer's `--file-emails` finds them
 * (on by default for `.yaml` files).
 */
export function fileEmails(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(FILE_EMAIL_RE)) {
    const bracketed = m[0].replace(/[(<{]?([A-Za-z0-9_.+-]+@[A-Za-z0-9.-]+)[)>}]?/g, '<$1>');
    const parsed = parseEmail(bracketed);
    const fields = parsed.name.replace(/^"(.*)"$/, '$1').split(/[^\p{L}',.+-]/u);
    while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop(); // Perl's split drops trailing empty fields
    const words = fields.filter((w) => !/^[',.+-]$/.test(w));
    let name: string;
    if (words.length > 2) {
      const first = words[words.length - 3] ?? '';
      const middle = words[words.length - 2] ?? '';
      const last = words[words.length - 1] ?? '';
      const initial = (w: string): boolean => w.length === 2 && w.endsWith('.');
      const withFirst = (first.length === 1 && /\p{L}/u.test(first)) || initial(first) || middle.length === 1 || initial(middle);
      name = withFirst ? `${first} ${middle} ${last}` : `${middle} ${last}`;
    } else {
      name = words.join(' ');
    }
    if (/[,.]$/.test(name)) name = name.slice(0, -1);
    if (/^[,.]/.test(name)) name = name.slice(1);
    out.push(formatEmail(name, parsed.address));
  }
  return out;
}
