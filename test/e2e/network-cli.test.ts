/**
 * The tutorial's NAT gateway with the AWS CLI v2, the way a user types it: allocate-address,
 * create-nat-gateway, `aws ec2 wait nat-gateway-available`, a route from the private route table,
 * and the deletion with `aws ec2 wait nat-gateway-deleted`.
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

interface NatGateway {
  NatGatewayId: string;
  State: string;
  SubnetId: string;
  VpcId: string;
  ConnectivityType: string;
  NatGatewayAddresses: {
    AllocationId?: string;
    PublicIp?: string;
    PrivateIp?: string;
    NetworkInterfaceId?: string;
  }[];
  Tags?: { Key: string; Value: string }[];
}

describe("the tutorial's NAT gateway, through the AWS CLI v2", () => {
  const ids: Record<string, string> = {};
  const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);

  it("prepares the VPC, a public and a private subnet, and an internet gateway", async () => {
    ids.vpc = (
      await aws<{ Vpc: { VpcId: string } }>("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")
    ).Vpc.VpcId;
    for (const [label, cidr] of [
      ["public", "10.0.1.0/24"],
      ["private", "10.0.3.0/24"],
    ] as const) {
      ids[label] = (
        await aws<{ Subnet: { SubnetId: string } }>(
          "ec2",
          "create-subnet",
          "--vpc-id",
          ids.vpc,
          "--cidr-block",
          cidr,
        )
      ).Subnet.SubnetId;
    }
    ids.igw = (
      await aws<{ InternetGateway: { InternetGatewayId: string } }>("ec2", "create-internet-gateway")
    ).InternetGateway.InternetGatewayId;
    await aws("ec2", "attach-internet-gateway", "--internet-gateway-id", ids.igw, "--vpc-id", ids.vpc);
    ids.rtb = (
      await aws<{ RouteTable: { RouteTableId: string } }>("ec2", "create-route-table", "--vpc-id", ids.vpc)
    ).RouteTable.RouteTableId;
    await aws("ec2", "associate-route-table", "--route-table-id", ids.rtb, "--subnet-id", ids.private!);
  });

  it("allocates an Elastic IP and creates the NAT gateway", async () => {
    const eip = await aws<{ AllocationId: string; PublicIp: string; Domain: string }>(
      "ec2",
      "allocate-address",
      "--domain",
      "vpc",
    );
    expect(eip.Domain).toBe("vpc");
    ids.eip = eip.AllocationId;
    ids.eipIp = eip.PublicIp;
    const { NatGateway } = await aws<{ NatGateway: NatGateway }>(
      "ec2",
      "create-nat-gateway",
      "--subnet-id",
      ids.public!,
      "--allocation-id",
      ids.eip,
      "--tag-specifications",
      "ResourceType=natgateway,Tags=[{Key=Name,Value=tutorial-nat}]",
    );
    expect(NatGateway).toMatchObject({
      State: "pending",
      SubnetId: ids.public,
      VpcId: ids.vpc,
      ConnectivityType: "public",
      Tags: [{ Key: "Name", Value: "tutorial-nat" }],
    });
    expect(NatGateway.NatGatewayAddresses[0]).toMatchObject({ AllocationId: ids.eip });
    ids.nat = NatGateway.NatGatewayId;
  });

  it("waits with `aws ec2 wait nat-gateway-available`, then routes the private subnet to it", async () => {
    const waited = await awsCli(server.endpoint, [
      "ec2",
      "wait",
      "nat-gateway-available",
      "--nat-gateway-ids",
      ids.nat!,
    ]);
    expect(waited.code).toBe(0);
    const { NatGateways } = await aws<{ NatGateways: NatGateway[] }>(
      "ec2",
      "describe-nat-gateways",
      "--filter",
      `Name=vpc-id,Values=${ids.vpc}`,
    );
    expect(NatGateways).toHaveLength(1);
    expect(NatGateways[0]).toMatchObject({ NatGatewayId: ids.nat, State: "available" });
    expect(NatGateways[0]!.NatGatewayAddresses[0]).toMatchObject({
      AllocationId: ids.eip,
      PublicIp: ids.eipIp,
      PrivateIp: "10.0.1.4",
    });
    const { Addresses } = await aws<{
      Addresses: { NetworkInterfaceId: string; NetworkInterfaceOwnerId: string }[];
    }>("ec2", "describe-addresses", "--allocation-ids", ids.eip!);
    expect(Addresses[0]).toMatchObject({
      NetworkInterfaceId: NatGateways[0]!.NatGatewayAddresses[0]!.NetworkInterfaceId,
      NetworkInterfaceOwnerId: ACCOUNT,
    });
    const route = await aws<{ Return: boolean }>(
      "ec2",
      "create-route",
      "--route-table-id",
      ids.rtb!,
      "--destination-cidr-block",
      "0.0.0.0/0",
      "--nat-gateway-id",
      ids.nat!,
    );
    expect(route.Return).toBe(true);
    const { RouteTables } = await aws<{ RouteTables: { Routes: Record<string, string>[] }[] }>(
      "ec2",
      "describe-route-tables",
      "--route-table-ids",
      ids.rtb!,
    );
    expect(RouteTables[0]!.Routes[1]).toEqual({
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: ids.nat,
      Origin: "CreateRoute",
      State: "active",
    });
  });

  it("prints AWS's error for a NAT gateway it does not know", async () => {
    const result = await awsCli(server.endpoint, [
      "ec2",
      "describe-nat-gateways",
      "--nat-gateway-ids",
      "nat-0123456789abcdef0",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("(NatGatewayNotFound)");
    expect(result.stderr).toContain("nat-0123456789abcdef0");
  });

  it("deletes it with `aws ec2 wait nat-gateway-deleted`; the route turns blackhole", async () => {
    const deleted = await aws<{ NatGatewayId: string }>(
      "ec2",
      "delete-nat-gateway",
      "--nat-gateway-id",
      ids.nat!,
    );
    expect(deleted.NatGatewayId).toBe(ids.nat);
    const waited = await awsCli(server.endpoint, [
      "ec2",
      "wait",
      "nat-gateway-deleted",
      "--nat-gateway-ids",
      ids.nat!,
    ]);
    expect(waited.code).toBe(0);
    const { RouteTables } = await aws<{ RouteTables: { Routes: Record<string, string>[] }[] }>(
      "ec2",
      "describe-route-tables",
      "--route-table-ids",
      ids.rtb!,
    );
    expect(RouteTables[0]!.Routes[1]!.State).toBe("blackhole");
    await aws("ec2", "release-address", "--allocation-id", ids.eip!);
  });
});
