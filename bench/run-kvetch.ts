/**
 * Bench helper: runs `kvetch check <file> --format json -j <jobs>` in this process and
 * reports its peak RSS (all threads, from getrusage) on stderr as the last line.
 */
import { main } from '../src/cli/main.js';

const [file, jobs] = process.argv.slice(2);
if (!file) throw new Error('usage: run-kvetch.js <file> [jobs]');
const code = await main(['node', 'kvetch', 'check', file, '--format', 'json', '--no-progress', '--jobs', jobs ?? '2']);
process.exitCode = code;
process.stderr.write(`\n${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
