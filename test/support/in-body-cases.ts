/**
 * Patch mails whose body opens (or does not) with in-body headers, written from git's
 * documented behaviour (`git help format-patch`: "From:" in the body when the author is not the
 * sender; `git help mailinfo`) and its edge cases: blank lines before the block, a header after
 * the block's blank line, folded values, RFC 2047 words, case, repeated headers, `>From`.
 * `author` is the in-body author's address when the body names one.
 */
export interface InBodyCase {
  name: string;
  /** The body up to the `---` line. */
  body: string;
  /** Replaces the mail's header block. */
  headers?: string;
  /** The address git am takes as the author's when it is not the sender's. */
  author?: string;
}

export const SENDER_HEADERS = [
  'From: Sender Person <sender@example.org>',
  'To: list@vger.kernel.org',
  'Subject: [PATCH v2 1/3] foo: mail subject',
  'Date: Mon, 1 Jan 2024 10:00:00 +0000',
  'Message-ID: <case@example.org>',
].join('\n');

const DIFF = ['---', ' a.c | 1 +', ' 1 file changed, 1 insertion(+)', '', 'diff --git a/a.c b/a.c', '--- a/a.c', '+++ b/a.c', '@@ -1 +1,2 @@', ' x', '+y', ''].join('\n');

export function caseMail(c: InBodyCase): string {
  return `${c.headers ?? SENDER_HEADERS}\n\n${c.body}${DIFF}`;
}

export const IN_BODY_CASES: readonly InBodyCase[] = [
  { name: 'no in-body header', body: 'Commit body.\n\nSigned-off-by: Sender Person <sender@example.org>\n' },
  { name: 'format-patch --from: From: then a blank line', body: 'From: Au Thor <author@example.org>\n\nCommit body.\n\nSigned-off-by: Au Thor <author@example.org>\nSigned-off-by: Sender Person <sender@example.org>\n', author: 'author@example.org' },
  { name: 'blank lines before From, Subject and Date', body: '\n\nFrom: Au Thor <author@example.org>\nSubject: in body subject\nDate: Tue, 2 Jan 2024 11:00:00 +0100\n\nBody\n', author: 'author@example.org' },
  { name: 'a From: line that is not at the top stays in the message', body: 'Body first\n\nFrom: Au Thor <author@example.org>\n' },
  { name: 'lower-case from: and subject:', body: 'from: Lower Case <lower@example.org>\nsubject: lower subj\n\nBody\n', author: 'lower@example.org' },
  { name: 'upper-case FROM: and a tagged SUBJECT:', body: 'FROM: Up Per <up@example.org>\nSUBJECT: [RFC PATCH] upper\n\nBody\n', author: 'up@example.org' },
  { name: '>From: is quoted, not a header', body: '>From: Quoted <q@example.org>\n\nBody\n' },
  { name: 'From space line (mbox style) is not a header', body: 'From a1@example.org Mon Sep 17 00:00:00 2001\nFrom: A One <a1@example.org>\n\nBody\n' },
  { name: 'RFC 2047 Q words in From and a folded Subject', body: 'From: =?UTF-8?q?J=C3=B6rg=20M=C3=BCller?= <jm@example.org>\nSubject: a folded\n subject line\n\tcontinues\n\nBody\n', author: 'jm@example.org' },
  { name: 'adjacent ISO-8859-1 words joined, a B word in Subject', body: 'From: =?ISO-8859-1?Q?Fran=E7ois?= =?ISO-8859-1?Q?_X?= =?UTF-8?q?avier?= <f@example.org>\nSubject: =?UTF-8?B?w6l0w6k=?= summer\n\nBody\n', author: 'f@example.org' },
  { name: 'the block ends at a body line without a blank line', body: 'From: Au Thor <author@example.org>\nBody directly after\n', author: 'author@example.org' },
  { name: 'Subject before From', body: 'Subject: only subject\nFrom: Au Thor <author@example.org>\n\nBody\n', author: 'author@example.org' },
  { name: 'a header after the blank line is body', body: 'From: A One <a1@example.org>\n\nSubject: after blank\n\nBody\n', author: 'a1@example.org' },
  { name: 'a second From: ends the block', body: 'From: A One <a1@example.org>\nFrom: B Two <b2@example.org>\n\nBody\n', author: 'a1@example.org' },
  { name: 'another header first: no block', body: 'Cc: someone <c@example.org>\nFrom: A One <a1@example.org>\n\nBody\n' },
  { name: 'a line of spaces is not an empty line', body: '  \n\t\nFrom: A One <a1@example.org>\n\nBody\n' },
  { name: 'quoted name with a comma, encoded subject word, unparseable date', body: 'From: "Last, First" <lf@example.org>\nSubject: =?UTF-8?q?f=C3=B6o:=20encoded?= subject\nDate: not a date\n\nBody\n', author: 'lf@example.org' },
  { name: 'a bare address', body: 'From: bare@example.org\n\nBody\n', author: 'bare@example.org' },
  { name: '[PATCH] line as the title, then From', body: '[PATCH] patch subject line\nFrom: A One <a1@example.org>\n\nBody\n', author: 'a1@example.org' },
  { name: 'Subject: then a [PATCH] line: the later wins', body: 'Subject: s1\n[PATCH] s2\n\nBody\n' },
  { name: 'in-body Subject with series tags', body: 'Subject: [PATCH 2/2] in-body with tags\n\nBody\n' },
  { name: 'in-body Subject with Re: and tags', body: 'Subject: Re: [PATCH v3 2/5] net: x\n\nBody\n' },
  { name: 'in-body Subject with two bracket groups and a bracket later', body: 'Subject: [PATCH net-next] [RFC] x: y [z]\n\nBody\n' },
  { name: 'in-body Subject: Fwd: stays, Re: goes', body: 'Subject: Fwd: Re: x: y\n\nBody\n' },
  { name: 'in-body Subject: Re: between tags, in capitals', body: 'Subject: [PATCH] RE: [PATCH] x (v3)\n\nBody\n' },
  { name: 'in-body Subject: a v3: prefix stays', body: 'Subject: v3: x\n\nBody\n' },
  { name: 'in-body Subject with runs of spaces', body: 'Subject:   spaced    out  \n\nBody\n' },
  { name: 'a name with a comment', body: 'From: Name (comment) <nc@example.org>\n\nBody\n', author: 'nc@example.org' },
  { name: 'folded From and a Date', body: 'Date: Wed, 3 Jan\n\t2024 12:00:00 +0000\nFrom: A One\n <a1@example.org>\n\n\n\nBody\n', author: 'a1@example.org' },
  { name: 'no space after the colon', body: 'From:A One <a1@example.org>\n\nBody\n', author: 'a1@example.org' },
  { name: 'a space before the colon is no header', body: 'From : Sp Ace <sp@example.org>\n\nBody\n' },
  { name: 'From: without an address', body: 'From:\nSubject: x\n\nBody\n' },
  { name: 'headers only, no message', body: 'From: A One <a1@example.org>\n', author: 'a1@example.org' },
  {
    name: 'quoted-printable body (git send-email with 8bit names)',
    headers: `${SENDER_HEADERS}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable`,
    body: 'From: J=C3=B6rg M=C3=BCller <JM@Example.org>\n\nBody with =C3=A9\n',
    author: 'jm@example.org',
  },
];
