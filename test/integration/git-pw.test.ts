/**
 * The fake patchwork against a real patchwork client: Debian's git-pw. If git-pw reads the
 * fake's series, downloads the same mbox the fake serves, updates a patch with the token and
 * reads checks back, the fake speaks patchwork's API well enough for kvetch's tests to mean
 * something. git-pw missing is a failure naming the Debian package, never a skip.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakePatchwork, type FakePatchwork } from '../support/fake-patchwork.js';
import { shebangPython } from '../support/shebang-python.js';

const run = promisify(execFile);
const TOKEN = 'git-pw-token-0123456789';
const V2_COVER = '<cover.1795403990.git.ada@example.org>';

let pw: FakePatchwork;
let home: string;
let repo: string;

async function gitPw(args: string[], opts: { ok?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_PAGER: 'cat', PAGER: 'cat', GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  try {
    const r = await run('git', ['pw', ...args], { cwd: repo, env, maxBuffer: 16 << 20 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string };
    if (opts.ok !== false) throw new Error(`git pw ${args.join(' ')} failed (${err.code}): ${err.stderr ?? ''}`);
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : -1 };
  }
}

/** git-pw's `-f csv` output → rows of cells (header row first). */
function csv(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replace(/""/g, '"')));
}

const gitPwPython = (): Promise<string> => shebangPython('git-pw', 'cannot find the Python interpreter of git-pw (Debian package "git-pw")');

before(async () => {
  try {
    await run('git-pw', ['--version']);
  } catch {
    throw new Error('git-pw is not installed: install the Debian package "git-pw" (scripts/install-test-deps.sh does it)');
  }
  pw = await startFakePatchwork({ token: TOKEN, series: [{ mbox: { path: 'examples/kvm-vfio.mbox' } }] });
  home = await mkdtemp(join(tmpdir(), 'kvetch-git-pw-'));
  repo = join(home, 'repo');
  const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  await run('git', ['init', '-q', repo], { env });
  for (const [k, v] of [['pw.server', `${pw.base}/api/1.2`], ['pw.project', 'kvm'], ['pw.token', TOKEN]]) await run('git', ['config', k as string, v as string], { cwd: repo, env });
});

after(async () => {
  await pw?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

function v2(): { id: number; patchIds: number[] } {
  const s = pw.store.series.find((x) => x.cover?.msgid === V2_COVER);
  assert.ok(s);
  return { id: s.id, patchIds: s.patches.map((p) => p.id) };
}

test('git pw series list shows the series the fake assembled from the mbox', async () => {
  const rows = csv((await gitPw(['series', 'list', '-f', 'csv'])).stdout);
  assert.deepEqual(rows[0], ['ID', 'Date', 'Name', 'Version', 'Submitter']);
  const got = rows.slice(1).map((r) => [r[0], r[2], r[3], r[4]]);
  const expected = pw.store.series.map((s) => [String(s.id), s.name, String(s.version), 'Ada Example (ada@example.org)']).reverse();
  assert.deepEqual(got, expected, 'newest first (git-pw asks order=-date)');
  assert.equal(got.length, 2);
  assert.ok(pw.requests.some((r) => r.url.startsWith('/api/1.2/series/?') && r.headers.authorization === `Token ${TOKEN}`));
});

test('git pw series show reports received/total and the patches', async () => {
  const { id, patchIds } = v2();
  const rows = csv((await gitPw(['series', 'show', String(id), '-f', 'csv'])).stdout);
  const prop = (name: string) => rows.find((r) => r[0] === name)?.[1];
  assert.equal(prop('Received'), '2 of 2');
  assert.equal(prop('Complete'), 'True');
  assert.match(prop('Cover') ?? '', /\[v2,0\/2\] KVM: x86: let the VFIO device see IOMMU groups/);
  assert.match(prop('Patches') ?? '', new RegExp(`^${patchIds[0]}\\s`));
});

test('git pw series download writes exactly the mbox the fake serves (to a file, and by Content-Disposition name)', async () => {
  const { id } = v2();
  const served = Buffer.from(await (await fetch(`${pw.base}/series/${id}/mbox/`)).arrayBuffer());
  const out = join(home, 'series.mbox');
  await gitPw(['series', 'download', String(id), out]);
  assert.deepEqual(await readFile(out), served);
  const auto = await gitPw(['series', 'download', String(id)]);
  const path = /Downloaded series to (\S+)/.exec(auto.stdout + auto.stderr)?.[1];
  assert.ok(path, `git-pw names the file: ${auto.stdout}${auto.stderr}`);
  assert.match(path, /KVM-x86-let-the-VFIO-device-see-IOMMU-groups\.patch$/);
  assert.deepEqual(await readFile(path), served);
});

test('git pw patch list and patch download agree with the fake', async () => {
  const rows = csv((await gitPw(['patch', 'list', '-f', 'csv'])).stdout);
  assert.deepEqual(rows.slice(1).map((r) => Number(r[0])).sort((a, b) => a - b), pw.store.patches.map((p) => p.id).sort((a, b) => a - b));
  const id = v2().patchIds[1] as number;
  const out = join(home, 'patch.mbox');
  await gitPw(['patch', 'download', String(id), out]);
  const served = Buffer.from(await (await fetch(`${pw.base}/patch/${id}/mbox/`)).arrayBuffer());
  assert.deepEqual(await readFile(out), served);
  assert.match(served.toString(), /^Subject: \[PATCH v2 2\/2\] KVM: x86: select KVM_VFIO$/m);
});

test('git pw patch update: the token may write; a wrong token is refused and changes nothing', async () => {
  const id = v2().patchIds[0] as number;
  const refused = await gitPw(['--token', 'wrong-token', 'patch', 'update', String(id), '--state', 'accepted'], { ok: false });
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Invalid token/);
  assert.equal(pw.store.patches.find((p) => p.id === id)?.state, 'new');
  await gitPw(['patch', 'update', String(id), '--state', 'accepted']);
  assert.equal(pw.store.patches.find((p) => p.id === id)?.state, 'accepted');
  const rows = csv((await gitPw(['patch', 'list', '--state', 'accepted', '-f', 'csv'])).stdout);
  assert.deepEqual(rows.slice(1).map((r) => Number(r[0])), [id]);
});

test('checks posted with the token are read back through git-pw (its API layer: Debian\'s git-pw has no check commands)', async () => {
  const id = v2().patchIds[1] as number;
  const body = { state: 'fail', context: 'kvetch', target_url: 'https://kvetch.example.org/r/1', description: 'KVM_VFIO selected without VFIO' };
  const posted = await fetch(`${pw.base}/api/1.2/patches/${id}/checks/`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Token ${TOKEN}` }, body: JSON.stringify(body) });
  assert.equal(posted.status, 201);
  const check = (await posted.json()) as { id: number };
  // Debian's git-pw (2.0.0) has no check commands (`git pw patch --help`: apply, download,
  // list, show, update), so the checks are read through git-pw's own API layer, which takes
  // pw.server and pw.token from git config and sends the token as the CLI does.
  assert.doesNotMatch((await gitPw(['patch', '--help'])).stdout, /check-list/, 'git-pw grew check commands: use them here');
  const py = `import json\nfrom git_pw import api\nprint(json.dumps(api.index('patches/${id}/checks')))`;
  const out = await run(await gitPwPython(), ['-c', py], { cwd: repo, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
  const seen = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
  const last = pw.requests[pw.requests.length - 1];
  assert.equal(last?.headers.authorization, `Token ${TOKEN}`);
  assert.match(last?.headers['user-agent'] ?? '', /^git-pw /);
  assert.equal(seen.length, 1);
  assert.equal(Number(seen[0]?.id), check.id);
  assert.equal(seen[0]?.state, 'fail');
  assert.equal(seen[0]?.context, 'kvetch');
  assert.equal(seen[0]?.target_url, body.target_url);
});
