/**
 * The first steps of the tutorial in the seed notes, driven by the AWS SDK for JavaScript v3
 * against a real server: a VPC with DNS hostnames, four subnets in two zones, public IP mapping on
 * the public ones, a private route table for the private ones, an internet gateway and a default
 * route to it in the main route table. Then the errors AWS answers to the mistakes around them.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  type EC2Client,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  paginateDescribeVpcs,
  waitUntilVpcAvailable,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer({ quotas: { vpcsPerRegion: 50 } });
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

const name = (value: string) => [{ ResourceType: "vpc" as const, Tags: [{ Key: "Name", Value: value }] }];

describe("the tutorial network, through the SDK", () => {
  const ids: Record<string, string> = {};

  it("creates the VPC and enables DNS hostnames", async () => {
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: name("tutorial") }),
    );
    expect(Vpc).toMatchObject({
      CidrBlock: "10.0.0.0/16",
      State: "pending",
      OwnerId: ACCOUNT,
      IsDefault: false,
    });
    expect(Vpc?.Tags).toEqual([{ Key: "Name", Value: "tutorial" }]);
    ids.vpc = Vpc!.VpcId!;
    await waitUntilVpcAvailable({ client: ec2, maxWaitTime: 10, minDelay: 1 }, { VpcIds: [ids.vpc] });
    const before = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: ids.vpc, Attribute: "enableDnsHostnames" }),
    );
    expect(before.EnableDnsHostnames?.Value).toBe(false);
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } }));
    const after = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: ids.vpc, Attribute: "enableDnsHostnames" }),
    );
    expect(after).toMatchObject({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } });
    const support = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: ids.vpc, Attribute: "enableDnsSupport" }),
    );
    expect(support.EnableDnsSupport?.Value).toBe(true);
  });

  it("creates four subnets in two zones, 251 free addresses each", async () => {
    const zones = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    expect(zones.map((z) => z.ZoneName)).toEqual([
      "us-east-1a",
      "us-east-1b",
      "us-east-1c",
      "us-east-1d",
      "us-east-1e",
      "us-east-1f",
    ]);
    const plan = [
      ["public-1a", "10.0.1.0/24", "us-east-1a"],
      ["public-1b", "10.0.2.0/24", "us-east-1b"],
      ["private-1a", "10.0.3.0/24", "us-east-1a"],
      ["private-1b", "10.0.4.0/24", "us-east-1b"],
    ] as const;
    for (const [label, cidr, zone] of plan) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({
          VpcId: ids.vpc,
          CidrBlock: cidr,
          AvailabilityZone: zone,
          TagSpecifications: [{ ResourceType: "subnet", Tags: [{ Key: "Name", Value: label }] }],
        }),
      );
      expect(Subnet).toMatchObject({
        CidrBlock: cidr,
        AvailabilityZone: zone,
        AvailableIpAddressCount: 251,
        MapPublicIpOnLaunch: false,
        DefaultForAz: false,
        VpcId: ids.vpc,
      });
      expect(Subnet?.SubnetArn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${Subnet?.SubnetId}`);
      ids[label] = Subnet!.SubnetId!;
    }
    const { Subnets } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [ids.vpc!] }] }),
    );
    expect(Subnets).toHaveLength(4);
    expect(new Set(Subnets!.map((s) => s.AvailabilityZoneId))).toEqual(new Set(["use1-az1", "use1-az2"]));
  });

  it("maps public IPs on launch in the public subnets", async () => {
    for (const label of ["public-1a", "public-1b"]) {
      await ec2.send(
        new ModifySubnetAttributeCommand({ SubnetId: ids[label], MapPublicIpOnLaunch: { Value: true } }),
      );
    }
    const { Subnets } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: "map-public-ip-on-launch", Values: ["true"] }] }),
    );
    expect(Subnets!.map((s) => s.SubnetId).sort()).toEqual([ids["public-1a"], ids["public-1b"]].sort());
  });

  it("creates a private route table and associates the private subnets with it", async () => {
    const { RouteTable } = await ec2.send(
      new CreateRouteTableCommand({
        VpcId: ids.vpc,
        TagSpecifications: [{ ResourceType: "route-table", Tags: [{ Key: "Name", Value: "private" }] }],
      }),
    );
    expect(RouteTable?.Routes).toEqual([
      {
        DestinationCidrBlock: "10.0.0.0/16",
        GatewayId: "local",
        Origin: "CreateRouteTable",
        State: "active",
      },
    ]);
    ids.private = RouteTable!.RouteTableId!;
    for (const label of ["private-1a", "private-1b"]) {
      const result = await ec2.send(
        new AssociateRouteTableCommand({ RouteTableId: ids.private, SubnetId: ids[label] }),
      );
      expect(result.AssociationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
      expect(result.AssociationState?.State).toBe("associated");
    }
  });

  it("attaches an internet gateway and routes 0.0.0.0/0 to it from the main table", async () => {
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    ids.igw = InternetGateway!.InternetGatewayId!;
    expect(InternetGateway?.Attachments).toEqual([]);
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }));
    const { InternetGateways } = await ec2.send(
      new DescribeInternetGatewaysCommand({ InternetGatewayIds: [ids.igw] }),
    );
    expect(InternetGateways?.[0]?.Attachments).toEqual([{ State: "available", VpcId: ids.vpc }]);

    const main = (
      await ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: "vpc-id", Values: [ids.vpc!] },
            { Name: "association.main", Values: ["true"] },
          ],
        }),
      )
    ).RouteTables![0]!;
    ids.main = main.RouteTableId!;
    const created = await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.main,
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: ids.igw,
      }),
    );
    expect(created.Return).toBe(true);
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [ids.main] }));
    expect(RouteTables?.[0]?.Routes).toEqual([
      {
        DestinationCidrBlock: "10.0.0.0/16",
        GatewayId: "local",
        Origin: "CreateRouteTable",
        State: "active",
      },
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: ids.igw, Origin: "CreateRoute", State: "active" },
    ]);
    expect(RouteTables?.[0]?.Associations).toEqual([
      expect.objectContaining({
        Main: true,
        RouteTableId: ids.main,
        AssociationState: { State: "associated" },
      }),
    ]);
  });

  it("answers each mistake with AWS's error code", async () => {
    const code = sdkErrorCode;
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/8" })))).toBe("InvalidVpc.Range");
    expect(await code(ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/33" })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      await code(ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.1.128/25" }))),
    ).toBe("InvalidSubnet.Conflict");
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.1.0.0/24" })))).toBe(
      "InvalidSubnet.Range",
    );
    expect(await code(ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.9.0/29" })))).toBe(
      "InvalidSubnet.Range",
    );
    expect(
      await code(
        ec2.send(
          new CreateRouteCommand({
            RouteTableId: ids.main,
            DestinationCidrBlock: "0.0.0.0/0",
            GatewayId: ids.igw,
          }),
        ),
      ),
    ).toBe("RouteAlreadyExists");
    expect(
      await code(
        ec2.send(new DeleteRouteCommand({ RouteTableId: ids.main, DestinationCidrBlock: "10.0.0.0/16" })),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code(
        ec2.send(new DeleteRouteCommand({ RouteTableId: ids.main, DestinationCidrBlock: "1.2.3.0/24" })),
      ),
    ).toBe("InvalidRoute.NotFound");
    expect(
      await code(
        ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.main, SubnetId: ids["private-1a"] })),
      ),
    ).toBe("Resource.AlreadyAssociated");
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    expect(
      await code(
        ec2.send(
          new AttachInternetGatewayCommand({
            InternetGatewayId: InternetGateway!.InternetGatewayId,
            VpcId: ids.vpc,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code(
        ec2.send(
          new DetachInternetGatewayCommand({
            InternetGatewayId: InternetGateway!.InternetGatewayId,
            VpcId: ids.vpc,
          }),
        ),
      ),
    ).toBe("Gateway.NotAttached");
    expect(await code(ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: ids.igw })))).toBe(
      "DependencyViolation",
    );
    expect(await code(ec2.send(new DeleteVpcCommand({ VpcId: ids.vpc })))).toBe("DependencyViolation");
    expect(await code(ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-0123456789abcdef0"] })))).toBe(
      "InvalidVpcID.NotFound",
    );
    expect(await code(ec2.send(new DescribeVpcsCommand({ VpcIds: ["vpc-nothex"] })))).toBe(
      "InvalidVpcID.Malformed",
    );
    expect(
      await code(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ["subnet-0123456789abcdef0"] }))),
    ).toBe("InvalidSubnetID.NotFound");
    expect(
      await code(ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ["rtb-0123456789abcdef0"] }))),
    ).toBe("InvalidRouteTableID.NotFound");
    expect(
      await code(
        ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: ["igw-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidInternetGatewayID.NotFound");
    expect(
      await code(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "bogus", Values: ["x"] }] }))),
    ).toBe("InvalidParameterValue");
    expect(await code(ec2.send(new DeleteSubnetCommand({ SubnetId: undefined as unknown as string })))).toBe(
      "MissingParameter",
    );
  });

  it("answers DryRun with DryRunOperation after validation, and changes nothing", async () => {
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length;
    const error = await ec2
      .send(new CreateVpcCommand({ CidrBlock: "10.50.0.0/16", DryRun: true }))
      .catch((e) => e);
    expect(error.name).toBe("DryRunOperation");
    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(
      await sdkErrorCode(ec2.send(new CreateVpcCommand({ CidrBlock: "10.50.0.0/8", DryRun: true }))),
    ).toBe("InvalidVpc.Range");
    expect(await sdkErrorCode(ec2.send(new DescribeVpcsCommand({ DryRun: true })))).toBe("DryRunOperation");
    expect((await ec2.send(new DescribeVpcsCommand({}))).Vpcs!.length).toBe(before);
  });

  it("pages DescribeVpcs with the SDK paginator", async () => {
    for (let i = 0; i < 11; i++) await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${100 + i}.0.0/16` }));
    const pages: number[] = [];
    const seen = new Set<string>();
    for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 5 }, {})) {
      pages.push(page.Vpcs!.length);
      for (const v of page.Vpcs!) seen.add(v.VpcId!);
    }
    expect(pages).toEqual([5, 5, 2]);
    expect(seen.size).toBe(12);
  });

  it("tags with CreateTags and filters by tag", async () => {
    await ec2.send(
      new CreateTagsCommand({ Resources: [ids.vpc!, ids.igw!], Tags: [{ Key: "Team", Value: "net" }] }),
    );
    const { Vpcs } = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: "tag:Team", Values: ["n*"] }] }),
    );
    expect(Vpcs?.map((v) => v.VpcId)).toEqual([ids.vpc]);
  });
});

describe("accounts and regions", () => {
  it("keeps each account's and each region's resources apart", async () => {
    const other = ec2Client(server.endpoint, { accessKeyId: "210987654321" });
    const west = ec2Client(server.endpoint, { region: "us-west-2" });
    const { Vpc } = await other.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    expect(Vpc?.OwnerId).toBe("210987654321");
    expect((await west.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    expect(await sdkErrorCode(ec2.send(new DescribeVpcsCommand({ VpcIds: [Vpc!.VpcId!] })))).toBe(
      "InvalidVpcID.NotFound",
    );
    const zones = (await west.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!;
    expect(zones[0]?.ZoneName).toBe("us-west-2a");
    other.destroy();
    west.destroy();
  });
});
