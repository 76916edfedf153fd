/**
 * The one core, as a stream: mail in, series and findings out to a sink, in report order.
 * triage() collects the stream; `kvetch check` writes it as it comes with the records and the
 * findings kept in spill files, so that its memory does not grow with the archive: the
 * assembler holds slim records, one series is built at a time, and findings wait on disk until
 * the versions of every series key are known.
 */
import { ANALYZERS } from '../analyzers/index.js';
import { addPlaces, duplicateFindings, inputFindingsOf, sourceInputFinding, wantedPlaces } from '../engine/input-findings.js';
import { VersionMarker, type VersionFindings } from '../engine/versions.js';
import { SeriesAssembler, type AssemblyPlan, type PlanEntry } from '../mail/series.js';
import type { Finding } from '../model/finding.js';
import type { IngestItem } from '../model/raw-message.js';
import type { KeptRecord, LoadRecord, MessageRecord } from '../model/record.js';
import type { RunResult, Series } from '../model/series.js';
import type { TreeView } from '../model/tree.js';
import { collectGarbage, GcPacer } from '../util/gc.js';
import { analyzeOne } from './analyze-series.js';
import { CarriedGroups, type WaitingSeries } from './carried-groups.js';
import { parseItems, type ParseOptions, type ParseTotals } from './parse-items.js';
import { recordKeeper, stubRecord, type RecordKeeper } from './slim-record.js';
import { fileSpill, memorySpill, type Spill } from './spill.js';

export interface TriageOptions extends ParseOptions {
  /** Names of the inputs, for the report (stats.sources). */
  sources?: readonly string[];
  /** The kernel tree the series apply to (--tree), for the analyzers that use it. */
  tree?: TreeView;
  /** Findings of older versions analysed before (the daemon's store): what is new, still present or fixed is told against them too. */
  history?: readonly VersionFindings[];
  /**
   * Analyse only the series of this revision, under this key (the daemon's version). The other
   * series the mails make (a partial reroll's patches from the older revision assemble into
   * that revision too) are context, never analysed or compared with.
   */
  only?: { key: string; revision: number };
  /** Keep records and findings in temporary files instead of the heap (big inputs). */
  spill?: boolean;
}

export interface TriageSink {
  /** Once, when the input is read and assembled, before any series. */
  start(stats: RunResult['stats']): Promise<void> | void;
  /** Every series, in report order. */
  series(s: Series): Promise<void> | void;
  /** Every finding, in report order, after the last series. */
  finding(f: Finding): Promise<void> | void;
}

/**
 * Garbage the series phase may leave above what is live. With --tree, each series that touches
 * Kconfig re-parses the touched files and builds its own guarantee closure; left to V8, that
 * garbage took the corpus run past 2 GB.
 */
const TREE_SLACK = 64 * 1024 * 1024;

/**
 * Without a tree what is live is small (the plan and stubs, ~40 MB on the corpus), so a
 * collection is cheap, and 64 MB of slack was most of the difference between the corpus and
 * the 2 GB mbox (the series phase was the latter's peak).
 */
const SERIES_SLACK = 32 * 1024 * 1024;

export async function triageInto(items: AsyncIterable<IngestItem>, o: TriageOptions, sink: TriageSink): Promise<void> {
  const records = recordKeeper(o.spill ? fileSpill<MessageRecord>('records') : null);
  const held: Spill<Finding[]> = o.spill ? fileSpill<Finding[]>('findings') : memorySpill<Finding[]>();
  const later: Spill<WaitingSeries> = o.spill ? fileSpill<WaitingSeries>('series') : memorySpill<WaitingSeries>();
  try {
    const { plan, stats, withProblems, problems } = await assemble(items, o, records);
    await sink.start(stats);
    const marker = new VersionMarker(o.history);
    const analysedKey = analysedKeys(plan, o, marker);
    // Only the mails an input finding names need a place.
    const places = wantedPlaces([...withProblems.ids, ...plan.duplicateMails.map((d) => d.messageId)]);
    const handles: number[] = [];
    const pacer = new GcPacer(o.tree ? TREE_SLACK : SERIES_SLACK);
    const carried = new CarriedGroups(plan, records, later);
    for (const e of plan.entries) {
      pacer.tick();
      const { s, analysis } = carried.build(e);
      await sink.series(s);
      if (places.size > 0) addPlaces(places, s, true);
      const key = analysedKey(e);
      if (key === undefined) continue;
      const a = key === s.key ? s : { ...s, key };
      const found = analyzeOne(ANALYZERS, a, analysis, o.tree);
      for (const f of found) marker.saw(f);
      if (found.length > 0) handles.push(held.put(found));
    }
    for (const f of inputFindingsOf(loadAll(withProblems.kept, records), places)) await sink.finding(f);
    for (const f of [...duplicateFindings(plan.duplicateMails, places), ...problems.map(sourceInputFinding)]) await sink.finding(f);
    for (const h of handles) for (const f of held.get(h)) for (const m of marker.mark(f)) await sink.finding(m);
    if (o.analyze !== false) for (const f of marker.past()) await sink.finding(f);
  } finally {
    records.close();
    held.close();
    later.close();
  }
}

interface Assembled {
  plan: AssemblyPlan;
  stats: RunResult['stats'];
  /** The mails with input problems: their Message-IDs and, in the same order, what was kept of them. */
  withProblems: { ids: string[]; kept: KeptRecord[] };
  /** Problems of the sources themselves (unreadable, truncated). */
  problems: ParseTotals['problems'];
}

/**
 * Reads and assembles the input: the plan, the run's stats, and stubs of the mails with input
 * problems. The assembler's indexes by Message-ID (every mail's, about 280 bytes a mail) end
 * with this function, before the series phase.
 */
async function assemble(items: AsyncIterable<IngestItem>, o: TriageOptions, records: RecordKeeper): Promise<Assembled> {
  const assembler = new SeriesAssembler();
  // Stubs when spilling: a run of 100,000 bad mails keeps 100,000 of them.
  const withProblems: Assembled['withProblems'] = { ids: [], kept: [] };
  const stats: RunResult['stats'] = { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [...(o.sources ?? [])] };
  const read = await parseItems(items, { ...o, ...(o.spill ? { pack: true } : {}) }, (r) => {
    stats.messages++;
    if (r.kind === 'patch') stats.patches++;
    else if (r.kind === 'comment') stats.comments++;
    const kept = records.keep(r);
    const stub = stubRecord(kept);
    if (r.problems.length > 0) {
      withProblems.ids.push(r.messageId);
      withProblems.kept.push(stub);
    }
    assembler.add(kept, stub);
  });
  // The intake's garbage (up to its pacer's slack) collected before the plan allocates an
  // entry per series: on 100,000 one-patch series the peak otherwise depended on where the
  // last paced collection fell (248 to 298 MB).
  if (o.spill) collectGarbage();
  const plan = assembler.plan(loaderOf(records));
  return { plan, stats: { ...stats, bytes: read.bytes, duplicates: plan.duplicates, orphans: plan.orphans }, withProblems, problems: read.problems };
}

/**
 * The series analysed (all, or the daemon's one version): the key each is analysed under, none
 * for the others. Their versions are told to the marker.
 */
function analysedKeys(plan: AssemblyPlan, o: TriageOptions, marker: VersionMarker): (e: PlanEntry) => string | undefined {
  if (o.analyze === false) return () => undefined;
  const only = o.only;
  const match = only ? plan.entries.filter((e) => e.revision === only.revision) : [];
  if (only && match.length > 0) {
    for (const e of match) marker.series(only.key, e.revision);
    const set = new Set(match);
    return (e) => (set.has(e) ? only.key : undefined);
  }
  for (const e of plan.entries) marker.series(e.key, e.revision);
  return (e) => e.key;
}

/** Not a closure made in assemble(): one would keep its context, and with it the assembler, as long as the plan. */
function loaderOf(records: RecordKeeper): LoadRecord {
  return (r) => records.load(r);
}

function* loadAll(kept: readonly KeptRecord[], records: RecordKeeper): Generator<MessageRecord> {
  for (const k of kept) yield records.load(k);
}
