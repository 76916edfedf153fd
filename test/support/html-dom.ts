/**
 * Reading rendered HTML back in unit tests: linkedom parses it (as a browser would, entities
 * decoded), and these few typed calls query it. linkedom's own types need lib.dom, which the
 * project does not load; this is the little of the DOM the tests use.
 */
import { parseHTML } from 'linkedom';

export interface El {
  readonly tagName: string;
  readonly id: string;
  readonly textContent: string | null;
  readonly children: ArrayLike<El>;
  readonly parentElement: El | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

export interface Page {
  /** Every element matching `selector`, in document order. */
  all(selector: string, within?: El): El[];
  one(selector: string, within?: El): El;
}

export function parsePage(html: string): Page {
  const { document } = parseHTML(html) as unknown as { document: El };
  const all = (selector: string, within: El = document): El[] => Array.from(within.querySelectorAll(selector));
  const one = (selector: string, within: El = document): El => {
    const e = within.querySelector(selector);
    if (e === null) throw new Error(`no element matches ${selector}`);
    return e;
  };
  return { all, one };
}

/** A fragment (a chart's `<svg>`, a table) inside a minimal page. */
export function parseFragment(html: string): Page {
  return parsePage(`<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>${html}</body></html>`);
}

/** The text of an element with runs of white space as one space, trimmed. */
export function text(e: El | null): string {
  return (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
