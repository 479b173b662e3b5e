import { describe, expect, it } from "vitest";
import { ManualClock } from "../model/clock.js";
import type { SecurityGroup, SecurityGroupRule } from "../model/resources.js";
import { ConnectionTable, DEFAULT_CONNTRACK_TIMEOUTS, isUntrackedFlow } from "./conntrack.js";
import type { Packet, SecurityGroupRuleRef } from "./types.js";

const ENI = "eni-0123456789abcdef0";
const request: Packet = {
  protocol: 6,
  source: "10.0.1.10",
  sourcePort: 50000,
  destination: "10.0.2.20",
  destinationPort: 443,
};
const reply: Packet = {
  protocol: 6,
  source: "10.0.2.20",
  sourcePort: 443,
  destination: "10.0.1.10",
  destinationPort: 50000,
};
const seconds = (s: number) => s * 1000;

describe("connection tracking", () => {
  it("matches both directions of a tracked connection, on its interface only", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    expect(table.isTracked(ENI, "ingress", reply)).toBe(false);
    table.track(ENI, "egress", request, true);
    expect(table.isTracked(ENI, "ingress", reply)).toBe(true);
    expect(table.isTracked(ENI, "egress", request)).toBe(true);
    expect(table.isTracked("eni-0fffffffffffffff0", "ingress", reply)).toBe(false);
    expect(table.isTracked(ENI, "ingress", { ...reply, sourcePort: 444 })).toBe(false);
    // The same tuple entering the interface is another connection (initiated from outside).
    expect(table.isTracked(ENI, "ingress", request)).toBe(false);
  });

  it("keeps an established TCP connection for 432,000 s of idleness, refreshed by traffic", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    table.track(ENI, "egress", request, true);
    clock.advance(seconds(432_000 - 1));
    expect(table.isTracked(ENI, "ingress", reply)).toBe(true);
    table.track(ENI, "egress", request, true);
    clock.advance(seconds(432_000 - 1));
    expect(table.isTracked(ENI, "ingress", reply)).toBe(true);
    clock.advance(seconds(1));
    expect(table.isTracked(ENI, "ingress", reply)).toBe(false);
    expect(table.connections()).toEqual([]);
  });

  it("times out an unanswered TCP connection sooner than an established one", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    const entry = table.track(ENI, "egress", request, false);
    expect(entry.state).toBe("unreplied");
    clock.advance(seconds(DEFAULT_CONNTRACK_TIMEOUTS.tcpUnestablished));
    expect(table.isTracked(ENI, "ingress", reply)).toBe(false);
  });

  it("UDP: 30 s after one request-response, 180 s once it is a stream", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    const dns: Packet = { ...request, protocol: 17, destinationPort: 53 };
    const answer: Packet = { ...reply, protocol: 17, sourcePort: 53 };
    table.track(ENI, "egress", dns, true);
    clock.advance(seconds(29));
    expect(table.isTracked(ENI, "ingress", answer)).toBe(true);
    clock.advance(seconds(1));
    expect(table.isTracked(ENI, "ingress", answer)).toBe(false);

    table.track(ENI, "egress", dns, true);
    const stream = table.track(ENI, "egress", dns, true);
    expect(stream.exchanges).toBe(2);
    clock.advance(seconds(179));
    expect(table.isTracked(ENI, "ingress", answer)).toBe(true);
    clock.advance(seconds(1));
    expect(table.isTracked(ENI, "ingress", answer)).toBe(false);
  });

  it("other protocols: address and protocol only, 600 s", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    const gre: Packet = { protocol: 47, source: "10.0.1.10", destination: "10.0.2.20" };
    table.track(ENI, "egress", gre, false);
    clock.advance(seconds(599));
    expect(
      table.isTracked(ENI, "ingress", { protocol: 47, source: "10.0.2.20", destination: "10.0.1.10" }),
    ).toBe(true);
    clock.advance(seconds(1));
    expect(
      table.isTracked(ENI, "ingress", { protocol: 47, source: "10.0.2.20", destination: "10.0.1.10" }),
    ).toBe(false);
  });

  it("a closed TCP connection is forgotten", () => {
    const table = new ConnectionTable(new ManualClock());
    table.track(ENI, "egress", request, true);
    expect(table.close(ENI, "ingress", reply)).toBe(true);
    expect(table.isTracked(ENI, "egress", request)).toBe(false);
  });

  it("NAT gateway translations last 350 s of idleness", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock);
    const inside: Packet = { ...request, destination: "203.0.113.5" };
    const outside: Packet = { ...inside, source: "10.0.0.220", sourcePort: 1024 };
    table.translate("nat-0123456789abcdef0", inside, outside);
    expect(table.translation("nat-0123456789abcdef0", inside)).toMatchObject({
      privateAddress: "10.0.1.10",
      privatePort: 50000,
      publicAddress: "10.0.0.220",
      publicPort: 1024,
      remoteAddress: "203.0.113.5",
    });
    clock.advance(seconds(349));
    expect(table.translations()).toHaveLength(1);
    clock.advance(seconds(1));
    expect(table.translation("nat-0123456789abcdef0", inside)).toBeUndefined();
  });

  it("honours configured timeouts", () => {
    const clock = new ManualClock();
    const table = new ConnectionTable(clock, { tcpEstablished: 60 });
    table.track(ENI, "egress", request, true);
    clock.advance(seconds(60));
    expect(table.isTracked(ENI, "ingress", reply)).toBe(false);
  });
});

describe("untracked flows (EC2 User Guide example)", () => {
  const rule = (r: Partial<SecurityGroupRule>): SecurityGroupRule => ({
    id: `sgr-${Math.random().toString(16).slice(2, 19).padEnd(17, "0")}`,
    isEgress: false,
    ipProtocol: "tcp",
    tags: [],
    ...r,
  });
  const group = (rules: SecurityGroupRule[]): SecurityGroup => ({
    id: "sg-0123456789abcdef0",
    ownerId: "111122223333",
    tags: [],
    groupName: "web",
    description: "web",
    vpcId: "vpc-0123456789abcdef0",
    isDefault: false,
    rules,
  });
  const inbound = [
    rule({ fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.1/32" }),
    rule({ fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" }),
    rule({ fromPort: 80, toPort: 80, cidrIpv6: "::/0" }),
    rule({ ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrIpv4: "0.0.0.0/0" }),
  ];
  const outbound = [
    rule({ isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
    rule({ isEgress: true, ipProtocol: "-1", cidrIpv6: "::/0" }),
  ];
  const allowedBy = (cidr: string, from: number, protocol = "tcp"): SecurityGroupRuleRef => ({
    groupId: "sg-0123456789abcdef0",
    ruleId: "sgr-0",
    direction: "ingress",
    protocol,
    portRange: { from, to: from },
    cidr,
  });

  it("SSH from one address is tracked; HTTP from everyone with all outbound open is not", () => {
    const groups = [group([...inbound, ...outbound])];
    expect(isUntrackedFlow(allowedBy("203.0.113.1/32", 22), groups, 6)).toBe(false);
    expect(isUntrackedFlow(allowedBy("0.0.0.0/0", 80), groups, 6)).toBe(true);
    expect(isUntrackedFlow(allowedBy("::/0", 80), groups, 6)).toBe(true);
  });

  it("ICMP is always tracked", () => {
    const groups = [group([...inbound, ...outbound])];
    expect(isUntrackedFlow(allowedBy("0.0.0.0/0", -1, "icmp"), groups, 1)).toBe(false);
  });

  it("without the all-open outbound rule, everything is tracked", () => {
    const groups = [group(inbound)];
    expect(isUntrackedFlow(allowedBy("0.0.0.0/0", 80), groups, 6)).toBe(false);
  });

  it("an outbound rule open on all TCP ports counts; one port range does not", () => {
    const allTcp = [
      group([...inbound, rule({ isEgress: true, fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" })]),
    ];
    expect(isUntrackedFlow(allowedBy("0.0.0.0/0", 80), allTcp, 6)).toBe(true);
    const some = [
      group([...inbound, rule({ isEgress: true, fromPort: 1024, toPort: 65535, cidrIpv4: "0.0.0.0/0" })]),
    ];
    expect(isUntrackedFlow(allowedBy("0.0.0.0/0", 80), some, 6)).toBe(false);
  });
});
