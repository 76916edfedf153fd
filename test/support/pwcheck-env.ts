/**
 * The patchwork check channel wired for tests: the patchwork fake (token auth) loaded with
 * examples/kvm-vfio.mbox, a SQLite store in a temp directory, a capturing logger, v2 of the
 * example as PublishInput. `cleanupPwCheckEnvs()` after each test.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, ChannelContext } from '../../src/model/channel.js';
import { createPatchworkCheckChannel, type PatchworkCheckOptions } from '../../src/report/patchwork/channel.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { StateStore } from '../../src/model/store.js';
import { startFakePatchwork, type FakePatchwork } from './fake-patchwork.js';
import { captureLogger, publishInputFromMbox, type ExampleVersion } from './publish-input.js';

export const EXAMPLE = fileURLToPath(new URL('../../../examples/kvm-vfio.mbox', import.meta.url));
export const TOKEN = 'kvetch-test-token-42';
export const report = (key: string, revision: number): string => `https://kvetch.example.org/r/${key}/v${revision}`;

export interface Env {
  pw: FakePatchwork;
  store: StateStore;
  dir: string;
  channel: Channel;
  ctx: ChannelContext;
  lines: string[];
  v2: ExampleVersion;
  /** patchwork patch id of v2's patch n (1-based). */
  pid(n: number): number;
  posts(): number;
  /** The checks on v2's patch n: [context, state] in posting order. */
  checks(n: number): Array<[string, string]>;
}

const envs: Env[] = [];

export async function cleanupPwCheckEnvs(): Promise<void> {
  for (const e of envs.splice(0)) {
    await e.store.close();
    await e.pw.stop();
    await rm(e.dir, { recursive: true, force: true });
  }
}

export async function setup(o: Partial<PatchworkCheckOptions> = {}, dryRun = false): Promise<Env> {
  const pw = await startFakePatchwork({ token: TOKEN, series: [{ mbox: { path: EXAMPLE } }] });
  const dir = await mkdtemp(join(tmpdir(), 'kvetch-pwcheck-'));
  const store = await openSqliteStore(join(dir, 'state.db'));
  await store.migrate();
  const { log, lines } = captureLogger();
  const channel = createPatchworkCheckChannel({ base: pw.base, token: TOKEN, send: true, outDir: join(dir, 'out'), reportUrl: report, project: 'kvm', http: { retries: 1, backoffMs: 1, timeoutMs: 2000 }, ...o });
  const v2 = await publishInputFromMbox(EXAMPLE, 2);
  const patchOf = (n: number) => {
    const p = pw.store.patches.find((x) => x.msgid === v2.patchIds[n - 1]);
    assert.ok(p, `patch ${n} of v2 is on the fake`);
    return p;
  };
  const env: Env = {
    pw,
    store,
    dir,
    channel,
    ctx: { store, dryRun, log, now: new Date('2024-03-01T12:00:00Z') },
    lines,
    v2,
    pid: (n) => patchOf(n).id,
    posts: () => pw.requests.filter((r) => r.method === 'POST').length,
    checks: (n) => patchOf(n).checks.map((c) => [c.context, c.state]),
  };
  envs.push(env);
  return env;
}
