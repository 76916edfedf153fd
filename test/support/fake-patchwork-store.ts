/**
 * State of the fake patchwork: projects, people, series, patches, cover letters, checks and the
 * event log, built from mbox files with kvetch's own reader and series assembler. Dates are
 * patchwork's: naive UTC ISO strings (mail dates to the second, event dates to the microsecond).
 */
import { createHash } from 'node:crypto';
import { loadMboxSeries, type MailOfSeries, type MboxSeries } from './mbox-series.js';

export interface PwProject { id: number; linkName: string; name: string; listId: string; listEmail: string }
export interface PwPerson { id: number; name: string | null; email: string }
export interface PwUser { id: number; username: string; email: string }
export interface PwSubmission {
  id: number;
  kind: 'patch' | 'cover';
  project: PwProject;
  /** With angle brackets, as patchwork stores it. */
  msgid: string;
  name: string;
  date: string;
  submitter: PwPerson;
  raw: Buffer;
  series: PwSeriesRow;
  number: number;
  state: string;
  archived: boolean;
  commitRef: string | null;
  hash: string;
  checks: PwCheckRow[];
}
export interface PwSeriesRow {
  id: number;
  project: PwProject;
  name: string | null;
  date: string;
  submitter: PwPerson;
  version: number;
  total: number;
  cover: PwSubmission | null;
  patches: PwSubmission[];
}
export interface PwCheckRow { id: number; patch: PwSubmission; user: PwUser; date: string; state: string; targetUrl: string | null; context: string; description: string | null }
export interface PwEventRow {
  id: number;
  category: string;
  project: PwProject;
  date: string;
  series?: PwSeriesRow;
  patch?: PwSubmission;
  cover?: PwSubmission;
  check?: PwCheckRow;
}

export const PW_STATES = ['new', 'under-review', 'accepted', 'rejected', 'rfc', 'not-applicable', 'changes-requested', 'awaiting-upstream', 'superseded', 'deferred', 'mainlined', 'queued', 'needs-review-ack', 'handled-elsewhere'];

export class PwStore {
  readonly projects: PwProject[] = [];
  readonly people: PwPerson[] = [];
  readonly series: PwSeriesRow[] = [];
  readonly patches: PwSubmission[] = [];
  readonly covers: PwSubmission[] = [];
  readonly checks: PwCheckRow[] = [];
  readonly events: PwEventRow[] = [];
  readonly bot: PwUser = { id: 1, username: 'kvetch-bot', email: 'kvetch-bot@example.org' };
  private nextId = { series: 1, cover: 201, patch: 301, check: 1, event: 1, person: 1 };
  private lastStamp = 0n;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  addProject(p: { linkName: string; name?: string; listId?: string; listEmail?: string }): PwProject {
    const row: PwProject = {
      id: this.projects.length + 1,
      linkName: p.linkName,
      name: p.name ?? p.linkName.toUpperCase(),
      listId: p.listId ?? `${p.linkName}.vger.example.org`,
      listEmail: p.listEmail ?? `${p.linkName}@vger.example.org`,
    };
    this.projects.push(row);
    return row;
  }

  project(key: string): PwProject | undefined {
    return this.projects.find((p) => p.linkName === key || String(p.id) === key);
  }

  /** Add every series of an mbox to a project; events follow patchwork's order. */
  async addSeries(mbox: string | Buffer | { path: string }, opts: { project?: string; at?: string | Date } = {}): Promise<PwSeriesRow[]> {
    const project = opts.project ? this.project(opts.project) : this.projects[0];
    if (!project) throw new Error(`fake patchwork: no project ${opts.project ?? '(none configured)'}`);
    const out: PwSeriesRow[] = [];
    for (const ms of await loadMboxSeries(mbox)) out.push(this.addOne(ms, project, opts.at));
    return out;
  }

  /** Later patches of an existing series (the ones that were missing): may complete it. */
  async addPatches(seriesId: number, mbox: string | Buffer, opts: { at?: string | Date } = {}): Promise<PwSubmission[]> {
    const s = this.series.find((x) => x.id === seriesId);
    if (!s) throw new Error(`fake patchwork: no series ${seriesId}`);
    const wasComplete = s.patches.length >= s.total;
    const added: PwSubmission[] = [];
    for (const ms of await loadMboxSeries(mbox)) {
      for (const p of ms.series.patches) {
        const mail = ms.mails.get(p.messageId);
        if (!mail || s.patches.some((x) => x.number === p.index)) continue;
        const sub = this.submission('patch', mail, s, p.index);
        added.push(sub);
        this.event('patch-created', s.project, opts.at, { patch: sub });
      }
    }
    s.patches.sort((a, b) => a.number - b.number);
    if (!wasComplete && s.patches.length >= s.total) this.event('series-completed', s.project, opts.at, { series: s });
    return added;
  }

  addCheck(patch: PwSubmission, c: { state: string; targetUrl: string | null; context: string; description: string | null }): PwCheckRow {
    const row: PwCheckRow = { id: this.nextId.check++, patch, user: this.bot, date: this.stamp(undefined), ...c };
    patch.checks.push(row);
    this.checks.push(row);
    this.event('check-created', patch.project, undefined, { patch, check: row });
    return row;
  }

  private addOne(ms: MboxSeries, project: PwProject, at: string | Date | undefined): PwSeriesRow {
    const first = ms.series.cover ? ms.mails.get(ms.series.cover.messageId) : ms.mails.get(ms.series.patches[0]?.messageId ?? '');
    if (!first) throw new Error('fake patchwork: a series without mail');
    const s: PwSeriesRow = {
      id: this.nextId.series++,
      project,
      name: ms.series.subject || null,
      date: mailDate(first),
      submitter: this.person(first.record.author, first.record.authorAddress),
      version: ms.series.revision,
      total: ms.series.total,
      cover: null,
      patches: [],
    };
    this.series.push(s);
    this.event('series-created', project, at, { series: s });
    if (ms.series.cover) {
      const mail = ms.mails.get(ms.series.cover.messageId);
      if (mail) {
        s.cover = this.submission('cover', mail, s, 0);
        this.event('cover-created', project, at, { cover: s.cover });
      }
    }
    for (const p of ms.series.patches) {
      const mail = ms.mails.get(p.messageId);
      if (!mail) continue;
      const sub = this.submission('patch', mail, s, p.index);
      this.event('patch-created', project, at, { patch: sub });
    }
    if (s.patches.length >= s.total) this.event('series-completed', project, at, { series: s });
    return s;
  }

  private submission(kind: 'patch' | 'cover', mail: MailOfSeries, s: PwSeriesRow, number: number): PwSubmission {
    const sub: PwSubmission = {
      id: kind === 'patch' ? this.nextId.patch++ : this.nextId.cover++,
      kind,
      project: s.project,
      msgid: mail.record.messageId,
      name: patchName(mail.record.subject),
      date: mailDate(mail),
      submitter: this.person(mail.record.author, mail.record.authorAddress),
      raw: mail.bytes,
      series: s,
      number,
      state: 'new',
      archived: false,
      commitRef: null,
      hash: createHash('sha1').update(mail.bytes).digest('hex'),
      checks: [],
    };
    if (kind === 'patch') {
      this.patches.push(sub);
      s.patches.push(sub);
    } else this.covers.push(sub);
    return sub;
  }

  private person(author: string, email: string): PwPerson {
    const found = this.people.find((p) => p.email.toLowerCase() === email.toLowerCase());
    if (found) return found;
    const name = /^(.*?)\s*</.exec(author)?.[1]?.replace(/^"|"$/g, '') || null;
    const p: PwPerson = { id: this.nextId.person++, name, email };
    this.people.push(p);
    return p;
  }

  private event(category: string, project: PwProject, at: string | Date | undefined, rest: Omit<PwEventRow, 'id' | 'category' | 'project' | 'date'>): void {
    this.events.push({ id: this.nextId.event++, category, project, date: this.stamp(at), ...rest });
  }

  /** An event date: `at` as given, else the clock, kept strictly increasing by microseconds. */
  private stamp(at: string | Date | undefined): string {
    if (typeof at === 'string') return at;
    if (at) return naive(at, true);
    let us = BigInt(this.clock().getTime()) * 1000n;
    if (us <= this.lastStamp) us = this.lastStamp + 1n;
    this.lastStamp = us;
    const d = new Date(Number(us / 1000n));
    return `${naive(d, false)}.${String(us % 1000000n).padStart(6, '0')}`;
  }
}

/** `2023-09-20T18:18:00` (or with `.ffffff`). */
export function naive(d: Date, micros: boolean): string {
  const iso = d.toISOString();
  return micros ? `${iso.slice(0, 19)}.${iso.slice(20, 23)}000` : iso.slice(0, 19);
}

function mailDate(m: MailOfSeries): string {
  return m.record.date ? naive(new Date(m.record.date), false) : '1970-01-01T00:00:00';
}

/** patchwork's name: `[v2,1/2] title`, the PATCH prefix dropped, other prefixes kept. */
export function patchName(subject: string): string {
  let rest = subject.replace(/^\s*((re|aw|fwd?)\s*:\s*)+/i, '');
  const prefixes: string[] = [];
  for (let m = /^\s*\[([^\]]*)\]/.exec(rest); m; m = /^\s*\[([^\]]*)\]/.exec(rest)) {
    for (const p of (m[1] ?? '').split(/[\s,]+/)) if (p && p.toUpperCase() !== 'PATCH') prefixes.push(p);
    rest = rest.slice(m[0].length);
  }
  rest = rest.trim();
  return prefixes.length > 0 ? `[${prefixes.join(',')}] ${rest}` : rest;
}
