/**
 * The tutorial's NAT gateway, driven by the AWS SDK for JavaScript v3 against a real server: an
 * Elastic IP, a NAT gateway in the public subnet, the private route table's 0.0.0.0/0 route to it
 * (active, then blackhole once the gateway is deleted), the `nat-gateway-available` waiter; then
 * network interfaces with secondary addresses, attached to an instance; and AWS's answer to each
 * mistake around them.
 */
import {
  AllocateAddressCommand,
  AssignPrivateIpAddressesCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachNetworkInterfaceCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNatGatewayCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSubnetCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DetachInternetGatewayCommand,
  DetachNetworkInterfaceCommand,
  DisassociateAddressCommand,
  type EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ReleaseAddressCommand,
  RunInstancesCommand,
  UnassignPrivateIpAddressesCommand,
  waitUntilNatGatewayAvailable,
  waitUntilNatGatewayDeleted,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/model/clock.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;
const clock = new ManualClock(Date.UTC(2026, 2, 1));

beforeAll(async () => {
  server = await startTestServer({ clock });
  ec2 = ec2Client(server.endpoint);
});
afterAll(async () => {
  ec2.destroy();
  await server.close();
});

const ids: Record<string, string> = {};
const code = sdkErrorCode;

describe("the tutorial's NAT gateway, through the SDK", () => {
  it("builds the network: a VPC with DNS hostnames, a public and a private subnet, an internet gateway", async () => {
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: ids.vpc, EnableDnsHostnames: { Value: true } }));
    for (const [label, cidr] of [
      ["public", "10.0.1.0/24"],
      ["private", "10.0.3.0/24"],
    ] as const) {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: cidr, AvailabilityZone: "us-east-1a" }),
      );
      ids[label] = Subnet!.SubnetId!;
    }
    await ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: ids.public, MapPublicIpOnLaunch: { Value: true } }),
    );
    ids.igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }));
    ids.privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: ids.vpc }))).RouteTable!
      .RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.privateTable, SubnetId: ids.private }));
  });

  it("allocates an Elastic IP", async () => {
    const allocated = await ec2.send(
      new AllocateAddressCommand({
        Domain: "vpc",
        TagSpecifications: [{ ResourceType: "elastic-ip", Tags: [{ Key: "Name", Value: "nat" }] }],
      }),
    );
    expect(allocated).toMatchObject({
      Domain: "vpc",
      PublicIpv4Pool: "amazon",
      NetworkBorderGroup: "us-east-1",
    });
    expect(allocated.AllocationId).toMatch(/^eipalloc-[0-9a-f]{17}$/);
    expect(allocated.PublicIp).toMatch(/^54\.80\.\d+\.\d+$/);
    ids.eip = allocated.AllocationId!;
    ids.eipIp = allocated.PublicIp!;
    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [ids.eip] }));
    expect(Addresses).toEqual([
      {
        AllocationId: ids.eip,
        PublicIp: ids.eipIp,
        Domain: "vpc",
        PublicIpv4Pool: "amazon",
        NetworkBorderGroup: "us-east-1",
        Tags: [{ Key: "Name", Value: "nat" }],
      },
    ]);
  });

  it("creates the NAT gateway in the public subnet: pending in the response, idempotent by ClientToken", async () => {
    const request = {
      SubnetId: ids.public,
      AllocationId: ids.eip,
      ClientToken: "tutorial-nat-1",
      TagSpecifications: [
        { ResourceType: "natgateway" as const, Tags: [{ Key: "Name", Value: "tutorial" }] },
      ],
    };
    const created = await ec2.send(new CreateNatGatewayCommand(request));
    expect(created.ClientToken).toBe("tutorial-nat-1");
    expect(created.NatGateway).toMatchObject({
      State: "pending",
      ConnectivityType: "public",
      SubnetId: ids.public,
      VpcId: ids.vpc,
      CreateTime: new Date(clock.now()),
      Tags: [{ Key: "Name", Value: "tutorial" }],
      NatGatewayAddresses: [
        { AllocationId: ids.eip, IsPrimary: true, Status: "associating", PrivateIp: "10.0.1.4" },
      ],
    });
    ids.nat = created.NatGateway!.NatGatewayId!;
    expect(ids.nat).toMatch(/^nat-[0-9a-f]{17}$/);
    const again = await ec2.send(new CreateNatGatewayCommand(request));
    expect(again.NatGateway?.NatGatewayId).toBe(ids.nat);
    expect(
      await code(ec2.send(new CreateNatGatewayCommand({ ...request, PrivateIpAddress: "10.0.1.50" }))),
    ).toBe("IdempotentParameterMismatch");
  });

  it("waits for it with waitUntilNatGatewayAvailable; its interface and Elastic IP are in place", async () => {
    const waited = await waitUntilNatGatewayAvailable(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { NatGatewayIds: [ids.nat!] },
    );
    expect(waited.state).toBe("SUCCESS");
    const { NatGateways } = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [ids.nat!] }));
    const gateway = NatGateways![0]!;
    expect(gateway.State).toBe("available");
    const address = gateway.NatGatewayAddresses![0]!;
    expect(address).toMatchObject({
      AllocationId: ids.eip,
      PublicIp: ids.eipIp,
      PrivateIp: "10.0.1.4",
      IsPrimary: true,
      Status: "succeeded",
    });
    expect(address.AssociationId).toMatch(/^eipassoc-[0-9a-f]{17}$/);
    ids.natEni = address.NetworkInterfaceId!;

    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids.natEni] }),
    );
    const dashed = ids.eipIp!.replaceAll(".", "-");
    expect(NetworkInterfaces![0]).toMatchObject({
      Description: `Interface for NAT Gateway ${ids.nat}`,
      InterfaceType: "nat_gateway",
      Groups: [],
      RequesterManaged: true,
      SourceDestCheck: false,
      Status: "in-use",
      PrivateIpAddress: "10.0.1.4",
      PrivateDnsName: "ip-10-0-1-4.ec2.internal",
      TagSet: [],
      Attachment: {
        DeviceIndex: 1,
        InstanceOwnerId: "amazon-aws",
        Status: "attached",
        DeleteOnTermination: false,
      },
      Association: {
        AllocationId: ids.eip,
        AssociationId: address.AssociationId,
        IpOwnerId: ACCOUNT,
        PublicIp: ids.eipIp,
        PublicDnsName: `ec2-${dashed}.compute-1.amazonaws.com`,
      },
    });
    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ PublicIps: [ids.eipIp!] }));
    expect(Addresses![0]).toMatchObject({
      AssociationId: address.AssociationId,
      NetworkInterfaceId: ids.natEni,
      NetworkInterfaceOwnerId: ACCOUNT,
      PrivateIpAddress: "10.0.1.4",
    });
    expect(Addresses![0]!.InstanceId).toBeUndefined();
  });

  it("routes 0.0.0.0/0 from the private route table to the NAT gateway", async () => {
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.privateTable,
        DestinationCidrBlock: "0.0.0.0/0",
        NatGatewayId: ids.nat,
      }),
    );
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [ids.privateTable!] }),
    );
    expect(RouteTables![0]!.Routes).toEqual([
      {
        DestinationCidrBlock: "10.0.0.0/16",
        GatewayId: "local",
        Origin: "CreateRouteTable",
        State: "active",
      },
      { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: ids.nat, Origin: "CreateRoute", State: "active" },
    ]);
    const byNat = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: "route.nat-gateway-id", Values: [ids.nat!] }] }),
    );
    expect(byNat.RouteTables!.map((t) => t.RouteTableId)).toEqual([ids.privateTable]);
  });

  it("keeps the gateway's interface and address out of the user's hands", async () => {
    expect(await code(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: ids.natEni })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      await code(
        ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: ids.natEni,
            SourceDestCheck: { Value: true },
          }),
        ),
      ),
    ).toBe("AuthFailure");
    expect(await code(ec2.send(new ReleaseAddressCommand({ AllocationId: ids.eip })))).toBe("AuthFailure");
    expect(
      await code(ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: ids.igw, VpcId: ids.vpc }))),
    ).toBe("DependencyViolation");
    expect(await code(ec2.send(new DeleteSubnetCommand({ SubnetId: ids.public })))).toBe(
      "DependencyViolation",
    );
  });
});

describe("network interfaces with secondary addresses, through the SDK", () => {
  it("creates an interface with an explicit primary and secondary addresses", async () => {
    const { NetworkInterface } = await ec2.send(
      new CreateNetworkInterfaceCommand({
        SubnetId: ids.private,
        Description: "app",
        PrivateIpAddress: "10.0.3.10",
        SecondaryPrivateIpAddressCount: 2,
      }),
    );
    expect(NetworkInterface).toMatchObject({
      Status: "pending",
      Description: "app",
      SubnetId: ids.private,
      VpcId: ids.vpc,
      AvailabilityZone: "us-east-1a",
      InterfaceType: "interface",
      OwnerId: ACCOUNT,
      RequesterManaged: false,
      SourceDestCheck: true,
      PrivateIpAddress: "10.0.3.10",
      PrivateDnsName: "ip-10-0-3-10.ec2.internal",
      TagSet: [],
      Ipv6Addresses: [],
      Groups: [{ GroupName: "default", GroupId: expect.stringMatching(/^sg-/) }],
    });
    expect(NetworkInterface!.PrivateIpAddresses).toEqual([
      { Primary: true, PrivateIpAddress: "10.0.3.10", PrivateDnsName: "ip-10-0-3-10.ec2.internal" },
      { Primary: false, PrivateIpAddress: "10.0.3.4", PrivateDnsName: "ip-10-0-3-4.ec2.internal" },
      { Primary: false, PrivateIpAddress: "10.0.3.5", PrivateDnsName: "ip-10-0-3-5.ec2.internal" },
    ]);
    ids.eni = NetworkInterface!.NetworkInterfaceId!;
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [ids.private!] }));
    expect(Subnets![0]!.AvailableIpAddressCount).toBe(248);
  });

  it("assigns and unassigns secondary addresses, changes attributes", async () => {
    const assigned = await ec2.send(
      new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: ids.eni, PrivateIpAddresses: ["10.0.3.20"] }),
    );
    expect(assigned).toMatchObject({
      NetworkInterfaceId: ids.eni,
      AssignedPrivateIpAddresses: [{ PrivateIpAddress: "10.0.3.20" }],
    });
    await ec2.send(
      new AssignPrivateIpAddressesCommand({ NetworkInterfaceId: ids.eni, SecondaryPrivateIpAddressCount: 1 }),
    );
    await ec2.send(
      new UnassignPrivateIpAddressesCommand({
        NetworkInterfaceId: ids.eni,
        PrivateIpAddresses: ["10.0.3.4", "10.0.3.20"],
      }),
    );
    await ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: ids.eni,
        SourceDestCheck: { Value: false },
      }),
    );
    await ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: ids.eni,
        Description: { Value: "router" },
      }),
    );
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: "vpc-id", Values: [ids.vpc!] },
          { Name: "addresses.private-ip-address", Values: ["10.0.3.6"] },
        ],
      }),
    );
    expect(NetworkInterfaces).toHaveLength(1);
    expect(NetworkInterfaces![0]).toMatchObject({
      NetworkInterfaceId: ids.eni,
      Description: "router",
      SourceDestCheck: false,
    });
    expect(NetworkInterfaces![0]!.PrivateIpAddresses!.map((p) => p.PrivateIpAddress)).toEqual([
      "10.0.3.10",
      "10.0.3.5",
      "10.0.3.6",
    ]);
  });

  it("attaches it to an instance and detaches it; an Elastic IP follows the instance's only interface", async () => {
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ["amazon"] }))).Images![0]!;
    const { Instances } = await ec2.send(
      new RunInstancesCommand({
        ImageId: image.ImageId,
        InstanceType: "m5.large", // 3 interfaces of 10 addresses: the interface below has 3.
        MinCount: 1,
        MaxCount: 1,
        SubnetId: ids.public,
      }),
    );
    ids.instance = Instances![0]!.InstanceId!;
    const publicIp = async () =>
      (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids.instance!] }))).Reservations![0]!
        .Instances![0]!.NetworkInterfaces![0]!.Association?.PublicIp;
    const launchIp = await publicIp();
    expect(launchIp).toMatch(/^54\.80\./);

    // An Elastic IP replaces the auto-assigned address; disassociating brings a new one.
    const eip = await ec2.send(new AllocateAddressCommand({}));
    const { AssociationId } = await ec2.send(
      new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: ids.instance }),
    );
    expect(await publicIp()).toBe(eip.PublicIp);
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    const renewed = await publicIp();
    expect(renewed).toMatch(/^54\.80\./);
    expect(renewed).not.toBe(launchIp);
    expect(renewed).not.toBe(eip.PublicIp);

    // The secondary interface is in another subnet of the same zone.
    const attached = await ec2.send(
      new AttachNetworkInterfaceCommand({
        NetworkInterfaceId: ids.eni,
        InstanceId: ids.instance,
        DeviceIndex: 1,
      }),
    );
    expect(attached.AttachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    expect(attached.NetworkCardIndex).toBe(0);
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids.eni!] }),
    );
    expect(NetworkInterfaces![0]).toMatchObject({
      Status: "in-use",
      Attachment: {
        AttachmentId: attached.AttachmentId,
        InstanceId: ids.instance,
        InstanceOwnerId: ACCOUNT,
        DeviceIndex: 1,
        NetworkCardIndex: 0,
        Status: "attached",
        DeleteOnTermination: false,
        AttachTime: new Date(clock.now()),
      },
    });
    expect(
      await code(
        ec2.send(new AssociateAddressCommand({ AllocationId: eip.AllocationId, InstanceId: ids.instance })),
      ),
    ).toBe("InvalidInstanceID");
    expect(await code(ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: ids.eni })))).toBe(
      "InvalidParameterValue",
    );
    await ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attached.AttachmentId }));
    const after = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids.eni!] }));
    expect(after.NetworkInterfaces![0]!.Status).toBe("available");
    expect(after.NetworkInterfaces![0]!.Attachment).toBeUndefined();
    await ec2.send(new ReleaseAddressCommand({ AllocationId: eip.AllocationId }));
  });
});

describe("AWS's errors around interfaces, Elastic IPs and NAT gateways", () => {
  it("answers each mistake with AWS's code", async () => {
    const missingEni = "eni-0123456789abcdef0";
    expect(
      await code(ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: "subnet-0123456789abcdef0" }))),
    ).toBe("InvalidSubnetID.NotFound");
    expect(
      await code(
        ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: ids.private, PrivateIpAddress: "10.0.3.10" })),
      ),
    ).toBe("InvalidIPAddress.InUse");
    expect(
      await code(
        ec2.send(
          new CreateNetworkInterfaceCommand({ SubnetId: ids.private, PrivateIpAddress: "10.0.3.255" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code(
        ec2.send(
          new CreateNetworkInterfaceCommand({ SubnetId: ids.private, Groups: ["sg-0123456789abcdef0"] }),
        ),
      ),
    ).toBe("InvalidGroup.NotFound");
    expect(
      await code(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [missingEni] }))),
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(
      await code(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ["eni-x"] }))),
    ).toBe("InvalidNetworkInterfaceId.Malformed");
    expect(
      await code(
        ec2.send(
          new UnassignPrivateIpAddressesCommand({
            NetworkInterfaceId: ids.eni,
            PrivateIpAddresses: ["10.0.3.10"],
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code(
        ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: ids.eni,
            Groups: ["sg-0123456789abcdef0"],
          }),
        ),
      ),
    ).toBe("InvalidGroup.NotFound");
    expect(
      await code(
        ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: "eni-attach-0123456789abcdef0" })),
      ),
    ).toBe("InvalidAttachmentID.NotFound");
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids.instance!] })))
      .Reservations![0]!.Instances![0]!;
    expect(
      await code(
        ec2.send(
          new DetachNetworkInterfaceCommand({
            AttachmentId: instance.NetworkInterfaces![0]!.Attachment!.AttachmentId,
          }),
        ),
      ),
    ).toBe("OperationNotPermitted");
    expect(
      await code(
        ec2.send(
          new AttachNetworkInterfaceCommand({
            NetworkInterfaceId: ids.eni,
            InstanceId: ids.instance,
            DeviceIndex: 0,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");

    // Elastic IPs.
    const spare = await ec2.send(new AllocateAddressCommand({}));
    expect(
      await code(
        ec2.send(
          new AssociateAddressCommand({ AllocationId: spare.AllocationId, NetworkInterfaceId: missingEni }),
        ),
      ),
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(
      await code(
        ec2.send(
          new AssociateAddressCommand({ AllocationId: spare.AllocationId, NetworkInterfaceId: ids.natEni }),
        ),
      ),
    ).toBe("AuthFailure");
    expect(
      await code(
        ec2.send(
          new AssociateAddressCommand({
            AllocationId: ids.eip,
            NetworkInterfaceId: ids.eni,
            AllowReassociation: false,
          }),
        ),
      ),
    ).toBe("Resource.AlreadyAssociated");
    expect(
      await code(
        ec2.send(
          new AssociateAddressCommand({
            AllocationId: spare.AllocationId,
            NetworkInterfaceId: ids.eni,
            PrivateIpAddress: "10.0.3.99",
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    const { AssociationId } = await ec2.send(
      new AssociateAddressCommand({ AllocationId: spare.AllocationId, NetworkInterfaceId: ids.eni }),
    );
    expect(await code(ec2.send(new ReleaseAddressCommand({ AllocationId: spare.AllocationId })))).toBe(
      "InvalidIPAddress.InUse",
    );
    expect(await code(ec2.send(new ReleaseAddressCommand({ PublicIp: spare.PublicIp })))).toBe(
      "InvalidParameterValue",
    );
    await ec2.send(new DisassociateAddressCommand({ AssociationId }));
    expect(await code(ec2.send(new DisassociateAddressCommand({ AssociationId })))).toBe(
      "InvalidAssociationID.NotFound",
    );
    expect(await code(ec2.send(new DescribeAddressesCommand({ PublicIps: ["invalidIp"] })))).toBe(
      "InvalidParameterValue",
    );
    expect(await code(ec2.send(new DescribeAddressesCommand({ AllocationIds: ["eipalloc-00000000"] })))).toBe(
      "InvalidAllocationID.NotFound",
    );
    // Five per region by default.
    const more = [];
    for (let i = 0; i < 3; i++) more.push(await ec2.send(new AllocateAddressCommand({})));
    expect(await code(ec2.send(new AllocateAddressCommand({})))).toBe("AddressLimitExceeded");
    for (const a of [spare, ...more])
      await ec2.send(new ReleaseAddressCommand({ AllocationId: a.AllocationId }));
    expect(await code(ec2.send(new ReleaseAddressCommand({ AllocationId: spare.AllocationId })))).toBe(
      "InvalidAllocationID.NotFound",
    );

    // NAT gateways.
    expect(
      await code(
        ec2.send(new CreateNatGatewayCommand({ SubnetId: "subnet-public-1a", AllocationId: ids.eip })),
      ),
    ).toBe("InvalidSubnet");
    expect(
      await code(
        ec2.send(
          new CreateNatGatewayCommand({ SubnetId: "subnet-0123456789abcdef0", AllocationId: ids.eip }),
        ),
      ),
    ).toBe("InvalidSubnetID.NotFound");
    expect(
      await code(
        ec2.send(
          new CreateNatGatewayCommand({
            SubnetId: ids.private,
            ConnectivityType: "private",
            AllocationId: ids.eip,
          }),
        ),
      ),
    ).toBe("InvalidParameterCombination");
    expect(
      await code(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ["nat-0123456789abcdef0"] }))),
    ).toBe("NatGatewayNotFound");
    expect(await code(ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: "nat-x" })))).toBe(
      "NatGatewayMalformed",
    );
    expect(
      await code(
        ec2.send(
          new CreateRouteCommand({
            RouteTableId: ids.privateTable,
            DestinationCidrBlock: "192.168.0.0/16",
            NatGatewayId: "nat-0123456789abcdef0",
          }),
        ),
      ),
    ).toBe("InvalidNatGatewayID.NotFound");
  });

  it("a second NAT gateway asking for the same Elastic IP fails with AWS's failure code", async () => {
    const { NatGateway } = await ec2.send(
      new CreateNatGatewayCommand({ SubnetId: ids.public, AllocationId: ids.eip }),
    );
    expect(NatGateway?.State).toBe("pending");
    expect(NatGateway?.FailureCode).toBeUndefined();
    const waited = await code(
      waitUntilNatGatewayAvailable(
        { client: ec2, maxWaitTime: 10, minDelay: 1 },
        { NatGatewayIds: [NatGateway!.NatGatewayId!] },
      ),
    );
    expect(waited).toBe("Error");
    const { NatGateways } = await ec2.send(
      new DescribeNatGatewaysCommand({ NatGatewayIds: [NatGateway!.NatGatewayId!] }),
    );
    expect(NatGateways![0]).toMatchObject({
      State: "failed",
      FailureCode: "Resource.AlreadyAssociated",
      FailureMessage: `Elastic IP address ${ids.eip} is already associated`,
    });
  });
});

describe("deleting the NAT gateway", () => {
  it("goes deleting, then deleted; the route turns blackhole, the Elastic IP stays allocated", async () => {
    const deleted = await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: ids.nat }));
    expect(deleted.NatGatewayId).toBe(ids.nat);
    await waitUntilNatGatewayDeleted(
      { client: ec2, maxWaitTime: 10, minDelay: 1 },
      { NatGatewayIds: [ids.nat!] },
    );
    const { NatGateways } = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [ids.nat!] }));
    expect(NatGateways![0]).toMatchObject({ State: "deleted", DeleteTime: new Date(clock.now()) });
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [ids.privateTable!] }),
    );
    expect(RouteTables![0]!.Routes![1]).toEqual({
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: ids.nat,
      Origin: "CreateRoute",
      State: "blackhole",
    });
    const { Addresses } = await ec2.send(new DescribeAddressesCommand({ AllocationIds: [ids.eip!] }));
    expect(Addresses![0]!.AssociationId).toBeUndefined();
    expect(
      await code(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ids.natEni!] }))),
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    await ec2.send(new ReleaseAddressCommand({ AllocationId: ids.eip }));
  });

  it("stays describable for about an hour, then is gone", async () => {
    clock.advance(59 * 60 * 1000);
    const { NatGateways } = await ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: "state", Values: ["deleted"] }] }),
    );
    expect(NatGateways!.map((n) => n.NatGatewayId)).toContain(ids.nat);
    clock.advance(60 * 1000);
    expect(await code(ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [ids.nat!] })))).toBe(
      "NatGatewayNotFound",
    );
  });
});
