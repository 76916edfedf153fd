/**
 * kvetch's MAINTAINERS matching against the tree's own scripts/get_maintainer.pl on the corpus's
 * linux-6.12: for every chosen file, the addresses `perl scripts/get_maintainer.pl --nogit
 * --nogit-fallback --norolestats -f FILE` prints equal `maintainersOf`'s, in order. The files:
 * a strided pick over the sorted list of the tree's files, then files several sections claim,
 * files an `N:` regex claims, devicetree `.yaml` bindings (their own addresses are added) and
 * a few chosen by hand (docs/maintainers.md has the numbers).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { KernelTree } from '../../src/kernel/tree.js';
import { answerFor, matchSections, type MaintainersMatch } from '../../src/kernel/maintainers.js';
import { corpusDir } from '../support/shared-dir.js';

const run = promisify(execFile);

/** Tree-relative paths of every file under `root`, sorted (byte order). */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
      if (d.name === '.git') continue;
      const p = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) out.push(p);
    }
  };
  walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const BY_HAND = [
  'MAINTAINERS',
  'Makefile',
  'drivers/gpio/gpio-amd-fch.c', // a maintainer whose name holds a comma
  'fs/smb/client/cifsfs.c', // reviewers with a note after the address, a moderated list
  'include/linux/clk.h',
  'drivers/net/ethernet/intel/e1000e/netdev.c',
  'arch/arm64/kernel/setup.c',
  'arch/x86/kvm/x86.c',
  'include/linux/page-flags.h', // N: include/linux/page[-_]*
  'tools/testing/selftests/kvm/Makefile',
  'Documentation/process/submitting-patches.rst',
  'kernel/sched/core.c',
];

export async function perlAnswer(tree: string, file: string): Promise<string[]> {
  const { stdout } = await run('perl', ['scripts/get_maintainer.pl', '--nogit', '--nogit-fallback', '--norolestats', '-f', file], { cwd: tree, maxBuffer: 1 << 20 });
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines; // an empty line is an answer too (an `L:` with a name and no address)
}

/** The orders of `matches` that get_maintainer may print: sections of equal depth in any order (it sorts Perl hash keys). */
function* tieOrders(matches: MaintainersMatch[]): Generator<MaintainersMatch[]> {
  const groups: MaintainersMatch[][] = [];
  for (const m of matches) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.depth === m.depth) last.push(m);
    else groups.push([m]);
  }
  const perms = (xs: MaintainersMatch[]): MaintainersMatch[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  const rec = function* (i: number, acc: MaintainersMatch[]): Generator<MaintainersMatch[]> {
    const g = groups[i];
    if (!g) {
      yield acc;
      return;
    }
    for (const p of perms(g)) yield* rec(i + 1, [...acc, ...p]);
  };
  yield* rec(0, []);
}

test('MAINTAINERS: kvetch answers as scripts/get_maintainer.pl -f for 300+ files of linux-6.12', { timeout: 15 * 60_000 }, async () => {
  const root = join(corpusDir(), 'linux-6.12');
  const tree = KernelTree.open(root);
  const db = tree.maintainers();
  assert.ok(db && db.sections.length > 2000, 'MAINTAINERS parsed');
  const all = listFiles(root);
  const chosen = new Set<string>();
  const stride = Math.floor(all.length / 260);
  for (let i = 0; i < all.length; i += stride) chosen.add(all[i] as string);
  // Candidates for the deliberate picks: another stride, offset from the first.
  const candidates = all.filter((_, i) => i % 41 === 7);
  const pick = (want: number, ok: (file: string, matches: MaintainersMatch[]) => boolean): void => {
    let n = 0;
    for (const f of candidates) {
      if (n >= want) break;
      if (!chosen.has(f) && ok(f, matchSections(db, f))) {
        chosen.add(f);
        n++;
      }
    }
  };
  pick(25, (_, m) => m.length >= 4); // several sections
  pick(25, (_, m) => m.some((x) => x.section.patterns.some((p) => p.type === 'N' && p.regex?.test(_)))); // an N: regex
  pick(8, (f) => f.startsWith('Documentation/devicetree/bindings/') && f.endsWith('.yaml'));
  for (const f of BY_HAND) chosen.add(f);
  const files = [...chosen].sort();
  assert.ok(files.length >= 300, `${files.length} files`);

  const started = Date.now();
  const expected = new Map<string, string[]>();
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let f = queue.shift(); f !== undefined; f = queue.shift()) expected.set(f, await perlAnswer(root, f));
    }),
  );
  const perlMs = Date.now() - started;

  const differ: string[] = [];
  const tieOrder: string[] = [];
  for (const f of files) {
    const want = expected.get(f);
    const got = tree.maintainersOf(f);
    if (JSON.stringify(got?.emails) === JSON.stringify(want)) continue;
    const content = f.endsWith('.yaml') ? tree.readFile(f) : null;
    let found = false;
    let tries = 0;
    for (const order of tieOrders(matchSections(db, f))) {
      if (++tries > 5040) break;
      if (JSON.stringify(answerFor(db, order, f, { content }).emails) === JSON.stringify(want)) {
        found = true;
        break;
      }
    }
    if (found) tieOrder.push(f);
    else differ.push(`${f}\n  perl:   ${JSON.stringify(want)}\n  kvetch: ${JSON.stringify(got?.emails)}`);
  }
  console.log(`maintainers cross-check: ${files.length} files, perl ${perlMs} ms (2 at a time), ${tieOrder.length} in another order of equally deep sections: ${tieOrder.join(' ')}`);
  assert.deepEqual(differ, []);
});
