/**
 * Generated patch series for the kill-and-restart campaign: n series from n authors, each a
 * cover letter and 1 to 3 patches (a single patch has no cover), every fourth one sent again as
 * v2. A third of them add an exported symbol (an API finding: the email channel has a reply to
 * send and patchwork a warning check), the others change a function body only (checks of
 * state success, no reply). Deterministic: the same n gives the same bytes.
 */
import { gitDiff } from './diff-text.js';

export interface GeneratedMail {
  /** A file name that sorts in sending order (the maildir's). */
  name: string;
  bytes: Buffer;
}

const START = Date.UTC(2026, 10, 2, 8, 0, 0);

function mail(o: { from: string; subject: string; id: string; inReplyTo?: string; at: number; body: string }): Buffer {
  return Buffer.from(
    [
      `From: ${o.from}`,
      'To: drivers@vger.kernel.org',
      `Subject: ${o.subject}`,
      `Date: ${new Date(o.at).toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: <${o.id}>`,
      ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`, `References: <${o.inReplyTo}>`] : []),
      '',
      o.body,
    ].join('\n'),
  );
}

function patchBody(i: number, p: number, rev: number, exports: boolean, author: string): string {
  const fn = `gen${i}_helper${p}`;
  const lines = [` int ${fn}(void)`, ' {', `-\treturn ${rev - 1};`, `+\treturn ${rev};`, ' }'];
  if (exports) lines.push(`+EXPORT_SYMBOL_GPL(${fn});`);
  return [`Patch ${p} of generated series ${i}, version ${rev}.`, '', `Signed-off-by: ${author}`, '---', gitDiff({ path: `drivers/gen/gen${i}_${p}.c`, lines })].join('\n');
}

/** The mails of series i in version rev, `at` being the time of the first. */
function seriesMails(i: number, rev: number, at: number): GeneratedMail[] {
  const author = `Dev ${i} <dev${i}@example.org>`;
  const patches = 1 + (i % 3);
  // v2 drops the export of the odd-numbered ones: a fixed finding to tell about.
  const exports = i % 3 === 0 && !(rev === 2 && i % 2 === 1);
  const tag = rev > 1 ? `PATCH v${rev}` : 'PATCH';
  const id = (n: number) => `gen${i}.v${rev}.${n}@example.org`;
  const out: GeneratedMail[] = [];
  const name = (n: number) => `${String(at).padStart(14, '0')}.${String(i).padStart(5, '0')}.${rev}.${n}`;
  if (patches > 1) {
    out.push({ name: name(0), bytes: mail({ from: author, subject: `[${tag} 0/${patches}] gen${i}: rework the helpers`, id: id(0), at, body: `Series ${i}, version ${rev}.\n\n-- \n2.43.0\n` }) });
  }
  for (let p = 1; p <= patches; p++) {
    const subject = patches > 1 ? `[${tag} ${p}/${patches}] gen${i}: helper ${p}` : `[${tag}] gen${i}: rework the helper`;
    const inReplyTo = patches > 1 ? id(0) : undefined;
    out.push({ name: name(p), bytes: mail({ from: author, subject, id: id(p), ...(inReplyTo ? { inReplyTo } : {}), at: at + p * 1000, body: patchBody(i, p, rev, exports, author) }) });
  }
  return out;
}

/** The mails of n generated series (v2 after all v1s), in sending order. */
export function generateSeries(n: number): GeneratedMail[] {
  const out: GeneratedMail[] = [];
  for (let i = 0; i < n; i++) out.push(...seriesMails(i, 1, START + i * 60_000));
  for (let i = 0; i < n; i += 4) out.push(...seriesMails(i, 2, START + (n + i) * 60_000));
  return out;
}
