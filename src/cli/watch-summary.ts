/** What `kvetch watch` did, for a human, on stdout when it stops (the pino log on stderr has the details). */
import { relative } from 'node:path';
import type { WatchStats } from '../daemon/watch.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function watchSummary(s: WatchStats, o: { send: boolean; cwd?: string }): string {
  const cwd = o.cwd ?? process.cwd();
  const lines = [
    `kvetch watch: ${plural(s.rounds, 'round')}; ${plural(s.ingested, 'new mail')} stored (${s.parsed} parsed), ` +
      `${plural(s.versions, 'series version')} assembled, ${s.analysed} analysed, ${plural(s.published, 'publication')}.`,
  ];
  if (s.ingested === 0 && s.analysed === 0 && s.published === 0) lines.push('Nothing new since the last round: every mail and series version in the store was dealt with before.');
  if (s.written.length > 0) {
    lines.push(o.send ? 'Written instead of sent (the channel has send: false):' : 'Dry run (no --send): nothing left the machine. What would have been sent:');
    for (const w of s.written) lines.push(`  ${w.channel.padEnd(16)} ${relative(cwd, w.file) || w.file}`);
  }
  return `${lines.join('\n')}\n`;
}
