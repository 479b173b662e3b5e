import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Interval, IntervalSet } from "./interval-set.js";
import { formatIpv4Address, ipv4 } from "./ipv4.js";
import { ALL_PORTS, portRange } from "./ports.js";

const UNIVERSE = 64;

const interval = fc
  .tuple(fc.integer({ min: 0, max: UNIVERSE - 1 }), fc.integer({ min: 0, max: 8 }))
  .map(([from, length]) => ({ from, to: Math.min(UNIVERSE - 1, from + length) }));
const intervals = fc.array(interval, { maxLength: 8 });
const set = intervals.map((list) => IntervalSet.from(list));

function bits(s: IntervalSet): boolean[] {
  return Array.from({ length: UNIVERSE }, (_, i) => s.contains(i));
}

function bitsOf(list: readonly Interval[]): boolean[] {
  const result = new Array<boolean>(UNIVERSE).fill(false);
  for (const { from, to } of list) for (let i = from; i <= to; i++) result[i] = true;
  return result;
}

/** Sorted, disjoint and non-adjacent, so that equal sets have one representation. */
function expectNormalized(s: IntervalSet): void {
  const list = s.intervals;
  for (let i = 0; i < list.length; i++) {
    expect(list[i]!.from).toBeLessThanOrEqual(list[i]!.to);
    if (i > 0) expect(list[i]!.from).toBeGreaterThan(list[i - 1]!.to + 1);
  }
}

describe("IntervalSet", () => {
  it("normalizes unsorted, overlapping and adjacent input", () => {
    const s = IntervalSet.of(
      { from: 10, to: 20 },
      { from: 1, to: 2 },
      { from: 3, to: 4 },
      { from: 15, to: 30 },
    );
    expect(s.intervals).toEqual([
      { from: 1, to: 4 },
      { from: 10, to: 30 },
    ]);
    expect(s.toString()).toBe("{1-4, 10-30}");
    expect(s.size).toBe(25);
    expect(s.intervalCount).toBe(2);
    expect(s.min).toBe(1);
    expect(s.max).toBe(30);
  });

  it("empty set", () => {
    expect(IntervalSet.EMPTY.isEmpty).toBe(true);
    expect(IntervalSet.EMPTY.toString()).toBe("{}");
    expect(IntervalSet.EMPTY.size).toBe(0);
    expect(IntervalSet.EMPTY.min).toBeUndefined();
    expect(IntervalSet.from([]).equals(IntervalSet.EMPTY)).toBe(true);
    expect(IntervalSet.point(3).isEmpty).toBe(false);
  });

  it("rejects invalid intervals", () => {
    expect(() => IntervalSet.range(5, 4)).toThrow(RangeError);
    expect(() => IntervalSet.range(0.5, 4)).toThrow(RangeError);
    expect(() => IntervalSet.of({ from: 0, to: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => IntervalSet.EMPTY.complement({ from: 2, to: 1 })).toThrow(RangeError);
  });

  it("works for ports: everything but SSH", () => {
    const notSsh = IntervalSet.point(22).complement(ALL_PORTS);
    expect(notSsh.toString()).toBe("{0-21, 23-65535}");
    expect(notSsh.contains(22)).toBe(false);
    expect(notSsh.contains(0)).toBe(true);
    expect(notSsh.contains(65535)).toBe(true);
    const web = IntervalSet.of(portRange(80), portRange(443));
    expect(web.isSubsetOf(notSsh)).toBe(true);
    expect(notSsh.union(web).union(IntervalSet.point(22)).equals(IntervalSet.range(0, 65535))).toBe(true);
  });

  it("works for IPv4 address ranges and formats them", () => {
    const vpc = IntervalSet.range(ipv4("10.0.0.0"), ipv4("10.0.255.255"));
    const subnet = IntervalSet.range(ipv4("10.0.1.0"), ipv4("10.0.1.255"));
    expect(vpc.difference(subnet).toString(formatIpv4Address)).toBe(
      "{10.0.0.0-10.0.0.255, 10.0.2.0-10.0.255.255}",
    );
    const everything = IntervalSet.EMPTY.complement({ from: 0, to: 0xffffffff });
    expect(everything.size).toBe(2 ** 32);
    expect(everything.contains(0xffffffff)).toBe(true);
  });

  it("nextAbsent", () => {
    const s = IntervalSet.of({ from: 4, to: 10 }, { from: 12, to: 12 });
    expect(s.nextAbsent(0)).toBe(0);
    expect(s.nextAbsent(4)).toBe(11);
    expect(s.nextAbsent(10)).toBe(11);
    expect(s.nextAbsent(12)).toBe(13);
    expect(s.nextAbsent(100)).toBe(100);
  });

  it("intervals are frozen", () => {
    const s = IntervalSet.range(1, 2);
    expect(Object.isFrozen(s.intervals)).toBe(true);
    expect(Object.isFrozen(s.intervals[0])).toBe(true);
  });

  describe("agrees with a brute-force bitset", () => {
    it("construction", () => {
      fc.assert(
        fc.property(intervals, (list) => {
          const s = IntervalSet.from(list);
          expectNormalized(s);
          const expected = bitsOf(list);
          expect(bits(s)).toEqual(expected);
          expect(s.size).toBe(expected.filter(Boolean).length);
          expect(s.isEmpty).toBe(!expected.includes(true));
          expect(s.min).toBe(s.isEmpty ? undefined : expected.indexOf(true));
          expect(s.max).toBe(s.isEmpty ? undefined : expected.lastIndexOf(true));
          expect(IntervalSet.from(s.intervals).equals(s)).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it("union, intersection, difference", () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          const x = bits(a);
          const y = bits(b);
          const union = a.union(b);
          const intersection = a.intersection(b);
          const difference = a.difference(b);
          for (const s of [union, intersection, difference]) expectNormalized(s);
          expect(bits(union)).toEqual(x.map((v, i) => v || y[i]!));
          expect(bits(intersection)).toEqual(x.map((v, i) => v && y[i]!));
          expect(bits(difference)).toEqual(x.map((v, i) => v && !y[i]!));
          expect(a.intersects(b)).toBe(x.some((v, i) => v && y[i]!));
          expect(a.isSubsetOf(b)).toBe(x.every((v, i) => !v || y[i]!));
          expect(a.equals(b)).toBe(x.every((v, i) => v === y[i]!));
          expect(union.equals(b.union(a))).toBe(true);
          expect(intersection.equals(b.intersection(a))).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it("complement within a universe", () => {
      fc.assert(
        fc.property(set, interval, (a, universe) => {
          const complement = a.complement(universe);
          expectNormalized(complement);
          const x = bits(a);
          expect(bits(complement)).toEqual(x.map((v, i) => !v && i >= universe.from && i <= universe.to));
          // Complementing twice within the full universe gives the set back.
          const full = { from: 0, to: UNIVERSE - 1 };
          expect(a.complement(full).complement(full).equals(a)).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it("contains and nextAbsent on every point", () => {
      fc.assert(
        fc.property(set, (a) => {
          const x = bits(a);
          for (let i = 0; i < UNIVERSE; i++) {
            let next = i;
            while (next < UNIVERSE && x[next]) next++;
            expect(a.nextAbsent(i)).toBe(next);
          }
        }),
      );
    });
  });
});
