/**
 * A digest's input from a one-off `triage()` run (`kvetch digest --from FILE…`): the same
 * versions the store would hold after the daemon analysed the same mail.
 */
import type { RunResult } from '../../model/series.js';
import { digestReview, type DigestInput } from './input.js';
import { seriesLinks, type LinkOptions } from './links.js';
import { seriesFiles } from './series-files.js';

export function inputFromRun(run: RunResult, o: LinkOptions & { source?: string } = {}): DigestInput {
  const byVersion = new Map<string, RunResult['findings'][number][]>();
  for (const f of run.findings) {
    const id = `${f.subject.key}#${f.subject.revision}`;
    const list = byVersion.get(id) ?? [];
    list.push(f);
    byVersion.set(id, list);
  }
  return {
    versions: run.series.map((s) => ({
      key: s.key,
      revision: s.revision,
      subject: s.subject,
      author: s.author,
      ...(s.sender !== s.author ? { sender: s.sender } : {}),
      date: s.date,
      patches: s.patches.length,
      ...digestReview(s),
      files: seriesFiles(s),
      findings: byVersion.get(`${s.key}#${s.revision}`) ?? [],
      links: seriesLinks(s.key, s.cover?.messageId ?? s.patches[0]?.messageId, o.source ?? '', o),
    })),
  };
}
