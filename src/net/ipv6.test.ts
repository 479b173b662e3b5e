import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatIpv6Address,
  IPV6_MAX,
  ipv6,
  ipv6FromWords,
  ipv6ToWords,
  isIpv6Address,
  parseIpv6Address,
} from "./ipv6.js";

/** Groups biased towards zero so that compression cases are common. */
const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const groups = fc.array(group, { minLength: 8, maxLength: 8 });
const address = fc.oneof(
  fc.bigInt({ min: 0n, max: IPV6_MAX }),
  groups.map((g) => g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n)),
);

function groupsToAddress(gs: readonly number[]): bigint {
  return gs.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
}

/** Brute force RFC 5952: try every zero run of length >= 2, keep the longest, first on ties. */
function referenceFormat(gs: readonly number[]): string {
  const hex = gs.map((g) => g.toString(16));
  let best = hex.join(":");
  let bestRun = 1;
  for (let i = 0; i < 8; i++) {
    for (let j = i + 2; j <= 8; j++) {
      if (!gs.slice(i, j).every((g) => g === 0)) break;
      if (j - i > bestRun) {
        bestRun = j - i;
        best = `${hex.slice(0, i).join(":")}::${hex.slice(j).join(":")}`;
      }
    }
  }
  return best;
}

describe("parseIpv6Address", () => {
  it.each([
    ["::", 0n],
    ["::1", 1n],
    ["1::", 1n << 112n],
    ["2001:db8::1", 0x20010db8000000000000000000000001n],
    ["2001:DB8::1", 0x20010db8000000000000000000000001n],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", 0x20010db8000000000000000000000001n],
    ["1:2:3:4:5:6:7:8", 0x00010002000300040005000600070008n],
    ["1:2:3:4:5:6:7::", 0x00010002000300040005000600070000n],
    ["::2:3:4:5:6:7:8", 0x00000002000300040005000600070008n],
    ["1::8", 0x00010000000000000000000000000008n],
    ["::ffff:10.0.0.1", 0xffff0a000001n],
    ["::10.0.0.1", 0x0a000001n],
    ["64:ff9b::192.0.2.33", 0x0064ff9b0000000000000000c0000221n],
    ["1:2:3:4:5:6:1.2.3.4", 0x00010002000300040005000601020304n],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", IPV6_MAX],
    ["ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", IPV6_MAX],
  ])("parses %s", (text, expected) => {
    expect(parseIpv6Address(text)).toBe(expected);
  });

  it.each([
    "",
    ":",
    ":::",
    "1::2::3",
    "::1::",
    "1:::2",
    ":1::",
    "1:",
    "::1:",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4::5:6:7:8",
    "12345::",
    "g::",
    "fe80::1%eth0",
    "fe80::1%25eth0",
    "[::1]",
    "::1/128",
    " ::1",
    "::1 ",
    ":: 1",
    "::ffff:010.0.0.1",
    "::ffff:10.0.0",
    "::1.2.3",
    "1.2.3.4::",
    "1.2.3.4",
    "::1.2.3.4:5",
    "::1.2.3.4.5",
    "::a.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:6:7:8:1.2.3.4",
    "::ffff:1.2.3.256",
    "0x1::",
    "-1::",
  ])("rejects %j", (text) => {
    expect(parseIpv6Address(text)).toBeUndefined();
  });

  it("parses every textual form of an address: any zero run compressed, any case, padded, with or without a dotted tail", () => {
    const form = fc.record({
      gs: groups,
      compress: fc.nat(8),
      upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      pad: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
      dotted: fc.boolean(),
    });
    fc.assert(
      fc.property(form, ({ gs, compress, upper, pad, dotted }) => {
        const texts = gs.map((g, i) => {
          const hex = g.toString(16).padStart(Math.min(4, g.toString(16).length + pad[i]!), "0");
          return upper[i] ? hex.toUpperCase() : hex;
        });
        let parts: string[] = texts;
        let groupCount = 8;
        if (dotted) {
          const v4 = [gs[6]! >> 8, gs[6]! & 255, gs[7]! >> 8, gs[7]! & 255].join(".");
          parts = [...texts.slice(0, 6), v4];
          groupCount = 6; // the dotted tail cannot be part of a "::" run
        }
        // Compress the zero run starting at the `compress`-th zero group, if any.
        const zeroStarts = [...Array(groupCount).keys()].filter((i) => gs[i] === 0);
        let text = parts.join(":");
        const start = zeroStarts[compress % Math.max(1, zeroStarts.length)];
        if (start !== undefined) {
          let end = start;
          while (end < groupCount && gs[end] === 0) end++;
          text = `${parts.slice(0, start).join(":")}::${parts.slice(end).join(":")}`;
        }
        expect(parseIpv6Address(text)).toBe(groupsToAddress(gs));
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on arbitrary strings and accepts only what it can format back", () => {
    const alphabet = fc.constantFrom(..."0123456789abcdefABCDEFg:.%[] ".split(""), "::", "ffff");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 20 }), (pieces) => {
        const text = pieces.join("");
        const parsed = parseIpv6Address(text);
        if (parsed !== undefined) expect(parseIpv6Address(formatIpv6Address(parsed))).toBe(parsed);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("formatIpv6Address", () => {
  it.each([
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:1", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"],
    ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"],
    ["0:1:0:0:1:0:0:0", "0:1:0:0:1::"],
    ["::ffff:10.0.0.1", "::ffff:a00:1"],
  ])("formats %s as %s", (text, canonical) => {
    expect(formatIpv6Address(ipv6(text))).toBe(canonical);
  });

  it("matches a brute-force RFC 5952 formatter", () => {
    fc.assert(
      fc.property(groups, (gs) => {
        expect(formatIpv6Address(groupsToAddress(gs))).toBe(referenceFormat(gs));
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips through parseIpv6Address", () => {
    fc.assert(
      fc.property(address, (n) => {
        const text = formatIpv6Address(n);
        expect(parseIpv6Address(text)).toBe(n);
        expect(text).toBe(text.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });

  it.each([-1n, IPV6_MAX + 1n])("rejects %s", (n) => {
    expect(() => formatIpv6Address(n)).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it("ipv6 throws on bad input", () => {
    expect(ipv6("::1")).toBe(1n);
    expect(() => ipv6("::1%lo")).toThrow(SyntaxError);
  });

  it("isIpv6Address", () => {
    expect(isIpv6Address(0n)).toBe(true);
    expect(isIpv6Address(IPV6_MAX)).toBe(true);
    expect(isIpv6Address(IPV6_MAX + 1n)).toBe(false);
    expect(isIpv6Address(-1n)).toBe(false);
    expect(isIpv6Address(1)).toBe(false);
  });

  it("words round-trip", () => {
    expect(ipv6ToWords(ipv6("2001:db8:0:ffff::1"))).toEqual([0x20010db8, 0xffff, 0, 1]);
    fc.assert(
      fc.property(address, (n) => {
        const [a, b, c, d] = ipv6ToWords(n);
        expect(ipv6FromWords(a, b, c, d)).toBe(n);
      }),
    );
  });
});
