/**
 * The fake's rows as patchwork's REST API (v1.2) represents them: field names and nesting from
 * docs/api/schemas/v1.2/patchwork.yaml. `o` is the origin the request came to (patchwork
 * builds absolute URLs from the request).
 */
import type { PwCheckRow, PwEventRow, PwPerson, PwProject, PwSeriesRow, PwSubmission, PwUser } from './fake-patchwork-store.js';

export const API = '/api/1.2';

/** Message-ID as patchwork puts it in URLs: no brackets, only `/` percent-encoded. */
export function urlMsgid(msgid: string): string {
  return msgid.replace(/^<|>$/g, '').replace(/\//g, '%2F');
}

export function projectJson(p: PwProject, o: string, full = false): Record<string, unknown> {
  const base = {
    id: p.id,
    url: `${o}${API}/projects/${p.id}/`,
    name: p.name,
    link_name: p.linkName,
    list_id: p.listId,
    list_email: p.listEmail,
    web_url: '',
    scm_url: '',
    webscm_url: '',
    list_archive_url: null,
    list_archive_url_format: null,
    commit_url_format: '',
  };
  return full ? { ...base, maintainers: [], subject_match: '' } : base;
}

export function personJson(p: PwPerson, o: string): Record<string, unknown> {
  return { id: p.id, url: `${o}${API}/people/${p.id}/`, name: p.name, email: p.email };
}

export function userJson(u: PwUser, o: string): Record<string, unknown> {
  return { id: u.id, url: `${o}${API}/users/${u.id}/`, username: u.username, first_name: '', last_name: '', email: u.email };
}

export function webUrl(s: PwSubmission, o: string): string {
  return `${o}/project/${s.project.linkName}/${s.kind}/${urlMsgid(s.msgid)}/`;
}

export function submissionEmbedded(s: PwSubmission, o: string): Record<string, unknown> {
  const web = webUrl(s, o);
  return {
    id: s.id,
    url: `${o}${API}/${s.kind === 'patch' ? 'patches' : 'covers'}/${s.id}/`,
    web_url: web,
    msgid: s.msgid,
    list_archive_url: null,
    date: s.date,
    name: s.name,
    mbox: `${web}mbox/`,
  };
}

export function seriesEmbedded(s: PwSeriesRow, o: string): Record<string, unknown> {
  return {
    id: s.id,
    url: `${o}${API}/series/${s.id}/`,
    web_url: `${o}/project/${s.project.linkName}/list/?series=${s.id}`,
    name: s.name,
    date: s.date,
    version: s.version,
    mbox: `${o}/series/${s.id}/mbox/`,
  };
}

export function seriesJson(s: PwSeriesRow, o: string): Record<string, unknown> {
  const e = seriesEmbedded(s, o);
  return {
    id: e.id,
    url: e.url,
    web_url: e.web_url,
    project: projectJson(s.project, o),
    name: s.name,
    date: s.date,
    submitter: personJson(s.submitter, o),
    version: s.version,
    total: s.total,
    received_total: s.patches.length,
    received_all: s.patches.length >= s.total,
    mbox: e.mbox,
    cover_letter: s.cover ? submissionEmbedded(s.cover, o) : null,
    patches: s.patches.map((p) => submissionEmbedded(p, o)),
  };
}

/** patchwork's combined state: fail, warning, pending (also with no checks), else success. */
export function combinedCheck(p: PwSubmission): string {
  const states = latestChecks(p).map((c) => c.state);
  for (const s of ['fail', 'warning', 'pending']) if (states.includes(s)) return s;
  return states.length > 0 ? 'success' : 'pending';
}

/** The newest check per context. */
export function latestChecks(p: PwSubmission): PwCheckRow[] {
  const byContext = new Map<string, PwCheckRow>();
  for (const c of p.checks) byContext.set(c.context, c);
  return [...byContext.values()];
}

export function patchJson(p: PwSubmission, o: string, detail: boolean): Record<string, unknown> {
  const e = submissionEmbedded(p, o);
  const list = {
    ...e,
    project: projectJson(p.project, o),
    commit_ref: p.commitRef,
    pull_url: null,
    state: p.state,
    archived: p.archived,
    hash: p.hash,
    submitter: personJson(p.submitter, o),
    delegate: null,
    series: [seriesEmbedded(p.series, o)],
    comments: `${String(e.url)}comments/`,
    check: combinedCheck(p),
    checks: `${String(e.url)}checks/`,
    tags: {},
    related: [],
  };
  return detail ? { ...list, ...bodyParts(p, true) } : list;
}

export function coverJson(c: PwSubmission, o: string, detail: boolean): Record<string, unknown> {
  const e = submissionEmbedded(c, o);
  const list = { ...e, project: projectJson(c.project, o), submitter: personJson(c.submitter, o), series: [seriesEmbedded(c.series, o)], comments: `${String(e.url)}comments/` };
  return detail ? { ...list, ...bodyParts(c, false) } : list;
}

export function checkJson(c: PwCheckRow, o: string): Record<string, unknown> {
  return {
    id: c.id,
    url: `${o}${API}/patches/${c.patch.id}/checks/${c.id}/`,
    user: userJson(c.user, o),
    date: c.date,
    state: c.state,
    target_url: c.targetUrl,
    context: c.context,
    description: c.description,
  };
}

export function eventJson(e: PwEventRow, o: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  if (e.patch) payload.patch = submissionEmbedded(e.patch, o);
  if (e.cover) payload.cover = submissionEmbedded(e.cover, o);
  if (e.series) payload.series = seriesEmbedded(e.series, o);
  if (e.check) {
    const c = checkJson(e.check, o);
    payload.check = { id: c.id, url: c.url, date: c.date, state: c.state, target_url: c.target_url, context: c.context };
  }
  return { id: e.id, category: e.category, project: projectJson(e.project, o), date: e.date, actor: null, payload };
}

/** headers, content (the commit message) and, for patches, diff and prefixes. */
function bodyParts(s: PwSubmission, patch: boolean): Record<string, unknown> {
  const text = s.raw.toString('utf8').replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  if (!patch) return { headers, content: body };
  const d = body.search(/^diff --git /m);
  const prefixes = /^\[([^\]]*)\]/.exec(s.name)?.[1]?.split(',') ?? [];
  return { headers, content: d < 0 ? body : body.slice(0, d), diff: d < 0 ? '' : body.slice(d), prefixes };
}
