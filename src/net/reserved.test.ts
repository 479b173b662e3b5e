import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ipv4Cidr, ipv4Cidr } from "./cidr.js";
import { formatIpv4Address, IPV4_MAX, ipv4 } from "./ipv4.js";
import {
  AWS_RESERVED_ADDRESSES_PER_SUBNET,
  firstUsableAddress,
  isReservedAddress,
  lastUsableAddress,
  reservedAddresses,
  usableAddressCount,
} from "./reserved.js";

describe("AWS subnet reservations", () => {
  it("reserves five addresses per subnet", () => {
    expect(AWS_RESERVED_ADDRESSES_PER_SUBNET).toBe(5);
  });

  it("reserves .0 .1 .2 .3 and .255 of 10.0.1.0/24", () => {
    expect(reservedAddresses(ipv4Cidr("10.0.1.0/24")).map(formatIpv4Address)).toEqual([
      "10.0.1.0",
      "10.0.1.1",
      "10.0.1.2",
      "10.0.1.3",
      "10.0.1.255",
    ]);
  });

  it("counts usable addresses the AWS way", () => {
    expect(usableAddressCount(ipv4Cidr("10.0.1.0/24"))).toBe(251);
    expect(usableAddressCount(ipv4Cidr("10.0.0.16/28"))).toBe(11);
    expect(usableAddressCount(ipv4Cidr("10.0.0.0/16"))).toBe(65531);
  });

  it("isReservedAddress", () => {
    const subnet = ipv4Cidr("10.0.1.0/24");
    for (const last of [0, 1, 2, 3, 255])
      expect(isReservedAddress(subnet, ipv4(`10.0.1.${last}`))).toBe(true);
    for (const last of [4, 5, 128, 254])
      expect(isReservedAddress(subnet, ipv4(`10.0.1.${last}`))).toBe(false);
    expect(isReservedAddress(subnet, ipv4("10.0.2.0"))).toBe(false);
    expect(isReservedAddress(subnet, ipv4("10.0.0.255"))).toBe(false);
  });

  it("first and last usable addresses", () => {
    const subnet = ipv4Cidr("10.0.1.0/24");
    expect(formatIpv4Address(firstUsableAddress(subnet))).toBe("10.0.1.4");
    expect(formatIpv4Address(lastUsableAddress(subnet))).toBe("10.0.1.254");
  });

  it("stays total for blocks smaller than any AWS subnet", () => {
    expect(reservedAddresses(ipv4Cidr("10.0.0.0/29"))).toHaveLength(5);
    expect(usableAddressCount(ipv4Cidr("10.0.0.0/29"))).toBe(3);
    expect(reservedAddresses(ipv4Cidr("10.0.0.0/30")).map(formatIpv4Address)).toEqual([
      "10.0.0.0",
      "10.0.0.1",
      "10.0.0.2",
      "10.0.0.3",
    ]);
    expect(usableAddressCount(ipv4Cidr("10.0.0.0/30"))).toBe(0);
    expect(usableAddressCount(ipv4Cidr("10.0.0.0/31"))).toBe(0);
    expect(reservedAddresses(ipv4Cidr("255.255.255.255/32"))).toEqual([IPV4_MAX]);
    expect(usableAddressCount(ipv4Cidr("255.255.255.255/32"))).toBe(0);
  });

  it("agrees with the definition for every AWS subnet size", () => {
    const subnet = fc
      .tuple(fc.integer({ min: 0, max: IPV4_MAX }), fc.integer({ min: 16, max: 28 }))
      .map(([a, p]) => new Ipv4Cidr(a, p));
    fc.assert(
      fc.property(subnet, fc.nat(), (s, seed) => {
        const reserved = reservedAddresses(s);
        expect(reserved).toEqual([s.network, s.network + 1, s.network + 2, s.network + 3, s.last]);
        expect(usableAddressCount(s)).toBe(s.size - AWS_RESERVED_ADDRESSES_PER_SUBNET);
        const probe = s.nthAddress(seed % s.size);
        expect(isReservedAddress(s, probe)).toBe(reserved.includes(probe));
        for (const r of reserved) expect(isReservedAddress(s, r)).toBe(true);
      }),
    );
  });
});
