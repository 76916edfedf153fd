/**
 * Whether a symbol turning on can change what is certain about one of its readers. Kconfig
 * expressions are monotone in a symbol they mention only positively: that symbol turning on can
 * make them y, never n. So a reader with a prompt (never forced) whose expressions mention the
 * symbol only positively cannot become off or forced when it turns on, and need not be read
 * again. Most readers of PCI or NET are such drivers: skipping them is most of a query's work.
 */
import type { KconfigEntry } from './parse.js';
import { conditionTexts, mentioned } from './guarantees-derive.js';

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
