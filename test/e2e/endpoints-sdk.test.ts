/**
 * VPC endpoints and prefix lists through the AWS SDK for JavaScript v3, on the tutorial's network
 * (a VPC with DNS hostnames, public and private subnets in two zones, a private route table): a
 * gateway endpoint for S3 whose prefix-list route appears and disappears in the private table; an
 * interface endpoint for SSM in both private subnets with private DNS and its interfaces; a
 * customer-managed prefix list in a route and a security group rule; and AWS's errors around them.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateManagedPrefixListCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteManagedPrefixListCommand,
  DeleteRouteCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNetworkInterfacesCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  GetManagedPrefixListEntriesCommand,
  ModifyManagedPrefixListCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;

beforeAll(async () => {
  server = await startTestServer({ quotas: { vpcsPerRegion: 20 } });
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

const S3 = "com.amazonaws.us-east-1.s3";
const SSM = "com.amazonaws.us-east-1.ssm";
const S3_PREFIX_LIST = "pl-63a5400a";

async function prefixListRoutes(routeTableId: string) {
  const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [routeTableId] }));
  return RouteTables![0]!.Routes!.filter((r) => r.DestinationPrefixListId !== undefined);
}

async function endpointOf(id: string) {
  return (await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))).VpcEndpoints![0]!;
}

describe("VPC endpoints and prefix lists, through the SDK", () => {
  const ids: Record<string, string> = {};

  it("builds the tutorial network: DNS hostnames, four subnets, a private route table", async () => {
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } }));
    for (const [label, cidr, zone] of [
      ["public-1a", "10.0.1.0/24", "us-east-1a"],
      ["public-1b", "10.0.2.0/24", "us-east-1b"],
      ["private-1a", "10.0.3.0/24", "us-east-1a"],
      ["private-1b", "10.0.4.0/24", "us-east-1b"],
    ] as const) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: cidr, AvailabilityZone: zone }),
      );
      ids[label] = Subnet!.SubnetId!;
    }
    ids.private = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    for (const label of ["private-1a", "private-1b"]) {
      await ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.private, SubnetId: ids[label] }));
    }
    ids.igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }));
  });

  it("lists the region's endpoint services and the S3 prefix list", async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeVpcEndpointServicesCommand({ MaxResults: 5, NextToken: token }),
      );
      expect(page.ServiceDetails!.length).toBeLessThanOrEqual(5);
      names.push(...page.ServiceDetails!.map((d) => `${d.ServiceName}/${d.ServiceType![0]!.ServiceType}`));
      token = page.NextToken;
    } while (token);
    expect(names).toContain(`${S3}/Gateway`);
    expect(names).toContain(`${S3}/Interface`);
    expect(names).toContain(`${SSM}/Interface`);
    const { ServiceDetails } = await ec2.send(
      new DescribeVpcEndpointServicesCommand({ ServiceNames: [SSM] }),
    );
    expect(ServiceDetails![0]).toMatchObject({
      Owner: "amazon",
      PrivateDnsName: "ssm.us-east-1.amazonaws.com",
      BaseEndpointDnsNames: ["ssm.us-east-1.vpce.amazonaws.com"],
      AcceptanceRequired: false,
    });
    const { PrefixLists } = await ec2.send(
      new DescribePrefixListsCommand({ Filters: [{ Name: "prefix-list-name", Values: [S3] }] }),
    );
    expect(PrefixLists).toEqual([
      { PrefixListId: S3_PREFIX_LIST, PrefixListName: S3, Cidrs: expect.arrayContaining(["52.216.0.0/15"]) },
    ]);
  });

  it("creates a gateway endpoint for S3: its prefix-list route appears in the private table", async () => {
    const { VpcEndpoint } = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: ids.vpc,
        VpcEndpointType: "Gateway",
        ServiceName: S3,
        RouteTableIds: [ids.private!],
        TagSpecifications: [{ ResourceType: "vpc-endpoint", Tags: [{ Key: "Name", Value: "s3" }] }],
      }),
    );
    expect(VpcEndpoint).toMatchObject({
      VpcEndpointType: "Gateway",
      VpcId: ids.vpc,
      ServiceName: S3,
      State: "available",
      RouteTableIds: [ids.private],
      OwnerId: ACCOUNT,
      Tags: [{ Key: "Name", Value: "s3" }],
    });
    expect(JSON.parse(VpcEndpoint!.PolicyDocument!)).toMatchObject({
      Statement: [{ Effect: "Allow", Action: "*" }],
    });
    expect(VpcEndpoint!.CreationTimestamp).toBeInstanceOf(Date);
    ids.s3 = VpcEndpoint!.VpcEndpointId!;
    expect(await prefixListRoutes(ids.private!)).toEqual([
      { DestinationPrefixListId: S3_PREFIX_LIST, GatewayId: ids.s3, Origin: "CreateRoute", State: "active" },
    ]);
  });

  it("refuses a second S3 endpoint in the same table and routes to AWS's list by hand", async () => {
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateVpcEndpointCommand({ VpcId: ids.vpc, ServiceName: S3, RouteTableIds: [ids.private!] }),
        ),
      ),
    ).toBe("RouteAlreadyExists");
    expect(
      await sdkErrorCode(
        ec2.send(
          new DeleteRouteCommand({ RouteTableId: ids.private, DestinationPrefixListId: S3_PREFIX_LIST }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(await sdkErrorCode(ec2.send(new DeleteVpcCommand({ VpcId: ids.vpc })))).toBe(
      "DependencyViolation",
    );
  });

  it("creates an interface endpoint for SSM in both private subnets, with private DNS and its interfaces", async () => {
    const { VpcEndpoint } = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: ids.vpc,
        VpcEndpointType: "Interface",
        ServiceName: SSM,
        SubnetIds: [ids["private-1a"]!, ids["private-1b"]!],
        PrivateDnsEnabled: true,
      }),
    );
    expect(VpcEndpoint).toMatchObject({
      VpcEndpointType: "Interface",
      State: "pending",
      PrivateDnsEnabled: true,
      RequesterManaged: false,
      SubnetIds: [ids["private-1a"], ids["private-1b"]],
      RouteTableIds: [],
      Groups: [{ GroupName: "default" }],
      IpAddressType: "ipv4",
      DnsOptions: { DnsRecordIpType: "ipv4" },
    });
    ids.ssm = VpcEndpoint!.VpcEndpointId!;
    const names = VpcEndpoint!.DnsEntries!.map((d) => d.DnsName);
    expect(names).toHaveLength(4);
    expect(names[0]).toMatch(new RegExp(`^${ids.ssm}-[a-z]{8}\\.ssm\\.us-east-1\\.vpce\\.amazonaws\\.com$`));
    expect(names[1]).toContain("-us-east-1a.ssm.us-east-1.vpce.amazonaws.com");
    expect(names[2]).toContain("-us-east-1b.ssm.us-east-1.vpce.amazonaws.com");
    expect(names[3]).toBe("ssm.us-east-1.amazonaws.com");
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: VpcEndpoint!.NetworkInterfaceIds }),
    );
    expect(NetworkInterfaces!.map((n) => n.SubnetId).sort()).toEqual(
      [ids["private-1a"], ids["private-1b"]].sort(),
    );
    for (const eni of NetworkInterfaces!) {
      expect(eni).toMatchObject({
        InterfaceType: "vpc_endpoint",
        Description: `VPC Endpoint Interface ${ids.ssm}`,
        RequesterManaged: true,
        RequesterId: "727180483921",
        Status: "in-use",
        VpcId: ids.vpc,
      });
    }
    expect((await endpointOf(ids.ssm)).State).toBe("available");
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-type", Values: ["Interface"] }] }),
    );
    expect(VpcEndpoints!.map((e) => e.VpcEndpointId)).toEqual([ids.ssm]);
  });

  it("answers AWS's errors for interface endpoints", async () => {
    const send = (input: Partial<ConstructorParameters<typeof CreateVpcEndpointCommand>[0]>) =>
      sdkErrorCode(
        ec2.send(
          new CreateVpcEndpointCommand({
            VpcId: ids.vpc,
            ServiceName: SSM,
            VpcEndpointType: "Interface",
            ...input,
          } as ConstructorParameters<typeof CreateVpcEndpointCommand>[0]),
        ),
      );
    expect(await send({ ServiceName: "com.amazonaws.us-east-1.nope" })).toBe("InvalidServiceName");
    expect(await send({ VpcEndpointType: "Gateway" })).toBe("InvalidParameter");
    expect(await send({ SubnetIds: [ids["private-1a"]!, ids["public-1a"]!], PrivateDnsEnabled: false })).toBe(
      "DuplicateSubnetsInSameZone",
    );
    // The SSM endpoint above already holds the private name in this VPC.
    expect(await send({ SubnetIds: [ids["public-1a"]!] })).toBe("InvalidParameter");
    const plain = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc!.VpcId!;
    const err = await ec2
      .send(new CreateVpcEndpointCommand({ VpcId: plain, ServiceName: SSM, VpcEndpointType: "Interface" }))
      .catch((e: Error) => e);
    expect(err).toMatchObject({
      name: "InvalidParameter",
      message: `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${plain}`,
    });
    const deleted = await ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: ["vpce-0123456789abcdef0"] }),
    );
    expect(deleted.Unsuccessful).toEqual([
      {
        ResourceId: "vpce-0123456789abcdef0",
        Error: {
          Code: "InvalidVpcEndpointId.NotFound",
          Message: "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist",
        },
      },
    ]);
  });

  it("keeps ClientToken idempotency on CreateVpcEndpoint", async () => {
    const input = {
      VpcId: ids.vpc,
      ServiceName: "com.amazonaws.us-east-1.dynamodb",
      RouteTableIds: [ids.private!],
      ClientToken: "ddb-1",
    };
    const first = await ec2.send(new CreateVpcEndpointCommand(input));
    const second = await ec2.send(new CreateVpcEndpointCommand(input));
    expect(second.VpcEndpoint!.VpcEndpointId).toBe(first.VpcEndpoint!.VpcEndpointId);
    expect(second.ClientToken).toBe("ddb-1");
    expect(await sdkErrorCode(ec2.send(new CreateVpcEndpointCommand({ ...input, RouteTableIds: [] })))).toBe(
      "IdempotentParameterMismatch",
    );
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [first.VpcEndpoint!.VpcEndpointId!] }));
  });

  it("uses a customer-managed prefix list in a route and a security group rule", async () => {
    const { PrefixList } = await ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: "office",
        AddressFamily: "IPv4",
        MaxEntries: 5,
        Entries: [{ Cidr: "203.0.113.0/24", Description: "hq" }],
      }),
    );
    expect(PrefixList).toMatchObject({
      State: "create-in-progress",
      Version: 1,
      MaxEntries: 5,
      OwnerId: ACCOUNT,
      Tags: [],
    });
    ids.pl = PrefixList!.PrefixListId!;
    const { PrefixLists } = await ec2.send(
      new DescribeManagedPrefixListsCommand({ PrefixListIds: [ids.pl] }),
    );
    expect(PrefixLists![0]!.State).toBe("create-complete");
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.private,
        DestinationPrefixListId: ids.pl,
        GatewayId: ids.igw,
      }),
    );
    expect((await prefixListRoutes(ids.private!)).find((r) => r.DestinationPrefixListId === ids.pl)).toEqual({
      DestinationPrefixListId: ids.pl,
      GatewayId: ids.igw,
      Origin: "CreateRoute",
      State: "active",
    });
    ids.sg = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: "web", Description: "web", VpcId: ids.vpc }))
    ).GroupId!;
    const permission = {
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      PrefixListIds: [{ PrefixListId: ids.pl, Description: "from the office" }],
    };
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: ids.sg, IpPermissions: [permission] }),
    );
    const { SecurityGroupRules } = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: [ids.sg] }] }),
    );
    expect(SecurityGroupRules!.find((r) => !r.IsEgress)).toMatchObject({
      PrefixListId: ids.pl,
      Description: "from the office",
      FromPort: 443,
    });
    expect(await sdkErrorCode(ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: ids.pl })))).toBe(
      "DependencyViolation",
    );

    const modified = await ec2.send(
      new ModifyManagedPrefixListCommand({
        PrefixListId: ids.pl,
        CurrentVersion: 1,
        AddEntries: [{ Cidr: "198.51.100.0/24", Description: "branch" }],
      }),
    );
    expect(modified.PrefixList).toMatchObject({ State: "modify-in-progress", Version: 1 });
    expect(
      await sdkErrorCode(
        ec2.send(
          new ModifyManagedPrefixListCommand({
            PrefixListId: ids.pl,
            CurrentVersion: 1,
            RemoveEntries: [{ Cidr: "198.51.100.0/24" }],
          }),
        ),
      ),
    ).toBe("PrefixListVersionMismatch");
    const { Entries } = await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: ids.pl }));
    expect(Entries).toEqual([
      { Cidr: "203.0.113.0/24", Description: "hq" },
      { Cidr: "198.51.100.0/24", Description: "branch" },
    ]);
    const v1 = await ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: ids.pl, TargetVersion: 1 }),
    );
    expect(v1.Entries).toEqual([{ Cidr: "203.0.113.0/24", Description: "hq" }]);

    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids.sg, IpPermissions: [permission] }));
    await ec2.send(new DeleteRouteCommand({ RouteTableId: ids.private, DestinationPrefixListId: ids.pl }));
    const deleted = await ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: ids.pl }));
    expect(deleted.PrefixList!.State).toBe("delete-in-progress");
    expect(
      await sdkErrorCode(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: ids.pl }))),
    ).toBe("InvalidPrefixListID.NotFound");
  });

  it("answers AWS's prefix-list errors", async () => {
    const create = (input: Partial<ConstructorParameters<typeof CreateManagedPrefixListCommand>[0]>) =>
      sdkErrorCode(
        ec2.send(
          new CreateManagedPrefixListCommand({
            PrefixListName: "x",
            AddressFamily: "IPv4",
            MaxEntries: 2,
            ...input,
          } as ConstructorParameters<typeof CreateManagedPrefixListCommand>[0]),
        ),
      );
    expect(await create({ PrefixListName: "com.amazonaws.mine" })).toBe("InvalidParameterValue");
    expect(await create({ MaxEntries: 1001 })).toBe("InvalidParameterValue");
    expect(
      await sdkErrorCode(
        ec2.send(
          new ModifyManagedPrefixListCommand({ PrefixListId: S3_PREFIX_LIST, PrefixListName: "mine" }),
        ),
      ),
    ).toBe("InvalidPrefixListModification");
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateRouteCommand({
            RouteTableId: ids.private,
            DestinationPrefixListId: "pl-0123456789abcdef0",
            GatewayId: ids.igw,
          }),
        ),
      ),
    ).toBe("InvalidPrefixListID.NotFound");
  });

  it("modifies and deletes the endpoints: the route and the interfaces go", async () => {
    const other = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!.RouteTableId!;
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: ids.s3, AddRouteTableIds: [other] }));
    expect((await endpointOf(ids.s3!)).RouteTableIds!.sort()).toEqual([ids.private, other].sort());
    await ec2.send(
      new ModifyVpcEndpointCommand({ VpcEndpointId: ids.ssm, RemoveSubnetIds: [ids["private-1b"]!] }),
    );
    expect((await endpointOf(ids.ssm!)).SubnetIds).toEqual([ids["private-1a"]]);

    const { Unsuccessful } = await ec2.send(
      new DeleteVpcEndpointsCommand({ VpcEndpointIds: [ids.s3!, ids.ssm!] }),
    );
    expect(Unsuccessful).toEqual([]);
    expect(await prefixListRoutes(ids.private!)).toEqual([]);
    expect((await endpointOf(ids.s3!)).State).toBe("deleted");
    const ssm = await endpointOf(ids.ssm!);
    expect(ssm).toMatchObject({ State: "deleted", NetworkInterfaceIds: [] });
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: "interface-type", Values: ["vpc_endpoint"] }],
      }),
    );
    expect(NetworkInterfaces).toEqual([]);
  });
});
