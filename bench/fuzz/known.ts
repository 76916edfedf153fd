/**
 * Properties that fail on this branch for bugs in files another change is fixing
 * (mail/series.ts, mail/subject.ts, mail/message.ts, pipeline/process-message.ts,
 * engine/input-findings.ts, pipeline/triage.ts), each with the smallest input the campaign
 * found. The short run (test/unit/fuzz/short.test.ts) holds every other property to zero
 * failures, and checks that each of these inputs still fails: once fixed, that check says so
 * and the entry goes, so the property is enforced from then on.
 */
import { renderMail, renderMbox } from './gen-mail.js';
import { toRecord, type Spec } from './targets/series.js';

export interface Known {
  target: string;
  property: string;
  /** The bug, as the lead's list names it. */
  issue: string;
  /** The minimal failing input; absent when the failure depends on the clock (not checkable). */
  input?: unknown;
}

const patch = (subject: string, id: string, date: number | string = 1_700_000_000): string =>
  renderMail({ from: 'Ann <ann@example.org>', messageId: id, date, subject, inReplyTo: null, references: [], body: 'A.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n' });
const spec = (counter: string): Spec => ({ id: 0, author: 0, minutes: null, version: '', counter, reply: false, parent: null, refs: [] });

const A = '(a) a series marked complete with numbers missing ([PATCH 3/0], [PATCH 5/3])';
const B = "(b) a patch whose Message-ID repeats an earlier mail's is dropped with no finding";
const C = '(c) a mail whose Date cannot be parsed gets the current time (report not deterministic)';
const D = '(d) huge totals like [PATCH 1/99999]';
const E = '(e) a `Message-ID: <>` header gives the Message-ID "<>" (mail/message.ts)';
const DATE = 'messages with an unparsable Date';

export const KNOWN: readonly Known[] = [
  { target: 'series', property: 'complete implies every number 1..total present (and no other)', issue: A, input: [toRecord(spec('3/0'), 0)] },
  { target: 'series', property: 'output grows with the input (at most 2 KB per record)', issue: D, input: [toRecord(spec('1/99999'), 0)] },
  { target: 'triage', property: 'complete implies all numbers present', issue: A, input: renderMbox([patch('[PATCH 3/0] x: y', '<p@x>')]) },
  { target: 'triage', property: 'report bounded by the input', issue: D, input: renderMbox([patch('[PATCH 1/99999] x: y', '<p@x>')]) },
  {
    target: 'triage',
    property: 'every mail with a diff is a patch or named by an input/* finding',
    issue: B,
    input: renderMbox([renderMail({ from: 'Rev <r@x>', messageId: '<same@x>', date: 1_700_000_000, subject: 'Re: [PATCH] x: y', inReplyTo: '<p@x>', references: ['<p@x>'], body: 'Looks good.\n' }), patch('[PATCH] x: z', '<same@x>')]),
  },
  { target: 'triage', property: 'report identical on a second run', issue: `${C}: ${DATE}` },
  { target: 'triage', property: 'report identical for gzip and chunked stream input', issue: `${C}: ${DATE}` },
  { target: 'triage', property: 'report identical for 2 worker threads', issue: `${C}: ${DATE}` },
  { target: 'message', property: 'parsing is deterministic', issue: `${C}: ${DATE}` },
  { target: 'message', property: 'Message-ID is one <…> token', issue: E, input: { text: 'Message-ID: <>\nFrom: a@b\nSubject: x\n\nbody\n', gen: null } },
  { target: 'cli', property: 'report identical for --jobs 1 and --jobs 2', issue: `${C}: ${DATE}` },
  { target: 'cli', property: 'report identical for gzip input', issue: `${C}: ${DATE}` },
  { target: 'cli', property: 'report identical for stdin input', issue: `${C}: ${DATE}` },
];
