import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateAddress, associateAddress } from "./addresses.js";
import { imageByName } from "./images.js";
import {
  describeInstanceAttribute,
  describeInstanceStatus,
  describeInstances,
  modifyInstanceAttribute,
  type RunInstancesInput,
  rebootInstances,
  runInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from "./instances.js";
import { createKeyPair } from "./key-pairs.js";
import { createNetworkInterface } from "./network-interfaces.js";
import {
  addSubnet,
  eniRecord,
  instanceRecord,
  type Network,
  network,
  putSecurityGroup,
  settle,
} from "./network-test-support.js";
import { createSubnet, deleteSubnet, describeSubnets, modifySubnetAttribute } from "./subnets.js";
import { errorCode, type TestPlane, testPlane } from "./test-support.js";
import { createVpc, modifyVpcAttribute } from "./vpcs.js";

const AL2023 = imageByName("us-east-1", "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64")!.imageId;
const AL2023_ARM = imageByName("us-east-1", "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64")!.imageId;
const JAMMY = imageByName(
  "us-east-1",
  "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206",
)!.imageId;
const USER_DATA = Buffer.from("#!/bin/bash\nyum install -y httpd\n").toString("base64");

function launch(net: Network, input: Partial<RunInstancesInput> = {}) {
  return net.plane.write((ctx) =>
    runInstances(ctx, {
      imageId: AL2023,
      instanceType: "t3.micro",
      minCount: 1,
      maxCount: 1,
      subnetId: net.subnet.id,
      ...input,
    }),
  ).reservation;
}

function launchOne(net: Network, input: Partial<RunInstancesInput> = {}) {
  return launch(net, input).instances[0]!;
}

function describe1(plane: TestPlane, instanceId: string) {
  return plane.read((ctx) => describeInstances(ctx, { instanceIds: [instanceId] })).reservations[0]!
    .instances[0]!;
}

function freeAddresses(plane: TestPlane, subnetId: string): number {
  return plane.read((ctx) => describeSubnets(ctx, { subnetIds: [subnetId] })).subnets[0]!
    .availableIpAddressCount;
}

describe("RunInstances", () => {
  it("launches into the subnet with a primary interface, a private address and AWS's names", () => {
    const net = network();
    net.plane.write((ctx) => createKeyPair(ctx, { keyName: "tutorial", keyType: "ed25519" }));
    const reservation = launch(net, { keyName: "tutorial", userData: USER_DATA, clientToken: "token-1" });
    expect(reservation.reservationId).toMatch(/^r-[0-9a-f]{17}$/);
    const launched = reservation.instances[0]!;
    expect(launched.state).toEqual({ code: 0, name: "pending" });
    expect(launched.instance.stateReason).toEqual({ code: "pending", message: "pending" });
    expect(launched.instance).toMatchObject({
      imageId: AL2023,
      instanceType: "t3.micro",
      keyName: "tutorial",
      userData: USER_DATA,
      clientToken: "token-1",
      availabilityZone: "us-east-1a",
      architecture: "x86_64",
      rootDeviceName: "/dev/xvda",
      amiLaunchIndex: 0,
      tenancy: "default",
      monitoring: "disabled",
      disableApiTermination: false,
      instanceInitiatedShutdownBehavior: "stop",
      ebsOptimized: false,
    });
    expect(launched.privateIpAddress).toBe("10.0.1.4");
    expect(launched.privateDnsName).toBe("ip-10-0-1-4.ec2.internal");
    expect(launched.publicIpAddress).toBeUndefined();
    expect(launched.publicDnsName).toBe("");
    expect(launched.subnetId).toBe(net.subnet.id);
    expect(launched.vpcId).toBe(net.vpc.id);
    // The VPC's default group, and IMDSv2 required by Amazon Linux 2023.
    expect(launched.securityGroups.map((g) => g.groupName)).toEqual(["default"]);
    expect(launched.sourceDestCheck).toBe(true);
    expect(launched.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2 });
    const [eni] = launched.interfaces;
    expect(eni!.attachment).toMatchObject({ deviceIndex: 0, deleteOnTermination: true, status: "attaching" });
    expect(eni!.attachment!.attachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    expect(eni!.status).toBe("in-use");
    expect(launched.blockDeviceMappings).toEqual([
      expect.objectContaining({ deviceName: "/dev/xvda", deleteOnTermination: true, status: "attaching" }),
    ]);
    expect(freeAddresses(net.plane, net.subnet.id)).toBe(250);

    settle(net.plane);
    const running = describe1(net.plane, launched.instance.id);
    expect(running.state).toEqual({ code: 16, name: "running" });
    expect(running.instance.stateReason).toBeUndefined();
    expect(running.interfaces[0]!.attachment!.status).toBe("attached");
    expect(eniRecord(net.plane, eni!.id)).toMatchObject({
      instanceId: launched.instance.id,
      status: "in-use",
    });
    expect(instanceRecord(net.plane, launched.instance.id)!.networkInterfaceIds).toEqual([eni!.id]);
  });

  it("maps a public address when the subnet maps them, with a public DNS name only if the VPC has DNS hostnames", () => {
    const net = network();
    net.plane.write((ctx) =>
      modifySubnetAttribute(ctx, { subnetId: net.subnet.id, mapPublicIpOnLaunch: true }),
    );
    const noHostnames = launchOne(net);
    expect(noHostnames.publicIpAddress).toMatch(/^54\.80\.\d+\.\d+$/);
    expect(noHostnames.publicDnsName).toBe("");
    expect(noHostnames.primary!.association).toMatchObject({
      ipOwnerId: "amazon",
      publicIp: noHostnames.publicIpAddress,
    });
    net.plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: net.vpc.id, enableDnsHostnames: true }));
    const withHostnames = describe1(net.plane, noHostnames.instance.id);
    expect(withHostnames.publicDnsName).toBe(
      `ec2-${withHostnames.publicIpAddress!.replaceAll(".", "-")}.compute-1.amazonaws.com`,
    );
    // Elsewhere than us-east-1 the names carry the region.
    const westPlane = testPlane({ scope: { region: "eu-west-1" } });
    const { vpc } = westPlane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const { subnet } = westPlane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }),
    );
    westPlane.write((ctx) => modifySubnetAttribute(ctx, { subnetId: subnet.id, mapPublicIpOnLaunch: true }));
    westPlane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: vpc.id, enableDnsHostnames: true }));
    const image = imageByName("eu-west-1", "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64")!.imageId;
    const launched = westPlane.write((ctx) =>
      runInstances(ctx, {
        imageId: image,
        instanceType: "t3.micro",
        minCount: 1,
        maxCount: 1,
        subnetId: subnet.id,
      }),
    ).reservation.instances[0]!;
    expect(launched.privateDnsName).toBe("ip-10-0-1-4.eu-west-1.compute.internal");
    expect(launched.publicDnsName).toMatch(/^ec2-\d+-\d+-\d+-\d+\.eu-west-1\.compute\.amazonaws\.com$/);
  });

  it("assigns a public address when the request asks, even in a private subnet", () => {
    const net = network();
    const launched = launchOne(net, {
      subnetId: undefined,
      networkInterfaces: [{ deviceIndex: 0, subnetId: net.subnet.id, associatePublicIpAddress: true }],
    });
    expect(launched.publicIpAddress).toBeDefined();
    const declined = (() => {
      net.plane.write((ctx) =>
        modifySubnetAttribute(ctx, { subnetId: net.subnet.id, mapPublicIpOnLaunch: true }),
      );
      return launchOne(net, {
        subnetId: undefined,
        networkInterfaces: [{ deviceIndex: 0, subnetId: net.subnet.id, associatePublicIpAddress: false }],
      });
    })();
    expect(declined.publicIpAddress).toBeUndefined();
  });

  it("launches into the default VPC's default subnet when no subnet is named", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const launched = plane.write((ctx) =>
      runInstances(ctx, {
        imageId: AL2023,
        minCount: 1,
        maxCount: 1,
        instanceType: "t2.micro",
        placement: { availabilityZone: "us-east-1c" },
      }),
    ).reservation.instances[0]!;
    expect(launched.instance.availabilityZone).toBe("us-east-1c");
    expect(launched.privateIpAddress).toMatch(/^172\.31\.32\.4$/);
    // Default subnets map public addresses; the default VPC has DNS hostnames.
    expect(launched.publicDnsName).toMatch(/^ec2-.*\.compute-1\.amazonaws\.com$/);
    // Without InstanceType, AWS's documented default.
    const defaulted = plane.write((ctx) => runInstances(ctx, { imageId: AL2023, minCount: 1, maxCount: 1 }));
    expect(defaulted.reservation.instances[0]!.instance.instanceType).toBe("m1.small");
    // Security groups by name work in the default VPC.
    const byName = plane.write((ctx) =>
      runInstances(ctx, { imageId: AL2023, minCount: 1, maxCount: 1, securityGroups: ["default"] }),
    );
    expect(byName.reservation.instances[0]!.securityGroups.map((g) => g.groupName)).toEqual(["default"]);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          runInstances(ctx, { imageId: AL2023, minCount: 1, maxCount: 1, securityGroups: ["web"] }),
        ),
      ),
    ).toBe("InvalidGroup.NotFound");
  });

  it("launches between MinCount and MaxCount, all of MinCount or nothing", () => {
    const net = network({ cidrBlock: "10.0.1.0/28" });
    // A /28 holds 16 - 5 = 11 instances.
    const failed = () => launch(net, { minCount: 12, maxCount: 20 });
    expect(errorCode(failed)).toBe("InsufficientFreeAddressesInSubnet");
    expect(
      net.plane.read(({ tx, scope }) => [tx.count("instance", scope), tx.count("networkInterface", scope)]),
    ).toEqual([0, 0]);
    expect(freeAddresses(net.plane, net.subnet.id)).toBe(11);
    const reservation = launch(net, { minCount: 3, maxCount: 20 });
    expect(reservation.instances).toHaveLength(11);
    expect(reservation.instances.map((i) => i.instance.amiLaunchIndex)).toEqual([...Array(11).keys()]);
    expect(new Set(reservation.instances.map((i) => i.privateIpAddress)).size).toBe(11);
    expect(new Set(reservation.instances.map((i) => i.instance.reservationId))).toEqual(
      new Set([reservation.reservationId]),
    );
    expect(freeAddresses(net.plane, net.subnet.id)).toBe(0);
    expect(errorCode(() => launch(net))).toBe("InsufficientFreeAddressesInSubnet");
  });

  it("checks an explicit private address: inside the subnet, not reserved, not in use", () => {
    const net = network();
    expect(launchOne(net, { privateIpAddress: "10.0.1.50" }).privateIpAddress).toBe("10.0.1.50");
    expect(errorCode(() => launch(net, { privateIpAddress: "10.0.1.50" }))).toBe("InvalidIPAddress.InUse");
    expect(errorCode(() => launch(net, { privateIpAddress: "10.0.1.1" }))).toBe("InvalidParameterValue");
    expect(errorCode(() => launch(net, { privateIpAddress: "10.0.1.255" }))).toBe("InvalidParameterValue");
    expect(errorCode(() => launch(net, { privateIpAddress: "10.0.2.9" }))).toBe("InvalidParameterValue");
    expect(errorCode(() => launch(net, { privateIpAddress: "10.0.1.60", maxCount: 2 }))).toBe(
      "InvalidParameterCombination",
    );
  });

  it("attaches the interfaces NetworkInterface.N asks for, within the instance type's limits", () => {
    const net = network();
    const other = addSubnet(net, "10.0.2.0/24");
    const existing = net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: other.id }),
    ).networkInterface;
    const launched = launchOne(net, {
      subnetId: undefined,
      instanceType: "t3.medium",
      networkInterfaces: [
        { deviceIndex: 0, subnetId: net.subnet.id, secondaryPrivateIpAddressCount: 2, description: "front" },
        { deviceIndex: 1, networkInterfaceId: existing.id },
      ],
    });
    expect(
      launched.interfaces.map((e) => [e.attachment!.deviceIndex, e.attachment!.deleteOnTermination]),
    ).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(launched.interfaces[0]!.addresses.map((a) => a.address)).toEqual([
      "10.0.1.4",
      "10.0.1.5",
      "10.0.1.6",
    ]);
    expect(launched.interfaces[0]!.description).toBe("front");
    expect(launched.interfaces[1]!.id).toBe(existing.id);
    const code = (input: Partial<RunInstancesInput>) =>
      errorCode(() => launch(net, { subnetId: undefined, ...input }));
    expect(code({ networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: existing.id }] })).toBe(
      "InvalidNetworkInterface.InUse",
    );
    expect(
      code({
        instanceType: "t2.micro",
        networkInterfaces: [0, 1, 2].map((deviceIndex) => ({ deviceIndex, subnetId: net.subnet.id })),
      }),
    ).toBe("AttachmentLimitExceeded");
    expect(
      code({
        instanceType: "t2.micro",
        networkInterfaces: [{ deviceIndex: 0, subnetId: net.subnet.id, secondaryPrivateIpAddressCount: 2 }],
      }),
    ).toBe("PrivateIpAddressLimitExceeded");
    expect(code({ subnetId: net.subnet.id, networkInterfaces: [{ deviceIndex: 0 }] })).toBe(
      "InvalidParameterCombination",
    );
    expect(
      code({
        privateIpAddress: "10.0.1.99",
        networkInterfaces: [{ deviceIndex: 0, subnetId: net.subnet.id }],
      }),
    ).toBe("InvalidParameterCombination");
    expect(code({ networkInterfaces: [{ deviceIndex: 1, subnetId: net.subnet.id }] })).toBe(
      "InvalidParameterValue",
    );
    expect(
      code({
        networkInterfaces: [
          { deviceIndex: 0, subnetId: net.subnet.id, associatePublicIpAddress: true },
          { deviceIndex: 1, subnetId: net.subnet.id },
        ],
      }),
    ).toBe("InvalidParameterCombination");
    const elsewhere = addSubnet(net, "10.0.3.0/24", "us-east-1b");
    expect(
      code({
        networkInterfaces: [
          { deviceIndex: 0, subnetId: net.subnet.id },
          { deviceIndex: 1, subnetId: elsewhere.id },
        ],
      }),
    ).toBe("InvalidParameterCombination");
  });

  it("checks the image, the type, the key pair and the security groups", () => {
    const net = network();
    const code = (input: Partial<RunInstancesInput>) => errorCode(() => launch(net, input));
    expect(code({ imageId: "ami-0123456789abcdef0" })).toBe("InvalidAMIID.NotFound");
    expect(code({ imageId: "ami-nope" })).toBe("InvalidAMIID.Malformed");
    expect(code({ imageId: undefined })).toBe("MissingParameter");
    expect(code({ instanceType: "t3.mega" })).toBe("InvalidParameterValue");
    expect(() => launch(net, { instanceType: "t3.mega" })).toThrow(
      "Invalid value 't3.mega' for InstanceType.",
    );
    expect(code({ imageId: AL2023_ARM, instanceType: "t3.micro" })).toBe("InvalidParameterValue");
    expect(() => launch(net, { imageId: AL2023_ARM })).toThrow(
      "The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI.",
    );
    expect(launchOne(net, { imageId: AL2023_ARM, instanceType: "t4g.micro" }).instance.architecture).toBe(
      "arm64",
    );
    expect(code({ keyName: "missing" })).toBe("InvalidKeyPair.NotFound");
    expect(() => launch(net, { keyName: "missing" })).toThrow("The key pair 'missing' does not exist");
    expect(code({ minCount: 0 })).toBe("InvalidParameterValue");
    expect(code({ maxCount: 0 })).toBe("InvalidParameterValue");
    expect(code({ minCount: 3, maxCount: 2 })).toBe("InvalidParameterValue");
    expect(code({ userData: "not base64!" })).toBe("InvalidParameterValue");
    expect(code({ userData: Buffer.alloc(16 * 1024 + 1).toString("base64") })).toBe("InvalidParameterValue");
    expect(code({ instanceInitiatedShutdownBehavior: "hibernate" })).toBe("InvalidParameterValue");
    expect(code({ subnetId: "subnet-0123456789abcdef0" })).toBe("InvalidSubnetID.NotFound");
    expect(code({ securityGroupIds: ["sg-0123456789abcdef0"] })).toBe("InvalidGroup.NotFound");
    expect(code({ securityGroups: ["default"] })).toBe("InvalidParameterCombination");
    expect(() => launch(net, { securityGroups: ["default"] })).toThrow(
      "The parameter groupName cannot be used with the parameter subnet",
    );
    const { vpc: otherVpc } = net.plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.9.0.0/16" }));
    const foreign = putSecurityGroup(net.plane, otherVpc.id, "foreign");
    expect(code({ securityGroupIds: [foreign.id] })).toBe("InvalidParameter");
    expect(() => launch(net, { securityGroupIds: [foreign.id] })).toThrow(
      `Security group ${foreign.id} and subnet ${net.subnet.id} belong to different networks.`,
    );
    const six = [1, 2, 3, 4, 5, 6].map((n) => putSecurityGroup(net.plane, net.vpc.id, `g${n}`).id);
    expect(code({ securityGroupIds: six })).toBe("SecurityGroupsPerInterfaceLimitExceeded");
    expect(code({ placement: { availabilityZone: "us-east-1b" } })).toBe("InvalidParameterValue");
    expect(code({ placement: { availabilityZone: "us-east-1z" } })).toBe("InvalidParameterValue");
    expect(code({ placement: { groupName: "cluster-1" } })).toBe("InvalidPlacementGroup.Unknown");
    expect(code({ placement: { tenancy: "host" } })).toBe("UnsupportedOperation");
    expect(code({ tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "a", value: "b" }] }] })).toBe(
      "InvalidParameterValue",
    );
    // Nothing was created by the failures.
    expect(net.plane.read(({ tx, scope }) => tx.count("instance", scope))).toBe(1);
  });

  it("answers VPCIdNotSpecified without a subnet in an account without a default VPC", () => {
    const net = network();
    expect(errorCode(() => launch(net, { subnetId: undefined }))).toBe("VPCIdNotSpecified");
  });

  it("tags the instance, its interfaces and its volumes from TagSpecification.N", () => {
    const net = network();
    const launched = launchOne(net, {
      tagSpecifications: [
        { resourceType: "instance", tags: [{ key: "Name", value: "web" }] },
        { resourceType: "network-interface", tags: [{ key: "role", value: "primary" }] },
        { resourceType: "volume", tags: [{ key: "backup", value: "daily" }] },
      ],
    });
    expect(launched.tags).toEqual([{ key: "Name", value: "web" }]);
    expect(launched.interfaces[0]!.tags).toEqual([{ key: "role", value: "primary" }]);
  });

  it("never hands one address to two instances, whatever is launched and terminated in between", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 25 }), (ops) => {
        const net = network({ cidrBlock: "10.0.1.0/27", internetGateway: false });
        const live: string[] = [];
        for (const op of ops) {
          if (op > 0 || live.length === 0) {
            const reservation = launch(net, { minCount: 1, maxCount: op || 1 });
            live.push(...reservation.instances.map((i) => i.instance.id));
          } else {
            net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [live.shift()!] }));
          }
          settle(net.plane);
          const views = live.length
            ? net.plane
                .read((ctx) => describeInstances(ctx, { instanceIds: live }))
                .reservations.flatMap((r) => r.instances)
            : [];
          const addresses = views.map((v) => v.privateIpAddress);
          expect(new Set(addresses).size).toBe(live.length);
          expect(freeAddresses(net.plane, net.subnet.id)).toBe(27 - live.length);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("instance states", () => {
  function publicNetwork() {
    const net = network();
    net.plane.write((ctx) =>
      modifySubnetAttribute(ctx, { subnetId: net.subnet.id, mapPublicIpOnLaunch: true }),
    );
    return net;
  }

  it("stops, keeping the private address and losing the auto-assigned public one, then starts with a new one", () => {
    const net = publicNetwork();
    const launched = launchOne(net);
    settle(net.plane);
    const firstPublic = describe1(net.plane, launched.instance.id).publicIpAddress!;
    const stopped = net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [launched.instance.id] }));
    expect(stopped.changes).toEqual([
      {
        instanceId: launched.instance.id,
        previousState: { code: 16, name: "running" },
        currentState: { code: 64, name: "stopping" },
      },
    ]);
    settle(net.plane);
    const view = describe1(net.plane, launched.instance.id);
    expect(view.state.name).toBe("stopped");
    expect(view.privateIpAddress).toBe("10.0.1.4");
    expect(view.publicIpAddress).toBeUndefined();
    expect(view.instance.stateReason).toEqual({
      code: "Client.UserInitiatedShutdown",
      message: "Client.UserInitiatedShutdown: User initiated shutdown",
    });
    expect(view.instance.stateTransitionReason).toBe("User initiated (2026-01-01 00:00:00 GMT)");
    // Stopping again is no change; so is starting a running instance.
    expect(
      net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [launched.instance.id] })).changes[0]!
        .currentState.name,
    ).toBe("stopped");
    const started = net.plane.write((ctx) => startInstances(ctx, { instanceIds: [launched.instance.id] }));
    expect(started.changes[0]).toMatchObject({
      previousState: { name: "stopped" },
      currentState: { code: 0, name: "pending" },
    });
    settle(net.plane);
    const restarted = describe1(net.plane, launched.instance.id);
    expect(restarted.state.name).toBe("running");
    expect(restarted.publicIpAddress).toBeDefined();
    expect(restarted.publicIpAddress).not.toBe(firstPublic);
    expect(restarted.privateIpAddress).toBe("10.0.1.4");
    expect(restarted.instance.stateReason).toBeUndefined();
    expect(
      net.plane.write((ctx) => startInstances(ctx, { instanceIds: [launched.instance.id] })).changes[0]!
        .currentState.name,
    ).toBe("running");
  });

  it("keeps an Elastic IP across stop and start", () => {
    const net = publicNetwork();
    const launched = launchOne(net);
    settle(net.plane);
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, { domain: "vpc" }));
    net.plane.write((ctx) =>
      associateAddress(ctx, { allocationId: address.id, instanceId: launched.instance.id }),
    );
    net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [launched.instance.id] }));
    settle(net.plane);
    expect(describe1(net.plane, launched.instance.id).publicIpAddress).toBe(address.publicIp);
    net.plane.write((ctx) => startInstances(ctx, { instanceIds: [launched.instance.id] }));
    settle(net.plane);
    expect(describe1(net.plane, launched.instance.id).publicIpAddress).toBe(address.publicIp);
  });

  it("answers IncorrectInstanceState where AWS does", () => {
    const net = network();
    const launched = launchOne(net);
    const id = launched.instance.id;
    expect(errorCode(() => net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] })))).toBe(
      "IncorrectInstanceState",
    );
    expect(() => net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }))).toThrow(
      `Instance '${id}' cannot be stopped as it has never reached the 'running' state.`,
    );
    settle(net.plane);
    net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }));
    expect(errorCode(() => net.plane.write((ctx) => startInstances(ctx, { instanceIds: [id] })))).toBe(
      "IncorrectInstanceState",
    );
    settle(net.plane);
    net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] }));
    expect(errorCode(() => net.plane.write((ctx) => startInstances(ctx, { instanceIds: [id] })))).toBe(
      "IncorrectInstanceState",
    );
    expect(errorCode(() => net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] })))).toBe(
      "IncorrectInstanceState",
    );
    // AWS's wordings (aws-solutions/instance-scheduler-on-aws#281, ansible-collections/amazon.aws#146).
    expect(() => net.plane.write((ctx) => startInstances(ctx, { instanceIds: [id] }))).toThrow(
      `The instance '${id}' is not in a state from which it can be started.`,
    );
    expect(() => net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }))).toThrow(
      `This instance '${id}' is not in a state from which it can be stopped.`,
    );
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, sourceDestCheck: false })),
      ),
    ).toBe("IncorrectInstanceState");
    // Terminating again is no error: the instance stays terminated.
    settle(net.plane);
    const again = net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] })).changes;
    expect(again.map((c) => [c.previousState.name, c.currentState.name])).toEqual([
      ["terminated", "terminated"],
    ]);
    expect(
      errorCode(() =>
        net.plane.write((ctx) => startInstances(ctx, { instanceIds: ["i-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidInstanceID.NotFound");
    expect(() =>
      net.plane.write((ctx) =>
        terminateInstances(ctx, { instanceIds: [id, "i-0123456789abcdef0", "i-0123456789abcdef1"] }),
      ),
    ).toThrow("The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");
    expect(
      errorCode(() => net.plane.write((ctx) => startInstances(ctx, { instanceIds: ["instance-1"] }))),
    ).toBe("InvalidInstanceID.Malformed");
  });

  it("terminates: interfaces deleted or detached, addresses freed, described for an hour, then gone", () => {
    const net = publicNetwork();
    const kept = net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: net.subnet.id }),
    ).networkInterface;
    const launched = launchOne(net, {
      subnetId: undefined,
      networkInterfaces: [
        { deviceIndex: 0, subnetId: net.subnet.id },
        { deviceIndex: 1, networkInterfaceId: kept.id },
      ],
    });
    const id = launched.instance.id;
    const primaryId = launched.interfaces[0]!.id;
    settle(net.plane);
    expect(freeAddresses(net.plane, net.subnet.id)).toBe(249);
    expect(net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] })).changes[0]).toMatchObject(
      {
        previousState: { code: 16, name: "running" },
        currentState: { code: 32, name: "shutting-down" },
      },
    );
    // The subnet cannot go while the instance's interface lives.
    expect(errorCode(() => net.plane.write((ctx) => deleteSubnet(ctx, { subnetId: net.subnet.id })))).toBe(
      "DependencyViolation",
    );
    settle(net.plane);
    const terminated = describe1(net.plane, id);
    expect(terminated.state).toEqual({ code: 48, name: "terminated" });
    expect(terminated.interfaces).toEqual([]);
    expect(terminated.privateIpAddress).toBeUndefined();
    expect(terminated.subnetId).toBeUndefined();
    expect(terminated.privateDnsName).toBe("");
    expect(terminated.publicDnsName).toBe("");
    expect(eniRecord(net.plane, primaryId)).toBeUndefined();
    expect(eniRecord(net.plane, kept.id)).toMatchObject({ status: "available" });
    expect(eniRecord(net.plane, kept.id)!.attachment).toBeUndefined();
    expect(freeAddresses(net.plane, net.subnet.id)).toBe(250);
    expect(
      net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] })).changes[0]!.currentState.name,
    ).toBe("terminated");
    settle(net.plane, 59 * 60 * 1000);
    expect(describe1(net.plane, id).state.name).toBe("terminated");
    settle(net.plane, 60 * 1000);
    expect(errorCode(() => describe1(net.plane, id))).toBe("InvalidInstanceID.NotFound");
  });

  it("honours termination and stop protection", () => {
    const net = network();
    const launched = launchOne(net, { disableApiTermination: true, disableApiStop: true });
    const id = launched.instance.id;
    settle(net.plane);
    expect(errorCode(() => net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] })))).toBe(
      "OperationNotPermitted",
    );
    expect(() => net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] }))).toThrow(
      `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
    );
    expect(errorCode(() => net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] })))).toBe(
      "OperationNotPermitted",
    );
    net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, disableApiTermination: false }));
    net.plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] }));
  });

  it("waits out the configured delays", () => {
    const plane = testPlane({
      config: {
        delays: {
          instancePendingMs: 5000,
          instanceStoppingMs: 3000,
          instanceShuttingDownMs: 2000,
          natGatewayPendingMs: 0,
          natGatewayDeletingMs: 0,
          deletedRetentionMs: 10_000,
        },
      },
    });
    const net = network({ plane });
    const id = launchOne(net).instance.id;
    settle(plane, 4999);
    expect(describe1(plane, id).state.name).toBe("pending");
    settle(plane, 1);
    expect(describe1(plane, id).state.name).toBe("running");
    plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }));
    settle(plane, 2000);
    expect(describe1(plane, id).state.name).toBe("stopping");
    settle(plane, 1000);
    expect(describe1(plane, id).state.name).toBe("stopped");
    plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] }));
    settle(plane, 1999);
    expect(describe1(plane, id).state.name).toBe("shutting-down");
    settle(plane, 1);
    expect(describe1(plane, id).state.name).toBe("terminated");
    settle(plane, 10_000);
    expect(plane.read(({ tx, scope }) => tx.get("instance", scope, id))).toBeUndefined();
  });

  it("terminates a pending instance without letting its pending schedule revive it", () => {
    const plane = testPlane({
      config: {
        delays: {
          instancePendingMs: 5000,
          instanceStoppingMs: 0,
          instanceShuttingDownMs: 10_000,
          natGatewayPendingMs: 0,
          natGatewayDeletingMs: 0,
          deletedRetentionMs: 60_000,
        },
      },
    });
    const net = network({ plane });
    const id = launchOne(net).instance.id;
    plane.write((ctx) => terminateInstances(ctx, { instanceIds: [id] }));
    settle(plane, 5000);
    expect(describe1(plane, id).state.name).toBe("shutting-down");
    settle(plane, 5000);
    expect(describe1(plane, id).state.name).toBe("terminated");
  });

  it("reboots any instance that exists", () => {
    const net = network();
    const id = launchOne(net).instance.id;
    net.plane.write((ctx) => rebootInstances(ctx, { instanceIds: [id] }));
    expect(
      errorCode(() =>
        net.plane.write((ctx) => rebootInstances(ctx, { instanceIds: ["i-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidInstanceID.NotFound");
    expect(errorCode(() => net.plane.write((ctx) => rebootInstances(ctx, {})))).toBe("MissingParameter");
  });
});

describe("DescribeInstances", () => {
  function fleet() {
    const net = network();
    const second = addSubnet(net, "10.0.2.0/24", "us-east-1b");
    net.plane.write((ctx) => modifySubnetAttribute(ctx, { subnetId: second.id, mapPublicIpOnLaunch: true }));
    const web = putSecurityGroup(net.plane, net.vpc.id, "web");
    const a = launch(net, {
      minCount: 2,
      maxCount: 2,
      tagSpecifications: [{ resourceType: "instance", tags: [{ key: "tier", value: "app" }] }],
    });
    const b = launch(net, {
      subnetId: second.id,
      securityGroupIds: [web.id],
      imageId: JAMMY,
      instanceType: "m5.large",
    });
    settle(net.plane);
    return { net, second, web, a, b };
  }

  it("groups instances by reservation and filters by every kind of field", () => {
    const { net, second, web, a, b } = fleet();
    const ids = (filters: { name: string; values: string[] }[]) =>
      net.plane
        .read((ctx) => describeInstances(ctx, { filters }))
        .reservations.flatMap((r) => r.instances.map((i) => i.instance.id))
        .sort();
    const all = net.plane.read((ctx) => describeInstances(ctx, {}));
    expect(all.reservations.map((r) => [r.reservationId, r.instances.length])).toEqual([
      [a.reservationId, 2],
      [b.reservationId, 1],
    ]);
    const aIds = a.instances.map((i) => i.instance.id).sort();
    const bId = b.instances[0]!.instance.id;
    expect(ids([{ name: "subnet-id", values: [net.subnet.id] }])).toEqual(aIds);
    expect(ids([{ name: "subnet-id", values: [second.id] }])).toEqual([bId]);
    expect(ids([{ name: "vpc-id", values: [net.vpc.id] }])).toHaveLength(3);
    expect(ids([{ name: "instance-state-name", values: ["running"] }])).toHaveLength(3);
    expect(ids([{ name: "instance-state-code", values: ["16"] }])).toHaveLength(3);
    expect(ids([{ name: "private-ip-address", values: ["10.0.2.4"] }])).toEqual([bId]);
    expect(ids([{ name: "network-interface.addresses.private-ip-address", values: ["10.0.1.*"] }])).toEqual(
      aIds,
    );
    expect(ids([{ name: "ip-address", values: [b.instances[0]!.publicIpAddress!] }])).toEqual([bId]);
    expect(ids([{ name: "instance.group-id", values: [web.id] }])).toEqual([bId]);
    expect(ids([{ name: "instance.group-name", values: ["default"] }])).toEqual(aIds);
    expect(ids([{ name: "tag:tier", values: ["app"] }])).toEqual(aIds);
    expect(ids([{ name: "image-id", values: [JAMMY] }])).toEqual([bId]);
    expect(ids([{ name: "instance-type", values: ["m5.*"] }])).toEqual([bId]);
    expect(ids([{ name: "availability-zone", values: ["us-east-1b"] }])).toEqual([bId]);
    expect(ids([{ name: "availability-zone-id", values: ["use1-az2"] }])).toEqual([bId]);
    expect(ids([{ name: "reservation-id", values: [a.reservationId] }])).toEqual(aIds);
    expect(ids([{ name: "network-interface.association.ip-owner-id", values: ["amazon"] }])).toEqual([bId]);
    expect(ids([{ name: "private-dns-name", values: ["ip-10-0-2-4.ec2.internal"] }])).toEqual([bId]);
    expect(ids([{ name: "root-device-name", values: ["/dev/sda1"] }])).toEqual([bId]);
    expect(ids([{ name: "launch-index", values: ["1"] }])).toEqual([a.instances[1]!.instance.id]);
    expect(ids([{ name: "source-dest-check", values: ["true"] }])).toHaveLength(3);
    expect(ids([{ name: "network-interface.operator.managed", values: ["false"] }])).toHaveLength(3);
    expect(ids([{ name: "network-interface.operator.managed", values: ["true"] }])).toEqual([]);
    expect(ids([{ name: "network-interface.ipv6-native", values: ["false"] }])).toHaveLength(3);
    expect(ids([{ name: "network-interface.ipv6-native", values: ["true"] }])).toEqual([]);
    expect(ids([{ name: "tag-value", values: ["app"] }])).toEqual(aIds);
    expect(
      ids([
        { name: "vpc-id", values: [net.vpc.id] },
        { name: "subnet-id", values: [second.id] },
      ]),
    ).toEqual([bId]);
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeInstances(ctx, { filters: [{ name: "bogus", values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("pages with MaxResults, never together with InstanceIds", () => {
    const net = network();
    const reservation = launch(net, { minCount: 12, maxCount: 12 });
    const seen: string[] = [];
    let nextToken: string | undefined;
    const pages: number[] = [];
    do {
      const page = net.plane.read((ctx) =>
        describeInstances(ctx, { maxResults: 5, ...(nextToken ? { nextToken } : {}) }),
      );
      const instances = page.reservations.flatMap((r) => r.instances);
      pages.push(instances.length);
      seen.push(...instances.map((i) => i.instance.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual([5, 5, 2]);
    expect(seen).toEqual(reservation.instances.map((i) => i.instance.id));
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeInstances(ctx, { instanceIds: [seen[0]!], maxResults: 5 })),
      ),
    ).toBe("InvalidParameterCombination");
    expect(errorCode(() => net.plane.read((ctx) => describeInstances(ctx, { maxResults: 4 })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeInstances(ctx, { instanceIds: [seen[0]!, "i-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidInstanceID.NotFound");
  });
});

describe("DescribeInstanceStatus", () => {
  it("describes running instances only, unless IncludeAllInstances", () => {
    const net = network();
    const [a, b] = launch(net, { minCount: 2, maxCount: 2 }).instances.map((i) => i.instance.id);
    expect(net.plane.read((ctx) => describeInstanceStatus(ctx, {})).statuses).toEqual([]);
    settle(net.plane);
    net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [b!] }));
    settle(net.plane);
    const running = net.plane.read((ctx) => describeInstanceStatus(ctx, {})).statuses;
    expect(running.map((s) => [s.instanceId, s.state.name, s.status])).toEqual([[a, "running", "ok"]]);
    const all = net.plane.read((ctx) => describeInstanceStatus(ctx, { includeAllInstances: true })).statuses;
    expect(all.map((s) => [s.state.name, s.status])).toEqual([
      ["running", "ok"],
      ["stopped", "not-applicable"],
    ]);
    const filtered = net.plane.read((ctx) =>
      describeInstanceStatus(ctx, {
        includeAllInstances: true,
        filters: [{ name: "instance-state-name", values: ["stopped"] }],
      }),
    );
    expect(filtered.statuses.map((s) => s.instanceId)).toEqual([b]);
    for (const name of ["tag:Name", "tag-key", "tag-value"]) {
      expect(
        errorCode(() =>
          net.plane.read((ctx) => describeInstanceStatus(ctx, { filters: [{ name, values: ["x"] }] })),
        ),
      ).toBe("InvalidParameterValue");
    }
    expect(net.plane.read((ctx) => describeInstanceStatus(ctx, { instanceIds: [b!] })).statuses).toEqual([]);
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeInstanceStatus(ctx, { instanceIds: [a!], maxResults: 5 })),
      ),
    ).toBe("InvalidParameterCombination");
  });
});

describe("DescribeInstanceStatus status checks", () => {
  const delays = {
    instancePendingMs: 3000,
    instanceStoppingMs: 1000,
    instanceShuttingDownMs: 0,
    instanceStatusInitializingMs: 10_000,
    natGatewayPendingMs: 0,
    natGatewayDeletingMs: 0,
    deletedRetentionMs: 60_000,
  };
  const checks = (plane: TestPlane, instanceIds?: string[], includeAllInstances?: boolean) =>
    plane
      .read((ctx) =>
        describeInstanceStatus(ctx, {
          ...(instanceIds ? { instanceIds } : {}),
          ...(includeAllInstances ? { includeAllInstances } : {}),
        }),
      )
      .statuses.map((s) => [s.state.name, s.status]);

  it("reports initializing from the moment the instance runs until the delay has passed, then ok", () => {
    const plane = testPlane({ config: { delays } });
    const net = network({ plane });
    const id = launchOne(net).instance.id;
    expect(checks(plane, [id])).toEqual([]);
    expect(checks(plane, [id], true)).toEqual([["pending", "not-applicable"]]);
    // Settled late (5 s into a 3 s pending): the checks started when it ran, at 3 s, not at 5 s.
    settle(plane, 5000);
    expect(checks(plane, [id])).toEqual([["running", "initializing"]]);
    const initializing = (name: string) =>
      plane.read((ctx) => describeInstanceStatus(ctx, { filters: [{ name, values: ["initializing"] }] }))
        .statuses.length;
    expect(initializing("instance-status.reachability")).toBe(1);
    expect(initializing("system-status.status")).toBe(1);
    settle(plane, 7999);
    expect(checks(plane, [id])).toEqual([["running", "initializing"]]);
    settle(plane, 1);
    expect(checks(plane, [id])).toEqual([["running", "ok"]]);
    // A stop and a start run the checks again.
    plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }));
    settle(plane, 1000);
    expect(checks(plane, [id])).toEqual([]);
    expect(checks(plane, [id], true)).toEqual([["stopped", "not-applicable"]]);
    plane.write((ctx) => startInstances(ctx, { instanceIds: [id] }));
    settle(plane, 3000);
    expect(checks(plane, [id])).toEqual([["running", "initializing"]]);
    settle(plane, 10_000);
    expect(checks(plane, [id])).toEqual([["running", "ok"]]);
  });

  it("reports ok by the next request with the default delay of zero", () => {
    const net = network();
    const id = launchOne(net).instance.id;
    settle(net.plane);
    expect(checks(net.plane, [id])).toEqual([["running", "ok"]]);
  });
});

describe("ModifyInstanceAttribute and DescribeInstanceAttribute", () => {
  function running() {
    const net = network();
    const launched = launchOne(net, { userData: USER_DATA });
    settle(net.plane);
    return { net, id: launched.instance.id, eniId: launched.interfaces[0]!.id };
  }

  const attribute = (plane: TestPlane, instanceId: string, name: string) =>
    plane.read((ctx) => describeInstanceAttribute(ctx, { instanceId, attribute: name })).value;

  it("turns source/destination checking off on the primary interface (a NAT instance)", () => {
    const { net, id, eniId } = running();
    expect(attribute(net.plane, id, "sourceDestCheck")).toEqual({ kind: "boolean", value: true });
    net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, sourceDestCheck: false }));
    expect(eniRecord(net.plane, eniId)!.sourceDestCheck).toBe(false);
    expect(describe1(net.plane, id).sourceDestCheck).toBe(false);
    expect(attribute(net.plane, id, "sourceDestCheck")).toEqual({ kind: "boolean", value: false });
    net.plane.write((ctx) =>
      modifyInstanceAttribute(ctx, { instanceId: id, attribute: "sourceDestCheck", value: "true" }),
    );
    expect(eniRecord(net.plane, eniId)!.sourceDestCheck).toBe(true);
  });

  it("replaces the security groups, within the instance's VPC", () => {
    const { net, id } = running();
    const web = putSecurityGroup(net.plane, net.vpc.id, "web");
    const db = putSecurityGroup(net.plane, net.vpc.id, "db");
    net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, groups: [web.id, db.id] }));
    expect(attribute(net.plane, id, "groupSet")).toEqual({
      kind: "groups",
      groups: [
        { groupId: web.id, groupName: "web" },
        { groupId: db.id, groupName: "db" },
      ],
    });
    const { vpc: other } = net.plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.8.0.0/16" }));
    const foreign = putSecurityGroup(net.plane, other.id, "foreign");
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, groups: [foreign.id] })),
      ),
    ).toBe("InvalidGroup.NotFound");
  });

  it("changes user data and the instance type only while stopped", () => {
    const { net, id } = running();
    expect(attribute(net.plane, id, "userData")).toEqual({ kind: "string", value: USER_DATA });
    const script = new Uint8Array(Buffer.from("#!/bin/sh\necho hi\n"));
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, userData: script })),
      ),
    ).toBe("IncorrectInstanceState");
    expect(() =>
      net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, instanceType: "t3.small" })),
    ).toThrow(`The instance '${id}' is not in the 'stopped' state.`);
    net.plane.write((ctx) => stopInstances(ctx, { instanceIds: [id] }));
    settle(net.plane);
    net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, userData: script }));
    expect(attribute(net.plane, id, "userData")).toEqual({
      kind: "string",
      value: Buffer.from(script).toString("base64"),
    });
    net.plane.write((ctx) =>
      modifyInstanceAttribute(ctx, { instanceId: id, attribute: "instanceType", value: "t3.small" }),
    );
    expect(attribute(net.plane, id, "instanceType")).toEqual({ kind: "string", value: "t3.small" });
    expect(
      errorCode(() =>
        net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, instanceType: "t4g.small" })),
      ),
    ).toBe("InvalidParameterValue");
    net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id, userData: new Uint8Array() }));
    expect(attribute(net.plane, id, "userData")).toEqual({ kind: "string" });
  });

  it("refuses unknown attributes, several at once, and none", () => {
    const { net, id } = running();
    expect(errorCode(() => attribute(net.plane, id, "colour"))).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyInstanceAttribute(ctx, { instanceId: id, sourceDestCheck: false, disableApiStop: true }),
        ),
      ),
    ).toBe("InvalidParameterCombination");
    expect(errorCode(() => net.plane.write((ctx) => modifyInstanceAttribute(ctx, { instanceId: id })))).toBe(
      "MissingParameter",
    );
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyInstanceAttribute(ctx, { instanceId: id, instanceInitiatedShutdownBehavior: "explode" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    net.plane.write((ctx) =>
      modifyInstanceAttribute(ctx, { instanceId: id, instanceInitiatedShutdownBehavior: "terminate" }),
    );
    expect(attribute(net.plane, id, "instanceInitiatedShutdownBehavior")).toEqual({
      kind: "string",
      value: "terminate",
    });
    expect(attribute(net.plane, id, "rootDeviceName")).toEqual({ kind: "string", value: "/dev/xvda" });
    expect(attribute(net.plane, id, "kernel")).toEqual({ kind: "string" });
  });

  it("refuses instance-level interface attributes on an instance with several interfaces", () => {
    const net = network();
    const launched = launchOne(net, {
      subnetId: undefined,
      networkInterfaces: [
        { deviceIndex: 0, subnetId: net.subnet.id },
        { deviceIndex: 1, subnetId: net.subnet.id },
      ],
    });
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyInstanceAttribute(ctx, { instanceId: launched.instance.id, sourceDestCheck: false }),
        ),
      ),
    ).toBe("InvalidInstanceID");
  });
});
