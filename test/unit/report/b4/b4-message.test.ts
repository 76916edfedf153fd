/** b4 pipes headers as they were and the body decoded: the headers are corrected, real encodings left alone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { undoB4Decoding } from '../../../../src/report/b4/b4-message.js';
import { asB4Pipes, encodeMail, quotedPrintable } from '../../../support/mail-encodings.js';

const MAIL = [
  'From: Ada Example <ada@example.org>',
  'Subject: [PATCH] vfio: export it',
  'Message-Id: <qp@example.org>',
  '',
  'Signed-off-by: Ada Example <ada@example.org>',
  '---',
  'diff --git a/drivers/vfio/group.c b/drivers/vfio/group.c',
  '+\tstruct iommu_group *g =',
  '+\t\tvfio_group(file);  /* x=FF, caf\u00e9 */',
  '',
].join('\n');
const fix = (s: string) => undoB4Decoding(Buffer.from(s, 'utf8')).toString('utf8');
const cte = (s: string) => /^Content-Transfer-Encoding: (.*)$/im.exec(s)?.[1];

test('a decoded body under a quoted-printable header: the header says 8bit, the body is untouched', () => {
  const piped = asB4Pipes(encodeMail(MAIL, 'quoted-printable'), MAIL);
  assert.equal(cte(piped), 'quoted-printable');
  const out = fix(piped);
  assert.equal(cte(out), '8bit');
  assert.equal(out.slice(out.indexOf('\n\n')), piped.slice(piped.indexOf('\n\n')));
  assert.equal(out.match(/^Content-Transfer-Encoding:/gim)?.length, 1);
});

test('a decoded body under a base64 header: 8bit', () => {
  const out = fix(asB4Pipes(encodeMail(MAIL, 'base64'), MAIL));
  assert.equal(cte(out), '8bit');
  assert.match(out, /^\+\tstruct iommu_group \*g =$/m);
});

test('a message that really is encoded (piped by hand) is left alone', () => {
  for (const enc of ['quoted-printable', 'base64'] as const) {
    const real = encodeMail(MAIL, enc);
    assert.equal(fix(real), real, enc);
  }
  assert.match(quotedPrintable('a = b\nlong '.concat('x'.repeat(100))), /=\n/, 'the encoder under test really soft-breaks');
});

test('plain 8bit mail, an mbox and a header-only blob come back as they were', () => {
  const plain = Buffer.from(MAIL);
  assert.equal(undoB4Decoding(plain), plain);
  const mbox = Buffer.from(`From x Mon Sep 17 00:00:00 2001\n${encodeMail(MAIL, 'base64').replace(/^[A-Za-z0-9+/=]+$/m, 'not base64 !')}`);
  assert.equal(undoB4Decoding(mbox), mbox);
  const blob = Buffer.from('Subject: x');
  assert.equal(undoB4Decoding(blob), blob);
});

test('a multipart header over the text of one part (b4 keeps only the patch text): text/plain', () => {
  const head = 'From: a@example.org\nSubject: [PATCH] x\nMIME-Version: 1.0\nContent-Type: multipart/mixed;\n boundary="==b0und=="\n';
  const out = fix(`${head}\n${MAIL.slice(MAIL.indexOf('\n\n') + 2)}`);
  assert.match(out, /^Content-Type: text\/plain; charset=utf-8$/m);
  assert.doesNotMatch(out, /boundary/);
  assert.equal(cte(out), '8bit');
  const real = `${head}\n--==b0und==\nContent-Type: text/plain\n\nhi\n--==b0und==--\n`;
  assert.equal(fix(real), real, 'a real multipart body is kept');
});

test('CRLF header blocks keep CRLF', () => {
  const piped = asB4Pipes(encodeMail(MAIL, 'quoted-printable'), MAIL).replace(/\n/g, '\r\n');
  const out = fix(piped);
  assert.match(out, /\r\nContent-Transfer-Encoding: 8bit\r\n/);
});
