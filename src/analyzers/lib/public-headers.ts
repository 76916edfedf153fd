/** Which headers are public: seen by the whole kernel and every module (docs/analyzers/public-header-growth.md). */
export const DEFAULT_PUBLIC_HEADERS: readonly string[] = [
  '^include/(?!.*/internal/)[^/]+/.*\\.h$',
  '^arch/[^/]+/include/(asm|uapi|generated)/.*\\.h$',
];

/** Compiled once per pattern list: the patch phase asks for every patch mail. */
const compiled = new WeakMap<readonly string[], (path: string) => boolean>();

export function publicHeaderTest(patterns: readonly string[]): (path: string) => boolean {
  let test = compiled.get(patterns);
  if (!test) {
    const res = patterns.map((p) => new RegExp(p));
    test = (path) => {
      for (const r of res) if (r.test(path)) return true;
      return false;
    };
    compiled.set(patterns, test);
  }
  return test;
}
