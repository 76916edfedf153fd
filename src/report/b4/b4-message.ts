/**
 * The message as b4 pipes it to a check command, made readable as mail again. b4 serialises it
 * with `LoreMessage.get_msg_as_bytes()` (src/b4/__init__.py): every header as it was, then the
 * body from `get_payload(decode=True)`, i.e. with its transfer encoding already undone, and for
 * a multipart mail the text of its patch part only. Taken literally, a quoted-printable patch
 * would be decoded twice (a C line ending in ` =` would be joined with the next one) and a
 * base64 one would be garbage. So: when the headers announce an encoding the body does not
 * have, they are corrected to what the body is. A message that really is encoded (piped by hand
 * from a mail file) is left alone. Pure.
 */

const BASE64_BODY = /^[A-Za-z0-9+/=\s]*$/;
const QP_HEX = /=[0-9A-F]{2}/;
const QP_BAD_EQUALS = /=(?![0-9A-F]{2}|\r?\n|$)/;
const NON_ASCII = /[\x80-\uffff]/;

export function undoB4Decoding(bytes: Buffer): Buffer {
  // An mbox (`From ` line first) is not what b4 pipes: it is read as it is.
  if (bytes.subarray(0, 5).toString('latin1') === 'From ') return bytes;
  const split = headerEnd(bytes);
  if (!split) return bytes;
  const head = bytes.toString('latin1', 0, split.headEnd);
  const body = bytes.subarray(split.bodyStart);
  const nl = head.includes('\r\n') ? '\r\n' : '\n';
  const type = header(head, 'content-type')?.toLowerCase() ?? '';
  const cte = header(head, 'content-transfer-encoding')?.trim().toLowerCase() ?? '';
  let fixed = head;
  if (type.startsWith('multipart/')) {
    const boundary = /boundary\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1];
    if (boundary && body.includes(`--${boundary}`)) return bytes;
    // b4 handed over the text of the patch part only.
    fixed = replaceHeader(fixed, 'content-type', 'text/plain; charset=utf-8', nl);
    fixed = replaceHeader(fixed, 'content-transfer-encoding', '8bit', nl);
  } else if (cte === 'base64' || cte === 'quoted-printable') {
    const text = body.toString('latin1');
    const encoded = cte === 'base64' ? BASE64_BODY.test(text) : looksQuotedPrintable(text);
    if (encoded) return bytes;
    fixed = replaceHeader(fixed, 'content-transfer-encoding', '8bit', nl);
  } else {
    return bytes;
  }
  return Buffer.concat([Buffer.from(fixed, 'latin1'), bytes.subarray(split.headEnd)]);
}

/**
 * Quoted-printable as sent (RFC 2045): 7-bit, every `=` an `=XX` escape or a soft line break,
 * at least one escape (a patch has `=` in it, sent as `=3D`), no line longer than 76. A decoded
 * patch fails this: `a = b`, `x == y`, a long diff line, a non-ASCII name.
 */
function looksQuotedPrintable(text: string): boolean {
  return !NON_ASCII.test(text) && QP_HEX.test(text) && !QP_BAD_EQUALS.test(text) && text.split(/\r?\n/).every((l) => l.length <= 76);
}

function headerEnd(bytes: Buffer): { headEnd: number; bodyStart: number } | null {
  const lf = bytes.indexOf('\n\n');
  const crlf = bytes.indexOf('\r\n\r\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  return lf >= 0 ? { headEnd: lf, bodyStart: lf + 2 } : null;
}

/** The unfolded value of the first header `name` (lower case) in the header block. */
function header(head: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head);
  return m?.[1]?.replace(/\r?\n[ \t]+/g, ' ');
}

/** Replace header `name` (with its folded lines) by `name: value`, or add it at the end. */
function replaceHeader(head: string, name: string, value: string, nl: string): string {
  const re = new RegExp(`^${name}:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*`, 'im');
  const canonical = name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => `${dash}${c.toUpperCase()}`);
  return re.test(head) ? head.replace(re, `${canonical}: ${value}`) : `${head}${nl}${canonical}: ${value}`;
}
