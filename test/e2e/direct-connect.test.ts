/**
 * Direct Connect through its AWS JSON 1.1 protocol against a real server, driven by the AWS SDK for
 * JavaScript v3 `DirectConnectClient` (`@aws-sdk/client-direct-connect`) and by hand (fetch with
 * JSON bodies) for the wire format: a connection, a private virtual interface to the tutorial VPC's
 * virtual private gateway advertising a prefix that overlaps a VPN's static route, and the route
 * table preferring it; a Direct Connect gateway and its association; then Direct Connect's errors.
 */

import {
  CreateConnectionCommand,
  CreateDirectConnectGatewayAssociationCommand,
  CreateDirectConnectGatewayCommand,
  CreatePrivateVirtualInterfaceCommand,
  CreatePublicVirtualInterfaceCommand,
  DeleteConnectionCommand,
  DeleteVirtualInterfaceCommand,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeLocationsCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
} from "@aws-sdk/client-direct-connect";
import {
  AttachVpnGatewayCommand,
  CreateCustomerGatewayCommand,
  CreateRouteTableCommand,
  CreateVpcCommand,
  CreateVpnConnectionCommand,
  CreateVpnConnectionRouteCommand,
  CreateVpnGatewayCommand,
  DeleteVpnGatewayCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  EnableVgwRoutePropagationCommand,
  type RouteTable,
  waitUntilVpnConnectionAvailable,
} from "@aws-sdk/client-ec2";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directConnectHandlers } from "../../src/api/directconnect/registry.js";
import { vgwPrefixes } from "../../src/control/vgw-routes.js";
import { selectRoute } from "../../src/model/vgw-routing.js";
import { ipv4 } from "../../src/net/index.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;
let dx: DirectConnectClient;
const dxClients: DirectConnectClient[] = [];

function dxClient(region = "us-east-1"): DirectConnectClient {
  const client = new DirectConnectClient({
    endpoint: server.endpoint,
    region,
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "test" },
    // Fail fast: a test must not wait for retries of an error it expects.
    maxAttempts: 1,
  });
  dxClients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.endpoint);
  dx = dxClient();
});
afterAll(async () => {
  ec2.destroy();
  for (const client of dxClients) client.destroy();
  await server.close();
});

/** The error a v3 SDK call rejects with: code (`name`), message and HTTP status. */
async function dxError(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; statusCode?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.name, message: e.message, statusCode: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** A raw AWS JSON 1.1 request, to check the wire format itself. */
async function rawDx(
  operation: string,
  body: unknown,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(server.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `OvertureService.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/us-east-1/directconnect/aws4_request, SignedHeaders=host, Signature=x`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

async function routeTable(id: string): Promise<RouteTable> {
  return (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }))).RouteTables![0]!;
}

function propagated(table: RouteTable): string[] {
  return (table.Routes ?? [])
    .filter((r) => r.Origin === "EnableVgwRoutePropagation")
    .map((r) => r.DestinationCidrBlock!);
}

describe("Direct Connect to the tutorial VPC, through the JSON protocol", () => {
  const ids: Record<string, string> = {};

  it("builds the tutorial VPC with a gateway, a static VPN to 172.16.0.0/16 and propagation", async () => {
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    ids.rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    ids.vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: "ipsec.1", AmazonSideAsn: 64600 })))
      .VpnGateway!.VpnGatewayId!;
    await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: ids.vgw, VpcId: ids.vpc }));
    const cgw = (
      await ec2.send(new CreateCustomerGatewayCommand({ Type: "ipsec.1", IpAddress: "203.0.113.20" }))
    ).CustomerGateway!.CustomerGatewayId!;
    ids.vpn = (
      await ec2.send(
        new CreateVpnConnectionCommand({
          Type: "ipsec.1",
          CustomerGatewayId: cgw,
          VpnGatewayId: ids.vgw,
          Options: { StaticRoutesOnly: true },
        }),
      )
    ).VpnConnection!.VpnConnectionId!;
    await waitUntilVpnConnectionAvailable(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { VpnConnectionIds: [ids.vpn] },
    );
    await ec2.send(
      new CreateVpnConnectionRouteCommand({
        VpnConnectionId: ids.vpn,
        DestinationCidrBlock: "172.16.0.0/16",
      }),
    );
    await ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: ids.vgw, RouteTableId: ids.rtb }));
    expect(propagated(await routeTable(ids.rtb))).toEqual(["172.16.0.0/16"]);
  });

  it("lists the region's locations", async () => {
    const { locations } = await dx.send(new DescribeLocationsCommand({}));
    expect(locations?.map((l) => l.locationCode)).toEqual(["EqDC2", "CSVA1"]);
    expect(locations?.[0]).toMatchObject({
      region: "us-east-1",
      availablePortSpeeds: ["1Gbps", "10Gbps", "100Gbps"],
    });
  });

  it("orders a connection, requested then available", async () => {
    const created = await dx.send(
      new CreateConnectionCommand({ location: "EqDC2", bandwidth: "1Gbps", connectionName: "tutorial-dx" }),
    );
    expect(created).toMatchObject({
      ownerAccount: ACCOUNT,
      connectionState: "requested",
      bandwidth: "1Gbps",
      location: "EqDC2",
      connectionName: "tutorial-dx",
      region: "us-east-1",
    });
    expect(created.connectionId).toMatch(/^dxcon-[0-9a-z]{8}$/);
    ids.dxcon = created.connectionId!;
    const { connections } = await dx.send(new DescribeConnectionsCommand({ connectionId: ids.dxcon }));
    expect(connections?.[0]?.connectionState).toBe("available");
    expect(connections?.[0]?.loaIssueTime).toBeInstanceOf(Date);
  });

  it("creates a private interface to the VPC's gateway that the route table prefers to the VPN", async () => {
    const vif = await dx.send(
      new CreatePrivateVirtualInterfaceCommand({
        connectionId: ids.dxcon!,
        newPrivateVirtualInterface: {
          virtualInterfaceName: "to-tutorial",
          vlan: 101,
          asn: 65100,
          virtualGatewayId: ids.vgw,
          tags: [{ key: "vpcsim:advertised-prefixes", value: "172.16.0.0/16,172.16.8.0/24" }],
        },
      }),
    );
    expect(vif).toMatchObject({
      virtualInterfaceType: "private",
      virtualInterfaceState: "pending",
      virtualGatewayId: ids.vgw,
      amazonSideAsn: 64600,
      vlan: 101,
      asn: 65100,
      connectionId: ids.dxcon,
    });
    expect(vif.customerRouterConfig).toContain(`<logical_connection id="${vif.virtualInterfaceId}">`);
    ids.vif = vif.virtualInterfaceId!;
    const { virtualInterfaces } = await dx.send(
      new DescribeVirtualInterfacesCommand({ virtualInterfaceId: ids.vif }),
    );
    expect(virtualInterfaces?.[0]).toMatchObject({ virtualInterfaceState: "available" });
    expect(virtualInterfaces?.[0]?.bgpPeers?.[0]).toMatchObject({
      bgpPeerState: "available",
      bgpStatus: "up",
    });

    const table = await routeTable(ids.rtb!);
    expect(propagated(table)).toEqual(["172.16.0.0/16", "172.16.8.0/24"]);
    expect(table.Routes?.find((r) => r.DestinationCidrBlock === "172.16.8.0/24")).toEqual({
      DestinationCidrBlock: "172.16.8.0/24",
      GatewayId: ids.vgw,
      Origin: "EnableVgwRoutePropagation",
      State: "active",
    });
    // The more specific prefix learned over Direct Connect carries traffic to 172.16.8.0/24 …
    const routes = table.Routes!.map((r) => ({
      destination: { kind: "ipv4" as const, cidr: r.DestinationCidrBlock! },
      target: { kind: r.GatewayId === "local" ? ("local" as const) : ("gateway" as const), id: r.GatewayId! },
      origin: r.Origin as "CreateRouteTable" | "EnableVgwRoutePropagation",
    }));
    expect(selectRoute(routes, ipv4("172.16.8.9"))?.destination).toEqual({
      kind: "ipv4",
      cidr: "172.16.8.0/24",
    });
    // … and for the prefix both advertise, the gateway prefers Direct Connect to the VPN.
    const paths = server.store.read((tx) =>
      vgwPrefixes(tx, { account: ACCOUNT, region: "us-east-1" }, ids.vgw!),
    );
    expect(paths.get("172.16.0.0/16")?.map((p) => p.source)).toEqual(["direct-connect-bgp", "vpn-static"]);
    expect(paths.get("172.16.0.0/16")?.[0]?.virtualInterfaceId).toBe(ids.vif);
  });

  it("creates a public interface, verifying then available", async () => {
    const vif = await dx.send(
      new CreatePublicVirtualInterfaceCommand({
        connectionId: ids.dxcon!,
        newPublicVirtualInterface: {
          virtualInterfaceName: "public",
          vlan: 2000,
          asn: 65000,
          amazonAddress: "203.0.113.1/30",
          customerAddress: "203.0.113.2/30",
          routeFilterPrefixes: [{ cidr: "203.0.113.0/30" }],
        },
      }),
    );
    expect(vif).toMatchObject({
      virtualInterfaceType: "public",
      virtualInterfaceState: "verifying",
      routeFilterPrefixes: [{ cidr: "203.0.113.0/30" }],
    });
    const { virtualInterfaces } = await dx.send(
      new DescribeVirtualInterfacesCommand({ connectionId: ids.dxcon }),
    );
    expect(virtualInterfaces?.map((v) => [v.virtualInterfaceType, v.virtualInterfaceState])).toEqual([
      ["private", "available"],
      ["public", "available"],
    ]);
    const { $metadata, ...deleted } = await dx.send(
      new DeleteVirtualInterfaceCommand({ virtualInterfaceId: vif.virtualInterfaceId! }),
    );
    expect($metadata.httpStatusCode).toBe(200);
    expect(deleted).toEqual({
      virtualInterfaceState: "deleting",
    });
  });

  it("associates a Direct Connect gateway, global and seen from every region, with the gateway", async () => {
    const { directConnectGateway } = await dx.send(
      new CreateDirectConnectGatewayCommand({
        directConnectGatewayName: "tutorial-dxgw",
        amazonSideAsn: 65300,
      }),
    );
    expect(directConnectGateway).toMatchObject({
      directConnectGatewayName: "tutorial-dxgw",
      amazonSideAsn: 65300,
      ownerAccount: ACCOUNT,
      directConnectGatewayState: "available",
    });
    ids.dxgw = directConnectGateway!.directConnectGatewayId!;
    expect(ids.dxgw).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const fromIreland = await dxClient("eu-west-1").send(new DescribeDirectConnectGatewaysCommand({}));
    expect(fromIreland.directConnectGateways?.map((g) => g.directConnectGatewayId)).toEqual([ids.dxgw]);

    // The gateway already has interfaces, but may still be associated with a Direct Connect gateway.
    const { directConnectGatewayAssociation } = await dx.send(
      new CreateDirectConnectGatewayAssociationCommand({
        directConnectGatewayId: ids.dxgw,
        virtualGatewayId: ids.vgw,
      }),
    );
    expect(directConnectGatewayAssociation).toMatchObject({
      associationState: "associating",
      directConnectGatewayId: ids.dxgw,
      virtualGatewayId: ids.vgw,
      virtualGatewayRegion: "us-east-1",
      virtualGatewayOwnerAccount: ACCOUNT,
      associatedGateway: {
        id: ids.vgw,
        type: "virtualPrivateGateway",
        ownerAccount: ACCOUNT,
        region: "us-east-1",
      },
      allowedPrefixesToDirectConnectGateway: [{ cidr: "10.0.0.0/16" }],
    });
    const { directConnectGatewayAssociations } = await dx.send(
      new DescribeDirectConnectGatewayAssociationsCommand({ virtualGatewayId: ids.vgw }),
    );
    expect(directConnectGatewayAssociations?.map((a) => a.associationState)).toEqual(["associated"]);

    await dx.send(
      new CreatePrivateVirtualInterfaceCommand({
        connectionId: ids.dxcon!,
        newPrivateVirtualInterface: {
          virtualInterfaceName: "via-dxgw",
          vlan: 102,
          asn: 65200,
          directConnectGatewayId: ids.dxgw,
          tags: [{ key: "vpcsim:advertised-prefixes", value: "10.200.0.0/16" }],
        },
      }),
    );
    expect(propagated(await routeTable(ids.rtb!))).toEqual([
      "10.200.0.0/16",
      "172.16.0.0/16",
      "172.16.8.0/24",
    ]);
  });

  it("answers Direct Connect's errors in its JSON error shape", async () => {
    const notFound = await dxError(
      dx.send(new DescribeConnectionsCommand({ connectionId: "dxcon-nothere" })),
    );
    expect(notFound).toEqual({
      code: "DirectConnectClientException",
      message: "Could not find Connection with ID dxcon-nothere",
      statusCode: 400,
    });
    const raw = await rawDx("DescribeConnections", { connectionId: "dxcon-nothere" });
    expect(raw.status).toBe(400);
    expect(raw.headers.get("x-amzn-errortype")).toBe("DirectConnectClientException");
    expect(raw.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(raw.json).toEqual({
      __type: "DirectConnectClientException",
      message: "Could not find Connection with ID dxcon-nothere",
    });
    const missing = await rawDx("CreateConnection", { location: "EqDC2" });
    expect(missing.json).toMatchObject({ __type: "DirectConnectClientException" });
    expect((missing.json as { message: string }).message).toContain("Value null at 'bandwidth'");

    const duplicateVlan = await dxError(
      dx.send(
        new CreatePrivateVirtualInterfaceCommand({
          connectionId: ids.dxcon!,
          newPrivateVirtualInterface: {
            virtualInterfaceName: "again",
            vlan: 101,
            asn: 65100,
            virtualGatewayId: ids.vgw,
          },
        }),
      ),
    );
    expect(duplicateVlan.message).toBe(`VLAN 101 is already in use on connection ${ids.dxcon}.`);
    expect(
      (
        await dxError(
          dx.send(
            new CreatePrivateVirtualInterfaceCommand({
              connectionId: ids.dxcon!,
              newPrivateVirtualInterface: {
                virtualInterfaceName: "bad",
                vlan: 103,
                asn: 65100,
                virtualGatewayId: ids.vgw,
                amazonAddress: "192.168.1.1/30",
                customerAddress: "192.168.2.2/30",
              },
            }),
          ),
        )
      ).message,
    ).toBe("Amazon Address and Customer Address must be in the same CIDR");
    expect(
      (
        await dxError(
          dx.send(
            new CreateConnectionCommand({ location: "EqSV5", bandwidth: "1Gbps", connectionName: "x" }),
          ),
        )
      ).message,
    ).toBe("Location EqSV5 is not available in region us-east-1.");
    expect(
      (await dxError(dx.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: "dxvif-nothere" }))))
        .message,
    ).toBe("Could not find Virtual Interface with ID dxvif-nothere");
    expect(
      (
        await dxError(
          dx.send(
            new CreateDirectConnectGatewayAssociationCommand({
              directConnectGatewayId: ids.dxgw!,
              virtualGatewayId: ids.vgw,
            }),
          ),
        )
      ).message,
    ).toBe(
      `Virtual private gateway ${ids.vgw} is already associated with Direct Connect gateway ${ids.dxgw}.`,
    );
    expect(
      (await dxError(dx.send(new DeleteConnectionCommand({ connectionId: ids.dxcon! })))).message,
    ).toContain("has virtual interfaces");
    const unknown = await rawDx("NoSuchOperation", {});
    expect(unknown.json).toMatchObject({ __type: "UnknownOperationException" });
    // The gateway stays in use while interfaces and an association reach it.
    expect(await sdkErrorCode(ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: ids.vgw })))).toBe(
      "IncorrectState",
    );
  });

  it("withdraws an interface's routes when it is deleted; the VPN keeps the overlapping prefix", async () => {
    await dx.send(new DeleteVirtualInterfaceCommand({ virtualInterfaceId: ids.vif! }));
    expect(propagated(await routeTable(ids.rtb!))).toEqual(["10.200.0.0/16", "172.16.0.0/16"]);
    const paths = server.store.read((tx) =>
      vgwPrefixes(tx, { account: ACCOUNT, region: "us-east-1" }, ids.vgw!),
    );
    expect(paths.get("172.16.0.0/16")?.map((p) => p.source)).toEqual(["vpn-static"]);
  });
});

describe("random Direct Connect requests", () => {
  it("never answer 500: every failure is a Direct Connect error in its JSON shape", async () => {
    const operations = Object.keys(directConnectHandlers);
    const scalar = fc.oneof(
      fc.constantFrom(
        "EqDC2",
        "1Gbps",
        "dxcon-nothere",
        "vgw-0123456789abcdef0",
        "169.254.1.1/30",
        "",
        "x/33",
      ),
      fc.integer({ min: -5, max: 5000 }),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      scalar,
      fc.array(fc.record({ cidr: scalar, key: scalar, value: scalar }, { requiredKeys: [] }), {
        maxLength: 3,
      }),
      fc.record(
        {
          virtualInterfaceName: scalar,
          vlan: scalar,
          asn: scalar,
          mtu: scalar,
          amazonAddress: scalar,
          customerAddress: scalar,
          addressFamily: fc.constantFrom("ipv4", "ipv6", "x"),
          virtualGatewayId: scalar,
          directConnectGatewayId: scalar,
          routeFilterPrefixes: fc.array(fc.record({ cidr: scalar }), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    );
    const fields = fc.dictionary(
      fc.constantFrom(
        "location",
        "bandwidth",
        "connectionName",
        "connectionId",
        "virtualInterfaceId",
        "newPrivateVirtualInterface",
        "newPublicVirtualInterface",
        "directConnectGatewayName",
        "amazonSideAsn",
        "directConnectGatewayId",
        "virtualGatewayId",
        "gatewayId",
        "maxResults",
        "nextToken",
        "tags",
        "addAllowedPrefixesToDirectConnectGateway",
      ),
      value,
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), fields, async (operation, body) => {
        const response = await rawDx(operation, body);
        expect(response.status).not.toBe(500);
        if (response.status !== 200) {
          expect(response.json).toMatchObject({ __type: expect.any(String), message: expect.any(String) });
        }
      }),
      { numRuns: 300 },
    );
  });
});
