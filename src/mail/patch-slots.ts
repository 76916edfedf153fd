/**
 * The patches of a series under assembly, by patch number, in arrival order: the first one in
 * two fields, the next ones in a flat array of number/record pairs while the series is small
 * (nearly all of them), a Map once it is not. A Map costs about 250 bytes even with one entry,
 * which a run over 100,000 one-patch series paid 100,000 times (issue 16, resource bounds).
 */
const SMALL = 16;

export class PatchSlots<T> {
  /** The first patch to arrive: its number (0 while there is none) and record… */
  private n0 = 0;
  private r0: T | undefined = undefined;
  /** …then number, record, number, record… in arrival order, while small… */
  private pairs: (number | T)[] | null = null;
  /** …and all of them in a Map once not. */
  private map: Map<number, T> | null = null;

  get size(): number {
    if (this.map) return this.map.size;
    return this.r0 === undefined ? 0 : 1 + (this.pairs?.length ?? 0) / 2;
  }

  has(n: number): boolean {
    return this.get(n) !== undefined;
  }

  get(n: number): T | undefined {
    if (this.map) return this.map.get(n);
    if (this.r0 !== undefined && this.n0 === n) return this.r0;
    const i = this.find(n);
    return i < 0 ? undefined : (this.pairs?.[i + 1] as T);
  }

  set(n: number, r: T): void {
    if (this.map) {
      this.map.set(n, r);
    } else if (this.r0 === undefined || this.n0 === n) {
      this.n0 = n;
      this.r0 = r;
    } else {
      const i = this.find(n);
      if (i >= 0) (this.pairs as (number | T)[])[i + 1] = r;
      // A literal holds exactly two slots; an empty array pushed to would reserve seventeen.
      else if (!this.pairs) this.pairs = [n, r];
      else if (this.pairs.length < SMALL * 2) this.pairs.push(n, r);
      else {
        this.map = new Map(this.entries());
        this.map.set(n, r);
        this.pairs = null;
        this.r0 = undefined;
      }
    }
  }

  /** Patch numbers in arrival order. */
  keys(): number[] {
    return this.entries().map(([n]) => n);
  }

  /** [number, record] in arrival order. */
  entries(): [number, T][] {
    if (this.map) return [...this.map];
    if (this.r0 === undefined) return [];
    const out: [number, T][] = [[this.n0, this.r0]];
    const p = this.pairs ?? [];
    for (let i = 0; i < p.length; i += 2) out.push([p[i] as number, p[i + 1] as T]);
    return out;
  }

  private find(n: number): number {
    const p = this.pairs;
    if (!p) return -1;
    for (let i = 0; i < p.length; i += 2) if (p[i] === n) return i;
    return -1;
  }
}
