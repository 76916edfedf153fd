/**
 * Series for the fakes, built the way kvetch builds them: its mbox reader splits the mail, its
 * message processor classifies it, its series assembler groups it. Each series keeps the raw
 * bytes of its mails so a fake can serve them back as mbox.
 */
import { Readable } from 'node:stream';
import { readStream } from '../../src/ingest/mbox/read-stream.js';
import { readPaths as readInputs } from './check.js';
import type { IngestItem, RawMessage } from '../../src/model/raw-message.js';
import { SeriesAssembler } from '../../src/mail/series.js';
import type { Series } from '../../src/model/series.js';
import { processMessage } from '../../src/pipeline/process-message.js';
import type { MessageRecord } from '../../src/model/record.js';

export interface MailOfSeries {
  record: MessageRecord;
  /** The message as read (headers and body, no mbox `From ` line, quoting undone). */
  bytes: Buffer;
}

export interface MboxSeries {
  series: Series;
  /** By Message-ID (with angle brackets, as kvetch keeps them). */
  mails: Map<string, MailOfSeries>;
}

/** Assemble the series of an mbox given as text/bytes, or as a file path. */
export async function loadMboxSeries(mbox: string | Buffer | { path: string }): Promise<MboxSeries[]> {
  const items: AsyncIterable<IngestItem> =
    typeof mbox === 'object' && 'path' in mbox ? readInputs([mbox.path]) : readStream(Readable.from([Buffer.from(mbox)]), 'fake-mbox', {});
  const raws: RawMessage[] = [];
  for await (const item of items) if (item.type === 'message') raws.push(item.message);
  const assembler = new SeriesAssembler();
  const byId = new Map<string, MailOfSeries>();
  let index = 0;
  for (const raw of raws) {
    raw.index = index++;
    const bytes = Buffer.from(raw.bytes);
    const record = await processMessage(raw, { analyze: false });
    byId.set(record.messageId, { record, bytes });
    assembler.add(record);
  }
  const { series } = assembler.finish();
  return series.map((s) => {
    const mails = new Map<string, MailOfSeries>();
    const ids = [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
    for (const id of ids) {
      const m = byId.get(id);
      if (m) mails.set(id, m);
    }
    return { series: s, mails };
  });
}

/** mboxrd: body lines `From `, `>From `… gain one `>`, so a reader can undo it exactly. */
export function mboxrdQuote(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  return Buffer.from(text.replace(/^(>*From )/gm, '>$1'), 'latin1');
}

/** Python's datetime.ctime() in UTC: `Wed Sep 20 18:18:00 2023`, day padded with a space. */
export function ctime(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Insert header lines at the top of a message, in its own line ending. */
export function withHeaders(bytes: Buffer, lines: string[]): Buffer {
  const crlf = /^[^\n]*\r\n/.test(bytes.subarray(0, 2000).toString('latin1'));
  const eol = crlf ? '\r\n' : '\n';
  return Buffer.concat([Buffer.from(lines.map((l) => l + eol).join(''), 'utf8'), bytes]);
}
