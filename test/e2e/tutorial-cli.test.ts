/**
 * The same tutorial steps with the AWS CLI v2 (`/usr/bin/aws --endpoint-url …`, JSON output), the
 * way a user types them, including the CLI's waiters and its error output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, awsCli, awsJson, startTestServer } from "./support.js";

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Vpc {
  VpcId: string;
  CidrBlock: string;
  State: string;
  OwnerId: string;
}

describe("the tutorial network, through the AWS CLI v2", () => {
  const ids: Record<string, string> = {};
  const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);

  it("checks who it is talking as", async () => {
    const identity = await aws<{ Account: string; Arn: string }>("sts", "get-caller-identity");
    expect(identity.Account).toBe(ACCOUNT);
    expect(identity.Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it("creates the VPC, waits for it, and enables DNS hostnames", async () => {
    const { Vpc } = await aws<{ Vpc: Vpc }>(
      "ec2",
      "create-vpc",
      "--cidr-block",
      "10.0.0.0/16",
      "--tag-specifications",
      "ResourceType=vpc,Tags=[{Key=Name,Value=tutorial}]",
    );
    expect(Vpc).toMatchObject({ CidrBlock: "10.0.0.0/16", State: "pending", OwnerId: ACCOUNT });
    ids.vpc = Vpc.VpcId;
    await aws("ec2", "wait", "vpc-available", "--vpc-ids", ids.vpc);
    await aws("ec2", "modify-vpc-attribute", "--vpc-id", ids.vpc, "--enable-dns-hostnames", '{"Value":true}');
    const attribute = await aws<{ EnableDnsHostnames: { Value: boolean } }>(
      "ec2",
      "describe-vpc-attribute",
      "--vpc-id",
      ids.vpc,
      "--attribute",
      "enableDnsHostnames",
    );
    expect(attribute.EnableDnsHostnames.Value).toBe(true);
  });

  it("creates four subnets, maps public IPs on the public ones", async () => {
    const plan = [
      ["public-1a", "10.0.1.0/24", "us-east-1a"],
      ["public-1b", "10.0.2.0/24", "us-east-1b"],
      ["private-1a", "10.0.3.0/24", "us-east-1a"],
      ["private-1b", "10.0.4.0/24", "us-east-1b"],
    ] as const;
    for (const [label, cidr, zone] of plan) {
      const { Subnet } = await aws<{ Subnet: { SubnetId: string; AvailableIpAddressCount: number } }>(
        "ec2",
        "create-subnet",
        "--vpc-id",
        ids.vpc!,
        "--cidr-block",
        cidr,
        "--availability-zone",
        zone,
      );
      expect(Subnet.AvailableIpAddressCount).toBe(251);
      ids[label] = Subnet.SubnetId;
    }
    for (const label of ["public-1a", "public-1b"]) {
      await aws("ec2", "modify-subnet-attribute", "--subnet-id", ids[label]!, "--map-public-ip-on-launch");
    }
    const { Subnets } = await aws<{ Subnets: { SubnetId: string; MapPublicIpOnLaunch: boolean }[] }>(
      "ec2",
      "describe-subnets",
      "--filters",
      `Name=vpc-id,Values=${ids.vpc}`,
      "Name=map-public-ip-on-launch,Values=true",
    );
    expect(Subnets.map((s) => s.SubnetId).sort()).toEqual([ids["public-1a"], ids["public-1b"]].sort());
  });

  it("creates the private route table and associates the private subnets", async () => {
    const { RouteTable } = await aws<{ RouteTable: { RouteTableId: string } }>(
      "ec2",
      "create-route-table",
      "--vpc-id",
      ids.vpc!,
    );
    ids.private = RouteTable.RouteTableId;
    for (const label of ["private-1a", "private-1b"]) {
      const result = await aws<{ AssociationId: string }>(
        "ec2",
        "associate-route-table",
        "--route-table-id",
        ids.private,
        "--subnet-id",
        ids[label]!,
      );
      expect(result.AssociationId).toMatch(/^rtbassoc-/);
    }
  });

  it("attaches an internet gateway and adds the default route to the main table", async () => {
    const { InternetGateway } = await aws<{ InternetGateway: { InternetGatewayId: string } }>(
      "ec2",
      "create-internet-gateway",
    );
    ids.igw = InternetGateway.InternetGatewayId;
    await aws("ec2", "attach-internet-gateway", "--internet-gateway-id", ids.igw, "--vpc-id", ids.vpc!);
    const { RouteTables } = await aws<{ RouteTables: { RouteTableId: string }[] }>(
      "ec2",
      "describe-route-tables",
      "--filters",
      `Name=vpc-id,Values=${ids.vpc}`,
      "Name=association.main,Values=true",
    );
    ids.main = RouteTables[0]!.RouteTableId;
    const result = await aws<{ Return: boolean }>(
      "ec2",
      "create-route",
      "--route-table-id",
      ids.main,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--gateway-id",
      ids.igw,
    );
    expect(result.Return).toBe(true);
    const routes = await aws<{ RouteTables: { Routes: Record<string, string>[] }[] }>(
      "ec2",
      "describe-route-tables",
      "--route-table-ids",
      ids.main,
    );
    expect(routes.RouteTables[0]!.Routes).toContainEqual({
      DestinationCidrBlock: "0.0.0.0/0",
      GatewayId: ids.igw,
      Origin: "CreateRoute",
      State: "active",
    });
  });

  it("prints AWS's error codes and exits non-zero on mistakes", async () => {
    const bad = await awsCli(server.endpoint, ["ec2", "create-vpc", "--cidr-block", "10.0.0.0/8"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("(InvalidVpc.Range)");
    const missing = await awsCli(server.endpoint, [
      "ec2",
      "describe-vpcs",
      "--vpc-ids",
      "vpc-0123456789abcdef0",
    ]);
    expect(missing.stderr).toContain("(InvalidVpcID.NotFound)");
    expect(missing.stderr).toContain("vpc-0123456789abcdef0");
    const dry = await awsCli(server.endpoint, [
      "ec2",
      "create-vpc",
      "--cidr-block",
      "10.9.0.0/16",
      "--dry-run",
    ]);
    expect(dry.stderr).toContain("(DryRunOperation)");
  });

  it("answers an EC2 action vpcsim does not implement with an error naming it", async () => {
    const result = await awsCli(server.endpoint, ["ec2", "describe-volumes"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("DescribeVolumes");
  });
});
