/**
 * `npm run bench`, the GitHub app's kill-and-restart campaign (issue 16): 200 pull requests
 * (KVETCH_APP_KILL_PRS) over 40 installations, every delivery answered and queued, then the app
 * (`npm start`) SIGKILLed at 20 seeded random points of its work (KVETCH_APP_KILL_COUNT,
 * KVETCH_APP_KILL_SEED; the seed is printed) and restarted on the same store each time, on SQLite
 * and on PostgreSQL (KVETCH_APP_KILL_BACKENDS=sqlite,postgres). Counted
 * at the GitHub fake: one completed check run per pull request, its review comment once, no
 * check run or review posted twice, every job done. Exits 1 otherwise. docs/reliability.md has
 * the numbers.
 */
import { appKillClean, runAppKillCampaign } from '../test/support/app-kill-campaign.js';

const prs = Number(process.env.KVETCH_APP_KILL_PRS ?? 200);
const installations = Math.max(1, Math.round(prs / 5));
const kills = Number(process.env.KVETCH_APP_KILL_COUNT ?? 20);
const seed = Number(process.env.KVETCH_APP_KILL_SEED ?? Date.now() % 2 ** 31);
const backends = (process.env.KVETCH_APP_KILL_BACKENDS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;

process.stdout.write(`app-kill: ${prs} pull requests over ${installations} installations, ${kills} SIGKILLs per backend (${backends.join(', ')}), seed ${seed} (replay: KVETCH_APP_KILL_SEED=${seed})\n`);
for (const backend of backends) {
  const r = await runAppKillCampaign({ prs, installations, kills, seed, backend, say: (l) => process.stdout.write(`  ${l}\n`) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  if (!appKillClean(r)) {
    process.stdout.write(`app-kill: FAILED on ${backend}\n`);
    process.exitCode = 1;
  }
}
