/**
 * Transfer encodings for test mail: a message re-sent quoted-printable or base64 (as some mail
 * clients send patches), and the same message the way b4 pipes it to a check command (headers
 * kept, body decoded: LoreMessage.get_msg_as_bytes).
 */

/** RFC 2045 quoted-printable of `text` (UTF-8), lines ≤ 76 with soft breaks. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let enc = '';
    for (const b of Buffer.from(line, 'utf8')) {
      const c = String.fromCharCode(b);
      enc += (b >= 33 && b <= 126 && c !== '=') || b === 32 || b === 9 ? c : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    enc = enc.replace(/[ \t]$/, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    while (enc.length > 76) {
      let cut = 75;
      // Never split an =XX escape.
      const esc = enc.lastIndexOf('=', cut);
      if (esc > cut - 3) cut = esc;
      out.push(`${enc.slice(0, cut)}=`);
      enc = enc.slice(cut);
    }
    out.push(enc);
  }
  return out.join('\n');
}

export type Encoding = 'quoted-printable' | 'base64';

/** `mail` (headers, blank line, body) with its body encoded and the header saying so. */
export function encodeMail(mail: string, encoding: Encoding): string {
  const cut = mail.indexOf('\n\n');
  const head = mail.slice(0, cut).replace(/^Content-Transfer-Encoding:.*\n?/im, '');
  const body = mail.slice(cut + 2);
  const encoded = encoding === 'base64' ? (Buffer.from(body, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n') : quotedPrintable(body);
  return `${head}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: ${encoding}\n\n${encoded}\n`;
}

/** What b4 pipes for an encoded `mail`: its headers as they are, its body decoded. */
export function asB4Pipes(encodedMail: string, original: string): string {
  const head = encodedMail.slice(0, encodedMail.indexOf('\n\n'));
  return `${head}\n\n${original.slice(original.indexOf('\n\n') + 2)}`;
}
