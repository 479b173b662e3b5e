/** State survives a restart of the server: create, stop, start again on the same data dir, describe. */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, it } from "vitest";
import { ec2Client, startTestServer, tempDir } from "./support.js";

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("restart persistence (SQLite)", () => {
  it("describes after a restart exactly what was created before it", async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);

    const first = await startTestServer({ dataDir: dir.path, defaultVpc: true });
    const ec2 = ec2Client(first.endpoint);
    const { Vpc } = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: "10.0.0.0/16",
        TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "kept" }] }],
      }),
    );
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: "10.0.1.0/24" }),
    );
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(
      new AttachInternetGatewayCommand({
        InternetGatewayId: InternetGateway!.InternetGatewayId,
        VpcId: Vpc!.VpcId,
      }),
    );
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: Vpc!.VpcId }));
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: RouteTable!.RouteTableId,
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: InternetGateway!.InternetGatewayId,
      }),
    );
    const snapshot = async (client: typeof ec2) => ({
      vpcs: (await client.send(new DescribeVpcsCommand({}))).Vpcs,
      subnets: (await client.send(new DescribeSubnetsCommand({}))).Subnets,
      routeTables: (await client.send(new DescribeRouteTablesCommand({}))).RouteTables,
      gateways: (await client.send(new DescribeInternetGatewaysCommand({}))).InternetGateways,
    });
    const before = await snapshot(ec2);
    ec2.destroy();
    await first.close();

    const second = await startTestServer({ dataDir: dir.path, defaultVpc: true });
    cleanups.push(() => second.close());
    const again = ec2Client(second.endpoint);
    cleanups.push(() => again.destroy());
    const after = await snapshot(again);
    expect(after).toEqual(before);
    expect(after.vpcs?.map((v) => v.IsDefault).sort()).toEqual([false, true]);
    expect(after.subnets?.some((s) => s.SubnetId === Subnet!.SubnetId)).toBe(true);
    // The default VPC is not created a second time.
    expect(after.vpcs).toHaveLength(2);
  });

  it("refuses a second server on the same data directory", async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const first = await startTestServer({ dataDir: dir.path });
    cleanups.push(() => first.close());
    await expect(startTestServer({ dataDir: dir.path })).rejects.toThrow(/in use/);
  });
});
