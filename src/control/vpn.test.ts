import { describe, expect, it } from "vitest";
import { selectRoute } from "../model/vgw-routing.js";
import { ipv4 } from "../net/index.js";
import { settle } from "./network-test-support.js";
import type { RouteTableView } from "./route-tables.js";
import { createRoute, createRouteTable, describeRouteTables } from "./route-tables.js";
import { createTags, deleteTags, describeTags } from "./tags.js";
import { errorCode, type TestPlane, testPlane } from "./test-support.js";
import { vgwPrefixes } from "./vgw-routes.js";
import { createVpc, deleteVpc } from "./vpcs.js";
import {
  attachVpnGateway,
  createCustomerGateway,
  createVpnConnection,
  createVpnConnectionRoute,
  createVpnGateway,
  deleteCustomerGateway,
  deleteVpnConnection,
  deleteVpnConnectionRoute,
  deleteVpnGateway,
  describeCustomerGateways,
  describeVpnConnections,
  describeVpnGateways,
  detachVpnGateway,
  disableVgwRoutePropagation,
  enableVgwRoutePropagation,
} from "./vpn.js";

function vpc(plane: TestPlane, cidrBlock = "10.0.0.0/16") {
  return plane.write((ctx) => createVpc(ctx, { cidrBlock })).vpc;
}

function vgw(plane: TestPlane, extra: Parameters<typeof createVpnGateway>[1] = {}) {
  return plane.write((ctx) => createVpnGateway(ctx, { type: "ipsec.1", ...extra })).vpnGateway;
}

function cgw(plane: TestPlane, extra: Parameters<typeof createCustomerGateway>[1] = {}) {
  return plane.write((ctx) =>
    createCustomerGateway(ctx, { type: "ipsec.1", ipAddress: "203.0.113.10", ...extra }),
  ).customerGateway;
}

function gatewayOf(plane: TestPlane, id: string) {
  return plane.read((ctx) => describeVpnGateways(ctx, { vpnGatewayIds: [id] })).vpnGateways[0]!;
}

function connectionOf(plane: TestPlane, id: string) {
  return plane.read((ctx) => describeVpnConnections(ctx, { vpnConnectionIds: [id] })).vpnConnections[0]!;
}

function table(plane: TestPlane, id: string): RouteTableView {
  return plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [id] })).routeTables[0]!;
}

function propagated(plane: TestPlane, id: string): string[] {
  return table(plane, id)
    .routes.filter((r) => r.origin === "EnableVgwRoutePropagation")
    .map((r) => (r.destination.kind === "ipv4" ? r.destination.cidr : ""));
}

/** A VPC with an attached gateway, a customer gateway and an available VPN connection. */
function vpnSetup(options: { staticRoutesOnly?: boolean; plane?: TestPlane } = {}) {
  const plane = options.plane ?? testPlane();
  const v = vpc(plane);
  const g = vgw(plane);
  plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
  const c = cgw(plane);
  const { vpnConnection } = plane.write((ctx) =>
    createVpnConnection(ctx, {
      type: "ipsec.1",
      customerGatewayId: c.id,
      vpnGatewayId: g.id,
      options: { staticRoutesOnly: options.staticRoutesOnly ?? true },
    }),
  );
  settle(plane);
  const rtb = plane.write((ctx) => createRouteTable(ctx, { vpcId: v.id })).routeTable;
  return { plane, vpc: v, vgw: g, cgw: c, connection: vpnConnection, rtb };
}

describe("CreateVpnGateway", () => {
  it("creates an available ipsec.1 gateway with Amazon's default ASN and no attachment", () => {
    const plane = testPlane();
    const g = vgw(plane, {
      tagSpecifications: [{ resourceType: "vpn-gateway", tags: [{ key: "Name", value: "v" }] }],
    });
    expect(g).toMatchObject({ type: "ipsec.1", state: "available", amazonSideAsn: 64512, attachments: [] });
    expect(g.id).toMatch(/^vgw-[0-9a-f]{17}$/);
    expect(g.tags).toEqual([{ key: "Name", value: "v" }]);
    expect(vgw(plane, { amazonSideAsn: 65001, availabilityZone: "us-east-1a" })).toMatchObject({
      amazonSideAsn: 65001,
      availabilityZone: "us-east-1a",
    });
    expect(vgw(plane, { amazonSideAsn: 4_200_000_000 }).amazonSideAsn).toBe(4_200_000_000);
  });

  it("lists its tags in DescribeTags under AWS's resource types", () => {
    const { plane, vgw: g, cgw: c, connection } = vpnSetup();
    plane.write((ctx) =>
      createTags(ctx, { resources: [g.id, c.id, connection.id], tags: [{ key: "env", value: "lab" }] }),
    );
    const tags = plane.read((ctx) => describeTags(ctx, { filters: [{ name: "key", values: ["env"] }] })).tags;
    expect(tags.map((t) => [t.resourceId, t.resourceType]).sort()).toEqual(
      [
        [g.id, "vpn-gateway"],
        [c.id, "customer-gateway"],
        [connection.id, "vpn-connection"],
      ].sort(),
    );
  });

  it("rejects other types, public ASNs, foreign zones and the sixth gateway", () => {
    const plane = testPlane();
    expect(errorCode(() => vgw(plane, { type: "ipsec.2" }))).toBe("InvalidParameterValue");
    expect(errorCode(() => plane.write((ctx) => createVpnGateway(ctx, {})))).toBe("MissingParameter");
    expect(errorCode(() => vgw(plane, { amazonSideAsn: 7224 }))).toBe("InvalidParameterValue");
    expect(errorCode(() => vgw(plane, { amazonSideAsn: 65535 }))).toBe("InvalidParameterValue");
    expect(errorCode(() => vgw(plane, { availabilityZone: "eu-west-1a" }))).toBe("InvalidParameterValue");
    for (let i = 0; i < 5; i++) vgw(plane);
    expect(errorCode(() => vgw(plane))).toBe("VpnGatewayLimitExceeded");
  });
});

describe("AttachVpnGateway and DetachVpnGateway", () => {
  it("attaches (attaching → attached) and detaches (detaching → detached, still shown), with delays", () => {
    const plane = testPlane({
      config: { delays: { ...testPlane().env.config.delays, vpnGatewayAttachmentMs: 5000 } },
    });
    const v = vpc(plane);
    const g = vgw(plane);
    const { attachment } = plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    expect(attachment).toMatchObject({ vpcId: v.id, state: "attaching" });
    settle(plane, 4999);
    expect(gatewayOf(plane, g.id).attachments).toMatchObject([{ vpcId: v.id, state: "attaching" }]);
    settle(plane, 1);
    expect(gatewayOf(plane, g.id).attachments).toEqual([{ vpcId: v.id, state: "attached" }]);
    // Attaching again to the same VPC answers the current attachment.
    expect(
      plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id })).attachment.state,
    ).toBe("attached");
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    expect(gatewayOf(plane, g.id).attachments).toMatchObject([{ vpcId: v.id, state: "detaching" }]);
    // A second detach while detaching is a no-op.
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    settle(plane, 5000);
    const detached = gatewayOf(plane, g.id);
    expect(detached.attachments).toEqual([{ vpcId: v.id, state: "detached" }]);
    expect(detached.vpcId).toBeUndefined();
  });

  it("attaches a gateway to one VPC at a time, and a VPC to one gateway", () => {
    const plane = testPlane();
    const [a, b] = [vpc(plane), vpc(plane, "10.1.0.0/16")];
    const [g1, g2] = [vgw(plane), vgw(plane)];
    plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g1.id, vpcId: a.id }));
    expect(
      errorCode(() => plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g1.id, vpcId: b.id }))),
    ).toBe("VpnGatewayAttachmentLimitExceeded");
    expect(
      errorCode(() => plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g2.id, vpcId: a.id }))),
    ).toBe("InvalidVpcState");
    expect(() => plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g2.id, vpcId: a.id }))).toThrow(
      `VPC ${a.id} is currently attached to the Virtual Private Gateway.`,
    );
    settle(plane);
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g1.id, vpcId: a.id }));
    settle(plane);
    plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g1.id, vpcId: b.id }));
    plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId: g2.id, vpcId: a.id }));
    settle(plane);
    expect(gatewayOf(plane, g1.id).attachments).toEqual([{ vpcId: b.id, state: "attached" }]);
  });

  it("answers AWS's errors for unknown ids and missing attachments", () => {
    const plane = testPlane();
    const v = vpc(plane);
    const g = vgw(plane);
    const attach = (vpnGatewayId: string, vpcId: string) =>
      errorCode(() => plane.write((ctx) => attachVpnGateway(ctx, { vpnGatewayId, vpcId })));
    expect(attach("vgw-0123456789abcdef0", v.id)).toBe("InvalidVpnGatewayID.NotFound");
    expect(attach("vgw-x", v.id)).toBe("InvalidVpnGatewayID.Malformed");
    expect(attach(g.id, "vpc-0123456789abcdef0")).toBe("InvalidVpcID.NotFound");
    const detach = (vpcId: string) =>
      errorCode(() => plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId })));
    expect(detach(v.id)).toBe("InvalidVpnGatewayAttachment.NotFound");
    expect(detach("vpc-0123456789abcdef0")).toBe("InvalidVpnGatewayAttachment.NotFound");
    expect(detach("nonsense")).toBe("InvalidVpcID.Malformed");
  });

  it("blocks DeleteVpc while a gateway is attached", () => {
    const { plane, vpc: v, vgw: g } = vpnSetup();
    const [connectionId] = vpnConnections(plane);
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connectionId! }));
    for (const t of plane.read((ctx) => describeRouteTables(ctx, {})).routeTables) {
      if (!t.associations.some((a) => a.main)) {
        plane.write((ctx) => ctx.tx.delete("routeTable", ctx.scope, t.id));
      }
    }
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: v.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: v.id })))).toBe(
      "DependencyViolation",
    );
    settle(plane);
    plane.write((ctx) => deleteVpc(ctx, { vpcId: v.id }));
  });
});

function vpnConnections(plane: TestPlane): string[] {
  return plane.read((ctx) => describeVpnConnections(ctx, {})).vpnConnections.map((c) => c.id);
}

describe("DeleteVpnGateway and DescribeVpnGateways", () => {
  it("refuses to delete a gateway in use, then shows it deleted until the retention ends", () => {
    const { plane, vpc: v, vgw: g, connection } = vpnSetup();
    const del = () => plane.write((ctx) => deleteVpnGateway(ctx, { vpnGatewayId: g.id }));
    expect(errorCode(del)).toBe("IncorrectState");
    expect(del).toThrow("The VPN gateway is in use.");
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    settle(plane);
    // Still used by a VPN connection.
    expect(errorCode(del)).toBe("IncorrectState");
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }));
    settle(plane);
    del();
    expect(gatewayOf(plane, g.id).state).toBe("deleted");
    expect(errorCode(del)).toBe("InvalidVpnGatewayID.NotFound");
    settle(plane, 60 * 60 * 1000);
    expect(errorCode(() => plane.read((ctx) => describeVpnGateways(ctx, { vpnGatewayIds: [g.id] })))).toBe(
      "InvalidVpnGatewayID.NotFound",
    );
  });

  it("filters by every documented filter", () => {
    const { plane, vpc: v, vgw: g } = vpnSetup();
    const other = vgw(plane, { amazonSideAsn: 65010, availabilityZone: "us-east-1b" });
    const ids = (name: string, values: string[]) =>
      plane
        .read((ctx) => describeVpnGateways(ctx, { filters: [{ name, values }] }))
        .vpnGateways.map((x) => x.id);
    expect(ids("attachment.vpc-id", [v.id])).toEqual([g.id]);
    expect(ids("attachment.state", ["attached"])).toEqual([g.id]);
    expect(ids("amazon-side-asn", ["65010"])).toEqual([other.id]);
    expect(ids("availability-zone", ["us-east-1b"])).toEqual([other.id]);
    expect(ids("state", ["available"])).toEqual([g.id, other.id]);
    expect(ids("type", ["ipsec.1"])).toEqual([g.id, other.id]);
    expect(ids("vpn-gateway-id", [other.id])).toEqual([other.id]);
    expect(errorCode(() => ids("vpc-id", [v.id]))).toBe("InvalidParameterValue");
  });
});

describe("customer gateways", () => {
  it("creates available gateways, answering the existing one for an identical request", () => {
    const plane = testPlane();
    const a = cgw(plane);
    expect(a).toMatchObject({
      type: "ipsec.1",
      state: "available",
      bgpAsn: 65000,
      ipAddress: "203.0.113.10",
    });
    expect(a.id).toMatch(/^cgw-[0-9a-f]{17}$/);
    expect(cgw(plane).id).toBe(a.id);
    expect(cgw(plane, { publicIp: "203.0.113.10" }).id).toBe(a.id);
    const named = cgw(plane, { deviceName: "edge-2" });
    expect(named.id).not.toBe(a.id);
    expect(cgw(plane, { bgpAsn: 65001 }).id).not.toBe(a.id);
    expect(cgw(plane, { bgpAsnExtended: 4_000_000_000 }).bgpAsn).toBe(4_000_000_000);
  });

  it("validates ASNs and addresses", () => {
    const plane = testPlane();
    expect(errorCode(() => cgw(plane, { bgpAsn: 65000, bgpAsnExtended: 4_000_000_000 }))).toBe(
      "InvalidParameterCombination",
    );
    expect(errorCode(() => cgw(plane, { bgpAsn: 0 }))).toBe("InvalidParameterValue");
    expect(errorCode(() => cgw(plane, { bgpAsn: 3_000_000_000 }))).toBe("InvalidParameterValue");
    expect(errorCode(() => cgw(plane, { bgpAsnExtended: 65000 }))).toBe("InvalidParameterValue");
    expect(errorCode(() => cgw(plane, { ipAddress: "300.1.1.1" }))).toBe("InvalidParameterValue");
    expect(errorCode(() => cgw(plane, { ipAddress: "203.0.113.1", publicIp: "203.0.113.2" }))).toBe(
      "InvalidParameterCombination",
    );
    expect(
      errorCode(() => plane.write((ctx) => createCustomerGateway(ctx, { type: "ipsec.1", bgpAsn: 65000 }))),
    ).toBe("MissingParameter");
    expect(errorCode(() => cgw(plane, { type: "ipsec.2" }))).toBe("InvalidParameterValue");
  });

  it("refuses to delete a gateway in use, and filters", () => {
    const { plane, cgw: c, connection } = vpnSetup();
    const del = () => plane.write((ctx) => deleteCustomerGateway(ctx, { customerGatewayId: c.id }));
    expect(errorCode(del)).toBe("IncorrectState");
    expect(del).toThrow("The customer gateway is in use.");
    const ids = (name: string, values: string[]) =>
      plane
        .read((ctx) => describeCustomerGateways(ctx, { filters: [{ name, values }] }))
        .customerGateways.map((x) => x.id);
    expect(ids("bgp-asn", ["65000"])).toEqual([c.id]);
    expect(ids("ip-address", ["203.0.113.10"])).toEqual([c.id]);
    expect(ids("customer-gateway-id", [c.id])).toEqual([c.id]);
    expect(ids("type", ["ipsec.1"])).toEqual([c.id]);
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }));
    settle(plane);
    del();
    expect(ids("state", ["deleted"])).toEqual([c.id]);
    expect(errorCode(del)).toBe("InvalidCustomerGatewayID.NotFound");
    expect(
      errorCode(() => plane.read((ctx) => describeCustomerGateways(ctx, { customerGatewayIds: ["cgw-1"] }))),
    ).toBe("InvalidCustomerGatewayId.Malformed");
  });

  it("stops at 50 gateways per region", () => {
    const plane = testPlane({
      config: { quotas: { ...testPlane().env.config.quotas, customerGatewaysPerRegion: 2 } },
    });
    cgw(plane, { deviceName: "a" });
    cgw(plane, { deviceName: "b" });
    expect(errorCode(() => cgw(plane, { deviceName: "c" }))).toBe("CustomerGatewayLimitExceeded");
  });
});

describe("CreateVpnConnection", () => {
  it("creates two tunnels with outside addresses and inside /30s, pending then available", () => {
    const { plane, vgw: g, cgw: c, connection } = vpnSetup();
    expect(connection).toMatchObject({
      state: "pending",
      type: "ipsec.1",
      category: "VPN",
      customerGatewayId: c.id,
      vpnGatewayId: g.id,
      staticRoutesOnly: true,
      routes: [],
    });
    expect(connection.id).toMatch(/^vpn-[0-9a-f]{17}$/);
    expect(connection.tunnels).toHaveLength(2);
    const [t1, t2] = connection.tunnels;
    expect(t1!.outsideIpAddress).not.toBe(t2!.outsideIpAddress);
    for (const t of connection.tunnels) {
      expect(t.outsideIpAddress).toMatch(/^54\.\d+\.\d+\.\d+$/);
      expect(t.insideCidr).toMatch(/^169\.254\.\d+\.\d+\/30$/);
      expect(t.insideCidr).not.toMatch(/^169\.254\.[0-5]\.0\/30$/);
      expect(t.preSharedKey).toMatch(/^[A-Za-z1-9][A-Za-z0-9._]{31}$/);
    }
    expect(connection.customerGatewayConfiguration).toContain(`<vpn_connection id="${connection.id}">`);
    expect(connection.customerGatewayConfiguration).toContain(
      `<ip_address>${t1!.outsideIpAddress}</ip_address>`,
    );
    expect(connection.customerGatewayConfiguration).toContain("<ip_address>203.0.113.10</ip_address>");
    expect(connection.customerGatewayConfiguration).not.toContain("<bgp>");
    expect(connection.telemetry.map((t) => t.status)).toEqual(["DOWN", "DOWN"]);
    const ready = connectionOf(plane, connection.id);
    expect(ready.state).toBe("available");
    expect(ready.telemetry).toEqual([
      expect.objectContaining({
        outsideIpAddress: t1!.outsideIpAddress,
        status: "UP",
        statusMessage: "IPSEC IS UP",
      }),
      expect.objectContaining({ outsideIpAddress: t2!.outsideIpAddress, status: "UP" }),
    ]);
  });

  it("takes a tunnel down with the vpcsim:tunnels-down tag, and BGP counts advertised routes", () => {
    const { plane, connection } = vpnSetup({ staticRoutesOnly: false });
    expect(connection.customerGatewayConfiguration).toContain("<asn>64512</asn>");
    expect(connection.customerGatewayConfiguration).toContain("<asn>65000</asn>");
    expect(connectionOf(plane, connection.id).telemetry[0]).toMatchObject({
      status: "UP",
      statusMessage: "IPSEC IS UP",
      acceptedRouteCount: 0,
    });
    plane.write((ctx) =>
      createTags(ctx, {
        resources: [connection.id],
        tags: [
          { key: "vpcsim:advertised-prefixes", value: "192.168.10.0/24,192.168.20.0/24" },
          { key: "vpcsim:tunnels-down", value: "2" },
        ],
      }),
    );
    expect(connectionOf(plane, connection.id).telemetry).toMatchObject([
      { status: "UP", statusMessage: "2 BGP ROUTES", acceptedRouteCount: 2 },
      { status: "DOWN", statusMessage: "IPSEC IS DOWN", acceptedRouteCount: 0 },
    ]);
  });

  it("validates tunnel options and keeps inside CIDRs unique per gateway", () => {
    const { plane, vgw: g } = vpnSetup();
    const other = cgw(plane, { ipAddress: "198.51.100.7" });
    const create = (
      options: Parameters<typeof createVpnConnection>[1]["options"],
      customerGatewayId = other.id,
    ) =>
      errorCode(() =>
        plane.write((ctx) =>
          createVpnConnection(ctx, { type: "ipsec.1", customerGatewayId, vpnGatewayId: g.id, options }),
        ),
      );
    const taken = connectionOf(plane, vpnConnections(plane)[0]!).tunnels[0]!.insideCidr;
    expect(create({ tunnelOptions: [{ tunnelInsideCidr: taken }] })).toBe("InvalidCidr.InUse");
    expect(create({ tunnelOptions: [{ tunnelInsideCidr: "169.254.1.0/30" }] })).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{ tunnelInsideCidr: "169.254.100.0/29" }] })).toBe(
      "InvalidParameterValue",
    );
    expect(create({ tunnelOptions: [{ tunnelInsideCidr: "10.0.0.0/30" }] })).toBe("InvalidParameterValue");
    expect(
      create({
        tunnelOptions: [{ tunnelInsideCidr: "169.254.100.0/30" }, { tunnelInsideCidr: "169.254.100.0/30" }],
      }),
    ).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{ preSharedKey: "0abcdefgh" }] })).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{ preSharedKey: "short" }] })).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{ phase1LifetimeSeconds: 100 }] })).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{ phase2LifetimeSeconds: 3600, phase1LifetimeSeconds: 1000 }] })).toBe(
      "InvalidParameterValue",
    );
    expect(create({ tunnelOptions: [{ ikeVersions: ["ikev3"] }] })).toBe("InvalidParameterValue");
    expect(create({ tunnelOptions: [{}, {}, {}] })).toBe("InvalidParameterValue");
    expect(create({ enableAcceleration: true })).toBe("InvalidParameterValue");
    expect(create({ tunnelInsideIpVersion: "ipv6" })).toBe("InvalidParameterValue");
    const { vpnConnection } = plane.write((ctx) =>
      createVpnConnection(ctx, {
        type: "ipsec.1",
        customerGatewayId: other.id,
        vpnGatewayId: g.id,
        options: {
          staticRoutesOnly: true,
          localIpv4NetworkCidr: "192.168.0.1/16",
          tunnelOptions: [
            {
              tunnelInsideCidr: "169.254.100.0/30",
              preSharedKey: "my_key.123",
              phase1LifetimeSeconds: 14400,
            },
          ],
        },
      }),
    );
    expect(vpnConnection.tunnels[0]).toMatchObject({
      insideCidr: "169.254.100.0/30",
      preSharedKey: "my_key.123",
      phase1LifetimeSeconds: 14400,
    });
    expect(vpnConnection.localIpv4NetworkCidr).toBe("192.168.0.0/16");
    expect(vpnConnection.customerGatewayConfiguration).toContain("<ip_address>169.254.100.1</ip_address>");
    expect(vpnConnection.customerGatewayConfiguration).toContain("<ip_address>169.254.100.2</ip_address>");
    expect(vpnConnection.customerGatewayConfiguration).toContain("<lifetime>14400</lifetime>");
  });

  it("answers AWS's errors for gateways, ASNs and duplicate customer addresses", () => {
    const { plane, vgw: g, cgw: c } = vpnSetup();
    const create = (input: Partial<Parameters<typeof createVpnConnection>[1]>) =>
      errorCode(() =>
        plane.write((ctx) =>
          createVpnConnection(ctx, {
            type: "ipsec.1",
            customerGatewayId: c.id,
            vpnGatewayId: g.id,
            ...input,
          }),
        ),
      );
    expect(create({})).toBe("InvalidCustomerGateway.DuplicateIpAddress");
    expect(create({ transitGatewayId: "tgw-0123456789abcdef0", vpnGatewayId: undefined })).toBe(
      "InvalidTransitGatewayID.NotFound",
    );
    expect(create({ transitGatewayId: "tgw-0123456789abcdef0" })).toBe("InvalidParameterValue");
    expect(create({ vpnGatewayId: undefined })).toBe("MissingParameter");
    expect(create({ customerGatewayId: "cgw-0123456789abcdef0" })).toBe("InvalidCustomerGatewayID.NotFound");
    expect(create({ vpnGatewayId: "vgw-0123456789abcdef0" })).toBe("InvalidVpnGatewayID.NotFound");
    expect(create({ type: "ipsec.2" })).toBe("InvalidParameterValue");
    const sameAsn = cgw(plane, { ipAddress: "198.51.100.8", bgpAsn: 64512 });
    expect(create({ customerGatewayId: sameAsn.id, options: { staticRoutesOnly: false } })).toBe(
      "AsnConflict",
    );
    const privateAddress = cgw(plane, { ipAddress: "192.168.1.1" });
    expect(create({ customerGatewayId: privateAddress.id })).toBe("InvalidParameterValue");
  });

  it("stops at 10 connections per gateway", () => {
    const plane = testPlane({
      config: { quotas: { ...testPlane().env.config.quotas, vpnConnectionsPerVpnGateway: 1 } },
    });
    const { vgw: g } = vpnSetup({ plane });
    const other = cgw(plane, { ipAddress: "198.51.100.9" });
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createVpnConnection(ctx, { type: "ipsec.1", customerGatewayId: other.id, vpnGatewayId: g.id }),
        ),
      ),
    ).toBe("VpnConnectionLimitExceeded");
  });
});

describe("VPN static routes", () => {
  it("goes pending → available, deleting → gone, with AWS's errors", () => {
    const plane = testPlane({
      config: {
        delays: {
          ...testPlane().env.config.delays,
          vpnConnectionPendingMs: 1000,
          vpnConnectionDeletingMs: 1000,
        },
      },
    });
    const { connection } = vpnSetup({ plane });
    const route = (cidr: string) =>
      plane.write((ctx) =>
        createVpnConnectionRoute(ctx, { vpnConnectionId: connection.id, destinationCidrBlock: cidr }),
      );
    // Still pending: AWS needs an available connection.
    expect(errorCode(() => route("172.16.0.0/16"))).toBe("InvalidVpnConnection.InvalidState");
    settle(plane, 1000);
    route("172.16.0.1/16");
    expect(connectionOf(plane, connection.id).routes).toMatchObject([
      { destinationCidrBlock: "172.16.0.0/16", state: "pending" },
    ]);
    expect(errorCode(() => route("172.16.0.0/16"))).toBe("RouteAlreadyExists");
    expect(errorCode(() => route("not-a-cidr"))).toBe("InvalidParameterValue");
    settle(plane, 1000);
    expect(connectionOf(plane, connection.id).routes).toEqual([
      { destinationCidrBlock: "172.16.0.0/16", state: "available" },
    ]);
    const remove = (cidr: string) =>
      plane.write((ctx) =>
        deleteVpnConnectionRoute(ctx, { vpnConnectionId: connection.id, destinationCidrBlock: cidr }),
      );
    expect(errorCode(() => remove("172.17.0.0/16"))).toBe("InvalidRoute.NotFound");
    remove("172.16.0.0/16");
    expect(connectionOf(plane, connection.id).routes).toMatchObject([{ state: "deleting" }]);
    settle(plane, 1000);
    expect(connectionOf(plane, connection.id).routes).toEqual([]);
  });

  it("refuses static routes on a BGP connection", () => {
    const { plane, connection } = vpnSetup({ staticRoutesOnly: false });
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createVpnConnectionRoute(ctx, {
            vpnConnectionId: connection.id,
            destinationCidrBlock: "10.9.0.0/16",
          }),
        ),
      ),
    ).toBe("InvalidVpnConnection.InvalidType");
  });
});

describe("DeleteVpnConnection and DescribeVpnConnections", () => {
  it("deletes through deleting → deleted, without the configuration, then forgets", () => {
    const { plane, connection } = vpnSetup();
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }));
    const deleting = connectionOf(plane, connection.id);
    expect(deleting.state).toBe("deleting");
    expect(deleting.customerGatewayConfiguration).toBeUndefined();
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }));
    settle(plane);
    expect(connectionOf(plane, connection.id).state).toBe("deleted");
    expect(
      errorCode(() => plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }))),
    ).toBe("InvalidVpnConnectionID.NotFound");
    settle(plane, 60 * 60 * 1000);
    expect(vpnConnections(plane)).toEqual([]);
    expect(
      errorCode(() => plane.read((ctx) => describeVpnConnections(ctx, { vpnConnectionIds: ["vpn-nope"] }))),
    ).toBe("InvalidVpnConnectionID.Malformed");
  });

  it("filters by every documented filter", () => {
    const { plane, vgw: g, cgw: c, connection } = vpnSetup();
    plane.write((ctx) =>
      createVpnConnectionRoute(ctx, {
        vpnConnectionId: connection.id,
        destinationCidrBlock: "172.16.0.0/16",
      }),
    );
    const ids = (name: string, values: string[]) =>
      plane
        .read((ctx) => describeVpnConnections(ctx, { filters: [{ name, values }] }))
        .vpnConnections.map((x) => x.id);
    const all = [connection.id];
    expect(ids("customer-gateway-id", [c.id])).toEqual(all);
    expect(ids("vpn-gateway-id", [g.id])).toEqual(all);
    expect(ids("state", ["available"])).toEqual(all);
    expect(ids("option.static-routes-only", ["true"])).toEqual(all);
    expect(ids("route.destination-cidr-block", ["172.16.0.0/16"])).toEqual(all);
    expect(ids("bgp-asn", ["65000"])).toEqual(all);
    expect(ids("type", ["ipsec.1"])).toEqual(all);
    expect(ids("vpn-connection-id", [connection.id])).toEqual(all);
    expect(ids("customer-gateway-configuration", ["*<vpn_connection*"])).toEqual(all);
    expect(ids("transit-gateway-id", ["tgw-*"])).toEqual([]);
  });
});

describe("route propagation", () => {
  it("shows VPN static routes as propagated routes while enabled, and follows their changes", () => {
    const { plane, vgw: g, connection, rtb } = vpnSetup();
    const add = (cidr: string) =>
      plane.write((ctx) =>
        createVpnConnectionRoute(ctx, { vpnConnectionId: connection.id, destinationCidrBlock: cidr }),
      );
    add("172.16.0.0/16");
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual([]);
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    const view = table(plane, rtb.id);
    expect(view.propagatingVgwIds).toEqual([g.id]);
    expect(view.routes).toContainEqual({
      destination: { kind: "ipv4", cidr: "172.16.0.0/16" },
      target: { kind: "gateway", id: g.id },
      origin: "EnableVgwRoutePropagation",
      state: "active",
    });
    add("192.168.50.0/24");
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16"]);
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16", "192.168.50.0/24"]);
    plane.write((ctx) =>
      deleteVpnConnectionRoute(ctx, {
        vpnConnectionId: connection.id,
        destinationCidrBlock: "172.16.0.0/16",
      }),
    );
    expect(propagated(plane, rtb.id)).toEqual(["192.168.50.0/24"]);
    const filtered = plane.read((ctx) =>
      describeRouteTables(ctx, {
        filters: [{ name: "route.origin", values: ["EnableVgwRoutePropagation"] }],
      }),
    ).routeTables;
    expect(filtered.map((t) => t.id)).toEqual([rtb.id]);
    plane.write((ctx) => disableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    expect(table(plane, rtb.id).propagatingVgwIds).toEqual([]);
    expect(propagated(plane, rtb.id)).toEqual([]);
  });

  it("propagates BGP prefixes from the tags, withdraws them when the tunnels go down", () => {
    const { plane, vgw: g, cgw: c, connection, rtb } = vpnSetup({ staticRoutesOnly: false });
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    expect(propagated(plane, rtb.id)).toEqual([]);
    plane.write((ctx) =>
      createTags(ctx, {
        resources: [c.id],
        tags: [{ key: "vpcsim:advertised-prefixes", value: "10.20.0.0/16" }],
      }),
    );
    expect(propagated(plane, rtb.id)).toEqual(["10.20.0.0/16"]);
    plane.write((ctx) =>
      createTags(ctx, {
        resources: [connection.id],
        tags: [{ key: "vpcsim:advertised-prefixes", value: "10.30.0.0/16, 10.31.0.0/16" }],
      }),
    );
    expect(propagated(plane, rtb.id)).toEqual(["10.30.0.0/16", "10.31.0.0/16"]);
    plane.write((ctx) =>
      createTags(ctx, { resources: [connection.id], tags: [{ key: "vpcsim:tunnels-down", value: "1,2" }] }),
    );
    expect(propagated(plane, rtb.id)).toEqual([]);
    plane.write((ctx) =>
      deleteTags(ctx, { resources: [connection.id], tags: [{ key: "vpcsim:tunnels-down" }] }),
    );
    expect(propagated(plane, rtb.id)).toHaveLength(2);
  });

  it("needs the gateway attached to the table's VPC, and stops propagating when it detaches", () => {
    const { plane, vpc: v, vgw: g, connection, rtb } = vpnSetup();
    plane.write((ctx) =>
      createVpnConnectionRoute(ctx, {
        vpnConnectionId: connection.id,
        destinationCidrBlock: "172.16.0.0/16",
      }),
    );
    settle(plane);
    const loose = vgw(plane);
    const enable = (gatewayId: string, routeTableId = rtb.id) =>
      errorCode(() => plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId, routeTableId })));
    expect(enable(loose.id)).toBe("Gateway.NotAttached");
    expect(enable("vgw-0123456789abcdef0")).toBe("InvalidVpnGatewayID.NotFound");
    expect(enable("igw-0123456789abcdef0")).toBe("InvalidVpnGatewayID.Malformed");
    expect(enable(g.id, "rtb-0123456789abcdef0")).toBe("InvalidRouteTableID.NotFound");
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: "10.200.0.0/16", gatewayId: g.id }),
    );
    expect(table(plane, rtb.id).routes.find((r) => r.origin === "CreateRoute")?.state).toBe("active");
    expect(propagated(plane, rtb.id)).toEqual(["172.16.0.0/16"]);
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    settle(plane);
    expect(propagated(plane, rtb.id)).toEqual([]);
    expect(table(plane, rtb.id).routes.find((r) => r.origin === "CreateRoute")?.state).toBe("blackhole");
  });

  it("accepts a gateway route only to a gateway of the table's VPC", () => {
    const { plane, rtb } = vpnSetup();
    const loose = vgw(plane);
    const route = (gatewayId: string) =>
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: "10.99.0.0/16", gatewayId }),
        ),
      );
    expect(route(loose.id)).toBe("InvalidParameterValue");
    expect(route("vgw-0123456789abcdef0")).toBe("InvalidGatewayID.NotFound");
  });

  it("lists a static route and a propagated route to the same prefix; the static one carries the traffic", () => {
    const { plane, vpc: v, vgw: g, connection, rtb } = vpnSetup();
    plane.write((ctx) =>
      createVpnConnectionRoute(ctx, {
        vpnConnectionId: connection.id,
        destinationCidrBlock: "172.31.0.0/24",
      }),
    );
    settle(plane);
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    const igw = plane.write((ctx) => {
      const id = ctx.ids("igw");
      ctx.tx.put("internetGateway", ctx.scope, {
        id,
        ownerId: ctx.scope.account,
        tags: [],
        attachments: [{ vpcId: v.id, state: "available" }],
      });
      return id;
    });
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: "172.31.0.0/24", gatewayId: igw }),
    );
    const routes = table(plane, rtb.id).routes.filter(
      (r) => r.destination.kind === "ipv4" && r.destination.cidr === "172.31.0.0/24",
    );
    expect(routes.map((r) => r.origin).sort()).toEqual(["CreateRoute", "EnableVgwRoutePropagation"]);
    expect(selectRoute(table(plane, rtb.id).routes, ipv4("172.31.0.10"))?.target.id).toBe(igw);
    const paths = plane.read((ctx) => vgwPrefixes(ctx.tx, ctx.scope, g.id));
    expect(paths.get("172.31.0.0/24")).toMatchObject([
      { source: "vpn-static", vpnConnectionId: connection.id },
    ]);
  });

  it("forgets a deleted gateway in the tables that propagated from it", () => {
    const { plane, vpc: v, vgw: g, connection, rtb } = vpnSetup();
    plane.write((ctx) => enableVgwRoutePropagation(ctx, { gatewayId: g.id, routeTableId: rtb.id }));
    plane.write((ctx) => deleteVpnConnection(ctx, { vpnConnectionId: connection.id }));
    plane.write((ctx) => detachVpnGateway(ctx, { vpnGatewayId: g.id, vpcId: v.id }));
    settle(plane);
    expect(table(plane, rtb.id).propagatingVgwIds).toEqual([g.id]);
    plane.write((ctx) => deleteVpnGateway(ctx, { vpnGatewayId: g.id }));
    expect(table(plane, rtb.id).propagatingVgwIds).toEqual([]);
  });
});
