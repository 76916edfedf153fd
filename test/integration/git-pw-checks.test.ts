/**
 * The checks kvetch's patchwork channel posts, read back by a real patchwork client: Debian's
 * git-pw (2.0.0 has no check commands, so through its API layer `git_pw.api`, which takes
 * pw.server/pw.project/pw.token from git config as the CLI does). git-pw missing is a failure
 * naming the Debian package, never a skip.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Channel, ChannelContext } from '../../src/model/channel.js';
import { createPatchworkCheckChannel } from '../../src/report/patchwork/channel.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { StateStore } from '../../src/model/store.js';
import { startFakePatchwork, type FakePatchwork } from '../support/fake-patchwork.js';
import { captureLogger, publishInputFromMbox, type ExampleVersion } from '../support/publish-input.js';
import { shebangPython } from '../support/shebang-python.js';

const run = promisify(execFile);
const TOKEN = 'git-pw-checks-token-0123';
const EXAMPLE = 'examples/kvm-vfio.mbox';
const reportUrl = (key: string, revision: number) => `https://kvetch.example.org/r/${key}/v${revision}`;

let pw: FakePatchwork;
let home: string;
let repo: string;
let store: StateStore;
let channel: Channel;
let ctx: ChannelContext;
let v2: ExampleVersion;

interface SeenCheck {
  id: number;
  context: string;
  state: string;
  target_url: string | null;
  description: string | null;
  date: string;
  url: string;
}

const gitPwPython = (): Promise<string> => shebangPython('git-pw', 'cannot find the Python interpreter of git-pw (Debian package "git-pw")');

/** Per patch id: its checks as git-pw lists them, and the combined state git-pw reads from the patch. */
async function readBack(ids: number[]): Promise<Map<number, { checks: SeenCheck[]; combined: string }>> {
  const py = [
    'import json, sys',
    'from git_pw import api',
    'out = {}',
    `for pid in ${JSON.stringify(ids)}:`,
    "    out[pid] = {'checks': api.index('patches/%d/checks' % pid), 'combined': api.detail('patches', pid)['check']}",
    'print(json.dumps(out))',
  ].join('\n');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8' };
  const { stdout } = await run(await gitPwPython(), ['-c', py], { cwd: repo, env });
  const data = JSON.parse(stdout) as Record<string, { checks: SeenCheck[]; combined: string }>;
  return new Map(Object.entries(data).map(([k, v]) => [Number(k), v]));
}

function patchId(n: number): number {
  const p = pw.store.patches.find((x) => x.msgid === v2.patchIds[n - 1]);
  assert.ok(p, `v2 patch ${n} is on the fake`);
  return p.id;
}

before(async () => {
  try {
    await run('git-pw', ['--version']);
  } catch {
    throw new Error('git-pw is not installed: install the Debian package "git-pw" (scripts/install-test-deps.sh does it)');
  }
  pw = await startFakePatchwork({ token: TOKEN, series: [{ mbox: { path: EXAMPLE } }] });
  home = await mkdtemp(join(tmpdir(), 'kvetch-git-pw-checks-'));
  repo = join(home, 'repo');
  const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  await run('git', ['init', '-q', repo], { env });
  for (const [k, v] of [['pw.server', `${pw.base}/api/1.2`], ['pw.project', 'kvm'], ['pw.token', TOKEN]] as const) await run('git', ['config', k, v], { cwd: repo, env });
  store = await openSqliteStore(join(home, 'state.db'));
  await store.migrate();
  channel = createPatchworkCheckChannel({ base: pw.base, token: TOKEN, send: true, outDir: join(home, 'out'), reportUrl, project: 'kvm', http: { retries: 1, backoffMs: 1 } });
  ctx = { store, dryRun: false, log: captureLogger().log, now: new Date() };
  v2 = await publishInputFromMbox(EXAMPLE, 2);
});

after(async () => {
  await store?.close();
  await pw?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

test('git-pw reads back the checks the channel posted: context, state, target_url, description, and the combined state', async () => {
  const out = await channel.publish(v2.input, ctx);
  assert.deepEqual(out.errors, []);
  assert.equal(out.published, 4);
  const seen = await readBack([patchId(1), patchId(2)]);
  const url = reportUrl(v2.input.version.key, 2);
  const summary = (n: number) => (seen.get(patchId(n))?.checks ?? []).map((c) => [c.context, c.state, c.target_url, c.description]);
  assert.deepEqual(summary(1), [
    ['kvetch-api', 'warning', url, 'kvetch: 2 warnings, 1 info (1 about the whole series)'],
    ['kvetch-kconfig', 'success', url, 'kvetch: no findings'],
  ]);
  assert.deepEqual(summary(2), [
    ['kvetch-api', 'success', url, 'kvetch: 1 info (1 about the whole series)'],
    ['kvetch-kconfig', 'fail', url, 'kvetch: 1 error'],
  ]);
  assert.equal(seen.get(patchId(1))?.combined, 'warning');
  assert.equal(seen.get(patchId(2))?.combined, 'fail');
  // What the store says was sent is what git-pw sees, check for check.
  const sent = (await store.listPublications({ channel: 'patchwork-check', state: 'sent' })).map((p) => p.externalId).sort();
  const listed = [...seen.values()].flatMap((v) => v.checks.map((c) => c.url)).sort();
  assert.deepEqual(sent, listed);
  const last = pw.requests[pw.requests.length - 1];
  assert.match(String(last?.headers['user-agent'] ?? ''), /^git-pw /, 'read by git-pw itself');
  assert.equal(last?.headers.authorization, `Token ${TOKEN}`);
});

test('after a rerun and a 502 on a new version of the checks, git-pw still sees one check per decision', async () => {
  const again = await channel.publish(v2.input, ctx);
  assert.equal(again.published, 0);
  // Findings change (kconfig on patch 1 now warns): the POST fails once, then goes through once.
  const extra = { ...(v2.input.findings.find((f) => f.ruleId === 'kconfig-select') ?? assert.fail('kconfig finding')) };
  const changed = { ...v2.input, findings: [...v2.input.findings, { ...extra, severity: 'warning' as const, fingerprint: 'x'.repeat(32), subject: { ...extra.subject, messageId: v2.patchIds[0] ?? '', patch: 1 } }] };
  pw.setFault({ kind: 'status', status: 502, path: /\/checks\/$/ });
  const failed = await channel.publish(changed, ctx);
  assert.equal(failed.errors.length, 1);
  const retried = await channel.publish(changed, ctx);
  assert.deepEqual(retried.errors, []);
  assert.equal(retried.published, 1);
  const seen = await readBack([patchId(1)]);
  const kconfig = (seen.get(patchId(1))?.checks ?? []).filter((c) => c.context === 'kvetch-kconfig');
  assert.deepEqual(kconfig.map((c) => c.state), ['success', 'warning']);
  assert.equal(seen.get(patchId(1))?.combined, 'warning');
});
