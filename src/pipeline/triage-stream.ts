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
import { carryTrailers } from '../mail/carry-trailers.js';
import { SeriesAssembler, type AssemblyPlan, type PlanEntry } from '../mail/series.js';
import type { Finding, PatchAnalysis } from '../model/finding.js';
import type { IngestItem } from '../model/raw-message.js';
import type { KeptRecord, LoadRecord, MessageRecord } from '../model/record.js';
import type { RunResult, Series } from '../model/series.js';
import type { TreeView } from '../model/tree.js';
import { collectGarbage, GcPacer } from '../util/gc.js';
import { analyzeOne } from './analyze-series.js';
import { parseItems, type ParseOptions } from './parse-items.js';
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
  try {
    const assembler = new SeriesAssembler();
    // Stubs when spilling: a run of 100,000 bad mails keeps 100,000 of them.
    const withProblems: KeptRecord[] = [];
    const stats: RunResult['stats'] = { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [...(o.sources ?? [])] };
    const read = await parseItems(items, { ...o, ...(o.spill ? { pack: true } : {}) }, (r) => {
      stats.messages++;
      if (r.kind === 'patch') stats.patches++;
      else if (r.kind === 'comment') stats.comments++;
      const kept = records.keep(r);
      const stub = stubRecord(kept);
      if (r.problems.length > 0) withProblems.push(stub);
      assembler.add(kept, stub);
    });
    // The intake's garbage (up to its pacer's slack) collected before the plan allocates an
    // entry per series: on 100,000 one-patch series the peak otherwise depended on where the
    // last paced collection fell (248 to 298 MB).
    if (o.spill) collectGarbage();
    const plan = assembler.plan((r) => records.load(r));
    await sink.start({ ...stats, bytes: read.bytes, duplicates: plan.duplicates, orphans: plan.orphans });
    const marker = new VersionMarker(o.history);
    const analysedKey = analysedKeys(plan, o, marker);
    // Only the mails an input finding names need a place.
    const places = wantedPlaces([...withProblems.map((r) => r.messageId), ...plan.duplicateMails.map((d) => d.messageId)]);
    const handles: number[] = [];
    const pacer = new GcPacer(o.tree ? TREE_SLACK : SERIES_SLACK);
    const carried = new CarriedGroups(plan, records);
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
    for (const f of inputFindingsOf(loadAll(withProblems, records), places)) await sink.finding(f);
    for (const f of [...duplicateFindings(plan.duplicateMails, places), ...read.problems.map(sourceInputFinding)]) await sink.finding(f);
    for (const h of handles) for (const f of held.get(h)) for (const m of marker.mark(f)) await sink.finding(m);
    if (o.analyze !== false) for (const f of marker.past()) await sink.finding(f);
  } finally {
    records.close();
    held.close();
  }
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

function* loadAll(kept: readonly KeptRecord[], records: RecordKeeper): Generator<MessageRecord> {
  for (const k of kept) yield records.load(k);
}

/**
 * Series with the trailers carried from their older revisions, with their patches' results. A
 * key with several revisions is built once, all its revisions together (one loader), when its
 * first one comes, and kept until its last one was taken: as many builds as series, however
 * many revisions a key has.
 */
class CarriedGroups {
  /** The series of each key with several revisions, in plan order. */
  private readonly members = new Map<string, PlanEntry[]>();
  private readonly built = new Map<string, { series: Map<PlanEntry, Series>; analysis: Analysis }>();

  constructor(
    private readonly plan: AssemblyPlan,
    private readonly records: RecordKeeper,
  ) {
    const count = new Map<string, number>();
    for (const e of plan.entries) count.set(e.key, (count.get(e.key) ?? 0) + 1);
    for (const e of plan.entries) {
      if ((count.get(e.key) ?? 0) < 2) continue;
      const list = this.members.get(e.key);
      if (list) list.push(e);
      else this.members.set(e.key, [e]);
    }
  }

  build(e: PlanEntry): { s: Series; analysis: Analysis } {
    const members = this.members.get(e.key);
    if (!members) {
      const loaded = loader(this.records);
      return { s: this.plan.build(e, loaded.load), analysis: loaded.analysis };
    }
    let group = this.built.get(e.key);
    if (!group) {
      const loaded = loader(this.records);
      const series = members.map((m) => this.plan.build(m, loaded.load));
      carryTrailers(series);
      group = { series: new Map(members.map((m, i) => [m, series[i] as Series])), analysis: loaded.analysis };
      this.built.set(e.key, group);
    }
    const s = group.series.get(e) as Series;
    group.series.delete(e);
    if (group.series.size === 0) {
      this.built.delete(e.key);
      this.members.delete(e.key);
    }
    return { s, analysis: group.analysis };
  }
}

type Analysis = (messageId: string) => PatchAnalysis | undefined;

/** Loads full records for the building of one series (each once), and keeps their patch-phase results by Message-ID. */
function loader(records: RecordKeeper): { load: LoadRecord; analysis: Analysis } {
  const full = new Map<KeptRecord, MessageRecord>();
  const analyses = new Map<string, PatchAnalysis>();
  return {
    load(r) {
      let f = full.get(r);
      if (!f) {
        f = records.load(r);
        full.set(r, f);
        if (f.analysis && !analyses.has(f.messageId)) analyses.set(f.messageId, f.analysis);
      }
      return f;
    },
    analysis: (id) => analyses.get(id),
  };
}
