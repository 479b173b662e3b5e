/**
 * The rest of the seed tutorial, driven by the AWS SDK for JavaScript v3 against a real server:
 * the tutorial network, a security group, a key pair, one instance in a public and one in a
 * private subnet via RunInstances with key name and user data, the SDK's instance waiters; then
 * 16 clients launching into one /24 at once, ClientToken idempotency, and AWS's answer to each
 * mistake around instances, images, instance types and key pairs.
 */
import { createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import {
  type _InstanceType,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteKeyPairCommand,
  DeleteSubnetCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  ImportKeyPairCommand,
  type Instance,
  ModifyInstanceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  paginateDescribeInstances,
  RebootInstancesCommand,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStatusOk,
  waitUntilInstanceStopped,
  waitUntilInstanceTerminated,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

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

const SCRIPT = "#!/bin/bash\nyum update -y\nyum install -y httpd\nsystemctl enable --now httpd\n";
const USER_DATA = Buffer.from(SCRIPT).toString("base64");
const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 1 };

const ids: Record<string, string> = {};

async function describeOne(instanceId: string): Promise<Instance> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  expect(Reservations).toHaveLength(1);
  return Reservations![0]!.Instances![0]!;
}

async function freeAddresses(subnetId: string): Promise<number> {
  const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
  return Subnets![0]!.AvailableIpAddressCount!;
}

function launch(input: Partial<RunInstancesCommandInput>) {
  return ec2.send(
    new RunInstancesCommand({
      ImageId: ids.ami,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      ...input,
    }),
  );
}

describe("the tutorial's instances, through the SDK", () => {
  it("builds the tutorial network", async () => {
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
    ids.vpc = Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } }));
    const plan = [
      ["public-1a", "10.0.1.0/24", "us-east-1a"],
      ["public-1b", "10.0.2.0/24", "us-east-1b"],
      ["private-1a", "10.0.3.0/24", "us-east-1a"],
      ["private-1b", "10.0.4.0/24", "us-east-1b"],
    ] as const;
    for (const [label, cidr, zone] of plan) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: cidr, AvailabilityZone: zone }),
      );
      ids[label] = Subnet!.SubnetId!;
    }
    for (const label of ["public-1a", "public-1b"]) {
      await ec2.send(
        new ModifySubnetAttributeCommand({ SubnetId: ids[label], MapPublicIpOnLaunch: { Value: true } }),
      );
    }
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    ids.igw = InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }));
    const main = (
      await ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: "vpc-id", Values: [ids.vpc] },
            { Name: "association.main", Values: ["true"] },
          ],
        }),
      )
    ).RouteTables![0]!;
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: main.RouteTableId,
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: ids.igw,
      }),
    );
  });

  it("creates the security group, allowing all traffic in as the tutorial does", async () => {
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "tutorial-sg", Description: "tutorial", VpcId: ids.vpc }),
    );
    ids.sg = GroupId!;
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: ids.sg,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
  });

  it("creates the key pair and finds an Amazon Linux 2023 image and a type for it", async () => {
    const created = await ec2.send(new CreateKeyPairCommand({ KeyName: "tutorial-key" }));
    expect(created.KeyName).toBe("tutorial-key");
    expect(created.KeyPairId).toMatch(/^key-[0-9a-f]{17}$/);
    expect(created.KeyMaterial).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(created.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
    const der = createPrivateKey(created.KeyMaterial!).export({ type: "pkcs8", format: "der" });
    expect(created.KeyFingerprint).toBe(createHash("sha1").update(der).digest("hex").match(/../g)!.join(":"));
    expect(created.Tags).toBeUndefined();

    const { KeyPairs } = await ec2.send(
      new DescribeKeyPairsCommand({ KeyNames: ["tutorial-key"], IncludePublicKey: true }),
    );
    expect(KeyPairs).toEqual([
      {
        KeyPairId: created.KeyPairId,
        KeyFingerprint: created.KeyFingerprint,
        KeyName: "tutorial-key",
        KeyType: "rsa",
        Tags: [],
        PublicKey: expect.stringMatching(/^ssh-rsa AAAA[A-Za-z0-9+/=]+ tutorial-key$/),
        CreateTime: expect.any(Date),
      },
    ]);

    const { Images } = await ec2.send(
      new DescribeImagesCommand({
        Owners: ["amazon"],
        Filters: [
          { Name: "name", Values: ["al2023-ami-2023.*-x86_64"] },
          { Name: "state", Values: ["available"] },
        ],
      }),
    );
    expect(Images).toHaveLength(1);
    expect(Images![0]).toMatchObject({
      OwnerId: "137112412989",
      ImageOwnerAlias: "amazon",
      Architecture: "x86_64",
      RootDeviceName: "/dev/xvda",
      RootDeviceType: "ebs",
      VirtualizationType: "hvm",
      Public: true,
      State: "available",
      BlockDeviceMappings: [
        { DeviceName: "/dev/xvda", Ebs: expect.objectContaining({ VolumeType: "gp3", VolumeSize: 8 }) },
      ],
    });
    ids.ami = Images![0]!.ImageId!;

    const { InstanceTypes } = await ec2.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: ["t3.micro"] }),
    );
    expect(InstanceTypes![0]).toMatchObject({
      InstanceType: "t3.micro",
      VCpuInfo: { DefaultVCpus: 2 },
      MemoryInfo: { SizeInMiB: 1024 },
      NetworkInfo: expect.objectContaining({ MaximumNetworkInterfaces: 2, Ipv4AddressesPerInterface: 2 }),
      ProcessorInfo: expect.objectContaining({ SupportedArchitectures: ["x86_64"] }),
    });
  });

  it("launches the public instance with key name and user data", async () => {
    const reservation = await launch({
      SubnetId: ids["public-1a"],
      SecurityGroupIds: [ids.sg!],
      KeyName: "tutorial-key",
      UserData: USER_DATA,
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "web" }] }],
    });
    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe(ACCOUNT);
    expect(reservation.Groups).toEqual([]);
    const instance = reservation.Instances![0]!;
    ids.public = instance.InstanceId!;
    expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(instance).toMatchObject({
      ImageId: ids.ami,
      InstanceType: "t3.micro",
      KeyName: "tutorial-key",
      State: { Code: 0, Name: "pending" },
      StateReason: { Code: "pending", Message: "pending" },
      StateTransitionReason: "",
      PrivateIpAddress: "10.0.1.4",
      PrivateDnsName: "ip-10-0-1-4.ec2.internal",
      SubnetId: ids["public-1a"],
      VpcId: ids.vpc,
      Placement: { AvailabilityZone: "us-east-1a", GroupName: "", Tenancy: "default" },
      SecurityGroups: [{ GroupName: "tutorial-sg", GroupId: ids.sg }],
      SourceDestCheck: true,
      Architecture: "x86_64",
      Hypervisor: "xen",
      VirtualizationType: "hvm",
      RootDeviceName: "/dev/xvda",
      RootDeviceType: "ebs",
      AmiLaunchIndex: 0,
      Monitoring: { State: "disabled" },
      EbsOptimized: false,
      EnaSupport: true,
      MetadataOptions: expect.objectContaining({
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
        HttpEndpoint: "enabled",
      }),
      PrivateDnsNameOptions: {
        HostnameType: "ip-name",
        EnableResourceNameDnsARecord: false,
        EnableResourceNameDnsAAAARecord: false,
      },
      Tags: [{ Key: "Name", Value: "web" }],
    });
    // The SDK fills ClientToken itself (an idempotency token), and AWS echoes it.
    expect(instance.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(instance.LaunchTime).toBeInstanceOf(Date);
    expect(instance.NetworkInterfaces).toHaveLength(1);
    const eni = instance.NetworkInterfaces![0]!;
    expect(eni).toMatchObject({
      Attachment: expect.objectContaining({
        DeviceIndex: 0,
        DeleteOnTermination: true,
        Status: "attaching",
        NetworkCardIndex: 0,
      }),
      Groups: [{ GroupName: "tutorial-sg", GroupId: ids.sg }],
      PrivateIpAddress: "10.0.1.4",
      PrivateDnsName: "ip-10-0-1-4.ec2.internal",
      SourceDestCheck: true,
      Status: "in-use",
      SubnetId: ids["public-1a"],
      VpcId: ids.vpc,
      OwnerId: ACCOUNT,
      InterfaceType: "interface",
    });
    expect(eni.MacAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(instance.BlockDeviceMappings).toEqual([
      {
        DeviceName: "/dev/xvda",
        Ebs: {
          AttachTime: expect.any(Date),
          DeleteOnTermination: true,
          Status: "attaching",
          VolumeId: expect.stringMatching(/^vol-/),
        },
      },
    ]);
  });

  it("waits for it to run, with a public address and AWS's public DNS name", async () => {
    await waitUntilInstanceRunning({ client: ec2, ...WAIT }, { InstanceIds: [ids.public!] });
    const instance = await describeOne(ids.public!);
    expect(instance.State).toEqual({ Code: 16, Name: "running" });
    expect(instance.StateReason).toBeUndefined();
    expect(instance.PublicIpAddress).toMatch(/^54\.80\.\d+\.\d+$/);
    const dashed = instance.PublicIpAddress!.replaceAll(".", "-");
    expect(instance.PublicDnsName).toBe(`ec2-${dashed}.compute-1.amazonaws.com`);
    expect(instance.NetworkInterfaces![0]!.Association).toEqual({
      IpOwnerId: "amazon",
      PublicDnsName: instance.PublicDnsName,
      PublicIp: instance.PublicIpAddress,
    });
    expect(instance.NetworkInterfaces![0]!.PrivateIpAddresses).toEqual([
      {
        Association: {
          IpOwnerId: "amazon",
          PublicDnsName: instance.PublicDnsName,
          PublicIp: instance.PublicIpAddress,
        },
        Primary: true,
        PrivateDnsName: "ip-10-0-1-4.ec2.internal",
        PrivateIpAddress: "10.0.1.4",
      },
    ]);
    expect(instance.NetworkInterfaces![0]!.Attachment!.Status).toBe("attached");
    expect(await freeAddresses(ids["public-1a"]!)).toBe(250);
    await waitUntilInstanceStatusOk({ client: ec2, ...WAIT }, { InstanceIds: [ids.public!] });
  });

  it("launches the private instance: a private address only, no public name", async () => {
    const { Instances } = await launch({
      SubnetId: ids["private-1a"],
      SecurityGroupIds: [ids.sg!],
      KeyName: "tutorial-key",
      UserData: USER_DATA,
    });
    ids.private = Instances![0]!.InstanceId!;
    await waitUntilInstanceRunning({ client: ec2, ...WAIT }, { InstanceIds: [ids.private] });
    const instance = await describeOne(ids.private);
    expect(instance).toMatchObject({
      State: { Code: 16, Name: "running" },
      PrivateIpAddress: "10.0.3.4",
      PrivateDnsName: "ip-10-0-3-4.ec2.internal",
      PublicDnsName: "",
      SubnetId: ids["private-1a"],
    });
    expect(instance.PublicIpAddress).toBeUndefined();
    expect(instance.NetworkInterfaces![0]!.Association).toBeUndefined();
    const { InstanceStatuses } = await ec2.send(
      new DescribeInstanceStatusCommand({ InstanceIds: [ids.private] }),
    );
    expect(InstanceStatuses).toEqual([
      {
        AvailabilityZone: "us-east-1a",
        InstanceId: ids.private,
        InstanceState: { Code: 16, Name: "running" },
        InstanceStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
        SystemStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
        AttachedEbsStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
      },
    ]);
  });

  it("returns the user data base64-encoded, as given", async () => {
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: ids.public, Attribute: "userData" }),
    );
    expect(attribute.InstanceId).toBe(ids.public);
    expect(attribute.UserData?.Value).toBe(USER_DATA);
    expect(Buffer.from(attribute.UserData!.Value!, "base64").toString()).toBe(SCRIPT);
    const groups = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: ids.public, Attribute: "groupSet" }),
    );
    expect(groups.Groups).toEqual([{ GroupName: "tutorial-sg", GroupId: ids.sg }]);
  });

  it("describes both instances with filters, and pages them", async () => {
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: "vpc-id", Values: [ids.vpc!] },
          { Name: "instance-state-name", Values: ["running"] },
          { Name: "key-name", Values: ["tutorial-key"] },
        ],
      }),
    );
    expect(Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId)).sort()).toEqual(
      [ids.public, ids.private].sort(),
    );
    const byAddress = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: "private-ip-address", Values: ["10.0.3.4"] }] }),
    );
    expect(byAddress.Reservations![0]!.Instances![0]!.InstanceId).toBe(ids.private);
    const seen: string[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) seen.push(i.InstanceId!);
    }
    expect(seen.sort()).toEqual([ids.public, ids.private].sort());
  });

  it("stops and starts: the private address stays, the auto-assigned public one changes", async () => {
    const before = await describeOne(ids.public!);
    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [ids.public!] }));
    expect(stopped.StoppingInstances).toEqual([
      {
        CurrentState: { Code: 64, Name: "stopping" },
        InstanceId: ids.public,
        PreviousState: { Code: 16, Name: "running" },
      },
    ]);
    await waitUntilInstanceStopped({ client: ec2, ...WAIT }, { InstanceIds: [ids.public!] });
    const off = await describeOne(ids.public!);
    expect(off.State).toEqual({ Code: 80, Name: "stopped" });
    expect(off.PrivateIpAddress).toBe("10.0.1.4");
    expect(off.PublicIpAddress).toBeUndefined();
    expect(off.PublicDnsName).toBe("");
    expect(off.StateReason).toEqual({
      Code: "Client.UserInitiatedShutdown",
      Message: "Client.UserInitiatedShutdown: User initiated shutdown",
    });
    expect(off.StateTransitionReason).toMatch(/^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    const started = await ec2.send(new StartInstancesCommand({ InstanceIds: [ids.public!] }));
    expect(started.StartingInstances).toEqual([
      {
        CurrentState: { Code: 0, Name: "pending" },
        InstanceId: ids.public,
        PreviousState: { Code: 80, Name: "stopped" },
      },
    ]);
    await waitUntilInstanceRunning({ client: ec2, ...WAIT }, { InstanceIds: [ids.public!] });
    const on = await describeOne(ids.public!);
    expect(on.PrivateIpAddress).toBe("10.0.1.4");
    expect(on.PublicIpAddress).toMatch(/^54\.80\./);
    expect(on.PublicIpAddress).not.toBe(before.PublicIpAddress);
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [ids.public!] }));
    expect((await describeOne(ids.public!)).State!.Name).toBe("running");
  });

  it("turns off source/destination checking, as for a NAT instance", async () => {
    await ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: ids.private, SourceDestCheck: { Value: false } }),
    );
    const instance = await describeOne(ids.private!);
    expect(instance.SourceDestCheck).toBe(false);
    expect(instance.NetworkInterfaces![0]!.SourceDestCheck).toBe(false);
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: ids.private, Attribute: "sourceDestCheck" }),
    );
    expect(attribute.SourceDestCheck).toEqual({ Value: false });
  });

  it("terminates: described as terminated, addresses back in the subnet", async () => {
    const result = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [ids.private!] }));
    expect(result.TerminatingInstances).toEqual([
      {
        CurrentState: { Code: 32, Name: "shutting-down" },
        InstanceId: ids.private,
        PreviousState: { Code: 16, Name: "running" },
      },
    ]);
    await waitUntilInstanceTerminated({ client: ec2, ...WAIT }, { InstanceIds: [ids.private!] });
    const gone = await describeOne(ids.private!);
    expect(gone.State).toEqual({ Code: 48, Name: "terminated" });
    expect(gone.NetworkInterfaces).toEqual([]);
    expect(gone.PrivateIpAddress).toBeUndefined();
    expect(gone.PrivateDnsName).toBe("");
    expect(await freeAddresses(ids["private-1a"]!)).toBe(251);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: ids["private-1a"] }));
  });
});

describe("16 clients launching into one /24 at once", () => {
  it("never hand out the same address, and the subnet's free count is exact afterwards", async () => {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.5.0/24" }));
    const subnetId = Subnet!.SubnetId!;
    const clients = Array.from({ length: 16 }, () => ec2Client(server.endpoint));
    try {
      const results = await Promise.all(
        clients.map((client) =>
          client.send(
            new RunInstancesCommand({
              ImageId: ids.ami,
              InstanceType: "t3.nano",
              MinCount: 1,
              MaxCount: 1,
              SubnetId: subnetId,
            }),
          ),
        ),
      );
      const addresses = results.map((r) => r.Instances![0]!.PrivateIpAddress!);
      expect(new Set(addresses).size).toBe(16);
      expect(new Set(results.map((r) => r.ReservationId)).size).toBe(16);
      const expected = Array.from({ length: 16 }, (_, i) => `10.0.5.${i + 4}`);
      expect([...addresses].sort()).toEqual([...expected].sort());
      expect(await freeAddresses(subnetId)).toBe(251 - 16);
      const { Reservations } = await ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: "subnet-id", Values: [subnetId] }] }),
      );
      expect(Reservations!.flatMap((r) => r.Instances!)).toHaveLength(16);
    } finally {
      for (const client of clients) client.destroy();
    }
  });
});

describe("ClientToken idempotency", () => {
  it("returns the first launch for a retried token, and refuses other parameters with it", async () => {
    const input = { SubnetId: ids["public-1b"], ClientToken: "tutorial-launch-1" };
    const first = await launch(input);
    const again = await launch(input);
    expect(again.ReservationId).toBe(first.ReservationId);
    expect(again.Instances![0]!.InstanceId).toBe(first.Instances![0]!.InstanceId);
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: "client-token", Values: ["tutorial-launch-1"] }] }),
    );
    expect(Reservations!.flatMap((r) => r.Instances!)).toHaveLength(1);
    expect(await sdkErrorCode(launch({ ...input, InstanceType: "t3.small" }))).toBe(
      "IdempotentParameterMismatch",
    );
  });
});

describe("key pairs", () => {
  it("imports OpenSSH keys, lists them with filters and deletes them", async () => {
    const { publicKey } = generateKeyPairSync("ed25519");
    const raw = publicKey.export({ type: "spki", format: "der" }).subarray(-32);
    const blob = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from("ssh-ed25519"),
      Buffer.from([0, 0, 0, 32]),
      raw,
    ]);
    const material = `ssh-ed25519 ${blob.toString("base64")} laptop`;
    const imported = await ec2.send(
      new ImportKeyPairCommand({ KeyName: "laptop", PublicKeyMaterial: Buffer.from(material) }),
    );
    expect(imported.KeyFingerprint).toBe(createHash("sha256").update(blob).digest("base64"));
    expect(imported.KeyPairId).toMatch(/^key-/);
    const { KeyPairs } = await ec2.send(
      new DescribeKeyPairsCommand({
        Filters: [{ Name: "key-name", Values: ["lap*"] }],
        IncludePublicKey: true,
      }),
    );
    expect(KeyPairs!.map((k) => [k.KeyName, k.KeyType, k.PublicKey])).toEqual([
      ["laptop", "ed25519", material],
    ]);
    const ed = await ec2.send(new CreateKeyPairCommand({ KeyName: "ed-key", KeyType: "ed25519" }));
    expect(ed.KeyMaterial).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(ed.KeyFingerprint).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const deleted = await ec2.send(new DeleteKeyPairCommand({ KeyName: "laptop" }));
    expect(deleted.Return).toBe(true);
    expect(deleted.KeyPairId).toBe(imported.KeyPairId);
    expect(await sdkErrorCode(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ["laptop"] })))).toBe(
      "InvalidKeyPair.NotFound",
    );
    expect(
      await sdkErrorCode(
        ec2.send(
          new ImportKeyPairCommand({ KeyName: "bad", PublicKeyMaterial: Buffer.from("ssh-rsa nope") }),
        ),
      ),
    ).toBe("InvalidKey.Format");
    expect(await sdkErrorCode(ec2.send(new CreateKeyPairCommand({ KeyName: "tutorial-key" })))).toBe(
      "InvalidKeyPair.Duplicate",
    );
  });
});

describe("mistakes around instances", () => {
  it("answers each with AWS's error code", async () => {
    const code = sdkErrorCode;
    const privateSubnet = ids["private-1b"]!;
    expect(await code(launch({ SubnetId: privateSubnet, ImageId: "ami-0123456789abcdef0" }))).toBe(
      "InvalidAMIID.NotFound",
    );
    expect(await code(launch({ SubnetId: privateSubnet, ImageId: "ami-bogus" }))).toBe(
      "InvalidAMIID.Malformed",
    );
    expect(
      await code(launch({ SubnetId: privateSubnet, InstanceType: "t9.enormous" as _InstanceType })),
    ).toBe("InvalidParameterValue");
    expect(await code(launch({ SubnetId: privateSubnet, KeyName: "no-such-key" }))).toBe(
      "InvalidKeyPair.NotFound",
    );
    expect(await code(launch({ SubnetId: privateSubnet, UserData: "%%%" }))).toBe("InvalidParameterValue");
    // No subnet and no default VPC in this account.
    expect(await code(launch({}))).toBe("VPCIdNotSpecified");
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }));
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: "elsewhere", Description: "other VPC", VpcId: Vpc!.VpcId }),
    );
    expect(await code(launch({ SubnetId: privateSubnet, SecurityGroupIds: [GroupId!] }))).toBe(
      "InvalidParameter",
    );
    expect(await code(launch({ SubnetId: privateSubnet, SecurityGroups: ["tutorial-sg"] }))).toBe(
      "InvalidParameterCombination",
    );
    expect(await code(launch({ SubnetId: privateSubnet, PrivateIpAddress: "10.0.4.2" }))).toBe(
      "InvalidParameterValue",
    );
    const placed = await launch({
      SubnetId: privateSubnet,
      PrivateIpAddress: "10.0.4.10",
      DisableApiTermination: true,
    });
    expect(placed.Instances![0]!.PrivateIpAddress).toBe("10.0.4.10");
    expect(await code(launch({ SubnetId: privateSubnet, PrivateIpAddress: "10.0.4.10" }))).toBe(
      "InvalidIPAddress.InUse",
    );
    const small = await ec2.send(new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.6.0/28" }));
    expect(await code(launch({ SubnetId: small.Subnet!.SubnetId, MinCount: 12, MaxCount: 12 }))).toBe(
      "InsufficientFreeAddressesInSubnet",
    );
    const partial = await launch({ SubnetId: small.Subnet!.SubnetId, MinCount: 2, MaxCount: 50 });
    expect(partial.Instances).toHaveLength(11);

    const protectedId = placed.Instances![0]!.InstanceId!;
    expect(await code(ec2.send(new TerminateInstancesCommand({ InstanceIds: [protectedId] })))).toBe(
      "OperationNotPermitted",
    );
    expect(await code(ec2.send(new DeleteSubnetCommand({ SubnetId: privateSubnet })))).toBe(
      "DependencyViolation",
    );
    expect(await code(ec2.send(new StartInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })))).toBe(
      "InvalidInstanceID.NotFound",
    );
    expect(await code(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-bogus"] })))).toBe(
      "InvalidInstanceID.Malformed",
    );
    expect(
      await code(ec2.send(new DescribeInstancesCommand({ InstanceIds: [protectedId], MaxResults: 5 }))),
    ).toBe("InvalidParameterCombination");
    expect(
      await code(
        ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "no-such-filter", Values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
    // A terminated instance cannot be started.
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: protectedId,
        DisableApiTermination: { Value: false },
      }),
    );
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [protectedId] }));
    await waitUntilInstanceTerminated({ client: ec2, ...WAIT }, { InstanceIds: [protectedId] });
    expect(await code(ec2.send(new StartInstancesCommand({ InstanceIds: [protectedId] })))).toBe(
      "IncorrectInstanceState",
    );
    expect(
      await code(
        ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: ids.public,
            UserData: { Value: Buffer.from("x") },
          }),
        ),
      ),
    ).toBe("IncorrectInstanceState");
    expect(await code(ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-0123456789abcdef0"] })))).toBe(
      "InvalidAMIID.NotFound",
    );
    expect(
      await code(
        ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["t9.enormous" as _InstanceType] })),
      ),
    ).toBe("InvalidInstanceType");
  });

  it("answers DryRun with DryRunOperation and launches nothing", async () => {
    const before = await freeAddresses(ids["private-1b"]!);
    expect(await sdkErrorCode(launch({ SubnetId: ids["private-1b"], DryRun: true }))).toBe("DryRunOperation");
    expect(
      await sdkErrorCode(
        launch({ SubnetId: ids["private-1b"], DryRun: true, ImageId: "ami-0123456789abcdef0" }),
      ),
    ).toBe("InvalidAMIID.NotFound");
    expect(await freeAddresses(ids["private-1b"]!)).toBe(before);
  });
});
