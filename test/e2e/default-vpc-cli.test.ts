/**
 * `aws ec2 create-default-vpc` and `aws ec2 create-default-subnet` with the AWS CLI v2 on a server
 * started without default VPCs: the default VPC with a /20 default subnet per zone, AWS's error
 * when one exists already, and a default subnet recreated in a zone that lost its own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { awsCli, awsJson, startTestServer } from "./support.js";

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ defaultVpc: false });
});
afterAll(async () => {
  await server.close();
});

interface Subnet {
  SubnetId: string;
  AvailabilityZone: string;
  CidrBlock: string;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
}

describe("default VPCs and subnets through the AWS CLI v2", () => {
  let vpcId = "";

  it("creates the default VPC with a default subnet in every zone", async () => {
    const { Vpc } = await awsJson<{ Vpc: { VpcId: string; CidrBlock: string; IsDefault: boolean } }>(
      server.endpoint,
      ["ec2", "create-default-vpc"],
    );
    expect(Vpc).toMatchObject({ CidrBlock: "172.31.0.0/16", IsDefault: true });
    vpcId = Vpc.VpcId;
    const { Subnets } = await awsJson<{ Subnets: Subnet[] }>(server.endpoint, [
      "ec2",
      "describe-subnets",
      "--filters",
      "Name=default-for-az,Values=true",
    ]);
    expect(Subnets.map((s) => [s.AvailabilityZone, s.CidrBlock, s.MapPublicIpOnLaunch]).sort()).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((z, i) => [`us-east-1${z}`, `172.31.${16 * i}.0/20`, true]),
    );
    const { Vpcs } = await awsJson<{ Vpcs: { VpcId: string }[] }>(server.endpoint, [
      "ec2",
      "describe-vpcs",
      "--filters",
      "Name=is-default,Values=true",
    ]);
    expect(Vpcs.map((v) => v.VpcId)).toEqual([vpcId]);
  });

  it("prints AWS's error when the region has a default VPC already", async () => {
    const result = await awsCli(server.endpoint, ["ec2", "create-default-vpc"]);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain("(DefaultVpcAlreadyExists) when calling the CreateDefaultVpc operation");
  });

  it("recreates the default subnet of a zone that lost it", async () => {
    const { Subnets } = await awsJson<{ Subnets: Subnet[] }>(server.endpoint, [
      "ec2",
      "describe-subnets",
      "--filters",
      "Name=availability-zone,Values=us-east-1c",
    ]);
    const taken = await awsCli(server.endpoint, [
      "ec2",
      "create-default-subnet",
      "--availability-zone",
      "us-east-1c",
    ]);
    expect(taken.code).toBe(254);
    expect(taken.stderr).toContain("(DefaultSubnetAlreadyExistsInAvailabilityZone)");
    await awsJson(server.endpoint, ["ec2", "delete-subnet", "--subnet-id", Subnets[0]!.SubnetId]);
    const { Subnet } = await awsJson<{ Subnet: Subnet }>(server.endpoint, [
      "ec2",
      "create-default-subnet",
      "--availability-zone",
      "us-east-1c",
    ]);
    expect(Subnet).toMatchObject({
      AvailabilityZone: "us-east-1c",
      CidrBlock: "172.31.32.0/20",
      DefaultForAz: true,
      MapPublicIpOnLaunch: true,
    });
  });
});
