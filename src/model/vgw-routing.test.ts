import { describe, expect, it } from "vitest";
import { ipv4 } from "../net/index.js";
import type { DxConnection, DxVirtualInterface } from "./direct-connect.js";
import type { Route, Tag } from "./resources.js";
import {
  advertisedPrefixes,
  advertisedVpcBlocks,
  compareVgwPaths,
  routeSource,
  selectRoute,
  type VgwPath,
  vgwRoutes,
  vpnConnectionPaths,
} from "./vgw-routing.js";
import type { CustomerGateway, VpnConnection } from "./vpn.js";

const at = new Date(Date.UTC(2026, 0, 1));

function route(cidr: string, origin: Route["origin"], targetId: string): Route {
  return {
    destination: { kind: cidr.includes(":") ? "ipv6" : "ipv4", cidr },
    target: targetId === "local" ? { kind: "local", id: "local" } : { kind: "gateway", id: targetId },
    origin,
  };
}

function connection(overrides: Partial<VpnConnection> = {}): VpnConnection {
  return {
    id: "vpn-1",
    ownerId: "111122223333",
    tags: [],
    type: "ipsec.1",
    category: "VPN",
    state: "available",
    customerGatewayId: "cgw-1",
    vpnGatewayId: "vgw-1",
    staticRoutesOnly: true,
    enableAcceleration: false,
    localIpv4NetworkCidr: "0.0.0.0/0",
    remoteIpv4NetworkCidr: "0.0.0.0/0",
    outsideIpAddressType: "PublicIpv4",
    tunnelInsideIpVersion: "ipv4",
    tunnels: [
      { outsideIpAddress: "54.80.1.1", insideCidr: "169.254.10.0/30", preSharedKey: "abcdefgh" },
      { outsideIpAddress: "54.80.1.2", insideCidr: "169.254.11.0/30", preSharedKey: "abcdefgh" },
    ],
    routes: [{ destinationCidrBlock: "172.16.0.0/16", state: "available" }],
    createdAt: at,
    availableSince: at,
    ...overrides,
  };
}

const cgw: CustomerGateway = {
  id: "cgw-1",
  ownerId: "111122223333",
  tags: [],
  type: "ipsec.1",
  state: "available",
  bgpAsn: 65000,
  ipAddress: "203.0.113.10",
};

const dxConnection: DxConnection = {
  id: "dxcon-1",
  ownerId: "111122223333",
  tags: [],
  region: "us-east-1",
  connectionName: "dc",
  connectionState: "available",
  location: "EqDC2",
  bandwidth: "1Gbps",
  awsDevice: "EqDC2-x",
  awsLogicalDeviceId: "EqDC2-x-1",
  jumboFrameCapable: true,
  hasLogicalRedundancy: "unknown",
  macSecCapable: false,
};

function vif(tags: Tag[], overrides: Partial<DxVirtualInterface> = {}): DxVirtualInterface {
  return {
    id: "dxvif-1",
    ownerId: "111122223333",
    tags,
    region: "us-east-1",
    connectionId: "dxcon-1",
    location: "EqDC2",
    virtualInterfaceType: "private",
    virtualInterfaceName: "vif",
    vlan: 101,
    asn: 65100,
    amazonSideAsn: 64512,
    authKey: "key",
    amazonAddress: "169.254.100.1/30",
    customerAddress: "169.254.100.2/30",
    addressFamily: "ipv4",
    virtualInterfaceState: "available",
    mtu: 1500,
    jumboFrameCapable: true,
    virtualGatewayId: "vgw-1",
    routeFilterPrefixes: [],
    bgpPeers: [],
    awsDevice: "EqDC2-x",
    awsLogicalDeviceId: "EqDC2-x-1",
    siteLinkEnabled: false,
    ...overrides,
  };
}

const prefixes = (value: string): Tag[] => [{ key: "vpcsim:advertised-prefixes", value }];

describe("route table priority (selectRoute)", () => {
  const local = route("10.0.0.0/16", "CreateRouteTable", "local");

  it("prefers the longest prefix", () => {
    const wide = route("0.0.0.0/0", "CreateRoute", "igw-1");
    const narrow = route("172.16.0.0/16", "EnableVgwRoutePropagation", "vgw-1");
    expect(selectRoute([local, wide, narrow], ipv4("172.16.4.4"))).toBe(narrow);
    expect(selectRoute([local, wide, narrow], ipv4("8.8.8.8"))).toBe(wide);
  });

  it("prefers a static route over a propagated one for the same prefix, whatever their order", () => {
    const propagated = route("172.31.0.0/24", "EnableVgwRoutePropagation", "vgw-1");
    const staticRoute = route("172.31.0.0/24", "CreateRoute", "igw-1");
    expect(selectRoute([propagated, staticRoute], ipv4("172.31.0.9"))).toBe(staticRoute);
    expect(selectRoute([staticRoute, propagated], ipv4("172.31.0.9"))).toBe(staticRoute);
  });

  it("prefers a prefix-list route over a propagated one, and a static route over both", () => {
    const propagated = route("192.168.0.0/24", "EnableVgwRoutePropagation", "vgw-1");
    const listRoute: Route = {
      destination: { kind: "prefix-list", prefixListId: "pl-1" },
      target: { kind: "gateway", id: "vpce-1" },
      origin: "CreateRoute",
    };
    const match = (id: string) => (id === "pl-1" ? 24 : undefined);
    expect(routeSource(listRoute)).toBe("prefix-list");
    expect(selectRoute([propagated, listRoute], ipv4("192.168.0.1"), match)).toBe(listRoute);
    const staticRoute = route("192.168.0.0/24", "CreateRoute", "igw-1");
    expect(selectRoute([propagated, listRoute, staticRoute], ipv4("192.168.0.1"), match)).toBe(staticRoute);
    // Without a resolver a prefix-list route matches nothing.
    expect(selectRoute([listRoute], ipv4("192.168.0.1"))).toBeUndefined();
  });

  it("keeps the local route over a more specific propagated route, but not over a more specific static one", () => {
    const propagated = route("10.0.1.0/24", "EnableVgwRoutePropagation", "vgw-1");
    expect(selectRoute([local, propagated], ipv4("10.0.1.5"))).toBe(local);
    const middlebox = route("10.0.1.0/24", "CreateRoute", "eni-1");
    expect(selectRoute([local, propagated, middlebox], ipv4("10.0.1.5"))).toBe(middlebox);
    // A propagated route wider than the VPC loses to the local route inside it and wins outside.
    const wide = route("10.0.0.0/8", "EnableVgwRoutePropagation", "vgw-1");
    expect(selectRoute([local, wide], ipv4("10.0.9.9"))).toBe(local);
    expect(selectRoute([local, wide], ipv4("10.1.0.1"))).toBe(wide);
  });

  it("matches no route of the other address family", () => {
    expect(selectRoute([route("::/0", "CreateRoute", "igw-1")], ipv4("1.2.3.4"))).toBeUndefined();
  });
});

describe("virtual private gateway paths", () => {
  it("orders the paths to one prefix: Direct Connect BGP, VPN static, VPN BGP", () => {
    const staticVpn = connection({ id: "vpn-static" });
    const bgpVpn = connection({
      id: "vpn-bgp",
      staticRoutesOnly: false,
      routes: [],
      tags: prefixes("172.16.0.0/16"),
    });
    const routes = vgwRoutes({
      vpnConnections: [bgpVpn, staticVpn],
      customerGateway: () => cgw,
      virtualInterfaces: [vif(prefixes("172.16.0.0/16"))],
      connection: () => dxConnection,
    });
    expect(routes.get("172.16.0.0/16")!.map((p) => p.source)).toEqual([
      "direct-connect-bgp",
      "vpn-static",
      "vpn-bgp",
    ]);
    expect(routes.get("172.16.0.0/16")![2]).toMatchObject({ vpnConnectionId: "vpn-bgp", asPath: [65000] });
  });

  it("puts an unhealthy path (both tunnels down) after healthy ones, and prefers shorter AS paths", () => {
    const down: VgwPath = { prefix: "10.9.0.0/16", source: "direct-connect-bgp", healthy: false, asPath: [] };
    const up: VgwPath = { prefix: "10.9.0.0/16", source: "vpn-bgp", healthy: true, asPath: [1, 2] };
    const shorter: VgwPath = { ...up, asPath: [1] };
    expect([down, up].sort(compareVgwPaths)).toEqual([up, down]);
    expect([up, shorter].sort(compareVgwPaths)).toEqual([shorter, up]);
  });

  it("keeps static routes of a VPN whose tunnels are down, unhealthy, and withdraws its BGP routes", () => {
    const tags = [{ key: "vpcsim:tunnels-down", value: "1, 54.80.1.2" }];
    const [path] = vpnConnectionPaths(connection({ tags }), cgw);
    expect(path).toMatchObject({ prefix: "172.16.0.0/16", healthy: false, tunnels: [] });
    const bgp = connection({
      staticRoutesOnly: false,
      routes: [],
      tags: [...tags, ...prefixes("10.50.0.0/16")],
    });
    expect(vpnConnectionPaths(bgp, cgw)).toEqual([]);
    const oneUp = connection({ tags: [{ key: "vpcsim:tunnels-down", value: "2" }] });
    expect(vpnConnectionPaths(oneUp, cgw)[0]).toMatchObject({ healthy: true, tunnels: ["54.80.1.1"] });
  });

  it("reads BGP prefixes from the connection's tag, else the customer gateway's; none from a pending connection", () => {
    const onGateway = { ...cgw, tags: prefixes("10.60.0.0/16") };
    const bgp = connection({ staticRoutesOnly: false, routes: [] });
    expect(vpnConnectionPaths(bgp, onGateway).map((p) => p.prefix)).toEqual(["10.60.0.0/16"]);
    const own = connection({ staticRoutesOnly: false, routes: [], tags: prefixes("10.70.0.0/16") });
    expect(vpnConnectionPaths(own, onGateway).map((p) => p.prefix)).toEqual(["10.70.0.0/16"]);
    expect(vpnConnectionPaths({ ...own, state: "pending" }, onGateway)).toEqual([]);
  });

  it("takes the BGP session of an interface down beyond 100 advertised routes", () => {
    const many = Array.from({ length: 101 }, (_, i) => `10.${i}.0.0/16`).join(",");
    expect(
      vgwRoutes({
        vpnConnections: [],
        customerGateway: () => undefined,
        virtualInterfaces: [vif(prefixes(many))],
        connection: () => dxConnection,
      }).size,
    ).toBe(0);
    const hundred = Array.from({ length: 100 }, (_, i) => `10.${i}.0.0/16`).join(",");
    expect(
      vgwRoutes({
        vpnConnections: [],
        customerGateway: () => undefined,
        virtualInterfaces: [vif(prefixes(hundred))],
        connection: () => dxConnection,
      }).size,
    ).toBe(100);
  });

  it("learns nothing from an interface whose connection or itself is not available", () => {
    const inputs = (v: DxVirtualInterface, c: DxConnection) => ({
      vpnConnections: [],
      customerGateway: () => undefined,
      virtualInterfaces: [v],
      connection: () => c,
    });
    expect(
      vgwRoutes(inputs(vif(prefixes("10.1.0.0/16"), { virtualInterfaceState: "pending" }), dxConnection))
        .size,
    ).toBe(0);
    expect(
      vgwRoutes(inputs(vif(prefixes("10.1.0.0/16")), { ...dxConnection, connectionState: "down" })).size,
    ).toBe(0);
  });
});

describe("advertisedPrefixes", () => {
  it("keeps canonical IPv4 prefixes once, skipping IPv6 and garbage", () => {
    expect(
      advertisedPrefixes(prefixes(" 10.1.2.3/16, 10.1.0.0/16,2001:db8::/32,nope,,192.168.1.0/24 ")),
    ).toEqual(["10.1.0.0/16", "192.168.1.0/24"]);
    expect(advertisedPrefixes([])).toBeUndefined();
  });

  it("continues a long list in suffixed tags, read in key order", () => {
    expect(
      advertisedPrefixes([
        { key: "vpcsim:advertised-prefixes:2", value: "10.2.0.0/16" },
        { key: "vpcsim:advertised-prefixes", value: "10.1.0.0/16" },
        { key: "vpcsim:advertised-prefixes-not", value: "10.3.0.0/16" },
      ]),
    ).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
  });
});

describe("advertisedVpcBlocks (allowed prefixes of a Direct Connect gateway association)", () => {
  it("lets a VPC block through only under an allowed prefix that is the same or wider", () => {
    const blocks = ["10.0.0.0/16"];
    expect(advertisedVpcBlocks(blocks, ["22.0.0.0/24"])).toEqual([]);
    expect(advertisedVpcBlocks(blocks, ["10.0.0.0/24"])).toEqual([]);
    expect(advertisedVpcBlocks(blocks, ["10.0.0.0/15"])).toEqual(["10.0.0.0/16"]);
    expect(advertisedVpcBlocks(blocks, ["10.0.0.0/16"])).toEqual(["10.0.0.0/16"]);
  });
});
