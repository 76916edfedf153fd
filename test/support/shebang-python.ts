/** The Python interpreter a Debian Python program runs with (its shebang): the one that can import its modules. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function shebangPython(program: string, missing: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':')) {
    const text = await readFile(join(dir, program), 'utf8').catch(() => null);
    const shebang = text === null ? null : /^#!\s*(\S+)/.exec(text);
    if (shebang?.[1]) return shebang[1];
  }
  throw new Error(missing);
}
