/**
 * In-body headers compared with the reference: every case mail is given to the real
 * `git mailinfo` (git's own parser behind `git am`, no repository and no network needed) and to
 * kvetch, and the author, address, title, date and commit message must agree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseInBodyHeaders } from '../../../src/mail/in-body-headers.js';
import { parseMessage } from '../../../src/mail/message.js';
import { parseSubject } from '../../../src/mail/subject.js';
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

function gitMailinfo(mail: string): AmView {
  const run = spawnSync('git', ['mailinfo', '-u', join(dir, 'msg'), join(dir, 'patch')], {
    input: mail,
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
  });
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
    subject: parseSubject(ib.subject ?? m.subject).title,
    date: ib.date !== undefined ? instant(ib.date) : (m.date?.toISOString() ?? 'unparseable'),
    message: trimBlankLines(sep < 0 ? ib.rest : ib.rest.slice(0, sep)),
    inBodyFrom: ib.from !== undefined,
  };
}

for (const c of IN_BODY_CASES) {
  test(`in-body headers as git mailinfo reads them: ${c.name}`, async () => {
    const mail = caseMail(c);
    const git = gitMailinfo(mail);
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
