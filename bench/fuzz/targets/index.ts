/** Every fuzzing target, by name (FUZZ_TARGETS picks among them). */
import type { Target } from '../harness.js';
import { analyzerTargets } from './analyzers.js';
import { cliTarget } from './cli.js';
import { diffTarget } from './diff.js';
import { guaranteesTarget } from './guarantees.js';
import { kconfigTarget } from './kconfig.js';
import { messageTarget } from './message.js';
import { mboxTarget } from './mbox.js';
import { seriesTarget } from './series.js';
import { splitBodyTarget } from './split-body.js';
import { subjectTarget } from './subject.js';
import { treeTarget } from './tree.js';
import { triageTarget } from './triage.js';

export interface TargetDef {
  name: string;
  make(): Target<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A target too costly for FUZZ_RUNS inputs runs a sample: this many by default, settable by `env`. */
  maxRuns?: { env: string; dflt: number };
}

export const TARGETS: readonly TargetDef[] = [
  { name: 'mbox', make: mboxTarget },
  { name: 'subject', make: subjectTarget },
  { name: 'split-body', make: splitBodyTarget },
  { name: 'diff', make: diffTarget },
  { name: 'message', make: messageTarget },
  { name: 'kconfig', make: kconfigTarget },
  { name: 'guarantees', make: guaranteesTarget },
  { name: 'series', make: seriesTarget },
  ...analyzerTargets(),
  { name: 'triage', make: triageTarget },
  { name: 'tree', make: treeTarget },
  { name: 'cli', make: cliTarget, maxRuns: { env: 'FUZZ_CLI_RUNS', dflt: 800 } },
];
