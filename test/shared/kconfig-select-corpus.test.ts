/**
 * kconfig-select on the whole corpus with --tree linux-6.1: every finding is sorted into a kind
 * by looking at what upstream did (the 6.12 tree), and the facts each finding rests on (the
 * selector selects the symbol, the symbol depends on the dependency) are confirmed by
 * Debian's python3-kconfiglib on the tree where they hold. docs/analyzers/kconfig-select.md
 * explains the kinds, gives the counts of one corpus build and checks ten findings by hand.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/model/finding.js';
import { certainDependencies, common } from '../../src/kconfig/closure.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { checkPaths as runCheck } from '../support/check.js';
import { corpusDir } from '../support/shared-dir.js';

/** The kinds a finding may be of; 'select-gone' (upstream dropped the select itself) is not one. */
const KINDS = ['unproven-upstream-too', 'target-changed-elsewhere', 'guarantee-added-elsewhere'];

/**
 * The counts docs/analyzers/kconfig-select.md gives, and the corpus build they were measured on.
 * They depend on how the change set is cut into series and versions (the corpus format) and on
 * the two trees (the Debian packages; build.sh takes the newest one when the pinned version has
 * left the archive): on that build they must be the doc's, on any other they are reported only.
 */
const MEASURED = {
  format: 2,
  debian_packages: { 'linux-source-6.1': '6.1.192-2', 'linux-source-6.12': '6.12.117-1~deb12u1' },
  counts: { 'unproven-upstream-too': 34, 'target-changed-elsewhere': 25, 'guarantee-added-elsewhere': 6 } as Record<string, number>,
};

/** The ten findings the doc checks by hand (selector, symbol, dependency), with the kind it gives each. */
const HAND_CHECKED: [string, string, string, string][] = [
  ['TI_ICSSG_PRUETH_SR1', 'TI_ICSS_IEP', 'PTP_1588_CLOCK_OPTIONAL', 'unproven-upstream-too'],
  ['KASAN_GENERIC', 'SLUB_DEBUG', 'SLUB', 'target-changed-elsewhere'],
  ['NFSD_V4', 'RPCSEC_GSS_KRB5', 'CRYPTO_DES', 'target-changed-elsewhere'],
  ['INTEL_RAPL_TPMI', 'INTEL_RAPL_CORE', 'PCI', 'guarantee-added-elsewhere'],
  ['FW_LOADER', 'CRYPTO_HASH', 'CRYPTO', 'unproven-upstream-too'],
  ['VFIO', 'VFIO_CONTAINER', 'VFIO_GROUP', 'unproven-upstream-too'],
  ['NET_9P_USBG', 'USB_LIBCOMPOSITE', 'USB_GADGET', 'unproven-upstream-too'],
  ['MVMDIO', 'MDIO_DEVRES', 'MDIO_BUS', 'unproven-upstream-too'],
  ['RISCV', 'KASAN_VMALLOC', 'HAVE_ARCH_KASAN_VMALLOC', 'unproven-upstream-too'],
  ['ARCH_EP93XX', 'ARM_APPENDED_DTB', 'OF', 'unproven-upstream-too'],
];

const docPath = fileURLToPath(new URL('../../../docs/analyzers/kconfig-select.md', import.meta.url));
const dump = fileURLToPath(new URL('../../../test/support/kconfiglib-dump.py', import.meta.url));
const archOf = (path: string): string => /^arch\/([^/]+)\//.exec(path)?.[1] ?? 'x86';

test('kconfig-select on the corpus with --tree linux-6.1: every finding is of a known kind', async (t) => {
  const dir = corpusDir();
  const result = await runCheck([join(dir, 'series.mbox')], { jobs: 2, tree: KernelTree.open(join(dir, 'linux-6.1')) });
  const found = result.findings.filter((f) => f.ruleId === 'kconfig-select');
  assert.deepEqual(found.filter((f) => f.messageId !== 'unmetDependency'), [], 'the corpus never touches the KVM_VFIO selects');

  const upstream = KernelTree.open(join(dir, 'linux-6.12'));
  const kinds = new Map<string, Finding[]>();
  for (const f of found) {
    const d = f.data as Record<string, string>;
    const kc = upstream.kconfig(archOf(d.path as string));
    const stillSelects = kc.definitions(d.selector as string).some((e) => (e as { selects?: { symbol: string }[] }).selects?.some((s) => s.symbol === d.symbol));
    const stillNeeds = common(kc.definitions(d.symbol as string).map(certainDependencies)).includes(d.dependency as string);
    const kind = !stillSelects ? 'select-gone' : !stillNeeds ? 'target-changed-elsewhere' : kc.implied([d.selector as string]).has(d.dependency as string) ? 'guarantee-added-elsewhere' : 'unproven-upstream-too';
    kinds.set(kind, [...(kinds.get(kind) ?? []), f]);
  }
  const counts = Object.fromEntries(KINDS.map((k) => [k, kinds.get(k)?.length ?? 0]));
  const triples = new Set(found.map((f) => `${f.data?.selector} ${f.data?.symbol} ${f.data?.dependency}`));
  t.diagnostic(`${found.length} findings (${triples.size} distinct selector, symbol, dependency): ${JSON.stringify(counts)}`);
  const unknown = [...kinds].filter(([k]) => !KINDS.includes(k)).flatMap(([k, v]) => v.map((f) => `${k}: ${f.message}`));
  assert.deepEqual(unknown, [], 'findings of no known kind (select-gone: upstream no longer has the select)');
  assert.ok(found.length > 0, 'the corpus gives kconfig-select findings');

  // The ten findings the doc explains are there, each of the kind the doc gives it.
  const kindOf = new Map([...kinds].flatMap(([k, v]) => v.map((f) => [`${f.data?.selector} ${f.data?.symbol} ${f.data?.dependency}`, k] as const)));
  assert.deepEqual(
    HAND_CHECKED.map(([sel, sym, dep]) => [sel, sym, dep, kindOf.get(`${sel} ${sym} ${dep}`) ?? 'not found']),
    HAND_CHECKED,
    'the findings docs/analyzers/kconfig-select.md checks by hand',
  );

  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { format: number; debian_packages: Record<string, string> };
  if (manifest.format === MEASURED.format && JSON.stringify(manifest.debian_packages) === JSON.stringify(MEASURED.debian_packages)) {
    assert.deepEqual(counts, MEASURED.counts, 'the counts docs/analyzers/kconfig-select.md gives for this corpus build');
  } else {
    t.diagnostic(`corpus format ${manifest.format} from ${JSON.stringify(manifest.debian_packages)}: not the build the doc measured, counts not compared`);
  }

  // The facts behind every finding whose select and dependency are still there upstream, as
  // kconfiglib reads the 6.12 tree: the select exists and the dependency is the target's.
  const upstreamFacts = [...(kinds.get('unproven-upstream-too') ?? []), ...(kinds.get('guarantee-added-elsewhere') ?? [])];
  const byArch = new Map<string, Finding[]>();
  for (const f of upstreamFacts) byArch.set(archOf(String(f.data?.path)), [...(byArch.get(archOf(String(f.data?.path))) ?? []), f]);
  for (const [arch, list] of byArch) {
    const queries = list.map((f) => ({ selector: f.data?.selector, symbol: f.data?.symbol, dependency: f.data?.dependency }));
    const out = JSON.parse(execFileSync('/usr/bin/python3', [dump, join(dir, 'linux-6.12'), arch, '--facts'], { input: JSON.stringify(queries), maxBuffer: 16 << 20, encoding: 'utf8' })) as { selects: boolean; needs: boolean }[];
    const wrong = list.filter((_, i) => !out[i]?.selects || !out[i]?.needs).map((f) => f.message);
    assert.deepEqual(wrong, [], `${arch}: kconfiglib disagrees with the facts of these findings`);
  }
});

test('docs/analyzers/kconfig-select.md gives the measured counts, the build they were measured on and the ten findings', () => {
  const doc = readFileSync(docPath, 'utf8');
  const table = Object.fromEntries([...doc.matchAll(/^\| (unproven upstream too|target changed elsewhere|guarantee added elsewhere) \| (\d+)\b/gm)].map((m) => [(m[1] as string).replaceAll(' ', '-'), Number(m[2])]));
  assert.deepEqual(table, MEASURED.counts, 'the table of kinds');
  const total = Object.values(MEASURED.counts).reduce((a, b) => a + b, 0);
  assert.match(doc, new RegExp(`\\*\\*${total} \`unmetDependency\` findings\\*\\*`), 'the total');
  assert.ok(doc.includes(`format-${MEASURED.format} corpus`), 'the corpus format');
  for (const version of Object.values(MEASURED.debian_packages)) assert.ok(doc.includes(version), `the package version ${version}`);
  const listed = [...doc.matchAll(/^ *\d+\. \*\*`(\w+)` selects `(\w+)`/gm)].map((m) => [m[1], m[2]]);
  assert.deepEqual(listed, HAND_CHECKED.map(([sel, sym]) => [sel, sym]), 'the ten findings checked by hand');
});
