/** One line of C (or a few joined): `/* … *\/` comments on it and a trailing `//` comment removed. */
export function stripLineComments(s: string): string {
  return s.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '');
}
