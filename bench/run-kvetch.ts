/**
 * Bench helper: runs `kvetch check <file> --format json -j <jobs>` in this process and
 * reports its peak RSS (all threads, from getrusage) on stderr as the last line. A jobs of
 * `default` passes no --jobs (what a user gets).
 */
import { main } from '../src/cli/main.js';

const [file, jobs, ...extra] = process.argv.slice(2);
if (!file) throw new Error('usage: run-kvetch.js <file> [jobs] [extra check options]');
const jobsArgs = jobs === 'default' ? [] : ['--jobs', jobs ?? '2'];
const code = await main(['node', 'kvetch', 'check', file, '--format', 'json', '--no-progress', ...jobsArgs, ...extra]);
process.exitCode = code;
process.stderr.write(`\n${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
