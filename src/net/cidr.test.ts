import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Cidr,
  cidr,
  compareCidrs,
  formatIpAddress,
  hostCidr,
  Ipv4Cidr,
  Ipv6Cidr,
  ipv4Cidr,
  ipv6Cidr,
  parseCidr,
  parseIpAddress,
  parseIpv4Cidr,
  parseIpv6Cidr,
} from "./cidr.js";
import { formatIpv4Address, IPV4_MAX, ipv4 } from "./ipv4.js";
import { IPV6_MAX, ipv6 } from "./ipv6.js";

/** Addresses drawn near a few bases so that random blocks often nest and overlap. */
const v4Address = fc.oneof(
  fc.integer({ min: 0, max: IPV4_MAX }),
  fc.integer({ min: 0x0a000000, max: 0x0a0003ff }),
  fc.constantFrom(0, IPV4_MAX, 0x0a000000),
);
const v4Cidr = fc
  .tuple(v4Address, fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 20, max: 32 })))
  .map(([a, p]) => new Ipv4Cidr(a, p));

const v6Address = fc.oneof(
  fc.bigInt({ min: 0n, max: IPV6_MAX }),
  fc.bigInt({ min: 0n, max: 0xffffn }).map((x) => 0x20010db8n * 2n ** 96n + x),
  fc.constantFrom(0n, IPV6_MAX),
);
const v6Cidr = fc
  .tuple(v6Address, fc.oneof(fc.integer({ min: 0, max: 128 }), fc.integer({ min: 110, max: 128 })))
  .map(([a, p]) => new Ipv6Cidr(a, p));

describe("parseIpv4Cidr", () => {
  it("reports host bits instead of fixing them silently (10.0.0.1/16)", () => {
    const result = parseIpv4Cidr("10.0.0.1/16");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.hostBitsSet).toBe(true);
    expect(result.cidr.toString()).toBe("10.0.0.0/16");
    expect(result.input).toBe("10.0.0.1/16");
  });

  it("parses a canonical block without host bits", () => {
    const result = parseIpv4Cidr("10.0.0.0/16");
    expect(result).toMatchObject({ ok: true, hostBitsSet: false });
    if (result.ok) expect(result.cidr.equals(new Ipv4Cidr(0x0a000000, 16))).toBe(true);
  });

  it.each([
    ["0.0.0.0/0", "0.0.0.0/0", false],
    ["255.255.255.255/32", "255.255.255.255/32", false],
    ["255.255.255.255/0", "0.0.0.0/0", true],
    ["192.168.1.77/24", "192.168.1.0/24", true],
    ["10.0.0.16/28", "10.0.0.16/28", false],
    ["10.0.0.17/28", "10.0.0.16/28", true],
  ])("parses %s as %s (hostBitsSet=%s)", (text, canonical, hostBitsSet) => {
    const result = parseIpv4Cidr(text);
    expect(result.ok && result.cidr.toString()).toBe(canonical);
    expect(result.ok && result.hostBitsSet).toBe(hostBitsSet);
  });

  it.each([
    ["10.0.0.0/33", "prefix-out-of-range"],
    ["10.0.0.0/99", "prefix-out-of-range"],
    ["10.0.0.0/12345678901234567890", "prefix-out-of-range"],
    ["10.0.0.0/016", "syntax"],
    ["10.0.0.0/00", "syntax"],
    ["10.0.0.0/", "syntax"],
    ["10.0.0.0", "syntax"],
    ["10.0.0.0/-1", "syntax"],
    ["10.0.0.0/+8", "syntax"],
    ["10.0.0.0/16 ", "syntax"],
    ["10.0.0.0/1.5", "syntax"],
    ["10.0.0.0/16/16", "syntax"],
    ["10.0.0.0/0x10", "syntax"],
    ["", "syntax"],
    ["10.0.0/16", "address"],
    ["1.2.3.256/8", "address"],
    ["01.2.3.4/8", "address"],
    ["0x0A.0.0.0/8", "address"],
    [" 10.0.0.0/16", "address"],
    ["/16", "address"],
    ["::/0", "address"],
  ])("rejects %j with reason %s", (text, reason) => {
    expect(parseIpv4Cidr(text)).toEqual({ ok: false, reason, input: text });
  });
});

describe("parseIpv6Cidr", () => {
  it.each([
    ["::/0", "::/0", false],
    ["2001:db8::/32", "2001:db8::/32", false],
    ["2001:DB8:0:0::/64", "2001:db8::/64", false],
    ["2001:db8:1234:5600::1/56", "2001:db8:1234:5600::/56", true],
    ["2001:db8::1/128", "2001:db8::1/128", false],
    ["::ffff:10.0.0.0/104", "::ffff:a00:0/104", false],
  ])("parses %s as %s (hostBitsSet=%s)", (text, canonical, hostBitsSet) => {
    const result = parseIpv6Cidr(text);
    expect(result.ok && result.cidr.toString()).toBe(canonical);
    expect(result.ok && result.hostBitsSet).toBe(hostBitsSet);
  });

  it.each([
    ["2001:db8::/129", "prefix-out-of-range"],
    ["2001:db8::/1000", "prefix-out-of-range"],
    ["2001:db8::/", "syntax"],
    ["2001:db8::", "syntax"],
    ["2001:db8::/064", "syntax"],
    ["2001:db8:::/32", "address"],
    ["fe80::1%eth0/64", "address"],
    ["[2001:db8::]/32", "address"],
    ["10.0.0.0/8", "address"],
  ])("rejects %j with reason %s", (text, reason) => {
    expect(parseIpv6Cidr(text)).toEqual({ ok: false, reason, input: text });
  });
});

describe("parseCidr and throwing helpers", () => {
  it("dispatches on the family", () => {
    const v4 = parseCidr("10.0.0.0/8");
    const v6 = parseCidr("2001:db8::/32");
    expect(v4.ok && v4.cidr.family).toBe(4);
    expect(v6.ok && v6.cidr.family).toBe(6);
    expect(parseCidr("2001:db8::/129")).toMatchObject({ ok: false, reason: "prefix-out-of-range" });
    expect(parseCidr("10.0.0.0/33")).toMatchObject({ ok: false, reason: "prefix-out-of-range" });
  });

  it("cidr() throws on bad syntax and on host bits set", () => {
    expect(cidr("10.0.0.0/16").toString()).toBe("10.0.0.0/16");
    expect(cidr("2001:db8::/32").family).toBe(6);
    expect(() => cidr("10.0.0.1/16")).toThrow(/host bits/);
    expect(() => cidr("10.0.0.0/33")).toThrow(SyntaxError);
    expect(() => ipv4Cidr("::/0")).toThrow(SyntaxError);
    expect(() => ipv6Cidr("10.0.0.0/8")).toThrow(SyntaxError);
    expect(ipv4Cidr("10.0.0.0/8").prefixLength).toBe(8);
    expect(ipv6Cidr("::/0").size).toBe(2n ** 128n);
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (text) => {
        const result = parseCidr(text);
        if (result.ok)
          expect(parseCidr(result.cidr.toString())).toMatchObject({ ok: true, hostBitsSet: false });
      }),
      { numRuns: 2000 },
    );
  });

  it("serialises to JSON as canonical text", () => {
    expect(JSON.stringify({ a: cidr("10.0.0.0/16"), b: cidr("2001:db8::/32") })).toBe(
      '{"a":"10.0.0.0/16","b":"2001:db8::/32"}',
    );
  });

  it("parseIpAddress / formatIpAddress / hostCidr", () => {
    expect(parseIpAddress("10.0.0.1")).toBe(0x0a000001);
    expect(parseIpAddress("::1")).toBe(1n);
    expect(parseIpAddress("10.0.0.1/32")).toBeUndefined();
    expect(formatIpAddress(0x0a000001)).toBe("10.0.0.1");
    expect(formatIpAddress(1n)).toBe("::1");
    expect(hostCidr(ipv4("10.0.0.1")).toString()).toBe("10.0.0.1/32");
    expect(hostCidr(ipv6("::1")).toString()).toBe("::1/128");
  });
});

describe("Ipv4Cidr", () => {
  it("exposes network, first, last and size", () => {
    const block = ipv4Cidr("10.0.0.0/16");
    expect(block.family).toBe(4);
    expect(block.network).toBe(ipv4("10.0.0.0"));
    expect(block.first).toBe(ipv4("10.0.0.0"));
    expect(block.last).toBe(ipv4("10.0.255.255"));
    expect(block.size).toBe(65536);
    expect(ipv4Cidr("0.0.0.0/0").size).toBe(2 ** 32);
    expect(ipv4Cidr("0.0.0.0/0").last).toBe(IPV4_MAX);
    expect(ipv4Cidr("255.255.255.255/32").size).toBe(1);
    expect(ipv4Cidr("128.0.0.0/1").last).toBe(IPV4_MAX);
  });

  it("zeroes host bits in the constructor and validates its arguments", () => {
    expect(new Ipv4Cidr(ipv4("10.1.2.3"), 8).toString()).toBe("10.0.0.0/8");
    expect(new Ipv4Cidr(IPV4_MAX, 1).network).toBe(0x80000000);
    expect(() => new Ipv4Cidr(0, 33)).toThrow(RangeError);
    expect(() => new Ipv4Cidr(0, -1)).toThrow(RangeError);
    expect(() => new Ipv4Cidr(0, 1.5)).toThrow(RangeError);
    expect(() => new Ipv4Cidr(-1, 8)).toThrow(RangeError);
    expect(() => new Ipv4Cidr(2 ** 32, 8)).toThrow(RangeError);
  });

  it("contains, containsCidr, overlaps, equals", () => {
    const vpc = ipv4Cidr("10.0.0.0/16");
    expect(vpc.contains(ipv4("10.0.255.255"))).toBe(true);
    expect(vpc.contains(ipv4("10.1.0.0"))).toBe(false);
    expect(vpc.contains(ipv4("9.255.255.255"))).toBe(false);
    expect(vpc.containsCidr(ipv4Cidr("10.0.1.0/24"))).toBe(true);
    expect(vpc.containsCidr(vpc)).toBe(true);
    expect(vpc.containsCidr(ipv4Cidr("10.0.0.0/8"))).toBe(false);
    expect(vpc.overlaps(ipv4Cidr("10.0.0.0/8"))).toBe(true);
    expect(vpc.overlaps(ipv4Cidr("10.1.0.0/16"))).toBe(false);
    expect(vpc.equals(ipv4Cidr("10.0.0.0/16"))).toBe(true);
    expect(vpc.equals(ipv4Cidr("10.0.0.0/17"))).toBe(false);
  });

  it("answers false across families", () => {
    const v4 = ipv4Cidr("0.0.0.0/0");
    const v6 = ipv6Cidr("::/0");
    expect(v4.contains(0n)).toBe(false);
    expect(v6.contains(0)).toBe(false);
    expect(v4.containsCidr(v6) || v6.containsCidr(v4)).toBe(false);
    expect(v4.overlaps(v6) || v6.overlaps(v4)).toBe(false);
    expect(v4.equals(v6) || v6.equals(v4)).toBe(false);
  });

  it("splits into subnets", () => {
    expect([...ipv4Cidr("10.0.0.0/16").subnets(18)].map(String)).toEqual([
      "10.0.0.0/18",
      "10.0.64.0/18",
      "10.0.128.0/18",
      "10.0.192.0/18",
    ]);
    expect([...ipv4Cidr("255.255.255.254/31").subnets(32)].map(String)).toEqual([
      "255.255.255.254/32",
      "255.255.255.255/32",
    ]);
    expect([...ipv4Cidr("10.0.0.0/24").subnets(24)].map(String)).toEqual(["10.0.0.0/24"]);
    expect(() => [...ipv4Cidr("10.0.0.0/24").subnets(23)]).toThrow(RangeError);
    expect(() => [...ipv4Cidr("10.0.0.0/24").subnets(33)]).toThrow(RangeError);
  });

  it("is lazy when splitting", () => {
    const first = ipv4Cidr("0.0.0.0/0").subnets(32).next();
    expect(first.value?.toString()).toBe("0.0.0.0/32");
  });

  it("nthAddress", () => {
    const block = ipv4Cidr("10.0.1.0/24");
    expect(formatIpv4Address(block.nthAddress(0))).toBe("10.0.1.0");
    expect(formatIpv4Address(block.nthAddress(255))).toBe("10.0.1.255");
    expect(() => block.nthAddress(256)).toThrow(RangeError);
    expect(() => block.nthAddress(-1)).toThrow(RangeError);
    expect(() => block.nthAddress(0.5)).toThrow(RangeError);
  });
});

describe("Ipv6Cidr", () => {
  it("exposes network, first, last and size", () => {
    const block = ipv6Cidr("2001:db8::/64");
    expect(block.family).toBe(6);
    expect(block.first).toBe(ipv6("2001:db8::"));
    expect(block.last).toBe(ipv6("2001:db8::ffff:ffff:ffff:ffff"));
    expect(block.size).toBe(2n ** 64n);
    expect(ipv6Cidr("::1/128").size).toBe(1n);
    expect(ipv6Cidr("::/0").last).toBe(IPV6_MAX);
  });

  it("validates and masks in the constructor", () => {
    expect(new Ipv6Cidr(ipv6("2001:db8::1"), 32).toString()).toBe("2001:db8::/32");
    expect(() => new Ipv6Cidr(0n, 129)).toThrow(RangeError);
    expect(() => new Ipv6Cidr(-1n, 0)).toThrow(RangeError);
    expect(() => new Ipv6Cidr(IPV6_MAX + 1n, 0)).toThrow(RangeError);
  });

  it("contains, containsCidr, overlaps, equals, subnets, nthAddress", () => {
    const vpc = ipv6Cidr("2600:1f18:abcd:1200::/56");
    expect(vpc.contains(ipv6("2600:1f18:abcd:12ff::1"))).toBe(true);
    expect(vpc.contains(ipv6("2600:1f18:abcd:1300::"))).toBe(false);
    expect(vpc.containsCidr(ipv6Cidr("2600:1f18:abcd:1201::/64"))).toBe(true);
    expect(vpc.overlaps(ipv6Cidr("2600:1f18::/32"))).toBe(true);
    expect(vpc.equals(ipv6Cidr("2600:1f18:abcd:1200::/56"))).toBe(true);
    const subnets = [...vpc.subnets(64)];
    expect(subnets).toHaveLength(256);
    expect(subnets[1]?.toString()).toBe("2600:1f18:abcd:1201::/64");
    expect(subnets[255]?.last).toBe(vpc.last);
    expect(vpc.nthAddress(1)).toBe(vpc.network + 1n);
    expect(vpc.nthAddress(vpc.size - 1n)).toBe(vpc.last);
    expect(() => vpc.nthAddress(vpc.size)).toThrow(RangeError);
    expect(() => [...vpc.subnets(55)]).toThrow(RangeError);
  });
});

describe("compareCidrs", () => {
  it("orders IPv4 before IPv6, then by network, then shorter prefix first", () => {
    const list = ["2001:db8::/32", "10.0.0.0/16", "10.0.0.0/8", "::/0", "9.0.0.0/8", "10.0.1.0/24"].map(cidr);
    expect(list.sort(compareCidrs).map(String)).toEqual([
      "9.0.0.0/8",
      "10.0.0.0/8",
      "10.0.0.0/16",
      "10.0.1.0/24",
      "::/0",
      "2001:db8::/32",
    ]);
  });

  it("is a total order consistent with equals", () => {
    const any = fc.oneof(v4Cidr, v6Cidr) as fc.Arbitrary<Cidr>;
    fc.assert(
      fc.property(any, any, (a, b) => {
        // Antisymmetric; the sum avoids -0 vs +0 when a equals b.
        expect(Math.sign(compareCidrs(a, b)) + Math.sign(compareCidrs(b, a))).toBe(0);
        expect(compareCidrs(a, b) === 0).toBe(a.equals(b));
      }),
    );
  });
});

/** Properties shared by both families, stated once. */
function blockProperties<C extends Cidr>(
  name: string,
  block: fc.Arbitrary<C>,
  address: fc.Arbitrary<C["network"]>,
) {
  describe(`${name} properties`, () => {
    it("parse ∘ toString is the identity, without host bits", () => {
      fc.assert(
        fc.property(block, (c) => {
          const result = parseCidr(c.toString());
          expect(result.ok && result.hostBitsSet).toBe(false);
          expect(result.ok && result.cidr.equals(c)).toBe(true);
        }),
      );
    });

    it("parsing an address with a prefix reports host bits exactly when the address is not the network", () => {
      fc.assert(
        fc.property(block, address, (c, a) => {
          const result = parseCidr(`${formatIpAddress(a)}/${c.prefixLength}`);
          if (!result.ok) throw new Error("must parse");
          expect(result.cidr.contains(a)).toBe(true);
          expect(result.hostBitsSet).toBe(result.cidr.network !== a);
        }),
      );
    });

    it("overlaps is symmetric and equals a.contains(b.first) || b.contains(a.first)", () => {
      fc.assert(
        fc.property(block, block, (a, b) => {
          expect(a.overlaps(b)).toBe(b.overlaps(a));
          expect(a.overlaps(b)).toBe(a.contains(b.first) || b.contains(a.first));
          // CIDR blocks never partially overlap: they nest or are disjoint.
          expect(a.overlaps(b)).toBe(a.containsCidr(b) || b.containsCidr(a));
        }),
      );
    });

    it("containsCidr agrees with first/last and with mutual containment", () => {
      fc.assert(
        fc.property(block, block, (a, b) => {
          expect(a.containsCidr(b)).toBe(a.contains(b.first) && a.contains(b.last));
          expect(a.containsCidr(b) && b.containsCidr(a)).toBe(a.equals(b));
          if (a.containsCidr(b)) expect(a.prefixLength).toBeLessThanOrEqual(b.prefixLength);
        }),
      );
    });

    it("containment is transitive", () => {
      fc.assert(
        fc.property(block, fc.nat(128), fc.nat(128), block, (c, up1, up2, other) => {
          // Build a chain a ⊇ b ⊇ c, then also test the implication on an unrelated block.
          const make = (n: C["network"], p: number) =>
            (c.family === 4 ? new Ipv4Cidr(n as number, p) : new Ipv6Cidr(n as bigint, p)) as C;
          const b = make(c.network, Math.max(0, c.prefixLength - (up1 % (c.prefixLength + 1))));
          const a = make(c.network, Math.max(0, b.prefixLength - (up2 % (b.prefixLength + 1))));
          expect(b.containsCidr(c) && a.containsCidr(b) && a.containsCidr(c)).toBe(true);
          if (other.containsCidr(a)) expect(other.containsCidr(c)).toBe(true);
        }),
      );
    });

    it("contains(x) iff first <= x <= last", () => {
      fc.assert(
        fc.property(block, address, (c, x) => {
          expect(c.contains(x)).toBe(c.first <= x && x <= c.last);
          expect(c.contains(c.first) && c.contains(c.last)).toBe(true);
        }),
      );
    });

    it("subnets partition their parent", () => {
      fc.assert(
        fc.property(block, fc.nat(6), (parent, extra) => {
          const maxBits = parent.family === 4 ? 32 : 128;
          const newPrefix = Math.min(maxBits, parent.prefixLength + extra);
          const parts = [...parent.subnets(newPrefix)] as Cidr[];
          expect(parts).toHaveLength(2 ** (newPrefix - parent.prefixLength));
          expect(parts[0]?.first).toBe(parent.first);
          expect(parts[parts.length - 1]?.last).toBe(parent.last);
          for (let i = 0; i < parts.length; i++) {
            const part = parts[i]!;
            expect(part.prefixLength).toBe(newPrefix);
            expect(parent.containsCidr(part)).toBe(true);
            if (i > 0) {
              const previous = parts[i - 1]!;
              expect(part.overlaps(previous)).toBe(false);
              expect(
                part.family === 4
                  ? part.first === (previous.last as number) + 1
                  : part.first === (previous.last as bigint) + 1n,
              ).toBe(true);
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
}

blockProperties("IPv4", v4Cidr, v4Address);
blockProperties("IPv6", v6Cidr, v6Address);

describe("nthAddress properties", () => {
  it("IPv4: stays inside, from first to last", () => {
    fc.assert(
      fc.property(v4Cidr, fc.double({ min: 0, max: 1, noNaN: true }), (c, f) => {
        const i = Math.min(c.size - 1, Math.floor(f * c.size));
        const a = c.nthAddress(i);
        expect(c.contains(a)).toBe(true);
        expect(a - c.first).toBe(i);
        expect(c.nthAddress(c.size - 1)).toBe(c.last);
      }),
    );
  });
});
