/**
 * `npm run bench`, the kill-and-restart campaign of issue 16: `kvetch watch --send` over 1,000
 * generated series (KVETCH_KILL_SERIES) with the email, patchwork-check and GitHub channels
 * sending to the SMTP server and the fakes on 127.0.0.1, SIGKILLed first by the SMTP server
 * at 3 replies' final dots (KVETCH_KILL_AT_DOT), then at 20 seeded random points
 * (KVETCH_KILL_COUNT, KVETCH_KILL_SEED; the seed is printed), restarted each time, on SQLite and on
 * PostgreSQL (KVETCH_KILL_BACKENDS=sqlite,postgres). Prints the table and exits 1 when any
 * publication arrived twice, never, or unexpectedly. docs/reliability.md has the numbers.
 */
import { campaignClean, campaignTable, cleanRun, runCampaign, type Backend, type CampaignResult } from '../test/support/kill-campaign.js';

const series = Number(process.env.KVETCH_KILL_SERIES ?? 1000);
const kills = Number(process.env.KVETCH_KILL_COUNT ?? 20);
const dataEndKills = Number(process.env.KVETCH_KILL_AT_DOT ?? 3);
const seed = Number(process.env.KVETCH_KILL_SEED ?? Date.now() % 2 ** 31);
const backends = (process.env.KVETCH_KILL_BACKENDS ?? 'sqlite,postgres').split(',') as Backend[];

process.stdout.write(`kill-restart: ${series} series, ${dataEndKills} SIGKILLs at a reply's final dot and ${kills} at random points per backend, seed ${seed} (replay: KVETCH_KILL_SEED=${seed})\n`);
const say = (l: string) => process.stdout.write(`  ${l}\n`);
// The expectation once (the mails, hence the publications, are the same on every backend), then
// the backends' campaigns side by side.
const clean = await cleanRun({ series, backend: backends[0] ?? 'sqlite', say });
const results: CampaignResult[] = await Promise.all(backends.map((backend) => runCampaign({ series, kills, dataEndKills, seed, backend, clean, say })));
for (const r of results) {
  for (const c of r.comparisons) {
    for (const [what, list] of [['duplicated', c.duplicated], ['missing', c.missing], ['unexpected', c.unexpected]] as const) {
      if (list.length > 0) process.stdout.write(`  ${r.backend} ${c.channel} ${what}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}\n`);
    }
  }
  process.stdout.write(`  ${r.backend}: ${r.seconds} s, SIGTERM stop exit ${r.stopCode}, last --once exit ${r.onceCode}; kill points: ${r.killPoints.join('; ')}\n`);
}
process.stdout.write(`\n${campaignTable(results)}\n`);
const bad = results.filter((r) => !campaignClean(r));
if (bad.length > 0) {
  process.stdout.write(`\nkill-restart: FAILED on ${bad.map((r) => r.backend).join(', ')}\n`);
  process.exitCode = 1;
}
