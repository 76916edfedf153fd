/**
 * `kvetch digest`: what happened to the exported surface and the Kconfig graph of each
 * maintainer's files in a period (docs/digest.md). Reads the daemon's store, or, with `--from`,
 * any inputs `kvetch check` takes, run through the same triage() core. Routes every series
 * through the tree's MAINTAINERS; prints one recipient's digest or writes every one to a
 * directory (mail, page, JSON, an index).
 */
import { availableParallelism } from 'node:os';
import { loadDaemonConfig } from '../../daemon/config.js';
import { openInputs } from '../../ingest/index.js';
import { KernelTree } from '../../kernel/tree.js';
import { UserError } from '../../model/errors.js';
import { triage } from '../../pipeline/triage.js';
import { buildDigests, type RecipientSelector } from '../../report/digest/build.js';
import { collectFromStore } from '../../report/digest/collect.js';
import { inputFromRun } from '../../report/digest/from-run.js';
import { renderDigestHtml } from '../../report/digest/html.js';
import type { DigestInput } from '../../report/digest/input.js';
import { renderDigestSetJson } from '../../report/digest/json.js';
import { writeRenderings } from '../../report/digest/outputs.js';
import { parsePeriod, PeriodError } from '../../report/digest/period.js';
import { digestSubject, renderDigestText } from '../../report/digest/text.js';
import { isoWeekOf } from '../../util/iso-week.js';
import { EXIT_CLEAN } from '../exit-codes.js';
import { openState } from '../open-state.js';
import { writeReport } from '../write-report.js';

export interface DigestCommandOptions {
  since: string;
  until?: string;
  maintainer?: string;
  list?: string;
  all?: boolean;
  reviewers?: boolean;
  tree?: string;
  db?: string;
  config?: string;
  format: 'text' | 'html' | 'json';
  output?: string;
  from?: string[];
  weeks?: number;
  loreBase?: string;
  patchworkBase?: string;
  jobs?: number;
}

function selector(o: DigestCommandOptions): RecipientSelector {
  const given = [o.maintainer, o.list, o.all ? 'all' : undefined].filter((x) => x !== undefined);
  if (given.length !== 1) throw new UserError('kvetch digest: give exactly one of --maintainer EMAIL, --list LIST or --all');
  if (o.all) return { all: true, roles: o.reviewers ? ['maintainer', 'reviewer'] : ['maintainer'] };
  return { address: (o.maintainer ?? o.list ?? '').trim().toLowerCase() };
}

async function readInput(o: DigestCommandOptions, dbFromConfig: string | undefined): Promise<DigestInput> {
  const links = { ...(o.loreBase ? { loreBase: o.loreBase } : {}), ...(o.patchworkBase ? { patchworkBase: o.patchworkBase } : {}) };
  if (o.from && o.from.length > 0) {
    const { inputs, items } = openInputs(o.from, { env: process.env, bases: { lore: o.loreBase, patchwork: o.patchworkBase } });
    const tree = o.tree ? KernelTree.open(o.tree) : undefined;
    const run = await triage(items, { sources: inputs.map((i) => i.name), jobs: o.jobs ?? Math.min(2, availableParallelism()), ...(tree ? { tree } : {}) });
    return inputFromRun(run, links);
  }
  const { store } = await openState(o.db ?? dbFromConfig);
  try {
    return await collectFromStore(store, links);
  } finally {
    await store.close();
  }
}

export async function digestCommand(o: DigestCommandOptions): Promise<number> {
  const config = o.config ? loadDaemonConfig(o.config) : undefined;
  const select = selector(o);
  let period;
  try {
    period = parsePeriod(o.since, o.until, new Date());
  } catch (e) {
    if (e instanceof PeriodError) throw new UserError(`kvetch digest: ${e.message}`);
    throw e;
  }
  const treePath = o.tree ?? config?.tree;
  if (!treePath) throw new UserError('kvetch digest: give --tree <linux source tree> (its MAINTAINERS says who looks after which file), or a --config whose tree is set');
  const db = KernelTree.open(treePath).maintainers();
  if (!db) throw new UserError(`kvetch digest: ${treePath} has no MAINTAINERS file; point --tree at the top of a Linux source tree`);
  const input = await readInput(o.tree ? o : { ...o, tree: treePath }, config?.db);
  const digests = buildDigests(input, db, { since: period.since, until: period.until, select, ...(o.weeks ? { historyWeeks: o.weeks } : {}) });
  const week = isoWeekOf(new Date(period.until.getTime() - 1)).label;
  const span = { since: period.since.toISOString(), until: period.until.toISOString(), week };
  if (o.output) {
    const files = writeRenderings(o.output, span, digests);
    process.stderr.write(`kvetch digest: ${digests.length} digest(s) for ${week} written to ${o.output} (${files.length} files; open ${o.output}/index.html)\n`);
    return EXIT_CLEAN;
  }
  if (digests.length === 0) process.stderr.write(`kvetch digest: nothing to report between ${span.since} and ${span.until}${'address' in select ? ` for ${select.address}` : ''}\n`);
  if (o.format === 'json') await writeReport([renderDigestSetJson(span, digests)], undefined);
  else if (o.format === 'html') {
    if (digests.length > 1) throw new UserError('kvetch digest: --format html prints one page; give --maintainer or --list, or --output DIR for every page and an index');
    await writeReport(digests.map((d) => renderDigestHtml(d)), undefined);
  } else await writeReport(digests.map((d, i) => `${i > 0 ? '\n' : ''}Subject: ${digestSubject(d)}\nTo: ${d.recipient.display}\n\n${renderDigestText(d)}`), undefined);
  return EXIT_CLEAN;
}
