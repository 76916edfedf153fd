/**
 * Whether a symbol turning on can change what is certain about one of its readers. Kconfig
 * expressions are monotone in a symbol they mention only positively: that symbol turning on can
 * make them y, never n. So a reader with a prompt (never forced) whose expressions mention the
 * symbol only positively cannot become off or forced when it turns on, and need not be read
 * again. Most readers of PCI or NET are such drivers: skipping them is most of a query's work.
 */
import type { KconfigEntry } from './parse.js';
import { conditionTexts, mentioned, type Lookup, type Selector } from './guarantees-derive.js';

interface Reading {
  /** No definition has a prompt: defaults alone may force it on. */
  forceable: boolean;
  /** Symbols mentioned under `!` or in a comparison, where turning on may turn the expression n. */
  negative: ReadonlySet<string>;
}

/** By definition list: lists are shared between a tree and its patched copies (reparseKconfig). */
const readings = new WeakMap<readonly KconfigEntry[], Reading>();
const selectorNegatives = new WeakMap<readonly { cond: string }[], ReadonlySet<string>>();

/** Can `symbol` turning on change the reading of the symbol defined by `defs` and selected by `selectors`? */
export function onCanMatter(symbol: string, defs: readonly KconfigEntry[], selectors: readonly { cond: string }[] | undefined): boolean {
  let reading = readings.get(defs);
  if (!reading) readings.set(defs, (reading = readingOf(defs)));
  if (reading.forceable || reading.negative.has(symbol)) return true;
  if (!selectors) return false;
  let negative = selectorNegatives.get(selectors);
  if (!negative) selectorNegatives.set(selectors, (negative = negativeMentions(selectors.map((s) => s.cond))));
  return negative.has(symbol);
}

function readingOf(defs: readonly KconfigEntry[]): Reading {
  const texts = defs.flatMap(conditionTexts);
  return { forceable: !defs.some((d) => d.prompt), negative: negativeMentions(texts) };
}

/** Every symbol of an expression that is not plainly positive (any `!`, `=`, `<` or `>` in it counts). */
function negativeMentions(texts: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const t of texts) if (/[!=<>]/.test(t)) for (const m of mentioned(t)) out.add(m);
  return out;
}

/** What a patched tree's readers-on-turn-on are derived from. */
export interface TurnOnBase {
  lists: TurnOnReaders;
  /** Symbols whose definitions or selectors the patch changed: their readings are judged again. */
  touched: ReadonlySet<string>;
  /** Symbols whose set of readers the patch changed: their lists are made again. */
  newReaders: ReadonlySet<string>;
}

/**
 * Per tree, the readers of each symbol that its turning on can change (onCanMatter), made once
 * per symbol: every query of a `--tree` run turns on the same PCI, NET or OF and went through
 * their thousands of readers each time. A patched tree takes its tree's list and judges again
 * only the readers the patch touched.
 */
export class TurnOnReaders {
  private readonly lists = new Map<string, readonly string[]>();

  constructor(
    private readonly entries: Lookup<readonly KconfigEntry[]>,
    private readonly readers: Lookup<ReadonlySet<string>>,
    private readonly selectors: Lookup<readonly Selector[]>,
    private readonly from?: TurnOnBase,
  ) {}

  of(symbol: string): readonly string[] {
    let list = this.lists.get(symbol);
    if (list) return list;
    const readers = this.readers.get(symbol);
    const matters = (r: string): boolean => {
      const defs = this.entries.get(r);
      return defs !== undefined && onCanMatter(symbol, defs, this.selectors.get(r));
    };
    const from = this.from;
    if (!readers) list = [];
    else if (!from || from.newReaders.has(symbol)) list = [...readers].filter(matters);
    else {
      const kept = from.lists.of(symbol).filter((r) => !from.touched.has(r));
      for (const r of from.touched) if (readers.has(r) && matters(r)) kept.push(r);
      list = kept;
    }
    this.lists.set(symbol, list);
    return list;
  }
}
