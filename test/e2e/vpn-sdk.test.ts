/**
 * Site-to-Site VPN through the AWS SDK for JavaScript v3 against a real server: a virtual private
 * gateway attached to the tutorial VPC, a customer gateway, a static VPN connection with routes,
 * route propagation on the private route table (propagated routes in DescribeRouteTables with
 * `Origin: EnableVgwRoutePropagation`), then the errors AWS answers around them, and the teardown.
 */
import {
  AssociateRouteTableCommand,
  AttachVpnGatewayCommand,
  CreateCustomerGatewayCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpnConnectionCommand,
  CreateVpnConnectionRouteCommand,
  CreateVpnGatewayCommand,
  DeleteCustomerGatewayCommand,
  DeleteVpnConnectionCommand,
  DeleteVpnConnectionRouteCommand,
  DeleteVpnGatewayCommand,
  DescribeCustomerGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  DetachVpnGatewayCommand,
  DisableVgwRoutePropagationCommand,
  type EC2Client,
  EnableVgwRoutePropagationCommand,
  waitUntilCustomerGatewayAvailable,
  waitUntilVpnConnectionAvailable,
  waitUntilVpnConnectionDeleted,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

const waiter = () => ({ client: ec2, maxWaitTime: 10, minDelay: 1 });

describe("a static Site-to-Site VPN to the tutorial network, through the SDK", () => {
  const ids: Record<string, string> = {};

  it("builds the tutorial VPC with a private subnet and route table", async () => {
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    ids.private = (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.3.0/24", AvailabilityZone: "us-east-1a" }),
      )
    ).Subnet!.SubnetId!;
    ids.rtb = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.rtb, SubnetId: ids.private }));
  });

  it("creates a virtual private gateway and attaches it (attaching, then attached)", async () => {
    const { VpnGateway } = await ec2.send(
      new CreateVpnGatewayCommand({
        Type: "ipsec.1",
        TagSpecifications: [{ ResourceType: "vpn-gateway", Tags: [{ Key: "Name", Value: "tutorial-vgw" }] }],
      }),
    );
    expect(VpnGateway).toMatchObject({
      State: "available",
      Type: "ipsec.1",
      AmazonSideAsn: 64512,
      VpcAttachments: [],
    });
    expect(VpnGateway?.Tags).toEqual([{ Key: "Name", Value: "tutorial-vgw" }]);
    ids.vgw = VpnGateway!.VpnGatewayId!;
    const { VpcAttachment } = await ec2.send(
      new AttachVpnGatewayCommand({ VpnGatewayId: ids.vgw, VpcId: ids.vpc }),
    );
    expect(VpcAttachment).toEqual({ State: "attaching", VpcId: ids.vpc });
    const { VpnGateways } = await ec2.send(
      new DescribeVpnGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [ids.vpc!] }] }),
    );
    expect(VpnGateways?.map((g) => g.VpnGatewayId)).toEqual([ids.vgw]);
    expect(VpnGateways?.[0]?.VpcAttachments).toEqual([{ State: "attached", VpcId: ids.vpc }]);
  });

  it("creates a customer gateway", async () => {
    const { CustomerGateway } = await ec2.send(
      new CreateCustomerGatewayCommand({ Type: "ipsec.1", BgpAsn: 65000, IpAddress: "203.0.113.12" }),
    );
    expect(CustomerGateway).toMatchObject({
      BgpAsn: "65000",
      IpAddress: "203.0.113.12",
      State: "available",
      Type: "ipsec.1",
    });
    ids.cgw = CustomerGateway!.CustomerGatewayId!;
    await waitUntilCustomerGatewayAvailable(waiter(), { CustomerGatewayIds: [ids.cgw] });
    const again = await ec2.send(
      new CreateCustomerGatewayCommand({ Type: "ipsec.1", BgpAsn: 65000, IpAddress: "203.0.113.12" }),
    );
    expect(again.CustomerGateway?.CustomerGatewayId).toBe(ids.cgw);
  });

  it("creates a static VPN connection with two tunnels and the customer gateway configuration", async () => {
    const { VpnConnection } = await ec2.send(
      new CreateVpnConnectionCommand({
        Type: "ipsec.1",
        CustomerGatewayId: ids.cgw,
        VpnGatewayId: ids.vgw,
        Options: { StaticRoutesOnly: true },
      }),
    );
    expect(VpnConnection).toMatchObject({
      State: "pending",
      Type: "ipsec.1",
      Category: "VPN",
      CustomerGatewayId: ids.cgw,
      VpnGatewayId: ids.vgw,
      Routes: [],
    });
    expect(VpnConnection?.Options).toMatchObject({
      StaticRoutesOnly: true,
      EnableAcceleration: false,
      LocalIpv4NetworkCidr: "0.0.0.0/0",
      RemoteIpv4NetworkCidr: "0.0.0.0/0",
      TunnelInsideIpVersion: "ipv4",
    });
    const tunnels = VpnConnection!.Options!.TunnelOptions!;
    expect(tunnels).toHaveLength(2);
    for (const t of tunnels) {
      expect(t.OutsideIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(t.TunnelInsideCidr).toMatch(/^169\.254\.\d+\.\d+\/30$/);
      expect(t.PreSharedKey).toMatch(/^[A-Za-z0-9._]{32}$/);
    }
    const xml = VpnConnection!.CustomerGatewayConfiguration!;
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<vpn_connection id="vpn-/);
    expect(xml).toContain(`<ip_address>${tunnels[0]!.OutsideIpAddress}</ip_address>`);
    expect(xml).toContain(`<pre_shared_key>${tunnels[1]!.PreSharedKey}</pre_shared_key>`);
    ids.vpn = VpnConnection!.VpnConnectionId!;
    await waitUntilVpnConnectionAvailable(waiter(), { VpnConnectionIds: [ids.vpn] });
  });

  it("adds static routes, available once AWS has them, with both tunnels up", async () => {
    for (const cidr of ["172.16.0.0/16", "192.168.100.0/24"]) {
      await ec2.send(
        new CreateVpnConnectionRouteCommand({ VpnConnectionId: ids.vpn, DestinationCidrBlock: cidr }),
      );
    }
    const { VpnConnections } = await ec2.send(
      new DescribeVpnConnectionsCommand({ VpnConnectionIds: [ids.vpn!] }),
    );
    const vpn = VpnConnections![0]!;
    expect(vpn.State).toBe("available");
    expect(vpn.Routes).toEqual([
      { DestinationCidrBlock: "172.16.0.0/16", Source: "Static", State: "available" },
      { DestinationCidrBlock: "192.168.100.0/24", Source: "Static", State: "available" },
    ]);
    expect(vpn.VgwTelemetry?.map((t) => [t.Status, t.StatusMessage])).toEqual([
      ["UP", "IPSEC IS UP"],
      ["UP", "IPSEC IS UP"],
    ]);
    expect(vpn.VgwTelemetry?.[0]?.LastStatusChange).toBeInstanceOf(Date);
  });

  it("propagates the VPN's routes into the private route table", async () => {
    await ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: ids.vgw, RouteTableId: ids.rtb }));
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [ids.rtb!] }));
    expect(RouteTables?.[0]?.PropagatingVgws).toEqual([{ GatewayId: ids.vgw }]);
    expect(RouteTables?.[0]?.Routes).toEqual([
      {
        DestinationCidrBlock: "10.0.0.0/16",
        GatewayId: "local",
        Origin: "CreateRouteTable",
        State: "active",
      },
      {
        DestinationCidrBlock: "172.16.0.0/16",
        GatewayId: ids.vgw,
        Origin: "EnableVgwRoutePropagation",
        State: "active",
      },
      {
        DestinationCidrBlock: "192.168.100.0/24",
        GatewayId: ids.vgw,
        Origin: "EnableVgwRoutePropagation",
        State: "active",
      },
    ]);
    const byOrigin = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: "route.origin", Values: ["EnableVgwRoutePropagation"] }],
      }),
    );
    expect(byOrigin.RouteTables?.map((t) => t.RouteTableId)).toEqual([ids.rtb]);
  });

  it("withdraws a propagated route with its VPN route", async () => {
    await ec2.send(
      new DeleteVpnConnectionRouteCommand({
        VpnConnectionId: ids.vpn,
        DestinationCidrBlock: "192.168.100.0/24",
      }),
    );
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [ids.rtb!] }));
    expect(
      RouteTables?.[0]?.Routes?.filter((r) => r.Origin === "EnableVgwRoutePropagation").map(
        (r) => r.DestinationCidrBlock,
      ),
    ).toEqual(["172.16.0.0/16"]);
  });

  it("answers AWS's errors", async () => {
    const other = (await ec2.send(new CreateVpnGatewayCommand({ Type: "ipsec.1" }))).VpnGateway!
      .VpnGatewayId!;
    const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
    expect(
      await sdkErrorCode(ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: other, VpcId: ids.vpc }))),
    ).toBe("InvalidVpcState");
    expect(
      await sdkErrorCode(ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: ids.vgw, VpcId: otherVpc }))),
    ).toBe("VpnGatewayAttachmentLimitExceeded");
    expect(
      await sdkErrorCode(ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: other, VpcId: ids.vpc }))),
    ).toBe("InvalidVpnGatewayAttachment.NotFound");
    expect(await sdkErrorCode(ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: ids.vgw })))).toBe(
      "IncorrectState",
    );
    expect(
      await sdkErrorCode(ec2.send(new DeleteCustomerGatewayCommand({ CustomerGatewayId: ids.cgw }))),
    ).toBe("IncorrectState");
    expect(
      await sdkErrorCode(
        ec2.send(new EnableVgwRoutePropagationCommand({ GatewayId: other, RouteTableId: ids.rtb })),
      ),
    ).toBe("Gateway.NotAttached");
    expect(
      await sdkErrorCode(
        ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ["vpn-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidVpnConnectionID.NotFound");
    expect(await sdkErrorCode(ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ["vgw-zz"] })))).toBe(
      "InvalidVpnGatewayID.Malformed",
    );
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateVpnConnectionCommand({
            Type: "ipsec.1",
            CustomerGatewayId: ids.cgw,
            VpnGatewayId: ids.vgw,
          }),
        ),
      ),
    ).toBe("InvalidCustomerGateway.DuplicateIpAddress");
    const sameAsn = (
      await ec2.send(
        new CreateCustomerGatewayCommand({ Type: "ipsec.1", BgpAsn: 64512, IpAddress: "198.51.100.4" }),
      )
    ).CustomerGateway!.CustomerGatewayId!;
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateVpnConnectionCommand({
            Type: "ipsec.1",
            CustomerGatewayId: sameAsn,
            VpnGatewayId: ids.vgw,
          }),
        ),
      ),
    ).toBe("AsnConflict");
    const taken = (await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [ids.vpn!] })))
      .VpnConnections![0]!.Options!.TunnelOptions![0]!.TunnelInsideCidr!;
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateVpnConnectionCommand({
            Type: "ipsec.1",
            CustomerGatewayId: sameAsn,
            VpnGatewayId: ids.vgw,
            Options: { StaticRoutesOnly: true, TunnelOptions: [{ TunnelInsideCidr: taken }] },
          }),
        ),
      ),
    ).toBe("InvalidCidr.InUse");
    const bgp = (
      await ec2.send(
        new CreateVpnConnectionCommand({
          Type: "ipsec.1",
          CustomerGatewayId: ids.cgw,
          VpnGatewayId: other,
          Options: { StaticRoutesOnly: false },
        }),
      )
    ).VpnConnection!.VpnConnectionId!;
    await waitUntilVpnConnectionAvailable(waiter(), { VpnConnectionIds: [bgp] });
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateVpnConnectionRouteCommand({ VpnConnectionId: bgp, DestinationCidrBlock: "10.9.0.0/16" }),
        ),
      ),
    ).toBe("InvalidVpnConnection.InvalidType");
    // BGP prefixes come from the vpcsim convention tag and show in the telemetry.
    await ec2.send(
      new CreateTagsCommand({
        Resources: [bgp],
        Tags: [{ Key: "vpcsim:advertised-prefixes", Value: "10.9.0.0/16" }],
      }),
    );
    const telemetry = (await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [bgp] })))
      .VpnConnections![0]!.VgwTelemetry!;
    expect(telemetry.map((t) => [t.Status, t.StatusMessage, t.AcceptedRouteCount])).toEqual([
      ["UP", "1 BGP ROUTES", 1],
      ["UP", "1 BGP ROUTES", 1],
    ]);
    await ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: bgp }));
  });

  it("disables propagation, deletes the connection and the gateways", async () => {
    await ec2.send(new DisableVgwRoutePropagationCommand({ GatewayId: ids.vgw, RouteTableId: ids.rtb }));
    const table = (await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [ids.rtb!] })))
      .RouteTables![0]!;
    expect(table.PropagatingVgws).toEqual([]);
    expect(table.Routes?.map((r) => r.Origin)).toEqual(["CreateRouteTable"]);
    await ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: ids.vpn }));
    await waitUntilVpnConnectionDeleted(waiter(), { VpnConnectionIds: [ids.vpn!] });
    const deleted = (await ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [ids.vpn!] })))
      .VpnConnections![0]!;
    expect(deleted.State).toBe("deleted");
    expect(deleted.CustomerGatewayConfiguration).toBeUndefined();
    await ec2.send(new DeleteCustomerGatewayCommand({ CustomerGatewayId: ids.cgw }));
    const cgw = (await ec2.send(new DescribeCustomerGatewaysCommand({ CustomerGatewayIds: [ids.cgw!] })))
      .CustomerGateways![0]!;
    expect(cgw.State).toBe("deleted");
    await ec2.send(new DetachVpnGatewayCommand({ VpnGatewayId: ids.vgw, VpcId: ids.vpc }));
    const detached = (await ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: [ids.vgw!] })))
      .VpnGateways![0]!;
    expect(detached.VpcAttachments).toEqual([{ State: "detached", VpcId: ids.vpc }]);
    await ec2.send(new DeleteVpnGatewayCommand({ VpnGatewayId: ids.vgw }));
    const gone = (await ec2.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: [ids.vgw!] })))
      .VpnGateways![0]!;
    expect(gone.State).toBe("deleted");
  });
});
