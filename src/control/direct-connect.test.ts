import { describe, expect, it } from "vitest";
import { DIRECT_CONNECT_SCOPE_REGION } from "../model/direct-connect.js";
import {
  createConnection,
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
  createPrivateVirtualInterface,
  createPublicVirtualInterface,
  deleteConnection,
  deleteVirtualInterface,
  describeConnections,
  describeDirectConnectGatewayAssociations,
  describeDirectConnectGateways,
  describeLocations,
  describeVirtualInterfaces,
  type NewVirtualInterfaceInput,
} from "./direct-connect.js";
import { settle } from "./network-test-support.js";
import { createRouteTable, describeRouteTables } from "./route-tables.js";
import { createTags } from "./tags.js";
import { errorCode, type TestPlane, testPlane } from "./test-support.js";
import { vgwPrefixes } from "./vgw-routes.js";
import { createVpc } from "./vpcs.js";
import {
  attachVpnGateway,
  createCustomerGateway,
  createVpnConnection,
  createVpnConnectionRoute,
  createVpnGateway,
  deleteVpnGateway,
  detachVpnGateway,
  enableVgwRoutePropagation,
} from "./vpn.js";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

function connection(plane: TestPlane, extra: Parameters<typeof createConnection>[1] = {}) {
  return plane.write((ctx) =>
    createConnection(ctx, { location: "EqDC2", bandwidth: "1Gbps", connectionName: "dc-1", ...extra }),
  ).connection;
}

/** A VPC with an attached gateway, a propagating route table and an available connection. */
function setup(plane = testPlane()) {
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
  const vgw = plane.write((ctx) =>
    createVpnGateway(ctx, { type: "ipsec.1", amazonSideAsn: 64600 }),
  ).vpnGateway;
  plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: vgw.id, vpcId: vpc.id }));
  const dxcon = connection(plane);
  settle(plane);
  const rtb = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id })).routeTable;
  plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: vgw.id, routeTableId: rtb.id }));
  return { plane, vpc, vgw, dxcon, rtb };
}

function privateVif(plane: TestPlane, connectionId: string, spec: NewVirtualInterfaceInput) {
  return plane.write((ctx) =>
    createPrivateVirtualInterface(ctx, {
      connectionId,
      newPrivateVirtualInterface: { virtualInterfaceName: "vif", vlan: 101, asn: 65100, ...spec },
    }),
  ).virtualInterface;
}

function propagated(plane: TestPlane, rtbId: string): string[] {
  return plane
    .read((ctx) => describeRouteTables(ctx, { routeTableIds: [rtbId] }))
    .routeTables[0]!.routes.filter((r) => r.origin === "EnableVgwRoutePropagation")
    .map((r) => (r.destination.kind === "ipv4" ? r.destination.cidr : ""));
}

const advertise = (value: string) => [{ key: "vpcsim:advertised-prefixes", value }];

describe("DescribeLocations", () => {
  it("lists the region's locations with their port speeds", () => {
    const plane = testPlane();
    const { locations } = plane.read((ctx) => describeLocations(ctx));
    expect(locations.map((l) => l.locationCode)).toEqual(["EqDC2", "CSVA1"]);
    expect(locations[0]).toMatchObject({
      region: "us-east-1",
      availablePortSpeeds: ["1Gbps", "10Gbps", "100Gbps"],
    });
    expect(plane.as({ region: "sa-east-1" }).read((ctx) => describeLocations(ctx)).locations).toHaveLength(2);
    expect(plane.as({ region: "eu-north-1" }).read((ctx) => describeLocations(ctx)).locations).toEqual([]);
  });
});

describe("connections", () => {
  it("orders a connection: requested → pending (LOA) → available, seen only in its region", () => {
    const plane = testPlane({
      config: { delays: { ...testPlane().env.config.delays, directConnectProvisioningMs: 1000 } },
    });
    const c = connection(plane, { tags: [{ key: "team", value: "net" }] });
    expect(c).toMatchObject({
      connectionState: "requested",
      region: "us-east-1",
      location: "EqDC2",
      bandwidth: "1Gbps",
      connectionName: "dc-1",
      ownerId: plane.env.scope.account,
      tags: [{ key: "team", value: "net" }],
    });
    expect(c.id).toMatch(/^dxcon-[0-9a-z]{8}$/);
    const state = () => plane.read((ctx) => describeConnections(ctx, { connectionId: c.id })).connections[0]!;
    settle(plane, 1000);
    expect(state()).toMatchObject({ connectionState: "pending", loaIssueTime: plane.clock.now() });
    settle(plane, 1000);
    expect(state().connectionState).toBe("available");
    expect(plane.read((ctx) => describeConnections(ctx, {})).connections.map((x) => x.id)).toEqual([c.id]);
    const west = plane.as({ region: "us-west-2" });
    expect(west.read((ctx) => describeConnections(ctx, {})).connections).toEqual([]);
    expect(message(() => west.read((ctx) => describeConnections(ctx, { connectionId: c.id })))).toBe(
      `Could not find Connection with ID ${c.id}`,
    );
    // Stored once per account, in the Direct Connect scope.
    const stored = plane.read((ctx) =>
      ctx.tx.get("dxConnection", { account: ctx.scope.account, region: DIRECT_CONNECT_SCOPE_REGION }, c.id),
    );
    expect(stored?.id).toBe(c.id);
  });

  it("is not an EC2 resource: EC2's CreateTags answers InvalidID for it", () => {
    const plane = testPlane();
    const c = connection(plane);
    expect(
      errorCode(() =>
        plane.write((ctx) => createTags(ctx, { resources: [c.id], tags: [{ key: "k", value: "v" }] })),
      ),
    ).toBe("InvalidID");
  });

  it("answers DirectConnectClientException for bad locations, speeds, LAGs and MACsec", () => {
    const plane = testPlane();
    const fail = (extra: Parameters<typeof createConnection>[1]) => errorCode(() => connection(plane, extra));
    expect(fail({ location: "EqSV5" })).toBe("DirectConnectClientException");
    expect(message(() => connection(plane, { location: "EqSV5" }))).toBe(
      "Location EqSV5 is not available in region us-east-1.",
    );
    expect(fail({ bandwidth: "50Mbps" })).toBe("DirectConnectClientException");
    expect(message(() => connection(plane, { lagId: "dxlag-abcd1234" }))).toBe(
      "Could not find Lag with ID dxlag-abcd1234",
    );
    expect(fail({ requestMacSec: true })).toBe("DirectConnectClientException");
    expect(connection(plane, { bandwidth: "10Gbps", requestMacSec: true }).macSecCapable).toBe(true);
    expect(
      errorCode(() =>
        connection(plane, {
          tags: [
            { key: "a", value: "1" },
            { key: "a", value: "2" },
          ],
        }),
      ),
    ).toBe("DuplicateTagKeysException");
    expect(
      errorCode(() => connection(plane, { tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}` })) })),
    ).toBe("TooManyTagsException");
  });

  it("deletes a connection without interfaces, which stays described as deleted", () => {
    const { plane, vgw, dxcon } = setup();
    const vif = privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id });
    const del = () => plane.write((ctx) => deleteConnection(ctx, { connectionId: dxcon.id }));
    expect(message(del)).toContain(`Connection ${dxcon.id} has virtual interfaces (${vif.id})`);
    plane.write((ctx) => deleteVirtualInterface(ctx, { virtualInterfaceId: vif.id }));
    settle(plane);
    expect(del().connection.connectionState).toBe("deleted");
    expect(del().connection.connectionState).toBe("deleted");
    expect(
      message(() => plane.write((ctx) => deleteConnection(ctx, { connectionId: "dxcon-nothere" }))),
    ).toBe("Could not find Connection with ID dxcon-nothere");
    settle(plane, 60 * 60 * 1000);
    expect(plane.read((ctx) => describeConnections(ctx, {})).connections).toEqual([]);
  });
});

describe("private virtual interfaces", () => {
  it("connects to a virtual private gateway: pending → available, BGP up, AWS's router configuration", () => {
    const { plane, vgw, dxcon } = setup();
    const vif = privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id });
    expect(vif).toMatchObject({
      virtualInterfaceType: "private",
      virtualInterfaceState: "pending",
      virtualGatewayId: vgw.id,
      amazonSideAsn: 64600,
      vlan: 101,
      asn: 65100,
      mtu: 1500,
      location: "EqDC2",
      region: "us-east-1",
      bgpStatus: "down",
    });
    expect(vif.id).toMatch(/^dxvif-[0-9a-z]{8}$/);
    expect(vif.amazonAddress).toMatch(/^169\.254\.\d+\.\d+\/30$/);
    expect(vif.authKey).toMatch(/^0x[A-Za-z0-9]{24}$/);
    expect(vif.bgpPeers).toMatchObject([{ asn: 65100, addressFamily: "ipv4", bgpPeerState: "pending" }]);
    expect(vif.customerRouterConfig).toContain(`<logical_connection id="${vif.id}">`);
    expect(vif.customerRouterConfig).toContain("<amazon_bgp_asn>64600</amazon_bgp_asn>");
    settle(plane);
    const [ready] = plane.read((ctx) =>
      describeVirtualInterfaces(ctx, { virtualInterfaceId: vif.id }),
    ).virtualInterfaces;
    expect(ready).toMatchObject({ virtualInterfaceState: "available", bgpStatus: "up" });
    expect(ready!.bgpPeers[0]!.bgpPeerState).toBe("available");
  });

  it("propagates the advertised prefixes into the VPC, preferred over a VPN for the same prefix", () => {
    const { plane, vgw, dxcon, rtb } = setup();
    // A static VPN to the same gateway with an overlapping route.
    const cgw = plane.write((ctx) =>
      createCustomerGateway(ctx, { type: "ipsec.1", ipAddress: "203.0.113.10" }),
    ).customerGateway;
    const vpn = plane.write((ctx) =>
      createVpnConnection(ctx, {
        type: "ipsec.1",
        customerGatewayId: cgw.id,
        vpnGatewayId: vgw.id,
        options: { staticRoutesOnly: true },
      }),
    ).vpnConnection;
    settle(plane);
    plane.write((ctx) =>
      createVpnConnectionRoute(ctx, { vpnConnectionId: vpn.id, destinationCidrBlock: "172.16.0.0/16" }),
    );
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16"]);
    const vif = privateVif(plane, dxcon.id, {
      virtualGatewayId: vgw.id,
      tags: advertise("172.16.0.0/16,172.16.5.0/24"),
    });
    // Not before the interface is available.
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16"]);
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16", "172.16.5.0/24"]);
    const paths = plane.read((ctx) => vgwPrefixes(ctx.tx, ctx.scope, vgw.id));
    expect(paths.get("172.16.0.0/16")!.map((p) => p.source)).toEqual(["direct-connect-bgp", "vpn-static"]);
    expect(paths.get("172.16.0.0/16")![0]).toMatchObject({ virtualInterfaceId: vif.id, asPath: [65100] });
    plane.write((ctx) => deleteVirtualInterface(ctx, { virtualInterfaceId: vif.id }));
    expect(
      plane.read((ctx) => describeVirtualInterfaces(ctx, { virtualInterfaceId: vif.id }))
        .virtualInterfaces[0]!.virtualInterfaceState,
    ).toBe("deleting");
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16"]);
    expect(
      plane.read((ctx) => describeVirtualInterfaces(ctx, { virtualInterfaceId: vif.id }))
        .virtualInterfaces[0]!.virtualInterfaceState,
    ).toBe("deleted");
  });

  it("validates VLANs, ASNs, MTUs, gateways, addresses and the connection's state", () => {
    const { plane, vgw, dxcon } = setup();
    const fail = (spec: NewVirtualInterfaceInput, connectionId = dxcon.id) =>
      message(() => privateVif(plane, connectionId, spec));
    privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id });
    expect(fail({ virtualGatewayId: vgw.id })).toBe(`VLAN 101 is already in use on connection ${dxcon.id}.`);
    expect(fail({ vlan: 4095, virtualGatewayId: vgw.id })).toContain("VLAN 4095 is not valid");
    expect(fail({ vlan: 102, asn: 0, virtualGatewayId: vgw.id })).toContain("ASN 0 is not valid");
    expect(fail({ vlan: 102, mtu: 1600, virtualGatewayId: vgw.id })).toContain("MTU 1600 is not valid");
    expect(fail({ vlan: 102 })).toContain("exactly one of virtualGatewayId or directConnectGatewayId");
    expect(fail({ vlan: 102, virtualGatewayId: vgw.id, directConnectGatewayId: "x" })).toContain(
      "exactly one",
    );
    expect(fail({ vlan: 102, virtualGatewayId: "vgw-0123456789abcdef0" })).toBe(
      "Virtual Gateway vgw-0123456789abcdef0 does not exist",
    );
    expect(fail({ vlan: 102, directConnectGatewayId: "5f294f92-bafb-4011-916d-9b0bdexample" })).toBe(
      "Direct Connect Gateway 5f294f92-bafb-4011-916d-9b0bdexample does not exist",
    );
    const peers = (amazonAddress: string, customerAddress: string) =>
      fail({ vlan: 102, virtualGatewayId: vgw.id, amazonAddress, customerAddress });
    expect(peers("192.168.1.1/30", "192.168.2.2/30")).toBe(
      "Amazon Address and Customer Address must be in the same CIDR",
    );
    expect(peers("192.168.1.0/30", "192.168.1.2/30")).toBe("Amazon Address is address 0 on its subnet.");
    expect(peers("192.168.1.1/30", "192.168.1.3/30")).toBe(
      "Customer Address is the broadcast address on its subnet.",
    );
    expect(fail({ vlan: 102, virtualGatewayId: vgw.id, amazonAddress: "192.168.1.1/30" })).toContain(
      "or neither",
    );
    const requested = connection(plane, { connectionName: "new" });
    expect(fail({ virtualGatewayId: vgw.id }, requested.id)).toContain("is in the requested state");
    expect(fail({ virtualGatewayId: vgw.id }, "dxcon-nothere")).toBe(
      "Could not find Connection with ID dxcon-nothere",
    );
    expect(
      errorCode(() =>
        privateVif(plane, dxcon.id, { vlan: 103, virtualGatewayId: vgw.id, addressFamily: "ipv6" }),
      ),
    ).toBe("DirectConnectClientException");
    expect(privateVif(plane, dxcon.id, { vlan: 104, virtualGatewayId: vgw.id, mtu: 9001 }).mtu).toBe(9001);
  });

  it("goes down (no routes) beyond 100 advertised prefixes", () => {
    const { plane, vgw, dxcon, rtb } = setup();
    // Tag values hold 256 characters: the list continues in suffixed tags.
    const prefixes = Array.from({ length: 101 }, (_, i) => `10.100.${i}.0/24`);
    const tags = Array.from({ length: 11 }, (_, i) => ({
      key: `vpcsim:advertised-prefixes:${String(i).padStart(2, "0")}`,
      value: prefixes.slice(i * 10, i * 10 + 10).join(","),
    }));
    const vif = privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id, tags: tags.slice(0, 10) });
    settle(plane);
    expect(propagated(plane, rtb.id)).toHaveLength(100);
    plane.write((ctx) => deleteVirtualInterface(ctx, { virtualInterfaceId: vif.id }));
    settle(plane);
    const over = privateVif(plane, dxcon.id, { vlan: 102, virtualGatewayId: vgw.id, tags });
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual([]);
    expect(
      plane.read((ctx) => describeVirtualInterfaces(ctx, { virtualInterfaceId: over.id }))
        .virtualInterfaces[0]!.bgpStatus,
    ).toBe("down");
  });

  it("keeps the gateway in use while an interface ends on it", () => {
    const { plane, vpc, vgw, dxcon } = setup();
    privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id });
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: vgw.id, vpcId: vpc.id }));
    settle(plane);
    expect(errorCode(() => plane.write((ctx) => deleteVpnGateway(ctx, { vpnGatewayId: vgw.id })))).toBe(
      "IncorrectState",
    );
  });

  it("describes interfaces by connection and by id, with Direct Connect's errors", () => {
    const { plane, vgw, dxcon } = setup();
    const vif = privateVif(plane, dxcon.id, { virtualGatewayId: vgw.id });
    const list = (input: Parameters<typeof describeVirtualInterfaces>[1]) =>
      plane.read((ctx) => describeVirtualInterfaces(ctx, input)).virtualInterfaces.map((v) => v.id);
    expect(list({})).toEqual([vif.id]);
    expect(list({ connectionId: dxcon.id })).toEqual([vif.id]);
    expect(list({ connectionId: dxcon.id, virtualInterfaceId: vif.id })).toEqual([vif.id]);
    expect(message(() => list({ virtualInterfaceId: "dxvif-nothere" }))).toBe(
      "Could not find Virtual Interface with ID dxvif-nothere",
    );
    expect(message(() => list({ connectionId: "dxcon-nothere" }))).toBe(
      "Could not find Connection with ID dxcon-nothere",
    );
    expect(
      message(() =>
        plane.write((ctx) => deleteVirtualInterface(ctx, { virtualInterfaceId: "dxvif-nothere" })),
      ),
    ).toBe("Could not find Virtual Interface with ID dxvif-nothere");
    expect(
      plane.as({ region: "us-west-2" }).read((ctx) => describeVirtualInterfaces(ctx, {})).virtualInterfaces,
    ).toEqual([]);
  });
});

describe("public virtual interfaces", () => {
  it("verifies, then becomes available, with the customer's public prefixes", () => {
    const { plane, dxcon, rtb } = setup();
    const { virtualInterface } = plane.write((ctx) =>
      createPublicVirtualInterface(ctx, {
        connectionId: dxcon.id,
        newPublicVirtualInterface: {
          virtualInterfaceName: "public",
          vlan: 2000,
          asn: 65000,
          amazonAddress: "203.0.113.1/30",
          customerAddress: "203.0.113.2/30",
          routeFilterPrefixes: ["203.0.113.0/30", "203.0.113.5/30", "2001:db8::/48"],
          tags: advertise("198.51.100.0/24"),
        },
      }),
    );
    expect(virtualInterface).toMatchObject({
      virtualInterfaceType: "public",
      virtualInterfaceState: "verifying",
      amazonSideAsn: 7224,
      routeFilterPrefixes: ["203.0.113.0/30", "203.0.113.4/30", "2001:db8::/48"],
    });
    expect(virtualInterface.virtualGatewayId).toBeUndefined();
    settle(plane);
    expect(
      plane.read((ctx) => describeVirtualInterfaces(ctx, { virtualInterfaceId: virtualInterface.id }))
        .virtualInterfaces[0]!.virtualInterfaceState,
    ).toBe("available");
    // Public interfaces reach AWS's public services, not the VPC: nothing propagates.
    expect(propagated(plane, rtb.id)).toEqual([]);
  });

  it("needs public peer addresses and valid prefixes", () => {
    const { plane, dxcon } = setup();
    const create = (spec: NewVirtualInterfaceInput) =>
      message(() =>
        plane.write((ctx) =>
          createPublicVirtualInterface(ctx, {
            connectionId: dxcon.id,
            newPublicVirtualInterface: { virtualInterfaceName: "p", vlan: 2001, asn: 65000, ...spec },
          }),
        ),
      );
    expect(create({ amazonAddress: "10.0.0.1/30", customerAddress: "10.0.0.2/30" })).toBe(
      "Amazon Address is not allowed to contain a private IP",
    );
    expect(create({})).toContain("required for a public virtual interface");
    expect(
      create({
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: ["nope"],
      }),
    ).toBe("Route filter prefix nope is not a valid CIDR.");
    expect(
      create({
        amazonAddress: "203.0.113.1/30",
        customerAddress: "203.0.113.2/30",
        routeFilterPrefixes: ["2001:db8::/80"],
      }),
    ).toBe("Route filter prefix 2001:db8::/80 is not a valid CIDR.");
  });
});

describe("Direct Connect gateways and associations", () => {
  it("creates a global gateway with AWS's default ASN, seen from every region", () => {
    const plane = testPlane();
    const { directConnectGateway } = plane.write((ctx) =>
      createDirectConnectGateway(ctx, { directConnectGatewayName: "dxgw" }),
    );
    expect(directConnectGateway).toMatchObject({
      directConnectGatewayName: "dxgw",
      amazonSideAsn: 64512,
      directConnectGatewayState: "available",
      ownerId: plane.env.scope.account,
    });
    expect(directConnectGateway.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const fromWest = plane
      .as({ region: "eu-west-1" })
      .read((ctx) => describeDirectConnectGateways(ctx, {}))
      .directConnectGateways.map((g) => g.id);
    expect(fromWest).toEqual([directConnectGateway.id]);
    // Another account sees nothing.
    expect(
      plane.as({ account: "444455556666" }).read((ctx) => describeDirectConnectGateways(ctx, {}))
        .directConnectGateways,
    ).toEqual([]);
    expect(
      plane.read((ctx) => describeDirectConnectGateways(ctx, { directConnectGatewayId: "nothing" }))
        .directConnectGateways,
    ).toEqual([]);
    expect(
      message(() =>
        plane.write((ctx) =>
          createDirectConnectGateway(ctx, { directConnectGatewayName: "x", amazonSideAsn: 100 }),
        ),
      ),
    ).toContain("amazonSideAsn 100 is not valid");
  });

  it("pages gateways 100 at a time at most", () => {
    const plane = testPlane();
    for (let i = 0; i < 3; i++) {
      plane.write((ctx) => createDirectConnectGateway(ctx, { directConnectGatewayName: `g${i}` }));
    }
    const first = plane.read((ctx) => describeDirectConnectGateways(ctx, { maxResults: 2 }));
    expect(first.directConnectGateways).toHaveLength(2);
    const second = plane.read((ctx) =>
      describeDirectConnectGateways(ctx, { maxResults: 2, nextToken: first.nextToken! }),
    );
    expect(second.directConnectGateways).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(
      errorCode(() => plane.read((ctx) => describeDirectConnectGateways(ctx, { nextToken: "garbage" }))),
    ).toBe("DirectConnectClientException");
  });

  it("reaches the VPC through a Direct Connect gateway once the association is associated", () => {
    const { plane, vpc, vgw, dxcon, rtb } = setup();
    const dxgw = plane.write((ctx) =>
      createDirectConnectGateway(ctx, { directConnectGatewayName: "dxgw", amazonSideAsn: 65300 }),
    ).directConnectGateway;
    const vif = privateVif(plane, dxcon.id, {
      directConnectGatewayId: dxgw.id,
      tags: advertise("192.168.0.0/20"),
    });
    expect(vif).toMatchObject({ directConnectGatewayId: dxgw.id, amazonSideAsn: 65300 });
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual([]);
    const { association } = plane.write((ctx) =>
      createDirectConnectGatewayAssociation(ctx, {
        directConnectGatewayId: dxgw.id,
        virtualGatewayId: vgw.id,
      }),
    );
    expect(association).toMatchObject({
      associationState: "associating",
      virtualGatewayId: vgw.id,
      virtualGatewayRegion: "us-east-1",
      allowedPrefixes: [vpc.cidrBlock],
    });
    expect(propagated(plane, rtb.id)).toEqual([]);
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual(["192.168.0.0/20"]);
    const described = plane.read((ctx) =>
      describeDirectConnectGatewayAssociations(ctx, { directConnectGatewayId: dxgw.id }),
    ).associations;
    expect(described).toMatchObject([{ id: association.id, associationState: "associated" }]);
    expect(
      plane.read((ctx) => describeDirectConnectGatewayAssociations(ctx, { virtualGatewayId: "vgw-other" }))
        .associations,
    ).toEqual([]);
    expect(
      plane.read((ctx) => describeDirectConnectGatewayAssociations(ctx, { associatedGatewayId: vgw.id }))
        .associations,
    ).toHaveLength(1);
    expect(errorCode(() => plane.write((ctx) => deleteVpnGateway(ctx, { vpnGatewayId: vgw.id })))).toBe(
      "IncorrectState",
    );
  });

  it("answers Direct Connect's errors for associations", () => {
    const { plane, vgw } = setup();
    const dxgw = plane.write((ctx) =>
      createDirectConnectGateway(ctx, { directConnectGatewayName: "a" }),
    ).directConnectGateway;
    const other = plane.write((ctx) =>
      createDirectConnectGateway(ctx, { directConnectGatewayName: "b" }),
    ).directConnectGateway;
    const associate = (input: Parameters<typeof createDirectConnectGatewayAssociation>[1]) =>
      message(() => plane.write((ctx) => createDirectConnectGatewayAssociation(ctx, input)));
    expect(associate({ directConnectGatewayId: "nothing", virtualGatewayId: vgw.id })).toBe(
      "Direct Connect Gateway nothing does not exist",
    );
    expect(associate({ directConnectGatewayId: dxgw.id })).toContain("Either gatewayId or virtualGatewayId");
    expect(
      associate({ directConnectGatewayId: dxgw.id, gatewayId: vgw.id, virtualGatewayId: "vgw-x" }),
    ).toContain("name different gateways");
    expect(associate({ directConnectGatewayId: dxgw.id, virtualGatewayId: "vgw-0123456789abcdef0" })).toBe(
      "Virtual Gateway vgw-0123456789abcdef0 does not exist",
    );
    const loose = plane.write((ctx) => createVpnGateway(ctx, { type: "ipsec.1" })).vpnGateway;
    expect(associate({ directConnectGatewayId: dxgw.id, virtualGatewayId: loose.id })).toBe(
      `Virtual private gateway ${loose.id} is not attached to a VPC.`,
    );
    expect(
      plane.write((ctx) =>
        createDirectConnectGatewayAssociation(ctx, {
          directConnectGatewayId: dxgw.id,
          gatewayId: vgw.id,
          addAllowedPrefixesToDirectConnectGateway: ["10.0.0.1/15"],
        }),
      ).association.allowedPrefixes,
    ).toEqual(["10.0.0.0/15"]);
    expect(associate({ directConnectGatewayId: other.id, virtualGatewayId: vgw.id })).toContain(
      `is already associated with Direct Connect gateway ${dxgw.id}`,
    );
    expect(
      message(() =>
        plane.read((ctx) =>
          describeDirectConnectGatewayAssociations(ctx, { directConnectGatewayId: "nothing" }),
        ),
      ),
    ).toBe("Direct Connect Gateway nothing does not exist");
  });
});
