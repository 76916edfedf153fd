/**
 * A map keyed by Message-ID that does not keep the keys: each is held as a 64-bit hash in typed
 * arrays (outside V8's heap), with its value. The series assembler indexes every mail of an
 * archive by Message-ID several times over (seen, threading references, submissions, replies);
 * as Maps of strings that index was most of what a run kept per mail, and the part that made
 * memory grow with the archive (issue 16; docs/performance.md, Memory).
 *
 * Two different keys are taken for the same one only if both 32-bit halves of their hashes
 * match: about 3 chances in 10^8 that any two of a million Message-IDs do. The hash is seeded
 * at random per process, so a pair that collides in one run (found by chance or built) does
 * not in the next. What a collision would do: a mail taken for a repeat of another (dropped
 * from its series with an `input/duplicate-message-id` finding naming it), or a reply joined to
 * the other's thread.
 */
import { randomBytes } from 'node:crypto';

const seeds = new Uint32Array(randomBytes(8).buffer);
const SEED_A = seeds[0] as number;
const SEED_B = (seeds[1] as number) ^ 0x9e3779b9;

/** The two halves of a key's hash: independent multiply-xorshift lanes, each finished with an avalanche. */
function hashOf(s: string, out: Uint32Array): void {
  let a = SEED_A ^ s.length;
  let b = SEED_B ^ Math.imul(s.length, 0x27d4eb2f);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0xcc9e2d51);
    a = (a << 15) | (a >>> 17);
    b = Math.imul(b ^ c, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = Math.imul(b, 5) + 0xe6546b64;
  }
  out[0] = avalanche(a);
  out[1] = avalanche(b ^ 0x85ebca6b);
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const EMPTY = 0;
const DELETED = -1;

export class IdMap<V> {
  /** Open addressing, linear probing: per slot the two hash halves and 1 + the value's index (EMPTY, DELETED). */
  private hi = new Uint32Array(16);
  private lo = new Uint32Array(16);
  private slot = new Int32Array(16);
  /** Values by index; a deleted one's place is not reused. */
  private values: (V | undefined)[] = [];
  /** Live keys, and slots not EMPTY (live or deleted): the table grows on the latter. */
  private live = 0;
  private used = 0;
  private readonly h = new Uint32Array(2);

  get size(): number {
    return this.live;
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  get(key: string): V | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.values[(this.slot[at] as number) - 1];
  }

  set(key: string, value: V): this {
    const at = this.find(key);
    if (at >= 0) {
      this.values[(this.slot[at] as number) - 1] = value;
      return this;
    }
    if ((this.used + 1) * 4 > this.slot.length * 3) this.grow();
    const hi = this.h[0] as number;
    const lo = this.h[1] as number;
    const mask = this.slot.length - 1;
    let i = lo & mask;
    while ((this.slot[i] as number) > EMPTY) i = (i + 1) & mask;
    if (this.slot[i] === EMPTY) this.used++;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.slot[i] = this.values.push(value);
    this.live++;
    return this;
  }

  delete(key: string): boolean {
    const at = this.find(key);
    if (at < 0) return false;
    this.values[(this.slot[at] as number) - 1] = undefined;
    this.slot[at] = DELETED;
    this.live--;
    return true;
  }

  /** The slot holding `key`, or -1; leaves its hash in `this.h`. */
  private find(key: string): number {
    hashOf(key, this.h);
    const hi = this.h[0] as number;
    const lo = this.h[1] as number;
    const mask = this.slot.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const s = this.slot[i] as number;
      if (s === EMPTY) return -1;
      if (s > EMPTY && this.lo[i] === lo && this.hi[i] === hi) return i;
    }
  }

  /** Doubles the table when it has live keys to fill it, and drops deleted slots. */
  private grow(): void {
    const { hi, lo, slot } = this;
    const size = this.live * 2 >= slot.length ? slot.length * 2 : slot.length;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.slot = new Int32Array(size);
    this.used = 0;
    const mask = size - 1;
    for (let j = 0; j < slot.length; j++) {
      const s = slot[j] as number;
      if (s <= EMPTY) continue;
      let i = (lo[j] as number) & mask;
      while (this.slot[i] !== EMPTY) i = (i + 1) & mask;
      this.hi[i] = hi[j] as number;
      this.lo[i] = lo[j] as number;
      this.slot[i] = s;
      this.used++;
    }
  }
}
