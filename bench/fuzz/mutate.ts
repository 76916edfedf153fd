/**
 * Mutations of real input: bytes flipped, lines dropped, duplicated or swapped, truncation,
 * header edits and inserted lines. An input is a seed and a list of operations: fast-check
 * shrinks the list, so a minimised failure is a real mail with the fewest edits that break it.
 */
import fc from 'fast-check';

export type OpKind = 'flip' | 'drop' | 'dup' | 'swap' | 'truncate' | 'header' | 'insert';
export type Op = [OpKind, number, number];

/** Header lines a mutation puts in (the odd values kvetch must survive). */
const HEADERS = [
  'Message-ID: <>',
  'Message-ID:',
  'Date: not a date at all',
  'Date: Thu, 31 Feb 2023 25:61:00 +9999',
  'Subject: [PATCH 3/0] x: y',
  'Subject: [PATCH 5/3] x: y',
  'Subject: [PATCH 1/99999] x: y',
  'Subject: Re: [PATCH v2 2/2] x: y',
  'Content-Type: multipart/mixed; boundary="zz"',
  'Content-Type: text/plain; charset=iso-8859-1; format=flowed',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'In-Reply-To: <missing@example.org>',
  'References: <a@b> <c@d> <<>>',
  'From: =?utf-8?B?////?= <>',
];

/** Lines a mutation inserts anywhere (separators, diff starts, markers). */
const LINES = [
  'From mboxrd@z Thu Jan  1 00:00:00 1970',
  '>From quoted Thu Jan  1 00:00:00 1970',
  'From the start, this is body text',
  '---',
  '-- ',
  'diff --git a/x.c b/x.c',
  '--- a/x.c',
  '+++ b/x.c',
  '@@ -1,3 +1,2 @@',
  '@@ -0,0 +1 @@',
  '\\ No newline at end of file',
  '+EXPORT_SYMBOL(foo);',
  '-#include <linux/kvm_host.h>',
  '+\tselect KVM_VFIO',
  'Signed-off-by: A <a@b>',
  '--zz',
  '',
];

export const opArb: fc.Arbitrary<Op> = fc.tuple(
  fc.constantFrom<OpKind>('flip', 'drop', 'dup', 'swap', 'truncate', 'header', 'insert'),
  fc.nat(),
  fc.nat(),
);

export function mutationArb(seeds: readonly string[], maxOps = 6): fc.Arbitrary<{ seed: number; ops: Op[] }> {
  return fc.record({ seed: fc.nat({ max: seeds.length - 1 }), ops: fc.array(opArb, { maxLength: maxOps }) });
}

/** The seed with the operations applied, in order. */
export function mutate(text: string, ops: readonly Op[]): string {
  let s = text;
  for (const [kind, a, b] of ops) s = apply(s, kind, a, b);
  return s;
}

function apply(s: string, kind: OpKind, a: number, b: number): string {
  if (kind === 'flip') {
    if (s.length === 0) return String.fromCharCode(b & 0xff);
    const i = a % s.length;
    return s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) ^ (1 << b % 8)) & 0xff) + s.slice(i + 1);
  }
  if (kind === 'truncate') return s.slice(0, s.length === 0 ? 0 : a % (s.length + 1));
  const lines = s.split('\n');
  const i = a % lines.length;
  const j = b % lines.length;
  if (kind === 'drop') lines.splice(i, 1);
  else if (kind === 'dup') lines.splice(i, 0, lines[i] ?? '');
  else if (kind === 'swap') [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
  else if (kind === 'insert') lines.splice(i, 0, LINES[b % LINES.length] ?? '');
  else {
    // A header edit: replace or add one header line inside the header block.
    const end = lines.indexOf('');
    const top = end < 0 ? lines.length : end;
    const h = HEADERS[b % HEADERS.length] ?? '';
    const name = h.slice(0, h.indexOf(':') + 1).toLowerCase();
    const at = lines.findIndex((l, k) => k < top && l.toLowerCase().startsWith(name));
    if (at >= 0 && a % 2 === 0) lines[at] = h;
    else lines.splice(top === 0 ? 0 : a % top, 0, h);
  }
  return lines.join('\n');
}
