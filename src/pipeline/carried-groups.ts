/**
 * Series with the trailers carried from their older revisions, with their patches' results, for
 * the series phase (triage-stream.ts). A key with several revisions is built once, all its
 * revisions together (one loader), when its first one comes: as many builds as series, however
 * many revisions a key has. Its later revisions wait for their turn in `later`, with the results
 * of their own patches: a spill file in `kvetch check`, so that the groups open at once (a key's
 * revisions can be months apart in report order) do not hold full records on the heap.
 */
import { carryTrailers } from '../mail/carry-trailers.js';
import type { AssemblyPlan, PlanEntry } from '../mail/series.js';
import type { PatchAnalysis } from '../model/finding.js';
import type { KeptRecord, LoadRecord, MessageRecord } from '../model/record.js';
import type { Series } from '../model/series.js';
import type { RecordKeeper } from './slim-record.js';
import type { Spill } from './spill.js';

export type Analysis = (messageId: string) => PatchAnalysis | undefined;

/** A later revision as it waits: the series, and the results of its patches by Message-ID. */
export interface WaitingSeries {
  series: Series;
  analyses: [string, PatchAnalysis][];
}

export class CarriedGroups {
  /** The series of each key with several revisions, in plan order, until the key is built. */
  private readonly members = new Map<string, PlanEntry[]>();
  /** Built later revisions: their handle in `later`. */
  private readonly waiting = new Map<PlanEntry, number>();

  constructor(
    private readonly plan: AssemblyPlan,
    private readonly records: RecordKeeper,
    private readonly later: Spill<WaitingSeries>,
  ) {
    for (const e of plan.entries) {
      const list = this.members.get(e.key);
      if (list) list.push(e);
      else this.members.set(e.key, [e]);
    }
    for (const [key, list] of this.members) if (list.length < 2) this.members.delete(key);
  }

  /** `e`'s series; entries are taken in plan order, each once. */
  build(e: PlanEntry): { s: Series; analysis: Analysis } {
    const handle = this.waiting.get(e);
    if (handle !== undefined) {
      this.waiting.delete(e);
      const w = this.later.get(handle);
      const analyses = new Map(w.analyses);
      return { s: w.series, analysis: (id) => analyses.get(id) };
    }
    const loaded = loader(this.records);
    const members = this.members.get(e.key);
    if (!members) return { s: this.plan.build(e, loaded.load), analysis: loaded.analysis };
    this.members.delete(e.key);
    const series = members.map((m) => this.plan.build(m, loaded.load));
    carryTrailers(series);
    let own: Series | undefined;
    members.forEach((m, i) => {
      const s = series[i] as Series;
      if (m === e) own = s;
      else this.waiting.set(m, this.later.put({ series: s, analyses: analysesOf(s, loaded.analysis) }));
    });
    if (!own) throw new Error(`series ${e.key}: not among the revisions of its key`);
    return { s: own, analysis: loaded.analysis };
  }
}

function analysesOf(s: Series, analysis: Analysis): [string, PatchAnalysis][] {
  const out: [string, PatchAnalysis][] = [];
  for (const p of s.patches) {
    const a = analysis(p.messageId);
    if (a) out.push([p.messageId, a]);
  }
  return out;
}

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
