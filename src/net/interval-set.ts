/** An inclusive range of integers. Port ranges and IPv4 address ranges have this shape. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/**
 * An immutable set of integers stored as sorted, disjoint, non-adjacent inclusive intervals, so
 * that equal sets have equal representations. Values are safe integers; IPv4 addresses
 * (0..2^32-1) and ports fit. Operations are linear sweeps over the interval lists.
 */
export class IntervalSet {
  static readonly EMPTY: IntervalSet = new IntervalSet([]);

  /** Flat [from0, to0, from1, to1, ...]: fewer objects and faster sweeps than Interval[]. */
  readonly #bounds: readonly number[];
  #intervals: readonly Interval[] | undefined;

  private constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
  }

  /** Any intervals, in any order, overlapping or not. */
  static from(intervals: Iterable<Interval>): IntervalSet {
    const list = [...intervals];
    for (const { from, to } of list) checkInterval(from, to);
    list.sort((a, b) => a.from - b.from);
    const out: number[] = [];
    for (const { from, to } of list) appendMerging(out, from, to);
    return new IntervalSet(out);
  }

  static of(...intervals: Interval[]): IntervalSet {
    return IntervalSet.from(intervals);
  }

  static range(from: number, to: number): IntervalSet {
    checkInterval(from, to);
    return new IntervalSet([from, to]);
  }

  static point(value: number): IntervalSet {
    return IntervalSet.range(value, value);
  }

  get isEmpty(): boolean {
    return this.#bounds.length === 0;
  }

  /** How many integers the set holds. */
  get size(): number {
    let total = 0;
    const b = this.#bounds;
    for (let i = 0; i < b.length; i += 2) total += b[i + 1]! - b[i]! + 1;
    return total;
  }

  get intervalCount(): number {
    return this.#bounds.length / 2;
  }

  /** The maximal intervals, ascending. */
  get intervals(): readonly Interval[] {
    if (this.#intervals === undefined) {
      const list: Interval[] = [];
      const b = this.#bounds;
      for (let i = 0; i < b.length; i += 2) list.push(Object.freeze({ from: b[i]!, to: b[i + 1]! }));
      this.#intervals = Object.freeze(list);
    }
    return this.#intervals;
  }

  get min(): number | undefined {
    return this.#bounds[0];
  }

  get max(): number | undefined {
    return this.#bounds[this.#bounds.length - 1];
  }

  contains(value: number): boolean {
    const i = this.#indexOfIntervalAtOrBelow(value);
    return i >= 0 && value <= this.#bounds[i + 1]!;
  }

  /** The smallest integer >= `value` that is not in the set. */
  nextAbsent(value: number): number {
    const i = this.#indexOfIntervalAtOrBelow(value);
    // Intervals are non-adjacent, so the integer after an interval's end is never in the set.
    return i >= 0 && value <= this.#bounds[i + 1]! ? this.#bounds[i + 1]! + 1 : value;
  }

  union(other: IntervalSet): IntervalSet {
    const a = this.#bounds;
    const b = other.#bounds;
    if (b.length === 0) return this;
    if (a.length === 0) return other;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
        appendMerging(out, a[i]!, a[i + 1]!);
        i += 2;
      } else {
        appendMerging(out, b[j]!, b[j + 1]!);
        j += 2;
      }
    }
    return new IntervalSet(out);
  }

  intersection(other: IntervalSet): IntervalSet {
    const a = this.#bounds;
    const b = other.#bounds;
    const out: number[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const from = Math.max(a[i]!, b[j]!);
      const to = Math.min(a[i + 1]!, b[j + 1]!);
      if (from <= to) out.push(from, to);
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return new IntervalSet(out);
  }

  difference(other: IntervalSet): IntervalSet {
    const a = this.#bounds;
    const b = other.#bounds;
    if (a.length === 0 || b.length === 0) return this;
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      const end = a[i + 1]!;
      let cursor = a[i]!;
      while (j < b.length && b[j + 1]! < cursor) j += 2;
      // b[j..] may start inside this interval; one that extends past `end` can also cut the next one, so j stays on it.
      let k = j;
      while (k < b.length && b[k]! <= end && cursor <= end) {
        if (b[k]! > cursor) out.push(cursor, b[k]! - 1);
        cursor = Math.max(cursor, b[k + 1]! + 1);
        if (b[k + 1]! > end) break;
        k += 2;
      }
      if (cursor <= end) out.push(cursor, end);
      j = k;
    }
    return new IntervalSet(out);
  }

  /** Everything in `universe` that is not in this set. */
  complement(universe: Interval): IntervalSet {
    checkInterval(universe.from, universe.to);
    const a = this.#bounds;
    const out: number[] = [];
    let cursor = universe.from;
    for (let i = 0; i < a.length && cursor <= universe.to; i += 2) {
      if (a[i + 1]! < cursor) continue;
      if (a[i]! > universe.to) break;
      if (a[i]! > cursor) out.push(cursor, a[i]! - 1);
      cursor = a[i + 1]! + 1;
    }
    if (cursor <= universe.to) out.push(cursor, universe.to);
    return new IntervalSet(out);
  }

  intersects(other: IntervalSet): boolean {
    const a = this.#bounds;
    const b = other.#bounds;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (Math.max(a[i]!, b[j]!) <= Math.min(a[i + 1]!, b[j + 1]!)) return true;
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return false;
  }

  isSubsetOf(other: IntervalSet): boolean {
    return this.difference(other).isEmpty;
  }

  equals(other: IntervalSet): boolean {
    const a = this.#bounds;
    const b = other.#bounds;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** "{}", "{22, 80-443}"; `format` renders each bound (e.g. `formatIpv4Address`). */
  toString(format: (value: number) => string = String): string {
    const parts: string[] = [];
    const b = this.#bounds;
    for (let i = 0; i < b.length; i += 2) {
      parts.push(b[i] === b[i + 1] ? format(b[i]!) : `${format(b[i]!)}-${format(b[i + 1]!)}`);
    }
    return `{${parts.join(", ")}}`;
  }

  /** Index (into bounds) of the last interval whose start is <= value, or -1. */
  #indexOfIntervalAtOrBelow(value: number): number {
    const b = this.#bounds;
    let lo = 0;
    let hi = b.length / 2 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid * 2]! <= value) {
        found = mid * 2;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** Appends [from, to] to flat bounds sorted by start, merging it into the last interval when they overlap or touch. */
function appendMerging(bounds: number[], from: number, to: number): void {
  const n = bounds.length;
  if (n > 0 && from <= bounds[n - 1]! + 1) {
    if (to > bounds[n - 1]!) bounds[n - 1] = to;
  } else {
    bounds.push(from, to);
  }
}

function checkInterval(from: number, to: number): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) {
    throw new RangeError(`invalid interval ${from}-${to}`);
  }
}
