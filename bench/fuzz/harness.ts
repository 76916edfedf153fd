/**
 * The fuzzing harness: a target is an arbitrary (fast-check), the code under test (`run`) and
 * properties over its input and output. Every input is run once; a throw counts as a crash,
 * a run slower than the hang bound as a hang, and each property that does not hold as a
 * violation. Properties may be sampled (`every`: the costly ones run on every Nth input).
 * The first failure of each property is then minimised by fast-check's shrinking, replaying
 * the same seed, and kept in the summary so that it can become a regression test.
 */
import fc from 'fast-check';

/** A property of one input and what `run` returned for it: null when it holds, else why not. */
export interface Property<I, O> {
  name: string;
  /** Check only every Nth input (costly properties); 1 by default. */
  every?: number;
  check(input: I, output: O): null | string | Promise<null | string>;
}

export interface Target<I, O> {
  name: string;
  /** What the target feeds the code under test. */
  arbitrary: fc.Arbitrary<I>;
  run(input: I): O | Promise<O>;
  properties: readonly Property<I, O>[];
  /** The input as people read it (the regression test's text). */
  show(input: I): string;
  /** Cost per input relative to the cheap targets (the short run divides its runs by it); 1 by default. */
  weight?: number;
  /** A run longer than this is a hang for this target (ms); the run's bound by default. A target that starts processes needs more. */
  hangMs?: number;
  /** Release what the target holds (temp dirs) after a run. */
  close?(): void | Promise<void>;
  /**
   * How many inputs one generated value holds, 1 by default: a costly target may test a batch
   * of inputs in one run of the code under test (the CLI checks many generated mboxes as one).
   */
  units?(input: I): number;
}

/** What the summary records per target and property. */
export interface PropertyResult {
  property: string;
  inputs: number;
  crashes: number;
  hangs: number;
  violations: number;
  seconds: number;
  /** The first failure, minimised: the input as shown and why it fails. */
  minimal?: { input: string; reason: string };
}

export interface TargetResult {
  target: string;
  /** Values generated (runs of the code under test). */
  runs: number;
  /** Inputs they held (see Target.units). */
  inputs: number;
  seconds: number;
  properties: PropertyResult[];
}

export interface RunOptions {
  runs: number;
  seed: number;
  /** A run longer than this is a hang (ms). */
  hangMs: number;
  /** Minimise the first failure of each property (the short test run skips it). */
  minimise: boolean;
  /** Time given to shrinking one property's failure (ms); 30 s by default. */
  shrinkMs?: number;
  /** Called now and then with the inputs done. */
  progress?: (done: number) => void;
}

export const NEVER_THROWS = 'never throws';
export const NO_HANG = 'returns in time';

type AnyTarget = Target<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Tally {
  inputs: number;
  violations: number;
  seconds: number;
  firstReason?: string;
}

export async function runTarget(t: AnyTarget, o: RunOptions): Promise<TargetResult> {
  const started = performance.now();
  const tallies = new Map<string, Tally>();
  const tally = (name: string): Tally => {
    let x = tallies.get(name);
    if (!x) tallies.set(name, (x = { inputs: 0, violations: 0, seconds: 0 }));
    return x;
  };
  for (const n of [NEVER_THROWS, NO_HANG, ...t.properties.map((p) => p.name)]) tally(n);
  let n = 0;
  let inputs = 0;
  await fc.check(
    fc.asyncProperty(t.arbitrary, async (input: unknown) => {
      const i = n++;
      const units = t.units?.(input) ?? 1;
      inputs += units;
      if (o.progress && i % 1000 === 0) o.progress(i);
      const t0 = performance.now();
      let output: unknown;
      let crashed: string | null = null;
      try {
        output = await t.run(input);
      } catch (e) {
        crashed = e instanceof Error ? (e.stack ?? e.message) : String(e);
      }
      const ms = performance.now() - t0;
      record(tally(NEVER_THROWS), crashed, ms, units);
      const bound = t.hangMs ?? o.hangMs;
      record(tally(NO_HANG), ms > bound ? `took ${Math.round(ms)} ms (bound ${bound} ms)` : null, 0, units);
      if (crashed !== null) return true;
      for (const p of t.properties) {
        if (i % (p.every ?? 1) !== 0) continue;
        const p0 = performance.now();
        let why: string | null;
        try {
          why = await p.check(input, output);
        } catch (e) {
          why = `property check threw: ${e instanceof Error ? e.message : String(e)}`;
        }
        record(tally(p.name), why, performance.now() - p0, units);
      }
      return true;
    }),
    { numRuns: o.runs, seed: o.seed },
  );
  const properties: PropertyResult[] = [];
  for (const [name, x] of tallies) {
    const r: PropertyResult = {
      property: name,
      inputs: x.inputs,
      crashes: name === NEVER_THROWS ? x.violations : 0,
      hangs: name === NO_HANG ? x.violations : 0,
      violations: name === NEVER_THROWS || name === NO_HANG ? 0 : x.violations,
      seconds: round(x.seconds / 1000),
    };
    if (x.violations > 0 && name !== NO_HANG) {
      r.minimal = o.minimise ? await minimise(t, name, o) : { input: '(not minimised)', reason: x.firstReason ?? '' };
    }
    properties.push(r);
  }
  return { target: t.name, runs: n, inputs, seconds: round((performance.now() - started) / 1000), properties };
}

function record(x: Tally, why: string | null, ms: number, units: number): void {
  x.inputs += units;
  x.seconds += ms;
  if (why !== null) {
    x.violations++;
    x.firstReason ??= why;
  }
}

/** Replays the seed until `property` fails and lets fast-check shrink that input. */
async function minimise(t: AnyTarget, property: string, o: RunOptions): Promise<{ input: string; reason: string }> {
  let reason = '';
  const prop = t.properties.find((p) => p.name === property);
  let n = 0;
  let found = false;
  const details = await fc.check(
    fc.asyncProperty(t.arbitrary, async (input: unknown) => {
      const i = n++;
      // Sampled as in the counting run until the first failure; every shrink candidate after it.
      if (prop && !found && i % (prop.every ?? 1) !== 0) return true;
      let output: unknown;
      try {
        output = await t.run(input);
      } catch (e) {
        if (property !== NEVER_THROWS) return true;
        reason = e instanceof Error ? e.message : String(e);
        found = true;
        return false;
      }
      if (!prop) return true;
      let why: string | null;
      try {
        why = await prop.check(input, output);
      } catch (e) {
        why = `property check threw: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (why !== null) {
        reason = why;
        found = true;
      }
      return why === null;
    }),
    { numRuns: o.runs, seed: o.seed, interruptAfterTimeLimit: o.shrinkMs ?? 30_000 },
  );
  if (!details.failed || !details.counterexample) return { input: '(did not fail again on replay)', reason };
  // The last reason recorded is the shrunk input's: fast-check runs it last.
  const [input] = details.counterexample;
  return { input: t.show(input), reason: reason.slice(0, 2000) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
