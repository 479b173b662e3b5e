/**
 * `aws ec2 wait …` (the AWS CLI v2) on resources already in the state a waiter looks for, or in
 * one it fails on: the CLI polls every 15 s and takes no delay option, so these are the cases its
 * first poll decides. vpc-available, instance-running, instance-status-ok, instance-stopped,
 * instance-terminated, nat-gateway-available and nat-gateway-deleted run in tutorial-cli,
 * instances-cli and network-cli; every waiter, with its transitions, failures and timeouts, runs
 * in waiters-boto3.test.ts (the CLI's waiters are the same definitions).
 */
import {
  AllocateAddressCommand,
  CreateCustomerGatewayCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DeleteVpcPeeringConnectionCommand,
  DeleteVpnConnectionCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  type EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { awsCli, type CliResult, ec2Client, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;

// Default delays (0): a transition has happened by the next request, the CLI's first poll.
beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

/** Runs the commands a few at a time (each CLI start costs about a second of CPU). */
async function runAll(commands: readonly (readonly string[])[], parallel = 2): Promise<CliResult[]> {
  const results: CliResult[] = new Array(commands.length);
  let next = 0;
  const worker = async () => {
    while (next < commands.length) {
      const i = next++;
      results[i] = await awsCli(server.endpoint, ["ec2", "wait", ...commands[i]!]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

describe("EC2 waiters through the AWS CLI v2", () => {
  it("succeed on the first poll, or stop with the CLI's waiter error and exit code 255", async () => {
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    const peerVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.0.1.0/24" }))).Subnet!
      .SubnetId!;
    const { Images } = await ec2.send(
      new DescribeImagesCommand({
        Owners: ["amazon"],
        Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-x86_64"] }],
      }),
    );
    const ami = Images![0]!.ImageId!;
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: ami,
        InstanceType: "t3.micro",
        MinCount: 2,
        MaxCount: 2,
        SubnetId: subnet,
      }),
    );
    const [running, terminated] = launched.Instances!.map((i) => i.InstanceId!) as [string, string];
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated] }));
    const states = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [running, terminated] }));
    expect(states.Reservations![0]!.Instances!.map((i) => i.State!.Name)).toEqual(["running", "terminated"]);
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new CreateKeyPairCommand({ KeyName: "cli-waiter-key" }));
    const sg = (
      await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: "cli-waiter", Description: "w", VpcId: vpc }),
      )
    ).GroupId!;
    const eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet }))).NetworkInterface!
      .NetworkInterfaceId!;
    const eip = (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId!;
    // A public NAT gateway in a VPC without an attached internet gateway fails.
    const failedNat = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnet, AllocationId: eip })))
      .NatGateway!.NatGatewayId!;
    const peering = (
      await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpc, PeerVpcId: peerVpc }))
    ).VpcPeeringConnection!.VpcPeeringConnectionId!;
    const deletedPeering = (
      await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpc, PeerVpcId: peerVpc }))
    ).VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: deletedPeering }));
    const cgw = (
      await ec2.send(
        new CreateCustomerGatewayCommand({ Type: "ipsec.1", BgpAsn: 65000, PublicIp: "203.0.113.7" }),
      )
    ).CustomerGateway!.CustomerGatewayId!;
    // AWS allows one VPN connection per customer gateway and virtual private gateway pair.
    const newVpn = async () => {
      const vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: "ipsec.1" }))).VpnGateway!
        .VpnGatewayId!;
      const created = await ec2.send(
        new CreateVpnConnectionCommand({ Type: "ipsec.1", CustomerGatewayId: cgw, VpnGatewayId: vgw }),
      );
      return created.VpnConnection!.VpnConnectionId!;
    };
    const vpn = await newVpn();
    const deletedVpn = await newVpn();
    await ec2.send(new DeleteVpnConnectionCommand({ VpnConnectionId: deletedVpn }));

    const succeeding = [
      ["vpc-exists", "--vpc-ids", vpc],
      ["subnet-available", "--subnet-ids", subnet],
      ["image-available", "--image-ids", ami],
      ["image-exists", "--image-ids", ami],
      ["instance-exists", "--instance-ids", running, terminated],
      ["system-status-ok", "--instance-ids", running],
      ["internet-gateway-exists", "--internet-gateway-ids", igw],
      ["key-pair-exists", "--key-names", "cli-waiter-key"],
      ["security-group-exists", "--group-ids", sg],
      ["network-interface-available", "--network-interface-ids", eni],
      ["vpc-peering-connection-exists", "--vpc-peering-connection-ids", peering],
      ["vpc-peering-connection-deleted", "--vpc-peering-connection-ids", deletedPeering],
      ["customer-gateway-available", "--customer-gateway-ids", cgw],
      ["vpn-connection-available", "--vpn-connection-ids", vpn],
      ["vpn-connection-deleted", "--vpn-connection-ids", deletedVpn],
    ];
    const failing = [
      ["instance-running", "--instance-ids", running, terminated],
      ["nat-gateway-available", "--nat-gateway-ids", failedNat],
      ["network-interface-available", "--network-interface-ids", "eni-0123456789abcdef0"],
      ["internet-gateway-exists", "--internet-gateway-ids", "igw-0123456789abcdef0"],
    ];
    const results = await runAll([...succeeding, ...failing]);
    const summary = results.map((r, i) => ({
      command: [...succeeding, ...failing][i]![0],
      code: r.code,
      stderr: r.stderr.trim(),
    }));
    expect(summary.slice(0, succeeding.length)).toEqual(
      succeeding.map(([command]) => ({ command, code: 0, stderr: "" })),
    );
    const failure = (waiter: string, expected: string) =>
      `Waiter ${waiter} failed: Waiter encountered a terminal failure state: For expression "${expected}`;
    expect(summary.slice(succeeding.length).map((s) => [s.command, s.code, s.stderr])).toEqual([
      [
        "instance-running",
        255,
        expect.stringContaining(
          `${failure("InstanceRunning", "Reservations[].Instances[].State.Name")}" we matched expected path: "terminated" at least once`,
        ),
      ],
      [
        "nat-gateway-available",
        255,
        expect.stringContaining(
          `${failure("NatGatewayAvailable", "NatGateways[].State")}" we matched expected path: "failed"`,
        ),
      ],
      [
        "network-interface-available",
        255,
        "Waiter NetworkInterfaceAvailable failed: Waiter encountered a terminal failure state: Matched expected service error code: InvalidNetworkInterfaceID.NotFound",
      ],
      // AWS's code, not the `InvalidInternetGateway.NotFound` the waiter would retry on.
      [
        "internet-gateway-exists",
        255,
        "Waiter InternetGatewayExists failed: An error occurred (InvalidInternetGatewayID.NotFound): The internetGateway ID 'igw-0123456789abcdef0' does not exist",
      ],
    ]);
  });
});
