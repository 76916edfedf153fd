/**
 * RFC 2047 encoded words (`=?UTF-8?q?J=C3=B6rg?=`, `=?iso-8859-1?B?...?=`) decoded to text, for
 * header lines that mailparser never sees: the in-body `From:`/`Subject:` of a patch body.
 * White space between two adjacent encoded words is dropped (RFC 2047 §6.2). An unknown charset
 * or a malformed word is left as written. Pure, never throws.
 */

const WORD_RE = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const BETWEEN_WORDS_RE = /(\?=)[ \t]+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g;

function bytesOf(encoding: string, text: string): Buffer {
  if (encoding === 'b' || encoding === 'B') return Buffer.from(text, 'base64');
  const q = text.replace(/_/g, ' ');
  const out: number[] = [];
  for (let i = 0; i < q.length; i++) {
    const hex = q[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(q.slice(i + 1, i + 3))?.[0] : undefined;
    if (hex !== undefined) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(...Buffer.from(q[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(out);
}

function decodeWord(word: string, charset: string, encoding: string, text: string): string {
  // RFC 2231 adds a language after `*`: `UTF-8*en`.
  const cs = charset.replace(/\*.*$/, '');
  try {
    return new TextDecoder(cs).decode(bytesOf(encoding, text));
  } catch {
    return word;
  }
}

/** The header value with its encoded words decoded; text without any is returned as it is. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(BETWEEN_WORDS_RE, '$1').replace(WORD_RE, (word, charset: string, encoding: string, text: string) => decodeWord(word, charset, encoding, text));
}
