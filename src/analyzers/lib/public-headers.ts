/** Which headers are public: seen by the whole kernel and every module (docs/analyzers/public-header-growth.md). */
export const DEFAULT_PUBLIC_HEADERS: readonly string[] = [
  '^include/(?!.*/internal/)[^/]+/.*\\.h$',
  '^arch/[^/]+/include/(asm|uapi|generated)/.*\\.h$',
];

export function publicHeaderTest(patterns: readonly string[]): (path: string) => boolean {
  const res = patterns.map((p) => new RegExp(p));
  return (path) => res.some((r) => r.test(path));
}
