/**
 * `kvetch b4-check` as b4 runs it: one message of examples/kvm-vfio.mbox piped to stdin, the
 * JSON array on stdout, exit 0; errors on stderr with exit 2 and nothing on stdout.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { b4CheckCommand } from '../../../src/cli/commands/b4-check.js';
import type { B4CheckResult } from '../../../src/report/b4/b4-check.js';
import { readPaths as readInputs } from '../../support/check.js';
import { asB4Pipes, encodeMail } from '../../support/mail-encodings.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
const mails = new Map<string, Buffer>();

before(async () => {
  // Every message as read from the mbox (no `From ` line), as b4 pipes one: patches, covers, replies.
  for await (const item of readInputs([EXAMPLE])) {
    if (item.type !== 'message') continue;
    const id = /^Message-Id:\s*(<[^>]+>)/im.exec(item.message.bytes.toString('latin1'))?.[1];
    if (id) mails.set(id, Buffer.from(item.message.bytes));
  }
});

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return { stream: new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(Buffer.from(c)), cb()) }), text: () => Buffer.concat(chunks).toString('utf8') };
}

async function runB4(input: Buffer | string, tree?: string): Promise<{ code: number; out: string; err: string; results: B4CheckResult[] }> {
  const out = sink();
  const err = sink();
  const code = await b4CheckCommand(Readable.from([Buffer.from(input)]), out.stream, { stderr: err.stream, ...(tree ? { tree } : {}) });
  return { code, out: out.text(), err: err.text(), results: code === 0 ? (JSON.parse(out.text()) as B4CheckResult[]) : [] };
}

function mail(id: string): Buffer {
  const m = mails.get(`<${id}>`);
  assert.ok(m, `example mail ${id}`);
  return m;
}

const V2_P1 = '1c3c499ae8f540ed64f92ba5da99d680362f0fd1.1795403990.git.ada@example.org';
const V2_P2 = 'fdb4c3270ee9964465e7c2e7282f2a0be7079303.1795403990.git.ada@example.org';
const V2_COVER = 'cover.1795403990.git.ada@example.org';

test('the patch that selects KVM_VFIO: kvetch-kconfig fails, kvetch-api passes, exit 0', async () => {
  const r = await runB4(mail(V2_P2));
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.deepEqual(r.results.map((x) => [x.tool, x.status]), [['kvetch-api', 'pass'], ['kvetch-kconfig', 'fail']]);
  const kconfig = r.results[1];
  assert.match(kconfig?.summary ?? '', /^1 error: KVM selects KVM_VFIO/);
  const details = JSON.parse(kconfig?.details ?? '[]') as Array<{ status: string; description: string }>;
  assert.equal(details.length, 1);
  assert.equal(details[0]?.status, 'fail');
  assert.match(details[0]?.description ?? '', /^kconfig-select: .*\(arch\/x86\/kvm\/Kconfig:6\)$/);
});

test('the patch that exports a symbol: kvetch-api warns', async () => {
  const r = await runB4(mail(V2_P1));
  assert.equal(r.code, 0);
  assert.deepEqual(r.results.map((x) => [x.tool, x.status]), [['kvetch-api', 'warn'], ['kvetch-kconfig', 'pass']]);
  assert.match(r.results[0]?.details ?? '', /vfio_file_iommu_group is newly exported/);
});

test('a cover letter and a reply have nothing to report: []', async () => {
  for (const id of [V2_COVER, '20230921080000.GA1@reviewer.example.com']) {
    const r = await runB4(mail(id));
    assert.equal(r.code, 0, id);
    assert.equal(r.out, '[]\n', id);
  }
});

test('the same message with CRLF line ends (as a mail client may pipe it) gives the same answer', async () => {
  const lf = await runB4(mail(V2_P2));
  const crlf = await runB4(mail(V2_P2).toString('utf8').replace(/\n/g, '\r\n'));
  assert.deepEqual(crlf.results.map((x) => [x.tool, x.status, x.summary]), lf.results.map((x) => [x.tool, x.status, x.summary]));
});

test('a quoted-printable or base64 patch as b4 pipes it (decoded body, original headers) reads as the plain one', async () => {
  // A context line ending in " =": decoded twice, it would swallow the next line and break the hunk.
  const plain = mail(V2_P1).toString('utf8').replace('\treturn group ? group->iommu_group : NULL;', '\tstruct iommu_group *g =');
  assert.match(plain, /^ \tstruct iommu_group \*g =$/m);
  const expected = (await runB4(plain)).results;
  assert.deepEqual(expected.map((x) => [x.tool, x.status]), [['kvetch-api', 'warn'], ['kvetch-kconfig', 'pass']]);
  for (const enc of ['quoted-printable', 'base64'] as const) {
    const piped = asB4Pipes(encodeMail(plain, enc), plain);
    const r = await runB4(piped);
    assert.equal(r.code, 0, enc);
    assert.deepEqual(r.results, expected, enc);
    const real = await runB4(encodeMail(plain, enc));
    assert.deepEqual(real.results, expected, `${enc}, really encoded`);
  }
});

test('a whole mbox file on stdin works too (every message is analysed)', async () => {
  const r = await runB4((await import('node:fs')).readFileSync(EXAMPLE));
  assert.equal(r.code, 0);
  assert.deepEqual(r.results.map((x) => [x.tool, x.status]), [['kvetch-api', 'warn'], ['kvetch-kconfig', 'fail']]);
});

test('binary data is not mail: an input failure in the JSON, not a crash', async () => {
  const r = await runB4(Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0x80, 10, 0, 0, 0, 7]));
  assert.equal(r.code, 0);
  assert.deepEqual(r.results.map((x) => [x.tool, x.status]), [['kvetch-input', 'fail']]);
  assert.match(r.results[0]?.details ?? '', /input\/unparseable-message/);
});

test('empty stdin: exit 2, the reason on stderr, nothing on stdout', async () => {
  const r = await runB4('');
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /^kvetch b4-check: no message on standard input/);
});

let root = '';
before(() => {
  root = mkdtempSync(join(tmpdir(), 'kvetch-b4-tree-'));
  const files: Record<string, string> = {
    Kconfig: 'mainmenu "Linux"\n\nsource "arch/$(SRCARCH)/Kconfig"\nsource "virt/kvm/Kconfig"\n',
    'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n\tselect HAVE_KVM\n\nsource "arch/x86/kvm/Kconfig"\n',
    // The file the example patch applies to (its hunk starts at line 3).
    'arch/x86/kvm/Kconfig': '# SPDX-License-Identifier: GPL-2.0\nconfig KVM\n\ttristate "Kernel-based Virtual Machine (KVM) support"\n\tdepends on HAVE_KVM\n\tselect HAVE_KVM_IRQFD\n\thelp\n\t  Support hosting fully virtualized guest machines.\n',
    'virt/kvm/Kconfig': 'config HAVE_KVM\n\tbool\n\nconfig HAVE_KVM_IRQFD\n\tbool\n\nconfig KVM_VFIO\n\tbool\n',
    'virt/kvm/vfio.c': '#include <linux/vfio.h>\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
});
after(() => rmSync(root, { recursive: true, force: true }));

test('--tree: the Kconfig select is checked against the tree with the patch applied', async () => {
  const r = await runB4(mail(V2_P2), root);
  assert.equal(r.code, 0, r.err);
  assert.match(r.results.find((x) => x.tool === 'kvetch-kconfig')?.details ?? '', /checked against the kernel tree for x86 with the series applied/);
  const without = await runB4(mail(V2_P2));
  assert.doesNotMatch(without.results.find((x) => x.tool === 'kvetch-kconfig')?.details ?? '', /checked against the kernel tree/);
});

test('--tree that is not a kernel tree: exit 2 naming it, nothing on stdout', async () => {
  const r = await runB4(mail(V2_P2), join(root, 'arch'));
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.ok(r.err.includes(`${join(root, 'arch')} is not a kernel source tree`), r.err);
});
