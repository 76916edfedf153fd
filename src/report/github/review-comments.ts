/**
 * The pull request's review comments as the review channel needs them: the app's own (author
 * is the app's bot AND the body carries the kvetch marker) by fingerprint, and which of them
 * someone answered.
 */
import { readMarker } from './comment.js';
import type { Writer } from './writer.js';

export interface OwnComment {
  id: number;
  body: string;
  fingerprint: string;
  fixed: boolean;
  /** Someone other than the app answered it. */
  answered: boolean;
}

interface Row {
  id: number;
  body?: string;
  user?: { login?: string } | null;
  in_reply_to_id?: number;
}

export async function ownComments(writer: Writer, t: { owner: string; repo: string; number: number; botLogin: string }): Promise<Map<string, OwnComment>> {
  const rows: Row[] = [];
  for (let page = 1; page <= 100; page++) {
    const { data } = await writer.read('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: t.owner, repo: t.repo, pull_number: t.number, per_page: 100, page });
    const got = Array.isArray(data) ? (data as Row[]) : [];
    rows.push(...got);
    if (got.length < 100) break;
  }
  const answered = new Set(rows.filter((r) => r.in_reply_to_id !== undefined && r.user?.login !== t.botLogin).map((r) => r.in_reply_to_id));
  const out = new Map<string, OwnComment>();
  for (const r of rows) {
    if (r.user?.login !== t.botLogin || r.in_reply_to_id !== undefined) continue;
    const m = readMarker(r.body ?? '');
    // One per fingerprint: a live comment wins over one marked fixed (the finding came back).
    const had = m ? out.get(m.fingerprint) : undefined;
    if (!m || (had && (m.fixed || !had.fixed))) continue;
    out.set(m.fingerprint, { id: r.id, body: r.body ?? '', fingerprint: m.fingerprint, fixed: m.fixed, answered: answered.has(r.id) });
  }
  return out;
}
