/**
 * The trace engine on networks built through the control plane: the rules the scenario fixtures
 * (test/e2e/scenarios.test.ts) do not reach through the API, input errors, connection state,
 * and the interfaces a trace crossed.
 */
import { describe, expect, it } from "vitest";
import { graphFor } from "../api/dataplane.js";
import { createEgressOnlyInternetGateway } from "../control/egress-only-internet-gateways.js";
import { createManagedPrefixList } from "../control/prefix-lists.js";
import { associateRouteTable } from "../control/route-tables.js";
import type { NetworkAclEntry, RouteTable } from "../model/resources.js";
import { compile } from "./compile.js";
import { interfaceCrossings } from "./crossings.js";
import { parseEndpoint } from "./endpoints.js";
import { formatTrace } from "./format.js";
import { snapshotOfScope } from "./snapshot.js";
import { TestNetwork } from "./test-support.js";
import { trace } from "./trace.js";
import { type Endpoint, type Trace, TraceInputError, type TraceRequest } from "./types.js";

const tcp = (to: Endpoint, port: number): TraceRequest => ({ to, protocol: 6, destinationPort: port });
const address = (text: string): Endpoint => ({ kind: "address", address: text });
const instance = (id: string): Endpoint => ({ kind: "instance", id });

function steps(t: Trace, path: "forward" | "return" = "forward"): string[] {
  const result = path === "forward" ? t.forward : t.return!;
  return result.hops.map((h) => `${h.component.type} ${h.action}${h.direction ? ` ${h.direction}` : ""}`);
}

function inputError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof TraceInputError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a TraceInputError");
}

/** One VPC, a public subnet with an internet gateway route, and a private one. */
function basic() {
  const net = new TestNetwork();
  const vpc = net.vpc();
  const publicSubnet = net.subnet(vpc, "10.0.1.0/24", { public: true });
  const privateSubnet = net.subnet(vpc, "10.0.2.0/24");
  const igw = net.internetGateway(vpc);
  const main = net.mainRouteTable(vpc);
  net.route(main, "0.0.0.0/0", { gatewayId: igw });
  const open = net.group(vpc, "open", [{ ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0" }] }]);
  return { net, vpc, publicSubnet, privateSubnet, igw, main, open };
}

describe("endpoints", () => {
  it("parses the command-line forms", () => {
    expect(parseEndpoint("i-0123456789abcdef0")).toEqual({ kind: "instance", id: "i-0123456789abcdef0" });
    expect(parseEndpoint("eni-0123456789abcdef0")).toEqual({
      kind: "network-interface",
      id: "eni-0123456789abcdef0",
    });
    expect(parseEndpoint("internet:203.0.113.7")).toEqual({ kind: "internet", address: "203.0.113.7" });
    expect(parseEndpoint("onprem:192.168.10.5")).toEqual({ kind: "on-premises", address: "192.168.10.5" });
    expect(parseEndpoint("2001:DB8::1")).toEqual({ kind: "address", address: "2001:db8::1" });
    expect(parseEndpoint("ip-10-0-1-5.ec2.internal")).toEqual({
      kind: "dns-name",
      name: "ip-10-0-1-5.ec2.internal",
    });
  });

  it("refuses what is none of them", () => {
    expect(inputError(() => parseEndpoint("internet:nowhere")).code).toBe("InvalidParameterValue");
    expect(inputError(() => parseEndpoint("10.0.0.300")).code).toBe("InvalidParameterValue");
    expect(inputError(() => parseEndpoint("not a name")).code).toBe("InvalidParameterValue");
  });

  it("names unknown resources with AWS's codes, and checks the packet", () => {
    const { net, publicSubnet, open } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const graph = net.graph();
    expect(
      inputError(() => trace(graph, instance("i-00000000000000000"), tcp(address("8.8.8.8"), 443))).code,
    ).toBe("InvalidInstanceID.NotFound");
    expect(
      inputError(() =>
        trace(graph, { kind: "network-interface", id: "eni-00000000000000000" }, tcp(address("8.8.8.8"), 1)),
      ).code,
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(
      inputError(() => trace(graph, instance(web.id), { to: address("8.8.8.8"), protocol: 6 })).code,
    ).toBe("MissingParameter");
    expect(inputError(() => trace(graph, instance(web.id), tcp(address("8.8.8.8"), 70000))).code).toBe(
      "InvalidParameterValue",
    );
    expect(inputError(() => trace(graph, instance(web.id), tcp(address("2001:db8::1"), 443))).code).toBe(
      "InvalidParameterCombination",
    );
    expect(
      inputError(() => trace(graph, { kind: "dns-name", name: "example.com" }, tcp(address("8.8.8.8"), 1)))
        .code,
    ).toBe("InvalidParameterValue");
    expect(
      inputError(() => trace(graph, instance(web.id), tcp({ kind: "dns-name", name: "example.com" }, 443)))
        .message,
    ).toMatch(/does not resolve/);
  });
});

describe("network ACLs", () => {
  it("evaluates entries by rule number, whatever order the record holds them in", () => {
    const { net, vpc, publicSubnet, privateSubnet, open } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const app = net.instance(privateSubnet, { groups: [open] });
    // Rewrite the default ACL's entries out of order: a deny at 50 must win over the allow at 100.
    net.plane.write(({ tx, scope }) => {
      const acl = tx.listBy("networkAcl", scope, "vpcId", vpc).find((a) => a.isDefault)!;
      const deny: NetworkAclEntry = {
        ruleNumber: 50,
        egress: false,
        protocol: "6",
        ruleAction: "deny",
        cidrBlock: "10.0.1.0/24",
        portRange: { from: 22, to: 22 },
      };
      tx.put("networkAcl", scope, { ...acl, entries: [...acl.entries, deny] });
    });
    const graph = net.graph();
    const denied = trace(graph, instance(web.id), tcp(instance(app.id), 22));
    expect(denied.explanations.map((e) => [e.code, e.aclRule?.ruleNumber])).toEqual([
      ["SUBNET_ACL_RESTRICTION", 50],
    ]);
    const allowed = trace(graph, instance(web.id), tcp(instance(app.id), 80));
    expect(allowed.verdict).toBe("reachable");
    expect(allowed.forward.hops.filter((h) => h.aclRule).map((h) => h.aclRule!.ruleNumber)).toEqual([
      100, 100,
    ]);
  });
});

describe("security groups", () => {
  it("matches ICMP by type and code, and any protocol with -1", () => {
    const { net, vpc, publicSubnet } = basic();
    const ping = net.group(vpc, "ping", [
      { ipProtocol: "icmp", fromPort: 8, toPort: 0, ipRanges: [{ cidrIp: "10.0.0.0/16" }] },
    ]);
    const client = net.instance(publicSubnet);
    const server = net.instance(publicSubnet, { groups: [ping] });
    const graph = net.graph();
    const echo = trace(graph, instance(client.id), { to: instance(server.id), protocol: 1 });
    expect(echo.verdict).toBe("reachable");
    expect(echo.return?.hops[0]?.inbound).toMatchObject({ icmpType: 0, icmpCode: 0 });
    const unreachable = trace(graph, instance(client.id), {
      to: instance(server.id),
      protocol: 1,
      icmpType: 3,
      icmpCode: 1,
    });
    expect(unreachable.explanations.map((e) => e.code)).toEqual(["ENI_SG_RULES_MISMATCH"]);
    // An ICMP message that is not an echo request gets no reply: there is no return path.
    const timestamp = trace(graph, instance(client.id), {
      to: instance(server.id),
      protocol: 1,
      icmpType: 8,
      icmpCode: 3,
    });
    expect(timestamp.verdict).toBe("unreachable");
  });

  it("matches a customer-managed prefix list's entries", () => {
    const { net, vpc, publicSubnet } = basic();
    const list = net.plane.write((ctx) =>
      createManagedPrefixList(ctx, {
        prefixListName: "offices",
        addressFamily: "IPv4",
        maxEntries: 5,
        entries: [{ cidr: "203.0.113.0/24" }],
      }),
    );
    const listId = (list as { prefixList: { id: string } }).prefixList.id;
    const office = net.group(vpc, "office", [
      { ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: [{ prefixListId: listId }] },
    ]);
    const host = net.instance(publicSubnet, { groups: [office] });
    const graph = net.graph();
    const inside = trace(graph, { kind: "internet", address: "203.0.113.9" }, tcp(instance(host.id), 22));
    expect(inside.verdict).toBe("reachable");
    expect(inside.forward.hops.find((h) => h.securityGroupRule)?.securityGroupRule?.prefixListId).toBe(
      listId,
    );
    const outside = trace(graph, { kind: "internet", address: "198.51.100.9" }, tcp(instance(host.id), 22));
    expect(outside.explanations.map((e) => e.code)).toEqual(["ENI_SG_RULES_MISMATCH"]);
  });

  it("lets a packet of a tracked connection through whatever the rules say", () => {
    const { net, publicSubnet } = basic();
    const host = net.instance(publicSubnet);
    const graph = net.graph();
    const closed = trace(graph, { kind: "internet", address: "198.51.100.9" }, tcp(instance(host.id), 22));
    expect(closed.explanations.map((e) => e.code)).toEqual(["ENI_SG_RULES_MISMATCH"]);
    const tracked = trace(graph, { kind: "internet", address: "198.51.100.9" }, tcp(instance(host.id), 22), {
      connections: { isTracked: (eni, direction) => eni === host.eni && direction === "ingress" },
    });
    expect(tracked.verdict).toBe("reachable");
    expect(tracked.forward.hops.find((h) => h.component.type === "security-group")?.connectionTracked).toBe(
      true,
    );
  });
});

describe("routes", () => {
  /** A route table record with extra routes (as an import of a real account could hold them). */
  function withRoutes(net: TestNetwork, tableId: string, routes: RouteTable["routes"]): void {
    net.plane.write(({ tx, scope }) => {
      const table = tx.get("routeTable", scope, tableId)!;
      tx.put("routeTable", scope, { ...table, routes: [...table.routes, ...routes] });
    });
  }

  it("prefers the longest prefix, then static over propagated routes", () => {
    const { net, publicSubnet, main, open } = basic();
    const a = net.instance(publicSubnet, { groups: [open], sourceDestCheck: false });
    const b = net.instance(publicSubnet, { groups: [open], sourceDestCheck: false });
    const client = net.instance(publicSubnet, { groups: [open] });
    const eni = (id: string, cidr: string, origin: RouteTable["routes"][number]["origin"]) => ({
      destination: { kind: "ipv4" as const, cidr },
      target: { kind: "networkInterface" as const, id },
      origin,
    });
    withRoutes(net, main, [
      eni(a.eni, "192.168.0.0/16", "EnableVgwRoutePropagation"),
      eni(b.eni, "192.168.0.0/16", "CreateRoute"),
      eni(a.eni, "192.168.7.0/24", "CreateRoute"),
    ]);
    const graph = net.graph();
    const routeOf = (to: string) =>
      trace(graph, instance(client.id), tcp(address(to), 22), { returnPath: false }).forward.hops.find(
        (h) => h.route,
      )!.route!;
    expect(routeOf("192.168.1.1")).toMatchObject({
      destination: "192.168.0.0/16",
      target: { id: b.eni },
      origin: "CreateRoute",
    });
    expect(routeOf("192.168.7.1")).toMatchObject({ destination: "192.168.7.0/24", target: { id: a.eni } });
  });

  it("explains why a path misses a component it must go through", () => {
    const { net, publicSubnet, main, open } = basic();
    const a = net.instance(publicSubnet, { groups: [open], sourceDestCheck: false });
    const b = net.instance(publicSubnet, { groups: [open], sourceDestCheck: false });
    const client = net.instance(publicSubnet, { groups: [open] });
    withRoutes(net, main, [
      {
        destination: { kind: "ipv4", cidr: "192.168.0.0/16" },
        target: { kind: "networkInterface", id: a.eni },
        origin: "CreateRoute",
      },
      {
        destination: { kind: "ipv4", cidr: "192.168.7.0/24" },
        target: { kind: "networkInterface", id: b.eni },
        origin: "CreateRoute",
      },
      {
        destination: { kind: "ipv4", cidr: "192.168.7.0/24" },
        target: { kind: "networkInterface", id: a.eni },
        origin: "EnableVgwRoutePropagation",
      },
    ]);
    const graph = net.graph();
    const via = (through: string, to: string) =>
      trace(graph, instance(client.id), tcp(address(to), 22), { returnPath: false, through });
    const viaA = via(a.eni, "192.168.7.1");
    expect(viaA.verdict).toBe("unreachable");
    expect(viaA.explanations.map((e) => [e.code, e.route?.destination])).toEqual([
      ["HIGHER_PRIORITY_ROUTE", "192.168.7.0/24"],
    ]);
    // Only the /16 leads to the other appliance's instance … and the /24 is more specific.
    net.plane.write(({ tx, scope }) => {
      const table = tx.get("routeTable", scope, main)!;
      tx.put("routeTable", scope, {
        ...table,
        routes: table.routes.filter((r) => r.origin !== "EnableVgwRoutePropagation"),
      });
    });
    const again = trace(net.graph(), instance(client.id), tcp(address("192.168.7.1"), 22), {
      returnPath: false,
      through: a.id,
    });
    expect(again.explanations.map((e) => [e.code, e.route?.destination])).toEqual([
      ["MORE_SPECIFIC_ROUTE", "192.168.0.0/16"],
    ]);
    // Through the appliance the route does choose, the trace tells what happens there instead (here,
    // the appliance's subnet routes the packet back to it, round and round).
    expect(via(b.eni, "192.168.7.1").explanations.map((e) => e.code)).toEqual(["NO_POSSIBLE_DESTINATION"]);
    expect(
      via("igw-0123456789abcdef0", "192.168.7.1").explanations.map((e) => [e.code, e.component.type]),
    ).toEqual([["COMPONENT_FILTER_RESTRICTION", "internet-gateway"]]);
  });

  it("keeps local traffic local even when a propagated route is more specific", () => {
    const { net, publicSubnet, privateSubnet, main, open } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const app = net.instance(privateSubnet, { groups: [open] });
    withRoutes(net, main, [
      {
        destination: { kind: "ipv4", cidr: "10.0.2.0/24" },
        target: { kind: "networkInterface", id: web.eni },
        origin: "EnableVgwRoutePropagation",
      },
    ]);
    const t = trace(net.graph(), instance(web.id), tcp(instance(app.id), 80));
    expect(t.forward.hops.find((h) => h.route)?.route).toMatchObject({
      destination: "10.0.0.0/16",
      target: { id: "local" },
    });
    expect(t.verdict).toBe("reachable");
  });

  it("drops a packet that goes round between two appliances", () => {
    const { net, vpc, publicSubnet, open } = basic();
    const otherSubnet = net.subnet(vpc, "10.0.3.0/24");
    const a = net.instance(publicSubnet, { groups: [open], sourceDestCheck: false });
    const b = net.instance(otherSubnet, { groups: [open], sourceDestCheck: false });
    // Each appliance's subnet sends 172.16.0.0/12 to the other appliance.
    for (const [subnetId, next] of [
      [publicSubnet, b.eni],
      [otherSubnet, a.eni],
    ] as const) {
      const table = net.routeTable(vpc);
      net.plane.write((ctx) => associateRouteTable(ctx, { routeTableId: table, subnetId }));
      net.route(table, "172.16.0.0/12", { networkInterfaceId: next });
    }
    const t = trace(net.graph(), instance(a.id), tcp(address("172.16.0.9"), 80));
    expect(t.explanations.map((e) => e.code)).toEqual(["NO_POSSIBLE_DESTINATION"]);
    expect(t.explanations[0]?.message).toMatch(/Routing loop/);
  });
});

describe("IPv6", () => {
  function dualStack() {
    const net = new TestNetwork();
    const vpc = net.vpc("10.0.0.0/16", true);
    const block = net.plane.read(
      ({ tx, scope }) => tx.get("vpc", scope, vpc)!.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock,
    );
    const subnetBlock = block.replace("/56", "/64");
    const subnet = net.subnet(vpc, "10.0.1.0/24", { ipv6CidrBlock: subnetBlock });
    const open = net.group(vpc, "open", [
      { ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0" }], ipv6Ranges: [{ cidrIpv6: "::/0" }] },
    ]);
    const host = net.instance(subnet, { groups: [open], ipv6: true });
    return { net, vpc, subnet, host, main: net.mainRouteTable(vpc) };
  }

  it("passes IPv6 through the internet gateway untranslated, both ways", () => {
    const { net, vpc, host, main } = dualStack();
    const igw = net.internetGateway(vpc);
    net.route(main, "::/0", { gatewayId: igw });
    const graph = net.graph();
    const out = trace(graph, instance(host.id), tcp(address("2001:db8::7"), 443));
    expect(out.verdict).toBe("reachable");
    const gatewayHop = out.forward.hops.find((h) => h.component.type === "internet-gateway")!;
    expect(gatewayHop.action).toBe("forward");
    expect(gatewayHop.outbound?.source).toBe(host.ipv6);
    const inbound = trace(graph, { kind: "internet", address: "2001:db8::7" }, tcp(address(host.ipv6!), 443));
    expect(inbound.verdict).toBe("reachable");
  });

  it("lets IPv6 out through an egress-only gateway, and only replies in", () => {
    const { net, vpc, host, main } = dualStack();
    const eigw = net.plane.write((ctx) => createEgressOnlyInternetGateway(ctx, { vpcId: vpc }))
      .egressOnlyInternetGateway.id;
    net.route(main, "::/0", { egressOnlyInternetGatewayId: eigw });
    const graph = net.graph();
    const out = trace(graph, instance(host.id), tcp(address("2001:db8::7"), 443));
    expect(out.verdict).toBe("reachable");
    expect(steps(out, "return").slice(0, 2)).toEqual([
      "internet send",
      "egress-only-internet-gateway forward",
    ]);
    const unsolicited = trace(
      graph,
      { kind: "internet", address: "2001:db8::7" },
      tcp(address(host.ipv6!), 443),
    );
    expect(unsolicited.forward.hops.at(-1)?.component.type).toBe("egress-only-internet-gateway");
    expect(unsolicited.explanations.map((e) => e.code)).toEqual(["NO_POSSIBLE_DESTINATION"]);
  });
});

describe("what a trace reports", () => {
  it("lists the interfaces crossed, with the headers on the wire there", () => {
    const { net, publicSubnet, open } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const other = net.instance(publicSubnet);
    const graph = net.graph();
    const out = trace(graph, instance(web.id), tcp(address("8.8.8.8"), 443));
    const crossings = interfaceCrossings(out).map((c) => [
      c.path,
      c.interfaceId,
      c.direction,
      c.action,
      c.packet.source,
    ]);
    expect(crossings).toEqual([
      ["forward", web.eni, "egress", "ACCEPT", web.ip],
      ["return", web.eni, "ingress", "ACCEPT", "8.8.8.8"],
    ]);
    const rejected = trace(graph, instance(web.id), tcp(instance(other.id), 22));
    expect(interfaceCrossings(rejected).map((c) => [c.interfaceId, c.direction, c.action])).toEqual([
      [web.eni, "egress", "ACCEPT"],
      [other.eni, "ingress", "REJECT"],
    ]);
    // Amazon DNS is not logged.
    expect(
      interfaceCrossings(
        trace(graph, instance(web.id), { to: address("10.0.0.2"), protocol: 17, destinationPort: 53 }),
      ),
    ).toEqual([]);
  });

  it("gives every hop the component's ARN as AWS writes it", () => {
    const { net, publicSubnet, open, igw } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const t = trace(net.graph(), instance(web.id), tcp(address("8.8.8.8"), 443));
    const gateway = t.forward.hops.find((h) => h.component.type === "internet-gateway")!.component;
    expect(gateway.arn).toBe(`arn:aws:ec2:us-east-1:111122223333:internet-gateway/${igw}`);
    expect(t.forward.hops[0]!.component.arn).toBe(`arn:aws:ec2:us-east-1:111122223333:instance/${web.id}`);
    expect(JSON.parse(JSON.stringify(t))).toEqual(JSON.parse(JSON.stringify(t)));
    expect(formatTrace(t)).toMatch(/verdict: reachable\n$/);
  });

  it("compiles once per store version", () => {
    const { net, publicSubnet, open } = basic();
    net.instance(publicSubnet, { groups: [open] });
    const first = net.graph();
    expect(graphFor(net.plane.store)).toBe(first);
    net.instance(publicSubnet, { groups: [open] });
    expect(graphFor(net.plane.store)).not.toBe(first);
  });

  it("compiles a snapshot of plain records, the same as the store's", () => {
    const { net, publicSubnet, open } = basic();
    const web = net.instance(publicSubnet, { groups: [open] });
    const records = net.plane.read(({ tx, scope }) => ({
      vpc: tx.list("vpc", scope),
      subnet: tx.list("subnet", scope),
      routeTable: tx.list("routeTable", scope),
      internetGateway: tx.list("internetGateway", scope),
      networkAcl: tx.list("networkAcl", scope),
      securityGroup: tx.list("securityGroup", scope),
      networkInterface: tx.list("networkInterface", scope),
      instance: tx.list("instance", scope),
    }));
    const graph = compile(snapshotOfScope(net.plane.env.scope, records));
    const fromRecords = trace(graph, instance(web.id), tcp(address("8.8.8.8"), 443));
    const fromStore = trace(net.graph(), instance(web.id), tcp(address("8.8.8.8"), 443));
    expect(JSON.stringify(fromRecords)).toBe(JSON.stringify(fromStore));
  });
});
