/**
 * A gateway endpoint for S3 with the AWS CLI v2, the way the issue types it:
 * `aws ec2 create-vpc-endpoint --vpc-id … --vpc-endpoint-type Gateway --service-name
 * com.amazonaws.us-east-1.s3 --route-table-ids …`, the prefix-list route it adds, the prefix list
 * itself, AWS's error output for an unknown service, and the deletion.
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

interface VpcEndpoint {
  VpcEndpointId: string;
  VpcEndpointType: string;
  VpcId: string;
  ServiceName: string;
  State: string;
  RouteTableIds: string[];
  PolicyDocument: string;
  OwnerId: string;
}

interface Route {
  DestinationCidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  Origin: string;
  State: string;
}

describe("a gateway endpoint for S3, through the AWS CLI v2", () => {
  const ids: Record<string, string> = {};
  const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);
  const routes = async () =>
    (
      await aws<{ RouteTables: { Routes: Route[] }[] }>(
        "ec2",
        "describe-route-tables",
        "--route-table-ids",
        ids.rtb!,
      )
    ).RouteTables[0]!.Routes;

  it("prepares a VPC and its private route table", async () => {
    ids.vpc = (
      await aws<{ Vpc: { VpcId: string } }>("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")
    ).Vpc.VpcId;
    ids.rtb = (
      await aws<{ RouteTable: { RouteTableId: string } }>("ec2", "create-route-table", "--vpc-id", ids.vpc)
    ).RouteTable.RouteTableId;
  });

  it("creates the endpoint: the S3 prefix list is routed to it", async () => {
    const { VpcEndpoint } = await aws<{ VpcEndpoint: VpcEndpoint }>(
      "ec2",
      "create-vpc-endpoint",
      "--vpc-id",
      ids.vpc!,
      "--vpc-endpoint-type",
      "Gateway",
      "--service-name",
      "com.amazonaws.us-east-1.s3",
      "--route-table-ids",
      ids.rtb!,
    );
    expect(VpcEndpoint).toMatchObject({
      VpcEndpointType: "Gateway",
      VpcId: ids.vpc,
      ServiceName: "com.amazonaws.us-east-1.s3",
      State: "available",
      RouteTableIds: [ids.rtb],
      OwnerId: ACCOUNT,
    });
    expect(VpcEndpoint.VpcEndpointId).toMatch(/^vpce-[0-9a-f]{17}$/);
    ids.vpce = VpcEndpoint.VpcEndpointId;
    expect(await routes()).toContainEqual({
      DestinationPrefixListId: "pl-63a5400a",
      GatewayId: ids.vpce,
      Origin: "CreateRoute",
      State: "active",
    });
    const { VpcEndpoints } = await aws<{ VpcEndpoints: VpcEndpoint[] }>(
      "ec2",
      "describe-vpc-endpoints",
      "--filters",
      "Name=service-name,Values=com.amazonaws.us-east-1.s3",
      `Name=vpc-id,Values=${ids.vpc}`,
    );
    expect(VpcEndpoints.map((e) => e.VpcEndpointId)).toEqual([ids.vpce]);
  });

  it("shows the S3 prefix list and its entries", async () => {
    const { PrefixLists } = await aws<{ PrefixLists: { PrefixListId: string; Cidrs: string[] }[] }>(
      "ec2",
      "describe-prefix-lists",
      "--prefix-list-ids",
      "pl-63a5400a",
    );
    expect(PrefixLists[0]!.Cidrs).toContain("54.231.0.0/16");
    const { Entries } = await aws<{ Entries: { Cidr: string }[] }>(
      "ec2",
      "get-managed-prefix-list-entries",
      "--prefix-list-id",
      "pl-63a5400a",
    );
    expect(Entries.map((e) => e.Cidr)).toEqual(PrefixLists[0]!.Cidrs);
  });

  it("prints AWS's error for an unknown service", async () => {
    const result = await awsCli(server.endpoint, [
      "ec2",
      "create-vpc-endpoint",
      "--vpc-id",
      ids.vpc!,
      "--service-name",
      "com.amazonaws.us-east-1.s4",
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("(InvalidServiceName)");
    expect(result.stderr).toContain("The Vpc Endpoint Service 'com.amazonaws.us-east-1.s4' does not exist");
  });

  it("deletes the endpoint: the route goes", async () => {
    const deleted = await aws<{ Unsuccessful: unknown[] }>(
      "ec2",
      "delete-vpc-endpoints",
      "--vpc-endpoint-ids",
      ids.vpce!,
    );
    expect(deleted.Unsuccessful).toEqual([]);
    expect((await routes()).some((r) => r.DestinationPrefixListId !== undefined)).toBe(false);
  });
});
