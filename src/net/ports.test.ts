import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_PORTS,
  formatPortRange,
  isValidPort,
  isValidPortRange,
  MAX_PORT,
  type PortRange,
  parsePortRange,
  portRange,
  portRangeContains,
  portRangeCovers,
  portRangesOverlap,
} from "./ports.js";

const port = fc.integer({ min: 0, max: MAX_PORT });
/** Ranges in a small window so that random pairs often touch. */
const range = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
  .map(([a, b]) => portRange(Math.min(a, b), Math.max(a, b)));

describe("port ranges", () => {
  it("ALL_PORTS is 0-65535 and frozen", () => {
    expect(ALL_PORTS).toEqual({ from: 0, to: 65535 });
    expect(Object.isFrozen(ALL_PORTS)).toBe(true);
  });

  it("validates ports", () => {
    expect(isValidPort(0)).toBe(true);
    expect(isValidPort(65535)).toBe(true);
    expect(isValidPort(65536)).toBe(false);
    expect(isValidPort(-1)).toBe(false);
    expect(isValidPort(80.5)).toBe(false);
    expect(isValidPortRange({ from: 443, to: 80 })).toBe(false);
  });

  it("portRange builds single ports and ranges and rejects bad ones", () => {
    expect(portRange(22)).toEqual({ from: 22, to: 22 });
    expect(portRange(1024, 65535)).toEqual({ from: 1024, to: 65535 });
    expect(() => portRange(-1, 80)).toThrow(RangeError);
    expect(() => portRange(80, 79)).toThrow(RangeError);
    expect(() => portRange(0, 65536)).toThrow(RangeError);
  });

  it.each([
    ["80", { from: 80, to: 80 }],
    ["0", { from: 0, to: 0 }],
    ["65535", { from: 65535, to: 65535 }],
    ["1024-65535", { from: 1024, to: 65535 }],
    ["0-65535", ALL_PORTS],
    ["22-22", { from: 22, to: 22 }],
  ])("parses %s", (text, expected) => {
    expect(parsePortRange(text)).toEqual(expected);
  });

  it.each([
    "",
    "65536",
    "080",
    "80-79",
    "-1",
    " 80",
    "80 ",
    "80 - 90",
    "1-2-3",
    "80-",
    "-80",
    "all",
    "99999",
    "1e3",
  ])("rejects %j", (text) => {
    expect(parsePortRange(text)).toBeUndefined();
  });

  it("formats", () => {
    expect(formatPortRange(portRange(443))).toBe("443");
    expect(formatPortRange(ALL_PORTS)).toBe("0-65535");
  });

  it("contains, overlaps, covers", () => {
    const web = portRange(80, 443);
    expect(portRangeContains(web, 80)).toBe(true);
    expect(portRangeContains(web, 443)).toBe(true);
    expect(portRangeContains(web, 444)).toBe(false);
    expect(portRangesOverlap(web, portRange(443, 500))).toBe(true);
    expect(portRangesOverlap(web, portRange(444, 500))).toBe(false);
    expect(portRangeCovers(ALL_PORTS, web)).toBe(true);
    expect(portRangeCovers(web, ALL_PORTS)).toBe(false);
  });

  it("overlap and cover agree with brute force", () => {
    const members = (r: PortRange) =>
      new Set(Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
    fc.assert(
      fc.property(range, range, (a, b) => {
        const ma = members(a);
        const mb = members(b);
        expect(portRangesOverlap(a, b)).toBe([...ma].some((p) => mb.has(p)));
        expect(portRangesOverlap(a, b)).toBe(portRangesOverlap(b, a));
        expect(portRangeCovers(a, b)).toBe([...mb].every((p) => ma.has(p)));
      }),
    );
  });

  it("parse ∘ format is the identity", () => {
    fc.assert(
      fc.property(port, port, (x, y) => {
        const r = portRange(Math.min(x, y), Math.max(x, y));
        expect(parsePortRange(formatPortRange(r))).toEqual(r);
      }),
    );
  });
});
