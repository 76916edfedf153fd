/**
 * A Map that starts as another map and records its own changes beside it, leaving that map as
 * it is: a patched Kconfig tree changes a few of ~15,000 symbols, and copying the whole map for
 * every series that touches a Kconfig file was most of reparseKconfig's time. It behaves as a
 * copy would, iteration order included: a key set again after it was deleted comes last.
 * The map underneath must not change while this one is in use.
 */
export class LayeredMap<K, V> extends Map<K, V> {
  private readonly own = new Map<K, V>();
  /** Keys of the map underneath that this one has deleted. */
  private readonly removed = new Set<K>();
  /** Keys of the map underneath deleted here and set again: they now come last. */
  private readonly moved = new Set<K>();
  private count: number;

  constructor(private readonly under: ReadonlyMap<K, V>) {
    super();
    this.count = under.size;
  }

  override get size(): number {
    return this.count;
  }

  override has(key: K): boolean {
    return this.own.has(key) || (!(this.removed.size > 0 && this.removed.has(key)) && this.under.has(key));
  }

  override get(key: K): V | undefined {
    const v = this.own.get(key);
    if (v !== undefined || this.own.has(key)) return v;
    return this.removed.size > 0 && this.removed.has(key) ? undefined : this.under.get(key);
  }

  override set(key: K, value: V): this {
    if (!this.has(key)) this.count++;
    if (this.removed.delete(key)) this.moved.add(key);
    this.own.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.own.delete(key);
    if (this.under.has(key)) this.removed.add(key);
    this.count--;
    return true;
  }

  override clear(): void {
    this.own.clear();
    this.moved.clear();
    for (const k of this.under.keys()) this.removed.add(k);
    this.count = 0;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.under) {
      if (this.removed.has(k) || this.moved.has(k)) continue;
      yield [k, this.own.has(k) ? (this.own.get(k) as V) : v];
    }
    for (const [k, v] of this.own) if (this.moved.has(k) || !this.under.has(k)) yield [k, v];
  }

  override *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
