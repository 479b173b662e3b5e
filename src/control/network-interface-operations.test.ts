import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateAddress, associateAddress } from "./addresses.js";
import {
  addressesInUse,
  assignPrivateIpAddresses,
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
  unassignPrivateIpAddresses,
} from "./network-interfaces.js";
import {
  addSubnet,
  eniRecord,
  instanceRecord,
  type Network,
  network,
  putInstance,
  putSecurityGroup,
} from "./network-test-support.js";
import { createRoute, createRouteTable, describeRouteTables } from "./route-tables.js";
import { describeSubnets } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import { modifyVpcAttribute } from "./vpcs.js";

function create(net: Network, input: Omit<Parameters<typeof createNetworkInterface>[1], "subnetId"> = {}) {
  return net.plane.write((ctx) => createNetworkInterface(ctx, { subnetId: net.subnet.id, ...input }))
    .networkInterface;
}

function describeOne(net: Network, id: string) {
  return net.plane.read((ctx) => describeNetworkInterfaces(ctx, { networkInterfaceIds: [id] }))
    .networkInterfaces[0]!;
}

function defaultGroupId(net: Network): string {
  return net.plane.read(
    ({ tx, scope }) => tx.listBy("securityGroup", scope, "vpcId", net.vpc.id).find((g) => g.isDefault)!.id,
  );
}

describe("CreateNetworkInterface", () => {
  it("creates an interface with AWS's defaults: default group, lowest address, pending in the response only", () => {
    const net = network();
    const eni = create(net, { description: "web" });
    expect(eni).toMatchObject({
      status: "pending",
      subnetId: net.subnet.id,
      vpcId: net.vpc.id,
      availabilityZone: "us-east-1a",
      description: "web",
      interfaceType: "interface",
      sourceDestCheck: true,
      requesterManaged: false,
      privateDnsName: "ip-10-0-1-4.ec2.internal",
      groups: [{ groupId: defaultGroupId(net), groupName: "default" }],
      addresses: [{ address: "10.0.1.4", primary: true, privateDnsName: "ip-10-0-1-4.ec2.internal" }],
    });
    expect(eni.id).toMatch(/^eni-[0-9a-f]{17}$/);
    expect(eni.macAddress).toMatch(/^0e(:[0-9a-f]{2}){5}$/);
    expect(describeOne(net, eni.id).status).toBe("available");
    expect(net.plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount).toBe(250);
  });

  it("takes explicit primary and secondary addresses, and secondaries by count", () => {
    const net = network();
    const explicit = create(net, {
      privateIpAddresses: [
        { privateIpAddress: "10.0.1.20", primary: true },
        { privateIpAddress: "10.0.1.21" },
      ],
      secondaryPrivateIpAddressCount: 0,
    });
    expect(explicit.addresses.map((a) => [a.address, a.primary])).toEqual([
      ["10.0.1.20", true],
      ["10.0.1.21", false],
    ]);
    const counted = create(net, { privateIpAddress: "10.0.1.30", secondaryPrivateIpAddressCount: 2 });
    expect(counted.addresses.map((a) => a.address)).toEqual(["10.0.1.30", "10.0.1.4", "10.0.1.5"]);
  });

  it("answers AWS's errors for subnets, addresses and groups", () => {
    const net = network();
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16" });
    const make = (input: Parameters<typeof createNetworkInterface>[1]) =>
      errorCode(() => net.plane.write((ctx) => createNetworkInterface(ctx, input)));
    const subnetId = net.subnet.id;
    expect(make({})).toBe("MissingParameter");
    expect(make({ subnetId: "subnet-0123456789abcdef0" })).toBe("InvalidSubnetID.NotFound");
    expect(make({ subnetId: "subnet-x" })).toBe("InvalidSubnetID.Malformed");
    create(net, { privateIpAddress: "10.0.1.50" });
    expect(make({ subnetId, privateIpAddress: "10.0.1.50" })).toBe("InvalidIPAddress.InUse");
    // A secondary address in use is InvalidParameterValue on AWS, not InvalidIPAddress.InUse.
    expect(
      make({
        subnetId,
        privateIpAddress: "10.0.1.51",
        privateIpAddresses: [{ privateIpAddress: "10.0.1.50" }],
      }),
    ).toBe("InvalidParameterValue");
    expect(make({ subnetId, privateIpAddress: "10.0.2.5" })).toBe("InvalidParameterValue");
    expect(make({ subnetId, privateIpAddress: "10.0.1.255" })).toBe("InvalidParameterValue");
    expect(
      make({
        subnetId,
        privateIpAddresses: [{ privateIpAddress: "10.0.1.60" }, { privateIpAddress: "10.0.1.61" }],
        secondaryPrivateIpAddressCount: 1,
      }),
    ).toBe("InvalidParameterCombination");
    expect(make({ subnetId, secondaryPrivateIpAddressCount: -1 })).toBe("InvalidParameterValue");
    expect(make({ subnetId, groups: ["sg-0123456789abcdef0"] })).toBe("InvalidGroup.NotFound");
    expect(make({ subnetId, groups: ["nope"] })).toBe("InvalidGroupId.Malformed");
    const foreign = putSecurityGroup(net.plane, other.vpc.id, "elsewhere");
    expect(make({ subnetId, groups: [foreign.id] })).toBe("InvalidParameter");
    const six = ["a", "b", "c", "d", "e", "f"].map((n) => putSecurityGroup(net.plane, net.vpc.id, n).id);
    expect(make({ subnetId, groups: six })).toBe("SecurityGroupsPerInterfaceLimitExceeded");
    expect(create(net, { groups: six.slice(0, 5) }).groups).toHaveLength(5);
    expect(make({ subnetId, ipv6AddressCount: 1 })).toBe("UnsupportedOperation");
    expect(make({ subnetId, interfaceType: "bogus" })).toBe("InvalidParameterValue");
    expect(
      make({ subnetId, tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "a", value: "b" }] }] }),
    ).toBe("InvalidParameterValue");
  });

  it("answers InsufficientFreeAddressesInSubnet in a full subnet", () => {
    const net = network({ cidrBlock: "10.0.1.0/28" });
    expect(errorCode(() => create(net, { secondaryPrivateIpAddressCount: 11 }))).toBe(
      "InsufficientFreeAddressesInSubnet",
    );
    create(net, { secondaryPrivateIpAddressCount: 10 });
    expect(errorCode(() => create(net))).toBe("InsufficientFreeAddressesInSubnet");
    // A count far beyond the subnet fails at once, without trying address after address.
    const wide = network({
      plane: net.plane,
      vpcCidr: "10.1.0.0/16",
      cidrBlock: "10.1.0.0/16",
      internetGateway: false,
    });
    expect(errorCode(() => create(wide, { secondaryPrivateIpAddressCount: 1_000_000_000 }))).toBe(
      "InsufficientFreeAddressesInSubnet",
    );
  });
});

describe("DescribeNetworkInterfaces", () => {
  it("answers every documented filter", () => {
    const net = network();
    modifyDnsHostnames(net);
    const web = putSecurityGroup(net.plane, net.vpc.id, "web");
    const a = create(net, {
      description: "first",
      groups: [web.id],
      secondaryPrivateIpAddressCount: 1,
      tagSpecifications: [{ resourceType: "network-interface", tags: [{ key: "Name", value: "a" }] }],
    });
    const b = create(net, { description: "second" });
    const { instance } = putInstance(net.plane, net.subnet);
    net.plane.clock.advance(60_000);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: b.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, {}));
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: address.id, networkInterfaceId: a.id }));
    const ids = (name: string, ...values: string[]) =>
      net.plane
        .read((ctx) => describeNetworkInterfaces(ctx, { filters: [{ name, values }] }))
        .networkInterfaces.map((e) => e.id)
        .sort();
    const both = [a.id, b.id].sort();
    const attachment = eniRecord(net.plane, b.id)!.attachment!;
    expect(ids("addresses.private-ip-address", "10.0.1.5")).toEqual([a.id]);
    expect(ids("addresses.primary", "false")).toEqual([a.id]);
    expect(ids("addresses.association.public-ip", address.publicIp)).toEqual([a.id]);
    expect(ids("addresses.association.owner-id", net.plane.env.scope.account)).toEqual([a.id]);
    expect(ids("association.public-ip", address.publicIp)).toEqual([a.id]);
    expect(ids("association.allocation-id", address.id)).toEqual([a.id]);
    expect(ids("association.association-id", "eipassoc-*")).toEqual([a.id]);
    expect(ids("association.ip-owner-id", net.plane.env.scope.account)).toEqual([a.id]);
    expect(
      ids(
        "association.public-dns-name",
        `ec2-${address.publicIp.replaceAll(".", "-")}.compute-1.amazonaws.com`,
      ),
    ).toEqual([a.id]);
    expect(ids("attachment.attachment-id", attachment.attachmentId)).toEqual([b.id]);
    expect(ids("attachment.attach-time", attachment.attachTime.toISOString())).toEqual([b.id]);
    expect(ids("attachment.delete-on-termination", "false")).toEqual([b.id]);
    expect(ids("attachment.device-index", "1")).toEqual([b.id]);
    expect(ids("attachment.instance-id", instance.id)).toContain(b.id);
    expect(ids("attachment.instance-owner-id", net.plane.env.scope.account)).toContain(b.id);
    expect(ids("attachment.status", "attached")).toContain(b.id);
    expect(ids("availability-zone", "us-east-1a")).toEqual(expect.arrayContaining(both));
    expect(ids("availability-zone-id", "use1-az1")).toEqual(expect.arrayContaining(both));
    expect(ids("availability-zone-id", "use1-az2")).toEqual([]);
    expect(ids("description", "fir*")).toEqual([a.id]);
    expect(ids("group-id", web.id)).toEqual([a.id]);
    expect(ids("group-name", "web")).toEqual([a.id]);
    expect(ids("ipv6-addresses.ipv6-address", "::1")).toEqual([]);
    expect(ids("interface-type", "interface")).toEqual(expect.arrayContaining(both));
    expect(ids("mac-address", eniRecord(net.plane, a.id)!.macAddress)).toEqual([a.id]);
    expect(ids("network-interface-id", a.id)).toEqual([a.id]);
    expect(ids("operator.managed", "false")).toEqual(expect.arrayContaining(both));
    expect(ids("operator.managed", "true")).toEqual([]);
    expect(ids("operator.principal", "*")).toEqual([]);
    expect(ids("owner-id", net.plane.env.scope.account)).toEqual(expect.arrayContaining(both));
    expect(ids("private-ip-address", "10.0.1.4")).toEqual([a.id]);
    expect(ids("private-dns-name", "ip-10-0-1-6.ec2.internal")).toEqual([b.id]);
    expect(ids("requester-id", "*")).toEqual([]);
    expect(ids("requester-managed", "false")).toEqual(expect.arrayContaining(both));
    expect(ids("source-dest-check", "true")).toEqual(expect.arrayContaining(both));
    expect(ids("status", "in-use")).toContain(b.id);
    expect(ids("status", "available")).toEqual([a.id]);
    expect(ids("subnet-id", net.subnet.id)).toEqual(expect.arrayContaining(both));
    expect(ids("vpc-id", net.vpc.id)).toEqual(expect.arrayContaining(both));
    expect(ids("tag:Name", "a")).toEqual([a.id]);
    expect(ids("tag-key", "Name")).toEqual([a.id]);
    expect(errorCode(() => ids("bogus", "x"))).toBe("InvalidParameterValue");
  });

  it("shows public DNS names only with DNS hostnames, and private ones per address", () => {
    const net = network();
    const eni = create(net, { secondaryPrivateIpAddressCount: 1 });
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, {}));
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: address.id, networkInterfaceId: eni.id }));
    expect(describeOne(net, eni.id).association).toEqual({
      publicIp: address.publicIp,
      ipOwnerId: net.plane.env.scope.account,
      allocationId: address.id,
      associationId: expect.stringMatching(/^eipassoc-/),
    });
    modifyDnsHostnames(net);
    const view = describeOne(net, eni.id);
    expect(view.association?.publicDnsName).toBe(
      `ec2-${address.publicIp.replaceAll(".", "-")}.compute-1.amazonaws.com`,
    );
    expect(view.addresses.map((a) => a.privateDnsName)).toEqual([
      "ip-10-0-1-4.ec2.internal",
      "ip-10-0-1-5.ec2.internal",
    ]);
  });

  it("pages, rejects unknown ids, and refuses MaxResults with ids", () => {
    const net = network();
    const created = [0, 1, 2, 3, 4, 5, 6].map(() => create(net).id);
    const first = net.plane.read((ctx) => describeNetworkInterfaces(ctx, { maxResults: 5 }));
    expect(first.networkInterfaces).toHaveLength(5);
    const second = net.plane.read((ctx) =>
      describeNetworkInterfaces(ctx, { maxResults: 5, nextToken: first.nextToken! }),
    );
    expect([...first.networkInterfaces, ...second.networkInterfaces].map((e) => e.id)).toEqual(created);
    expect(second.nextToken).toBeUndefined();
    const read = (input: Parameters<typeof describeNetworkInterfaces>[1]) =>
      errorCode(() => net.plane.read((ctx) => describeNetworkInterfaces(ctx, input)));
    expect(read({ networkInterfaceIds: ["eni-0123456789abcdef0"] })).toBe(
      "InvalidNetworkInterfaceID.NotFound",
    );
    expect(read({ networkInterfaceIds: ["eni-zz"] })).toBe("InvalidNetworkInterfaceId.Malformed");
    expect(read({ networkInterfaceIds: [created[0]!], maxResults: 5 })).toBe("InvalidParameterCombination");
    expect(read({ maxResults: 4 })).toBe("InvalidParameterValue");
  });
});

function modifyDnsHostnames(net: Network): void {
  net.plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: net.vpc.id, enableDnsHostnames: true }));
}

describe("AttachNetworkInterface and DetachNetworkInterface", () => {
  it("attaches at a free device index, keeping the instance, the interface and Elastic IPs in step", () => {
    const net = network();
    const { instance, eni: primary } = putInstance(net.plane, net.subnet);
    const eni = create(net);
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, {}));
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: address.id, networkInterfaceId: eni.id }));
    const { attachmentId } = net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 2 }),
    );
    expect(attachmentId).toMatch(/^eni-attach-[0-9a-f]{17}$/);
    const attached = describeOne(net, eni.id);
    expect(attached.status).toBe("in-use");
    expect(attached.attachment).toMatchObject({
      attachmentId,
      instanceId: instance.id,
      deviceIndex: 2,
      status: "attached",
    });
    expect(attached.instanceId).toBe(instance.id);
    expect(instanceRecord(net.plane, instance.id)!.networkInterfaceIds).toEqual([primary.id, eni.id]);
    const elastic = () =>
      net.plane.read(({ tx, scope }) => tx.get("address", scope, address.id)!.association);
    expect(elastic()?.instanceId).toBe(instance.id);

    net.plane.write((ctx) => detachNetworkInterface(ctx, { attachmentId }));
    const detached = describeOne(net, eni.id);
    expect(detached.status).toBe("available");
    expect(detached.attachment).toBeUndefined();
    expect(detached.instanceId).toBeUndefined();
    expect(instanceRecord(net.plane, instance.id)!.networkInterfaceIds).toEqual([primary.id]);
    expect(elastic()).toMatchObject({ networkInterfaceId: eni.id });
    expect(elastic()?.instanceId).toBeUndefined();
  });

  it("answers AWS's errors", () => {
    const net = network();
    const { instance, eni: primary } = putInstance(net.plane, net.subnet);
    const eni = create(net);
    const attach = (input: Parameters<typeof attachNetworkInterface>[1]) =>
      errorCode(() => net.plane.write((ctx) => attachNetworkInterface(ctx, input)));
    expect(attach({ networkInterfaceId: eni.id, instanceId: instance.id })).toBe("MissingParameter");
    expect(attach({ networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 0 })).toBe(
      "InvalidParameterValue",
    );
    expect(attach({ networkInterfaceId: eni.id, instanceId: "i-0123456789abcdef0", deviceIndex: 1 })).toBe(
      "InvalidInstanceID.NotFound",
    );
    expect(
      attach({ networkInterfaceId: "eni-0123456789abcdef0", instanceId: instance.id, deviceIndex: 1 }),
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(attach({ networkInterfaceId: primary.id, instanceId: instance.id, deviceIndex: 1 })).toBe(
      "InvalidParameterValue",
    );
    const other = create(net);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: other.id, instanceId: instance.id, deviceIndex: 2 }),
    );
    // A device index in use (hashicorp/terraform-provider-aws#906).
    expect(() =>
      net.plane.write((ctx) =>
        attachNetworkInterface(ctx, { networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 2 }),
      ),
    ).toThrow(`Instance '${instance.id}' already has an interface attached at device index '2'.`);
    const elsewhere = addSubnet(net, "10.0.2.0/24", "us-east-1b");
    const far = net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: elsewhere.id }),
    ).networkInterface;
    expect(attach({ networkInterfaceId: far.id, instanceId: instance.id, deviceIndex: 1 })).toBe(
      "InvalidParameterCombination",
    );
    const { instance: pending } = putInstance(net.plane, net.subnet, { state: "pending" });
    expect(attach({ networkInterfaceId: eni.id, instanceId: pending.id, deviceIndex: 1 })).toBe(
      "IncorrectInstanceState",
    );
    expect(
      attach({ networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 1, networkCardIndex: 1 }),
    ).toBe("InvalidParameterValue");

    const detach = (attachmentId: string | undefined) =>
      errorCode(() =>
        net.plane.write((ctx) => detachNetworkInterface(ctx, { ...(attachmentId ? { attachmentId } : {}) })),
      );
    expect(detach(undefined)).toBe("MissingParameter");
    expect(detach(primary.attachment!.attachmentId)).toBe("OperationNotPermitted");
    // AWS's wording names the network card too (getmoto/moto#7678).
    expect(() =>
      net.plane.write((ctx) =>
        detachNetworkInterface(ctx, { attachmentId: primary.attachment!.attachmentId }),
      ),
    ).toThrow("The network interface at device index 0 and networkCard index 0 cannot be detached.");
    expect(detach("eni-attach-0123456789abcdef0")).toBe("InvalidAttachmentID.NotFound");
    expect(detach("eni-attach-zz")).toBe("InvalidNetworkInterfaceAttachmentId.Malformed");
    expect(detach("ela-attach-0123abcd")).toBe("OperationNotPermitted");
  });
});

describe("DeleteNetworkInterface", () => {
  it("frees the addresses, refuses an interface in use", () => {
    const net = network();
    const { instance } = putInstance(net.plane, net.subnet);
    // Two addresses: a t3.micro allows two per interface.
    const eni = create(net, { secondaryPrivateIpAddressCount: 1 });
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    expect(
      errorCode(() => net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id }))),
    ).toBe("InvalidParameterValue");
    // AWS's answer (aws/amazon-vpc-cni-k8s#1399), not InvalidNetworkInterface.InUse (RunInstances' code).
    expect(() =>
      net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id })),
    ).toThrow(`Network interface '${eni.id}' is currently in use.`);
    const attachmentId = eniRecord(net.plane, eni.id)!.attachment!.attachmentId;
    net.plane.write((ctx) => detachNetworkInterface(ctx, { attachmentId }));
    const before = net.plane.read(({ tx, scope }) => addressesInUse(tx, scope, net.subnet.id).size);
    net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id }));
    expect(net.plane.read(({ tx, scope }) => addressesInUse(tx, scope, net.subnet.id).size)).toBe(before - 2);
    expect(
      errorCode(() => net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id }))),
    ).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(errorCode(() => net.plane.write((ctx) => deleteNetworkInterface(ctx, {})))).toBe(
      "MissingParameter",
    );
  });
});

describe("ModifyNetworkInterfaceAttribute", () => {
  it("changes one attribute at a time", () => {
    const net = network();
    const eni = create(net);
    const modify = (
      input: Omit<Parameters<typeof modifyNetworkInterfaceAttribute>[1], "networkInterfaceId">,
    ) =>
      net.plane.write((ctx) =>
        modifyNetworkInterfaceAttribute(ctx, { networkInterfaceId: eni.id, ...input }),
      );
    modify({ description: "router" });
    modify({ sourceDestCheck: false });
    const web = putSecurityGroup(net.plane, net.vpc.id, "web");
    modify({ groups: [web.id] });
    const view = describeOne(net, eni.id);
    expect(view).toMatchObject({
      description: "router",
      sourceDestCheck: false,
      groups: [{ groupId: web.id, groupName: "web" }],
    });
    expect(errorCode(() => modify({}))).toBe("MissingParameter");
    expect(errorCode(() => modify({ description: "x", sourceDestCheck: true }))).toBe(
      "InvalidParameterCombination",
    );
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16" });
    expect(errorCode(() => modify({ groups: [putSecurityGroup(net.plane, other.vpc.id, "x").id] }))).toBe(
      "InvalidGroup.NotFound",
    );
    expect(
      errorCode(() =>
        modify({ attachment: { attachmentId: "eni-attach-0123456789abcdef0", deleteOnTermination: true } }),
      ),
    ).toBe("InvalidAttachmentID.NotFound");
  });

  it("sets DeleteOnTermination of the attachment", () => {
    const net = network();
    const { instance } = putInstance(net.plane, net.subnet);
    const eni = create(net);
    const { attachmentId } = net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: eni.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          modifyNetworkInterfaceAttribute(ctx, { networkInterfaceId: eni.id, attachment: { attachmentId } }),
        ),
      ),
    ).toBe("MissingParameter");
    net.plane.write((ctx) =>
      modifyNetworkInterfaceAttribute(ctx, {
        networkInterfaceId: eni.id,
        attachment: { attachmentId, deleteOnTermination: true },
      }),
    );
    expect(eniRecord(net.plane, eni.id)!.attachment!.deleteOnTermination).toBe(true);
  });
});

describe("AssignPrivateIpAddresses and UnassignPrivateIpAddresses", () => {
  it("assigns by count and explicitly, and unassigns secondaries only", () => {
    const net = network();
    const eni = create(net);
    const assign = (input: Omit<Parameters<typeof assignPrivateIpAddresses>[1], "networkInterfaceId">) =>
      net.plane.write((ctx) => assignPrivateIpAddresses(ctx, { networkInterfaceId: eni.id, ...input }));
    expect(assign({ secondaryPrivateIpAddressCount: 2 }).assignedPrivateIpAddresses).toEqual([
      "10.0.1.5",
      "10.0.1.6",
    ]);
    expect(assign({ privateIpAddresses: ["10.0.1.40"] }).assignedPrivateIpAddresses).toEqual(["10.0.1.40"]);
    expect(describeOne(net, eni.id).addresses.map((a) => a.address)).toEqual([
      "10.0.1.4",
      "10.0.1.5",
      "10.0.1.6",
      "10.0.1.40",
    ]);
    expect(errorCode(() => assign({}))).toBe("MissingParameter");
    expect(
      errorCode(() => assign({ privateIpAddresses: ["10.0.1.41"], secondaryPrivateIpAddressCount: 1 })),
    ).toBe("InvalidParameterCombination");
    expect(errorCode(() => assign({ privateIpAddresses: ["10.0.9.1"] }))).toBe("InvalidParameterValue");

    const unassign = (addresses: string[]) =>
      net.plane.write((ctx) =>
        unassignPrivateIpAddresses(ctx, { networkInterfaceId: eni.id, privateIpAddresses: addresses }),
      );
    expect(errorCode(() => unassign(["10.0.1.4"]))).toBe("InvalidParameterValue");
    expect(errorCode(() => unassign(["10.0.1.99"]))).toBe("InvalidParameterValue");
    expect(errorCode(() => unassign([]))).toBe("MissingParameter");
    unassign(["10.0.1.5", "10.0.1.40"]);
    expect(describeOne(net, eni.id).addresses.map((a) => a.address)).toEqual(["10.0.1.4", "10.0.1.6"]);
    expect(net.plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount).toBe(249);
  });

  it("moves an address from another interface only with AllowReassignment, with its Elastic IP", () => {
    const net = network();
    const holder = create(net, { secondaryPrivateIpAddressCount: 1 });
    const taker = create(net);
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, {}));
    net.plane.write((ctx) =>
      associateAddress(ctx, {
        allocationId: address.id,
        networkInterfaceId: holder.id,
        privateIpAddress: "10.0.1.5",
      }),
    );
    const assign = (privateIpAddresses: string[], allowReassignment?: boolean) =>
      net.plane.write((ctx) =>
        assignPrivateIpAddresses(ctx, {
          networkInterfaceId: taker.id,
          privateIpAddresses,
          ...(allowReassignment !== undefined ? { allowReassignment } : {}),
        }),
      );
    expect(errorCode(() => assign(["10.0.1.5"]))).toBe("InvalidParameterValue");
    expect(errorCode(() => assign(["10.0.1.4"], true))).toBe("InvalidParameterValue");
    assign(["10.0.1.5"], true);
    expect(eniRecord(net.plane, holder.id)!.privateIpAddresses.map((p) => p.address)).toEqual(["10.0.1.4"]);
    const moved = eniRecord(net.plane, taker.id)!.privateIpAddresses.find((p) => p.address === "10.0.1.5")!;
    expect(moved.association).toMatchObject({ allocationId: address.id, publicIp: address.publicIp });
    const record = net.plane.read(({ tx, scope }) => tx.get("address", scope, address.id)!);
    expect(record.association).toMatchObject({ networkInterfaceId: taker.id, privateIpAddress: "10.0.1.5" });
    expect(record.association!.associationId).toBe(moved.association!.associationId);
  });

  it("disassociates the Elastic IP of an unassigned address", () => {
    const net = network();
    const eni = create(net, { secondaryPrivateIpAddressCount: 1 });
    const { address } = net.plane.write((ctx) => allocateAddress(ctx, {}));
    net.plane.write((ctx) =>
      associateAddress(ctx, {
        allocationId: address.id,
        networkInterfaceId: eni.id,
        privateIpAddress: "10.0.1.5",
      }),
    );
    net.plane.write((ctx) =>
      unassignPrivateIpAddresses(ctx, { networkInterfaceId: eni.id, privateIpAddresses: ["10.0.1.5"] }),
    );
    expect(
      net.plane.read(({ tx, scope }) => tx.get("address", scope, address.id)!.association),
    ).toBeUndefined();
  });

  it("never holds an address twice, whatever the sequence of operations", () => {
    type Op = { kind: "create" | "delete" | "assign" | "unassign" | "move"; pick: number; count: number };
    const op = fc.record({
      kind: fc.constantFrom("create", "delete", "assign", "unassign", "move"),
      pick: fc.nat(20),
      count: fc.integer({ min: 1, max: 3 }),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const net = network({ plane: testPlane(), cidrBlock: "10.0.1.0/27", internetGateway: false });
        const live: string[] = [];
        for (const o of ops) {
          const target = live[o.pick % Math.max(1, live.length)];
          try {
            if (o.kind === "create" || target === undefined) {
              live.push(create(net, { secondaryPrivateIpAddressCount: o.count - 1 }).id);
            } else if (o.kind === "delete") {
              net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: target }));
              live.splice(live.indexOf(target), 1);
            } else if (o.kind === "assign") {
              net.plane.write((ctx) =>
                assignPrivateIpAddresses(ctx, {
                  networkInterfaceId: target,
                  secondaryPrivateIpAddressCount: o.count,
                }),
              );
            } else if (o.kind === "unassign") {
              const secondary = eniRecord(net.plane, target)!.privateIpAddresses.filter((p) => !p.primary);
              if (secondary.length > 0) {
                net.plane.write((ctx) =>
                  unassignPrivateIpAddresses(ctx, {
                    networkInterfaceId: target,
                    privateIpAddresses: [secondary[0]!.address],
                  }),
                );
              }
            } else {
              const from = live[(o.pick + 1) % live.length]!;
              const secondary = eniRecord(net.plane, from)!.privateIpAddresses.find((p) => !p.primary);
              if (secondary && from !== target) {
                net.plane.write((ctx) =>
                  assignPrivateIpAddresses(ctx, {
                    networkInterfaceId: target,
                    privateIpAddresses: [secondary.address],
                    allowReassignment: true,
                  }),
                );
              }
            }
          } catch (error) {
            if ((error as { code?: string }).code !== "InsufficientFreeAddressesInSubnet") throw error;
          }
          const held = net.plane.read(({ tx, scope }) =>
            tx
              .listBy("networkInterface", scope, "subnetId", net.subnet.id)
              .flatMap((e) => e.privateIpAddresses.map((p) => p.address)),
          );
          expect(new Set(held).size).toBe(held.length);
          const free = net.plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount;
          expect(free).toBe(27 - held.length);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("routes to interfaces and instances", () => {
  it("resolve an instance to its primary interface and turn blackhole when the interface goes", () => {
    const net = network();
    const { routeTable } = net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id }));
    const { instance, eni: primary } = putInstance(net.plane, net.subnet);
    const eni = create(net);
    net.plane.write((ctx) => {
      createRoute(ctx, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "192.168.0.0/16",
        instanceId: instance.id,
      });
      createRoute(ctx, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "172.16.0.0/12",
        networkInterfaceId: eni.id,
      });
    });
    const routes = () =>
      net.plane
        .read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
        .routeTables[0]!.routes.slice(1);
    expect(routes().map((r) => [r.target, r.state])).toEqual([
      [{ kind: "instance", id: instance.id, networkInterfaceId: primary.id }, "active"],
      [{ kind: "networkInterface", id: eni.id }, "active"],
    ]);
    net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id }));
    net.plane.write(({ tx, scope }) => tx.delete("networkInterface", scope, primary.id));
    expect(routes().map((r) => r.state)).toEqual(["blackhole", "blackhole"]);
  });

  it("answer AWS's errors for unknown targets, other VPCs and instances with several interfaces", () => {
    const net = network();
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16" });
    const { routeTable } = net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id }));
    const route = (target: Record<string, string>) =>
      errorCode(() =>
        net.plane.write((ctx) =>
          createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", ...target }),
        ),
      );
    expect(route({ networkInterfaceId: "eni-0123456789abcdef0" })).toBe("InvalidNetworkInterfaceID.NotFound");
    expect(route({ instanceId: "i-0123456789abcdef0" })).toBe("InvalidInstanceID.NotFound");
    const foreign = other.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: other.subnet.id }),
    ).networkInterface;
    expect(route({ networkInterfaceId: foreign.id })).toBe("InvalidParameterValue");
    const { instance: far } = putInstance(net.plane, other.subnet);
    expect(route({ instanceId: far.id })).toBe("InvalidParameterValue");
    const { instance } = putInstance(net.plane, net.subnet);
    const second = create(net);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: second.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    expect(route({ instanceId: instance.id })).toBe("InvalidInstanceID");
  });
});

describe("limits of the instance type", () => {
  it("caps the interfaces of an instance and the addresses of each (t3.micro: 2 and 2)", () => {
    const net = network();
    const { instance, eni: primary } = putInstance(net.plane, net.subnet);
    const second = create(net);
    const third = create(net);
    net.plane.write((ctx) =>
      attachNetworkInterface(ctx, { networkInterfaceId: second.id, instanceId: instance.id, deviceIndex: 1 }),
    );
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          attachNetworkInterface(ctx, {
            networkInterfaceId: third.id,
            instanceId: instance.id,
            deviceIndex: 2,
          }),
        ),
      ),
    ).toBe("AttachmentLimitExceeded");
    net.plane.write((ctx) =>
      assignPrivateIpAddresses(ctx, { networkInterfaceId: primary.id, secondaryPrivateIpAddressCount: 1 }),
    );
    expect(
      errorCode(() =>
        net.plane.write((ctx) =>
          assignPrivateIpAddresses(ctx, {
            networkInterfaceId: primary.id,
            secondaryPrivateIpAddressCount: 1,
          }),
        ),
      ),
    ).toBe("PrivateIpAddressLimitExceeded");
    // An interface that is not attached is limited by nothing but its subnet.
    net.plane.write((ctx) =>
      assignPrivateIpAddresses(ctx, { networkInterfaceId: third.id, secondaryPrivateIpAddressCount: 5 }),
    );
    expect(describeOne(net, third.id).privateIpAddresses).toHaveLength(6);
  });
});
