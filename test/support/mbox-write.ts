/** Raw mails back into one mboxrd stream (what the offline reader takes): `From ` lines quoted. */
export function toMbox(mails: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of mails) {
    parts.push(Buffer.from('From kvetch@localhost Thu Jan  1 00:00:00 1970\n'));
    const text = m.toString('latin1').replace(/\r\n/g, '\n');
    parts.push(Buffer.from(text.replace(/^(>*From )/gm, '>$1'), 'latin1'));
    parts.push(Buffer.from(text.endsWith('\n') ? '\n' : '\n\n'));
  }
  return Buffer.concat(parts);
}
