/**
 * One raw message → one compact record: parse the mail, its subject, its body and its diff,
 * and note every input problem. Never throws: a message that cannot be parsed becomes a
 * record with a fatal problem, so the run goes on and nothing is silently lost.
 */
import { treeRelative } from '../util/tree-path.js';
import { ANALYZERS } from '../analyzers/index.js';
import { parseDiff } from '../diff/parse.js';
import { stablePatchId } from '../diff/patch-id.js';
import { runPatchPhase } from '../engine/run-analyzers.js';
import type { ParsedDiff } from '../diff/model.js';
import type { RawMessage } from '../model/raw-message.js';
import { automatedReason } from '../mail/automated.js';
import { displayAddress, parseInBodyHeaders } from '../mail/in-body-headers.js';
import { deriveMessageId, parseDateHeader, parseMessage } from '../mail/message.js';
import type { MailMessage } from '../mail/model.js';
import type { FileSummary } from '../model/series.js';
import { splitBody } from '../mail/split-body.js';
import { ownTrailers, parseReplyTrailers } from '../mail/reply-trailers.js';
import type { SplitBody } from '../mail/body-model.js';
import { MAX_SERIES_TOTAL, parseSubject } from '../mail/subject.js';
import { checkRawHeaders } from './raw-checks.js';
import type { InBodyFacts, InputProblem, MailKind, MessageRecord, ReplyFacts } from '../model/record.js';

const NO_BYTES = Buffer.alloc(0);

/**
 * Takes ownership of raw.bytes: once the mail is decoded they are released (raw.bytes emptied),
 * so a 30 MB message is not held twice while its diff is parsed.
 */
export interface ProcessOptions {
  /** Run the analyzers' patch phase (default true). */
  analyze?: boolean;
  /** Keep what a reply to the mail needs (record.reply): the daemon's intake, for its channels. */
  reply?: boolean;
  /**
   * Hand back a slim record (pipeline/slim-record.ts) with the full one serialised beside it
   * (`packed`), for a run that spills records to disk: the thread that takes it stores the bytes
   * as they are, with no copy of the full record in its heap.
   */
  pack?: boolean;
}

export async function processMessage(raw: RawMessage, opts: ProcessOptions = {}): Promise<MessageRecord> {
  const problems: InputProblem[] = checkRawHeaders(raw);
  const where = `message at byte ${raw.offset} of ${raw.source}`;
  if (raw.oversized) {
    problems.push({ kind: 'oversized-message', fatal: true, message: `${where} is ${raw.size} bytes, over the size limit; only its headers were read, its diff was not analysed (raise --max-message-size to analyse it)` });
  }
  if (raw.truncated) {
    problems.push({ kind: 'truncated-message', fatal: true, message: `${where} is cut off (the source ended inside it); its diff was not analysed` });
  }
  let mail: MailMessage;
  try {
    mail = await parseMessage(raw);
  } catch (e) {
    problems.push({ kind: 'unparseable-message', fatal: true, message: `${where} could not be parsed as mail: ${(e as Error).message}` });
    return emptyRecord(raw, problems, deriveMessageId(raw.bytes));
  }
  if (problems.some((p) => p.kind === 'unparseable-message')) {
    const derived = deriveMessageId(raw.bytes);
    const r = fill(emptyRecord(raw, problems, derived), mail);
    if (mail.messageIdDerived) r.messageId = derived;
    return r;
  }
  raw.bytes = NO_BYTES;
  if (mail.messageIdDerived && mail.formatPatch) {
    // Local `git format-patch` output has no Message-ID until git send-email adds one: said once a run.
    problems.push({ kind: 'no-message-ids', fatal: false, summary: true, message: `${where} is local git format-patch output without a Message-ID; kvetch derived ${mail.messageId} from its content` });
  } else if (mail.messageIdDerived) {
    problems.push({ kind: 'missing-message-id', fatal: false, message: `${where} has no Message-ID; kvetch derived ${mail.messageId} from its content` });
  }
  if (mail.badDate !== undefined) {
    const dated = mail.date ? `dated ${mail.date.toISOString()} by its mbox From line` : 'left undated (its series is ordered by arrival)';
    problems.push({ kind: 'bad-date', fatal: false, message: `${mail.messageId}: its Date: header ${JSON.stringify(mail.badDate)} cannot be parsed; ${dated}` });
  }
  const record = fill(emptyRecord(raw, problems, mail.messageId), mail);
  const subject = record.parsedSubject;
  const damaged = raw.oversized || raw.truncated;
  let diff: ParsedDiff | null = null;
  let changeId: string | null = null;
  let diffText = '';
  let body: SplitBody | null = null;
  if (!damaged) {
    body = splitBody(mail.text);
    changeId = body.footers.find((f) => f.key.toLowerCase() === 'change-id')?.value ?? null;
    diffText = [body.diff ?? '', ...mail.patchParts].filter((t) => t.length > 0).join('\n');
    // A `0/N` mail is the cover letter even with a diff in it (`git format-patch --interdiff`
    // puts the diff between two revisions there): never analysed as a change.
    if (diffText && !isCoverCounter(subject)) diff = parseDiff(diffText);
  }
  const hasDiff = diff !== null && diff.files.length > 0;
  // A diff that parses into no file (a `@@@` hunk header, a header with no usable path, a diff cut
  // short) still makes the mail a patch, as b4 would take it: never a comment or an orphan.
  const brokenDiff = diff !== null && !hasDiff;
  if (diff) {
    for (const p of diff.problems) {
      if (p.kind === 'no-files' && !brokenDiff) continue;
      problems.push({ kind: `diff-${p.kind}`, fatal: true, message: `${mail.messageId}: ${p.message}`, ...(p.path ? { path: p.path } : {}) });
    }
    for (const path of unsafePaths(diff.files)) {
      problems.push({ kind: 'unsafe-path', fatal: false, message: `${mail.messageId} names ${JSON.stringify(path)}, a path outside any source tree (absolute, or climbing out with ..); kvetch never reads it, the rest of the patch is analysed`, path });
    }
  }
  const kind = classify(subject, hasDiff || ((damaged || brokenDiff) && subject.index !== 0));
  const counter = kind === 'comment' ? null : counterProblem(mail.messageId, subject);
  if (counter) problems.push(counter);
  record.kind = kind;
  record.hasDiff = hasDiff;
  record.changeId = changeId;
  const inBody = kind === 'comment' || damaged ? null : inBodyFacts(mail.text, problems, mail.messageId);
  if (inBody) record.inBody = inBody;
  record.files = diff ? diff.files.map(summarise) : [];
  if (body) keepTrailers(record, body, mail.text);
  const patchId = kind === 'patch' && hasDiff ? stablePatchId(diffText) : null;
  if (patchId !== null) record.patchId = patchId;
  if (opts.reply) record.reply = replyFacts(mail, kind === 'patch' && diffText ? diffText : undefined);
  if (opts.analyze !== false && kind === 'patch' && diff && hasDiff) {
    const analysis = runPatchPhase(ANALYZERS, { messageId: mail.messageId, subject: mail.subject, files: diff.files });
    if (analysis.findings.length > 0 || Object.keys(analysis.facts).length > 0) record.analysis = analysis;
  }
  return record;
}

/** A patch's own trailers, a reply's given ones, the b4 footers: only when there are some (records stay small). */
function keepTrailers(record: MessageRecord, body: SplitBody, text: string): void {
  const base = body.footers.find((f) => f.key === 'base-commit');
  if (base) record.baseCommit = base.value;
  const prereq = body.footers.filter((f) => f.key === 'prerequisite-patch-id').map((f) => f.value);
  if (prereq.length > 0) record.prerequisitePatchIds = prereq;
  if (record.kind === 'cover') return;
  const got = record.kind === 'patch' ? { trailers: ownTrailers(body.trailers), bad: [] } : parseReplyTrailers(text);
  if (got.trailers.length > 0) record.trailers = got.trailers;
  if (got.bad.length > 0) record.badTrailers = got.bad.length;
}

/** The in-body From:/Subject:/Date: of the body, null when it has none (or none that counts). */
function inBodyFacts(text: string, problems: InputProblem[], id: string): InBodyFacts | null {
  const h = parseInBodyHeaders(text);
  const out: InBodyFacts = {};
  if (h.from) out.from = h.from;
  if (h.subject !== undefined) out.subject = h.subject;
  const date = h.date === undefined ? null : parseDateHeader(h.date);
  if (date) out.date = date.toISOString();
  else if (h.date !== undefined) problems.push({ kind: 'bad-date', fatal: false, message: `${id}: its in-body Date: ${JSON.stringify(h.date.slice(0, 200))} cannot be parsed; the patch has no author date (the mail's own date stands)` });
  return Object.keys(out).length > 0 ? out : null;
}

const COMMAND_LINE = /^kvetch:[^\n]*/gim;

function replyFacts(mail: MailMessage, diff: string | undefined): ReplyFacts {
  const commands = (mail.text.match(COMMAND_LINE) ?? []).slice(0, 10).map((l) => l.trimEnd());
  return { from: mail.from, to: mail.to, cc: mail.cc, headers: mail.headers, commands, ...(diff !== undefined ? { diff } : {}) };
}

/** A counter no series can have: over MAX_SERIES_TOTAL (ignored), or numbering the patch above N. */
function counterProblem(id: string, s: MessageRecord['parsedSubject']): InputProblem | null {
  if (s.counterIgnored !== undefined) {
    return { kind: 'bad-counter', fatal: false, message: `${id}: the counter ${s.counterIgnored} announces more than ${MAX_SERIES_TOTAL} patches; it was not believed, the mail is a series of its own` };
  }
  if (s.index !== null && s.total !== null && s.index > s.total) {
    return { kind: 'bad-counter', fatal: false, message: `${id}: the counter ${s.index}/${s.total} numbers the patch above the total; it is kept as an extra patch of its series, which is complete only when patches 1..${Math.max(s.total, 1)} arrived` };
  }
  return null;
}

/** A non-reply `0/N` (N ≥ 1): the cover letter, with or without a diff (b4's rule). A `0/0` with a diff covers nothing: a patch. */
const isCoverCounter = (s: MessageRecord['parsedSubject']): boolean => !s.isReply && s.index === 0 && (s.total ?? 0) >= 1;

/** patchwork's rule, with b4's for covers: a cover counter is a cover; a non-reply with a diff is a patch; a non-reply `0/N` without one a cover. */
function classify(s: MessageRecord['parsedSubject'], hasDiff: boolean): MailKind {
  if (s.isReply) return 'comment';
  if (isCoverCounter(s)) return 'cover';
  if (hasDiff) return 'patch';
  if (s.index === 0) return 'cover';
  return 'comment';
}

function summarise(f: ParsedDiff['files'][number]): FileSummary {
  const s: FileSummary = { path: f.path, status: f.status, additions: f.additions, deletions: f.deletions, binary: f.binary };
  if (f.oldPath && f.oldPath !== f.path) s.oldPath = f.oldPath;
  return s;
}

function fill(r: MessageRecord, mail: MailMessage): MessageRecord {
  r.messageId = mail.messageId;
  r.messageIdDerived = mail.messageIdDerived;
  r.author = displayAddress(mail.from);
  r.authorAddress = mail.from.address;
  r.date = mail.date ? mail.date.toISOString() : null;
  r.subject = mail.subject;
  r.parsedSubject = parseSubject(mail.subject);
  r.inReplyTo = mail.inReplyTo;
  r.references = mail.references;
  r.automated = automatedReason(mail);
  return r;
}

function emptyRecord(raw: RawMessage, problems: InputProblem[], messageId: string): MessageRecord {
  return {
    index: raw.index,
    source: raw.source,
    offset: raw.offset,
    messageId,
    messageIdDerived: true,
    author: '',
    authorAddress: '',
    date: null,
    subject: '',
    parsedSubject: parseSubject(''),
    inReplyTo: null,
    references: [],
    kind: 'comment',
    hasDiff: false,
    automated: null,
    files: [],
    changeId: null,
    problems,
  };
}

/** Paths of the diff that no tree could hold (absolute, climbing out with `..`, NUL), each once. */
function unsafePaths(files: readonly { oldPath: string | null; newPath: string | null }[]): string[] {
  const bad = new Set<string>();
  for (const f of files) for (const p of [f.oldPath, f.newPath]) if (p !== null && p !== '/dev/null' && treeRelative(p) === null) bad.add(p);
  return [...bad];
}
