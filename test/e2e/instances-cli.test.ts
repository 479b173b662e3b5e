/**
 * The tutorial's launch with the AWS CLI v2, exactly as the seed notes write it:
 * `aws ec2 run-instances --image-id … --instance-type … --security-group-ids … --subnet-id …
 * --key-name … --user-data file://…`, then the CLI's `wait instance-running`,
 * `instance-stopped` and `instance-terminated` waiters.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { awsCli, awsJson, startTestServer, tempDir } from "./support.js";

let server: RunningServer;
const dir = tempDir("vpcsim-instances-");

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const SCRIPT = "#!/bin/bash\nyum install -y nginx\nsystemctl start nginx\n";

interface CliInstance {
  InstanceId: string;
  State: { Code: number; Name: string };
  PrivateIpAddress?: string;
  PublicIpAddress?: string;
  PrivateDnsName: string;
  PublicDnsName: string;
  KeyName?: string;
  SecurityGroups: { GroupId: string; GroupName: string }[];
}

describe("the tutorial's run-instances, through the AWS CLI v2", () => {
  const ids: Record<string, string> = {};
  const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);

  it("sets up the VPC, a public subnet, a security group, a key pair, and finds an image", async () => {
    const { Vpc } = await aws<{ Vpc: { VpcId: string } }>("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16");
    ids.vpc = Vpc.VpcId;
    await aws("ec2", "modify-vpc-attribute", "--vpc-id", ids.vpc, "--enable-dns-hostnames", '{"Value":true}');
    const { Subnet } = await aws<{ Subnet: { SubnetId: string } }>(
      "ec2",
      "create-subnet",
      "--vpc-id",
      ids.vpc,
      "--cidr-block",
      "10.0.1.0/24",
      "--availability-zone",
      "us-east-1a",
    );
    ids.subnet = Subnet.SubnetId;
    await aws("ec2", "modify-subnet-attribute", "--subnet-id", ids.subnet, "--map-public-ip-on-launch");
    const { InternetGateway } = await aws<{ InternetGateway: { InternetGatewayId: string } }>(
      "ec2",
      "create-internet-gateway",
    );
    await aws(
      "ec2",
      "attach-internet-gateway",
      "--internet-gateway-id",
      InternetGateway.InternetGatewayId,
      "--vpc-id",
      ids.vpc,
    );
    const group = await aws<{ GroupId: string }>(
      "ec2",
      "create-security-group",
      "--group-name",
      "tutorial-sg",
      "--description",
      "allow all",
      "--vpc-id",
      ids.vpc,
    );
    ids.sg = group.GroupId;
    const key = await aws<{ KeyName: string; KeyMaterial: string; KeyFingerprint: string }>(
      "ec2",
      "create-key-pair",
      "--key-name",
      "tutorial-key",
      "--key-type",
      "ed25519",
    );
    expect(key.KeyName).toBe("tutorial-key");
    expect(key.KeyMaterial).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const { Images } = await aws<{ Images: { ImageId: string; Name: string }[] }>(
      "ec2",
      "describe-images",
      "--owners",
      "amazon",
      "--filters",
      "Name=name,Values=al2023-ami-2023.*-x86_64",
    );
    expect(Images).toHaveLength(1);
    ids.ami = Images[0]!.ImageId;
  });

  it("launches with the tutorial's command and waits for instance-running", async () => {
    const userData = join(dir.path, "user-data.sh");
    writeFileSync(userData, SCRIPT);
    const { Instances } = await aws<{ Instances: CliInstance[] }>(
      "ec2",
      "run-instances",
      "--image-id",
      ids.ami!,
      "--instance-type",
      "t2.micro",
      "--security-group-ids",
      ids.sg!,
      "--subnet-id",
      ids.subnet!,
      "--key-name",
      "tutorial-key",
      "--user-data",
      `file://${userData}`,
    );
    expect(Instances).toHaveLength(1);
    const launched = Instances[0]!;
    ids.instance = launched.InstanceId;
    expect(launched).toMatchObject({
      State: { Code: 0, Name: "pending" },
      PrivateIpAddress: "10.0.1.4",
      PrivateDnsName: "ip-10-0-1-4.ec2.internal",
      KeyName: "tutorial-key",
      SecurityGroups: [{ GroupId: ids.sg, GroupName: "tutorial-sg" }],
    });
    const wait = await awsCli(server.endpoint, [
      "ec2",
      "wait",
      "instance-running",
      "--instance-ids",
      ids.instance,
    ]);
    expect(wait.code).toBe(0);
    const { Reservations } = await aws<{ Reservations: { Instances: CliInstance[] }[] }>(
      "ec2",
      "describe-instances",
      "--instance-ids",
      ids.instance,
    );
    const running = Reservations[0]!.Instances[0]!;
    expect(running.State).toEqual({ Code: 16, Name: "running" });
    expect(running.PublicIpAddress).toMatch(/^54\.80\./);
    expect(running.PublicDnsName).toBe(
      `ec2-${running.PublicIpAddress!.replaceAll(".", "-")}.compute-1.amazonaws.com`,
    );
    // The CLI base64-encodes the file; AWS returns the user data base64-encoded.
    const attribute = await aws<{ UserData: { Value: string } }>(
      "ec2",
      "describe-instance-attribute",
      "--instance-id",
      ids.instance,
      "--attribute",
      "userData",
    );
    expect(Buffer.from(attribute.UserData.Value, "base64").toString()).toBe(SCRIPT);
    const status = await awsCli(server.endpoint, [
      "ec2",
      "wait",
      "instance-status-ok",
      "--instance-ids",
      ids.instance,
    ]);
    expect(status.code).toBe(0);
  });

  it("stops, starts and terminates with the CLI's waiters", async () => {
    const stopped = await aws<{ StoppingInstances: { CurrentState: { Name: string } }[] }>(
      "ec2",
      "stop-instances",
      "--instance-ids",
      ids.instance!,
    );
    expect(stopped.StoppingInstances[0]!.CurrentState.Name).toBe("stopping");
    expect(
      (await awsCli(server.endpoint, ["ec2", "wait", "instance-stopped", "--instance-ids", ids.instance!]))
        .code,
    ).toBe(0);
    await aws("ec2", "start-instances", "--instance-ids", ids.instance!);
    expect(
      (await awsCli(server.endpoint, ["ec2", "wait", "instance-running", "--instance-ids", ids.instance!]))
        .code,
    ).toBe(0);
    const terminated = await aws<{
      TerminatingInstances: { CurrentState: { Code: number; Name: string } }[];
    }>("ec2", "terminate-instances", "--instance-ids", ids.instance!);
    expect(terminated.TerminatingInstances[0]!.CurrentState).toEqual({ Code: 32, Name: "shutting-down" });
    expect(
      (await awsCli(server.endpoint, ["ec2", "wait", "instance-terminated", "--instance-ids", ids.instance!]))
        .code,
    ).toBe(0);
    const { Subnets } = await aws<{ Subnets: { AvailableIpAddressCount: number }[] }>(
      "ec2",
      "describe-subnets",
      "--subnet-ids",
      ids.subnet!,
    );
    expect(Subnets[0]!.AvailableIpAddressCount).toBe(251);
  });

  it("prints AWS's error codes for the tutorial's likely mistakes", async () => {
    const run = (...extra: string[]) =>
      awsCli(server.endpoint, [
        "ec2",
        "run-instances",
        "--image-id",
        ids.ami!,
        "--subnet-id",
        ids.subnet!,
        ...extra,
      ]);
    expect((await run("--key-name", "tutorial-kye")).stderr).toContain("(InvalidKeyPair.NotFound)");
    expect((await run("--instance-type", "t2.mirco")).stderr).toContain(
      "Invalid value 't2.mirco' for InstanceType.",
    );
    const image = await awsCli(server.endpoint, [
      "ec2",
      "run-instances",
      "--image-id",
      "ami-0123456789abcdef0",
      "--subnet-id",
      ids.subnet!,
    ]);
    expect(image.code).not.toBe(0);
    expect(image.stderr).toContain("(InvalidAMIID.NotFound)");
    expect((await run("--security-groups", "tutorial-sg")).stderr).toContain("(InvalidParameterCombination)");
  });
});
