/**
 * In-body headers compared with the reference: every case mail, with LF and with CRLF line
 * ends, is given to the real `git mailsplit` and `git mailinfo` (what `git am` runs; no
 * repository and no network needed) and to kvetch, and the author, address, title, date and
 * commit message must agree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseInBodyHeaders } from '../../../src/mail/in-body-headers.js';
import { parseMessage } from '../../../src/mail/message.js';
import { commitTitle } from '../../../src/mail/subject.js';
import { IN_BODY_CASES, caseMail } from '../../support/in-body-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-mailinfo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface AmView {
  author: string;
  email: string;
  subject: string;
  date: string;
  message: string;
}

/** A date as both sides can be compared: the instant, or `unparseable`. */
function instant(s: string | undefined): string {
  const d = new Date((s ?? '').trim());
  return Number.isNaN(d.getTime()) ? 'unparseable' : d.toISOString();
}

const trimBlankLines = (s: string): string => s.replace(/^(?:[ \t]*\n)+/, '').trimEnd();

const GIT_ENV = { PATH: process.env['PATH'] ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

/** What git am does first with an mbox: `git mailsplit` (which drops the CR of CRLF lines). */
function gitMailsplit(mail: string): string {
  const out = join(dir, 'split');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  // mboxrd: a `From ` line of the mail is quoted with `>`, and mailsplit takes the `>` off again.
  const mbox = `From 0 Mon Sep 17 00:00:00 2001\n${mail.replace(/^(>*From )/gm, '>$1')}`;
  const run = spawnSync('git', ['mailsplit', '--mboxrd', `-o${out}`], { input: mbox, cwd: dir, encoding: 'utf8', env: GIT_ENV });
  assert.equal(run.status, 0, `git mailsplit failed: ${run.stderr}`);
  return readFileSync(join(out, '0001'), 'utf8');
}

function gitMailinfo(mail: string): AmView {
  const run = spawnSync('git', ['mailinfo', '-u', join(dir, 'msg'), join(dir, 'patch')], { input: mail, cwd: dir, encoding: 'utf8', env: GIT_ENV });
  assert.equal(run.status, 0, `git mailinfo failed: ${run.stderr}`);
  const field = (k: string): string => new RegExp(`^${k}: ?(.*)$`, 'm').exec(run.stdout)?.[1] ?? '';
  return {
    author: field('Author'),
    email: field('Email'),
    subject: field('Subject'),
    date: instant(field('Date')),
    message: trimBlankLines(readFileSync(join(dir, 'msg'), 'utf8')),
  };
}

async function kvetch(mail: string): Promise<AmView & { inBodyFrom: boolean }> {
  const m = await parseMessage({ source: 't', offset: 0, index: 0, bytes: Buffer.from(mail, 'utf8'), size: mail.length, oversized: false, truncated: false });
  const ib = parseInBodyHeaders(m.text);
  const who = ib.from ?? m.from;
  const sep = ib.rest.search(/^---$/m);
  return {
    author: who.name || who.address,
    email: who.address,
    subject: commitTitle(ib.subject ?? m.subject),
    date: ib.date !== undefined ? instant(ib.date) : (m.date?.toISOString() ?? 'unparseable'),
    message: trimBlankLines(sep < 0 ? ib.rest : ib.rest.slice(0, sep)),
    inBodyFrom: ib.from !== undefined,
  };
}

for (const [c, crlf] of IN_BODY_CASES.flatMap((x) => [[x, false], [x, true]] as const)) {
  test(`in-body headers as git am reads them${crlf ? ' (CRLF mail)' : ''}: ${c.name}`, async () => {
    const lf = caseMail(c);
    const mail = crlf ? lf.replace(/\n/g, '\r\n') : lf;
    const git = gitMailinfo(gitMailsplit(mail));
    const ours = await kvetch(mail);
    if (git.email === '') {
      // An in-body From: without an address: git am stops (`fatal: empty ident name (for <>)
      // not allowed`); kvetch keeps the sender as the author.
      assert.equal(ours.inBodyFrom, false);
    } else {
      assert.equal(ours.author, git.author, 'author name');
      assert.equal(ours.email, git.email.toLowerCase(), 'author address');
    }
    assert.equal(ours.subject, git.subject, 'title');
    assert.equal(ours.date, git.date, 'author date');
    assert.equal(ours.message, git.message, 'commit message');
    assert.equal(ours.inBodyFrom, c.author !== undefined, 'in-body author found');
    if (c.author !== undefined) assert.equal(ours.email, c.author);
  });
}
