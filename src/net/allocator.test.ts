import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateLowestFree } from "./allocator.js";
import { Ipv4Cidr, ipv4Cidr } from "./cidr.js";
import { IntervalSet } from "./interval-set.js";
import { formatIpv4Address, ipv4 } from "./ipv4.js";
import { isReservedAddress } from "./reserved.js";

const subnet = ipv4Cidr("10.0.1.0/24");

describe("allocateLowestFree", () => {
  it("starts after the four reserved head addresses", () => {
    expect(formatIpv4Address(allocateLowestFree(subnet, new Set())!)).toBe("10.0.1.4");
  });

  it("skips addresses in use", () => {
    const inUse = new Set([ipv4("10.0.1.4"), ipv4("10.0.1.5"), ipv4("10.0.1.7")]);
    expect(formatIpv4Address(allocateLowestFree(subnet, inUse)!)).toBe("10.0.1.6");
  });

  it("ignores in-use addresses outside the subnet", () => {
    expect(formatIpv4Address(allocateLowestFree(subnet, new Set([ipv4("10.0.2.4")]))!)).toBe("10.0.1.4");
  });

  it("never hands out the broadcast address and reports a full subnet", () => {
    const small = ipv4Cidr("10.0.0.16/28");
    const inUse = new Set<number>();
    const handedOut: string[] = [];
    for (
      let address = allocateLowestFree(small, inUse);
      address !== undefined;
      address = allocateLowestFree(small, inUse)
    ) {
      inUse.add(address);
      handedOut.push(formatIpv4Address(address));
    }
    expect(handedOut).toHaveLength(11);
    expect(handedOut[0]).toBe("10.0.0.20");
    expect(handedOut[10]).toBe("10.0.0.30");
  });

  it("accepts a predicate", () => {
    expect(formatIpv4Address(allocateLowestFree(subnet, (a) => a < ipv4("10.0.1.100"))!)).toBe("10.0.1.100");
    expect(allocateLowestFree(subnet, () => true)).toBeUndefined();
  });

  it("accepts an IntervalSet and jumps over taken runs", () => {
    const taken = IntervalSet.of({ from: ipv4("10.0.1.0"), to: ipv4("10.0.1.199") });
    expect(formatIpv4Address(allocateLowestFree(subnet, taken)!)).toBe("10.0.1.200");
    const full = IntervalSet.range(ipv4("10.0.1.4"), ipv4("10.0.1.254"));
    expect(allocateLowestFree(subnet, full)).toBeUndefined();
  });

  it("handles a /16 with tens of thousands in use", () => {
    const vpcSubnet = ipv4Cidr("10.0.0.0/16");
    const inUse = new Set<number>();
    for (let i = 4; i < 60_004; i++) inUse.add(vpcSubnet.network + i);
    inUse.delete(vpcSubnet.network + 59_000);
    expect(allocateLowestFree(vpcSubnet, inUse)).toBe(vpcSubnet.network + 59_000);
    inUse.add(vpcSubnet.network + 59_000);
    expect(allocateLowestFree(vpcSubnet, inUse)).toBe(vpcSubnet.network + 60_004);
    const asIntervals = IntervalSet.range(vpcSubnet.network + 4, vpcSubnet.network + 60_003);
    expect(allocateLowestFree(vpcSubnet, asIntervals)).toBe(vpcSubnet.network + 60_004);
  });

  it("returns undefined for blocks with no usable address", () => {
    expect(allocateLowestFree(ipv4Cidr("10.0.0.0/30"), new Set())).toBeUndefined();
    expect(allocateLowestFree(ipv4Cidr("0.0.0.0/32"), new Set())).toBeUndefined();
  });

  it("returns the lowest free, non-reserved address, whatever the form of the in-use set", () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 25, max: 30 }))
      .map(([a, p]) => new Ipv4Cidr(a, p));
    fc.assert(
      fc.property(block, fc.array(fc.nat(127)), fc.nat(127), (s, offsets, extraRun) => {
        const inUse = new Set(offsets.filter((o) => o < s.size).map((o) => s.network + o));
        // Also occupy a prefix run, so the lowest free address is often deep in the block.
        for (let o = 4; o < Math.min(s.size, extraRun); o++) inUse.add(s.network + o);
        let expected: number | undefined;
        for (let a = s.first; a <= s.last; a++) {
          if (!isReservedAddress(s, a) && !inUse.has(a)) {
            expected = a;
            break;
          }
        }
        const intervals = IntervalSet.from([...inUse].map((a) => ({ from: a, to: a })));
        expect(allocateLowestFree(s, inUse)).toBe(expected);
        expect(allocateLowestFree(s, (a) => inUse.has(a))).toBe(expected);
        expect(allocateLowestFree(s, intervals)).toBe(expected);
        if (expected !== undefined) {
          expect(isReservedAddress(s, expected)).toBe(false);
          expect(inUse.has(expected)).toBe(false);
          expect(s.contains(expected)).toBe(true);
        }
      }),
    );
  });
});
