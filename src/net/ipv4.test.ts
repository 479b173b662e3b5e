import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIpv4Address, IPV4_MAX, ipv4, ipv4Netmask, isIpv4Address, parseIpv4Address } from "./ipv4.js";

const uint32 = fc.integer({ min: 0, max: IPV4_MAX });

/** An independent, regex-based statement of the accepted grammar. */
function referenceParse(text: string): number | undefined {
  const match = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/.exec(
    text,
  );
  if (match === null) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

describe("parseIpv4Address", () => {
  it.each([
    ["0.0.0.0", 0],
    ["255.255.255.255", 0xffffffff],
    ["10.0.0.1", 0x0a000001],
    ["192.168.1.254", 0xc0a801fe],
    ["172.31.255.0", 0xac1fff00],
  ])("parses %s", (text, expected) => {
    expect(parseIpv4Address(text)).toBe(expected);
  });

  it.each([
    "",
    "010.0.0.1",
    "10.0.0.01",
    "00.0.0.0",
    "10.1",
    "10.0.1",
    "10",
    "0x0a.0.0.1",
    "0a.0.0.1",
    "10.0.0.1 ",
    " 10.0.0.1",
    "10. 0.0.1",
    "256.0.0.0",
    "1.2.3.1000",
    "1.2.3.4.5",
    "1..2.3",
    "1.2.3.",
    ".1.2.3",
    "+1.2.3.4",
    "-1.2.3.4",
    "1.2.3.4/8",
    "１.2.3.4",
    "1.2.3.4\n",
    "4294967295",
  ])("rejects %j", (text) => {
    expect(parseIpv4Address(text)).toBeUndefined();
  });

  it("agrees with a reference grammar on random strings", () => {
    const alphabet = fc.constantFrom(..."0123456789.x -".split(""), "00", "25", "255", "256", "1.");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(parseIpv4Address(text)).toBe(referenceParse(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips through formatIpv4Address", () => {
    fc.assert(
      fc.property(uint32, (n) => {
        expect(parseIpv4Address(formatIpv4Address(n))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (octets) => {
        const text = octets.join(".");
        expect(formatIpv4Address(parseIpv4Address(text)!)).toBe(text);
      }),
    );
  });
});

describe("formatIpv4Address", () => {
  it("formats dotted quads", () => {
    expect(formatIpv4Address(0)).toBe("0.0.0.0");
    expect(formatIpv4Address(0xffffffff)).toBe("255.255.255.255");
    expect(formatIpv4Address(0x0a000102)).toBe("10.0.1.2");
  });

  it.each([-1, 2 ** 32, 1.5, Number.NaN])("rejects %s", (n) => {
    expect(() => formatIpv4Address(n)).toThrow(RangeError);
  });
});

describe("helpers", () => {
  it("ipv4 throws on bad input", () => {
    expect(ipv4("10.0.0.1")).toBe(0x0a000001);
    expect(() => ipv4("10.0.0.01")).toThrow(SyntaxError);
  });

  it("isIpv4Address", () => {
    expect(isIpv4Address(0)).toBe(true);
    expect(isIpv4Address(IPV4_MAX)).toBe(true);
    expect(isIpv4Address(-1)).toBe(false);
    expect(isIpv4Address(2 ** 32)).toBe(false);
    expect(isIpv4Address(1n)).toBe(false);
  });

  it("ipv4Netmask handles /0 and /32 despite 5-bit shift counts", () => {
    expect(ipv4Netmask(0)).toBe(0);
    expect(ipv4Netmask(1)).toBe(0x80000000);
    expect(ipv4Netmask(24)).toBe(0xffffff00);
    expect(ipv4Netmask(32)).toBe(0xffffffff);
  });
});
