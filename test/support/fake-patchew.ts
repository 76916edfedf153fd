/**
 * A fake patchew that speaks its REST API v1 (patchew-project/patchew api/urls.py and
 * api/rest) for the endpoints kvetch reads: projects (by id, and by-name with its 307 redirect),
 * series lists with limit/offset paging (`{next, previous, results}`), a series with its patches,
 * the series mbox (404 until the series is complete), the `?q=id:<msgid>` search, and the web
 * mbox `/<project>/<msgid>/mbox`. Series come from mbox files through kvetch's own assembler.
 */
import { type Fault, type FakeRequest, type FakeServer, json, type Reply, startFakeServer } from './fake-http.js';
import { ctime, loadMboxSeries, type MboxSeries, mboxrdQuote } from './mbox-series.js';

export interface FakePatchewOptions {
  /** Default: one project, "QEMU". */
  projects?: string[];
  series?: Array<{ mbox: string | Buffer | { path: string }; project?: string }>;
  /** Default page size (PAGE_SIZE, 50). */
  pageSize?: number;
}

interface Row {
  project: { id: number; name: string };
  ms: MboxSeries;
  /** Series head: the cover letter, else the one patch. */
  head: string;
}

export interface FakePatchew {
  base: string;
  requests: FakeRequest[];
  /** Adds the series of an mbox; returns their head Message-IDs (no brackets). */
  addSeries(mbox: string | Buffer | { path: string }, project?: string): Promise<string[]>;
  setFault(f: Fault): void;
  stop(): Promise<void>;
}

export async function startFakePatchew(opts: FakePatchewOptions = {}): Promise<FakePatchew> {
  const projects = (opts.projects ?? ['QEMU']).map((name, i) => ({ id: i + 1, name }));
  const rows: Row[] = [];
  const add = async (mbox: string | Buffer | { path: string }, name?: string): Promise<string[]> => {
    const project = name ? projects.find((p) => p.name === name) : projects[0];
    if (!project) throw new Error(`fake patchew: no project ${name}`);
    const heads: string[] = [];
    for (const ms of await loadMboxSeries(mbox)) {
      const head = bare(ms.series.cover?.messageId ?? ms.series.patches[0]?.messageId ?? '');
      rows.push({ project, ms, head });
      heads.push(head);
    }
    return heads;
  };
  for (const s of opts.series ?? []) await add(s.mbox, s.project);
  const limit = opts.pageSize ?? 50;
  const server: FakeServer = await startFakeServer((_req, url) => route(url, projects, rows, limit));
  return { base: server.base, requests: server.requests, addSeries: add, setFault: (f) => server.setFault(f), stop: () => server.stop() };
}

const NOT_FOUND = json(404, { detail: 'Not found.' });

function route(url: URL, projects: Array<{ id: number; name: string }>, rows: Row[], limit: number): Reply {
  const o = url.origin;
  const path = url.pathname;
  if (path === '/api/v1/') return json(200, Object.fromEntries(['users', 'projects', 'series', 'messages'].map((n) => [n, `${o}/api/v1/${n}/`])));
  const byName = /^\/api\/v1\/projects\/by-name\/([^/]*)(\/.*|$)/.exec(path);
  if (byName) {
    const p = projects.find((x) => x.name === decodeURIComponent(byName[1] ?? ''));
    if (!p) return NOT_FOUND;
    return { status: 307, headers: { Location: `${o}/api/v1/projects/${p.id}/${(byName[2] ?? '').replace(/^\//, '')}${url.search}` } };
  }
  if (path === '/api/v1/projects/') return page(projects, url, limit, (p) => projectJson(p, o));
  if (path === '/api/v1/series/') return page(search(rows, url.searchParams.get('q') ?? '', projects), url, limit, (r) => seriesJson(r, o, false));
  const proj = /^\/api\/v1\/projects\/(\d+)\/(?:series\/(?:([^/]+)\/(?:(mbox)\/)?)?)?$/.exec(path);
  if (proj) {
    const p = projects.find((x) => String(x.id) === proj[1]);
    if (!p) return NOT_FOUND;
    if (!path.includes('/series/')) return json(200, projectJson(p, o));
    const mine = rows.filter((r) => r.project.id === p.id);
    if (!proj[2]) return page(mine, url, limit, (r) => seriesJson(r, o, false));
    const row = mine.find((r) => r.head === decodeURIComponent(proj[2] ?? ''));
    if (!row) return NOT_FOUND;
    return proj[3] ? mbox(row) : json(200, seriesJson(row, o, true));
  }
  const msg = /^\/api\/v1\/projects\/(\d+)\/messages\/([^/]+)\/(mbox\/)?$/.exec(path);
  if (msg) {
    const id = `<${decodeURIComponent(msg[2] ?? '')}>`;
    const row = rows.find((r) => String(r.project.id) === msg[1] && r.ms.mails.has(id));
    const mail = row?.ms.mails.get(id);
    if (!row || !mail) return NOT_FOUND;
    const text = messageMbox(mail.bytes, id, mail.record.date);
    if (msg[3]) return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
    return json(200, { ...message(mail.record.subject, bare(id), mail.record.date, mail.record.author, o, row.project.id), mbox: text.toString('utf8') });
  }
  const web = /^\/([^/]+)\/([^/]+)\/(mbox)?$/.exec(path);
  if (web && !path.startsWith('/api/')) {
    const row = rows.find((r) => r.project.name === decodeURIComponent(web[1] ?? '') && r.head === decodeURIComponent(web[2] ?? ''));
    if (!row) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not Found</h1>' };
    if (web[3]) return mbox(row);
    return { status: 200, headers: { 'Content-Type': 'text/html' }, body: `<html><title>${escape(row.ms.series.subject)}</title><a href="mbox">Download series mbox</a></html>` };
  }
  return NOT_FOUND;
}

function mbox(row: Row): Reply {
  if (!complete(row)) return { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 Not Found' };
  const parts = row.ms.series.patches.map((p) => messageMbox(row.ms.mails.get(p.messageId)?.bytes ?? Buffer.alloc(0), p.messageId, p.date));
  const body = Buffer.concat(parts.flatMap((b, i) => (i > 0 ? [Buffer.from('\n'), b] : [b])));
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}

/** One message as patchew's mbox: a `From ` line, then the mail, mboxrd-quoted. */
function messageMbox(bytes: Buffer, id: string, date: string | null): Buffer {
  const from = `From ${bare(id).replace(/^.*@/, 'patchew@')} ${ctime(new Date(date ?? 0))}\n`;
  return Buffer.concat([Buffer.from(from), mboxrdQuote(bytes)]);
}

function complete(r: Row): boolean {
  return r.ms.series.complete;
}

/** PatchewPagination: limit/offset, `{next, previous, results}`, no count. */
function page<T>(items: T[], url: URL, dflt: number, render: (t: T) => unknown): Reply {
  const limit = Math.max(1, Number(url.searchParams.get('limit')) || dflt);
  const offset = Math.max(0, Number(url.searchParams.get('offset')) || 0);
  const link = (off: number): string => {
    const u = new URL(url);
    u.searchParams.set('limit', String(limit));
    if (off > 0) u.searchParams.set('offset', String(off));
    else u.searchParams.delete('offset');
    return u.toString();
  };
  return json(200, {
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit).map(render),
  });
}

/** The search terms kvetch uses: `id:<msgid>`, `project:<name>`, else words of the subject. */
function search(rows: Row[], q: string, projects: Array<{ id: number; name: string }>): Row[] {
  let out = rows;
  for (const term of q.split(/\s+/).filter(Boolean)) {
    const id = /^(?:id|rfc822msgid|rfcmsg822id):<?([^>]+)>?$/i.exec(term);
    const proj = /^project:(.+)$/i.exec(term);
    if (id) out = out.filter((r) => r.head === id[1]);
    else if (proj) out = out.filter((r) => projects.some((p) => p.id === r.project.id && p.name === proj[1]));
    else out = out.filter((r) => r.ms.series.subject.toLowerCase().includes(term.toLowerCase()));
  }
  return out;
}

function projectJson(p: { id: number; name: string }, o: string): Record<string, unknown> {
  const uri = `${o}/api/v1/projects/${p.id}/`;
  return { resource_uri: uri, name: p.name, mailing_list: `${p.name.toLowerCase()}-devel@nongnu.example.org`, prefix_tags: '', url: '', git: '', description: '', display_order: 0, logo: '', parent_project: null, messages: `${uri}messages/`, results: `${uri}results/`, series: `${uri}series/` };
}

function seriesJson(r: Row, o: string, full: boolean): Record<string, unknown> {
  const s = r.ms.series;
  const uri = `${o}/api/v1/projects/${r.project.id}/series/${r.head}/`;
  const headMail = r.ms.mails.get(`<${r.head}>`);
  const base = {
    ...message(headMail?.record.subject ?? s.subject, r.head, headMail?.record.date ?? s.date, headMail?.record.author ?? s.author, o, r.project.id),
    resource_uri: uri,
    message: `${o}/api/v1/projects/${r.project.id}/messages/${r.head}/`,
    stripped_subject: s.subject,
    num_patches: s.patches.length,
    total_patches: s.total,
    results: `${uri}results/`,
    mbox_uri: `${uri}mbox/`,
    last_comment_date: null,
    last_reply_date: null,
    is_complete: complete(r),
    is_merged: false,
    is_obsolete: false,
    is_tested: false,
    is_reviewed: false,
    maintainers: [],
  };
  if (!full) return base;
  const patches = s.patches.map((p) => ({ ...message(p.subject, bare(p.messageId), p.date, p.author, o, r.project.id), stripped_subject: p.subject, last_comment_date: null, patch_num: p.index }));
  return { ...base, patches, replies: [] };
}

function message(subject: string, id: string, date: string | null, author: string, o: string, project: number): Record<string, unknown> {
  const name = /^(.*?)\s*</.exec(author)?.[1] ?? '';
  const address = /<([^>]+)>/.exec(author)?.[1] ?? author;
  return {
    resource_uri: `${o}/api/v1/projects/${project}/messages/${id}/`,
    message_id: id,
    subject,
    date: date ? `${date.slice(0, 19)}Z` : null,
    sender: name && name !== address ? { name, address } : { address },
    recipients: [],
    tags: [],
  };
}

function bare(id: string): string {
  return id.replace(/^<|>$/g, '');
}

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
