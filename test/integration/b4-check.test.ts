/**
 * `kvetch b4-check` fed by b4 itself. Debian's b4 is 0.12.0, whose code has no check-command
 * runner (that came with `b4 review` in 0.15: b4.review-perpatch-check-cmd), so b4 cannot run
 * the command itself here. What b4 0.12.0 does have is everything upstream of that runner:
 * reading a local mbox offline (LoreMailbox, get_series) and serialising a message the way the
 * runner pipes it (LoreMessage.get_msg_as_bytes: headers kept, body decoded). The harness
 * (test/support/b4-run-checks.py) uses exactly those and runs kvetch as a child process in the
 * tree's top directory, as the runner does; this test checks the answers against the protocol
 * of b4's docs (maintainer/review.rst, "Writing an external check script").
 * b4 missing is a failure naming the Debian package, never a skip.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { encodeMail } from '../support/mail-encodings.js';
import { shebangPython } from '../support/shebang-python.js';

const run = promisify(execFile);
const EXAMPLE = fileURLToPath(new URL('../../../examples/kvm-vfio.mbox', import.meta.url));
const HARNESS = fileURLToPath(new URL('../../../test/support/b4-run-checks.py', import.meta.url));
const RUNNER = fileURLToPath(new URL('../support/b4-check-runner.js', import.meta.url));

interface Ran {
  msgid: string;
  counter: number;
  code: number;
  stdout: string;
  stderr: string;
}
interface Result {
  tool: string;
  status: string;
  summary?: string;
  url?: string;
  details?: string;
}

let python = '';
let dir = '';

const b4Python = (): Promise<string> => shebangPython('b4', 'b4 is not installed: install the Debian package "b4" (scripts/install-test-deps.sh does it)');

before(async () => {
  python = await b4Python();
  try {
    await run(python, ['-c', 'import b4']);
  } catch (e) {
    throw new Error(`${python} cannot import b4 (Debian package "b4"): ${(e as Error).message}`);
  }
  dir = await mkdtemp(join(tmpdir(), 'kvetch-b4-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function b4Checks(mbox: string, revision: number): Promise<Ran[]> {
  const { stdout } = await run(python, [HARNESS, mbox, String(revision), dir, process.execPath, RUNNER], { maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as Ran[];
}

/** What b4's docs require of a check command's stdout. */
function protocol(r: Ran): Result[] {
  assert.equal(r.code, 0, `${r.msgid}: ${r.stderr}`);
  const data = JSON.parse(r.stdout) as unknown;
  assert.ok(Array.isArray(data), `${r.msgid}: a JSON array`);
  for (const x of data as Result[]) {
    assert.equal(typeof x.tool, 'string');
    assert.ok(['pass', 'warn', 'fail'].includes(x.status), `${r.msgid}: status ${x.status}`);
    for (const k of ['summary', 'url', 'details'] as const) assert.ok(x[k] === undefined || typeof x[k] === 'string', `${k} is text`);
  }
  return data as Result[];
}

test('b4 reads the example series offline and pipes each message: kvetch answers per patch, [] for the cover', async () => {
  const ran = await b4Checks(EXAMPLE, 2);
  assert.deepEqual(ran.map((r) => r.counter), [0, 1, 2]);
  const verdicts = ran.map((r) => protocol(r).map((x) => `${x.tool}:${x.status}`));
  assert.deepEqual(verdicts, [[], ['kvetch-api:warn', 'kvetch-kconfig:pass'], ['kvetch-api:pass', 'kvetch-kconfig:fail']]);
  const kconfig = protocol(ran[2] as Ran).find((x) => x.tool === 'kvetch-kconfig');
  assert.match(kconfig?.summary ?? '', /KVM selects KVM_VFIO/);
  const details = JSON.parse(kconfig?.details ?? '[]') as Array<{ status: string; description: string }>;
  assert.deepEqual(details.map((d) => d.status), ['fail']);
});

test('a quoted-printable patch, decoded by b4 under its original headers, gets the same answer as the plain one', async () => {
  const text = await readFile(EXAMPLE, 'utf8');
  // Re-send v2 1/2 quoted-printable, with a line that ends in " =" (it would swallow the next
  // line if the decoded body were decoded again).
  const start = text.indexOf('Message-Id: <1c3c499ae8f540ed64f92ba5da99d680362f0fd1.1795403990');
  const end = text.indexOf('\nFrom fdb4c3270ee9964465e7c2e7282f2a0be7079303', start);
  const plain = text.slice(start, end + 1).replace('\treturn group ? group->iommu_group : NULL;', '\tstruct iommu_group *g =');
  const qp = encodeMail(plain, 'quoted-printable');
  assert.match(qp, /=3D|=\n/, 'really encoded');
  const mbox = join(dir, 'qp.mbox');
  await writeFile(mbox, `${text.slice(0, start)}${qp}${text.slice(end)}`);
  const ran = await b4Checks(mbox, 2);
  const one = ran.find((r) => r.counter === 1);
  assert.ok(one);
  assert.match(one.stdout, /vfio_file_iommu_group is newly exported/);
  assert.deepEqual(protocol(one).map((x) => `${x.tool}:${x.status}`), ['kvetch-api:warn', 'kvetch-kconfig:pass']);
});
