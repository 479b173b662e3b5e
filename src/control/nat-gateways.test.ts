import { describe, expect, it } from "vitest";
import { allocateAddress, associateAddress, disassociateAddress, releaseAddress } from "./addresses.js";
import { DEFAULT_CONTROL_CONFIG } from "./context.js";
import { detachInternetGateway } from "./internet-gateways.js";
import { createNatGateway, deleteNatGateway, describeNatGateways } from "./nat-gateways.js";
import {
  createNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
  unassignPrivateIpAddresses,
} from "./network-interfaces.js";
import { addSubnet, eniRecord, type Network, network, settle, subnetRecord } from "./network-test-support.js";
import { createRoute, createRouteTable, describeRouteTables } from "./route-tables.js";
import { deleteSubnet, describeSubnets } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import { deleteVpc } from "./vpcs.js";

function allocate(net: Network) {
  return net.plane.write((ctx) => allocateAddress(ctx, {})).address;
}

function nat(net: Network, id: string) {
  return net.plane.read((ctx) => describeNatGateways(ctx, { natGatewayIds: [id] })).natGateways[0]!;
}

function publicNat(
  net: Network,
  allocationId: string,
  extra: Partial<Parameters<typeof createNatGateway>[1]> = {},
) {
  return net.plane.write((ctx) => createNatGateway(ctx, { subnetId: net.subnet.id, allocationId, ...extra }))
    .natGateway;
}

describe("CreateNatGateway", () => {
  it("creates a public gateway: pending, then available with its interface and Elastic IP", () => {
    const net = network();
    const eip = allocate(net);
    const created = publicNat(net, eip.id, {
      tagSpecifications: [{ resourceType: "natgateway", tags: [{ key: "Name", value: "tutorial" }] }],
    });
    expect(created).toMatchObject({
      state: "pending",
      connectivityType: "public",
      vpcId: net.vpc.id,
      subnetId: net.subnet.id,
      tags: [{ key: "Name", value: "tutorial" }],
      addresses: [{ allocationId: eip.id, privateIp: "10.0.1.4", isPrimary: true, status: "associating" }],
    });
    expect(created.id).toMatch(/^nat-[0-9a-f]{17}$/);
    expect(settle(net.plane)).toBe(1);
    const ready = nat(net, created.id);
    const address = net.plane.read(({ tx, scope }) => tx.get("address", scope, eip.id)!);
    expect(ready.state).toBe("available");
    expect(ready.addresses).toEqual([
      {
        networkInterfaceId: created.addresses[0]!.networkInterfaceId,
        privateIp: "10.0.1.4",
        allocationId: eip.id,
        publicIp: eip.publicIp,
        associationId: address.association!.associationId,
        isPrimary: true,
        status: "succeeded",
      },
    ]);
    expect(address.association).toMatchObject({
      networkInterfaceId: created.addresses[0]!.networkInterfaceId,
      privateIpAddress: "10.0.1.4",
    });
    expect(address.association?.instanceId).toBeUndefined();
    const eni = net.plane.read((ctx) =>
      describeNetworkInterfaces(ctx, { networkInterfaceIds: [created.addresses[0]!.networkInterfaceId] }),
    ).networkInterfaces[0]!;
    expect(eni).toMatchObject({
      description: `Interface for NAT Gateway ${created.id}`,
      interfaceType: "nat_gateway",
      groups: [],
      sourceDestCheck: false,
      requesterManaged: true,
      status: "in-use",
      attachment: {
        instanceOwnerId: "amazon-aws",
        deviceIndex: 1,
        status: "attached",
        deleteOnTermination: false,
      },
      association: { publicIp: eip.publicIp, allocationId: eip.id },
    });
    expect(eni.attachment!.attachmentId).toMatch(/^ela-attach-/);
    expect(eni.attachment!.instanceId).toBeUndefined();
    expect(net.plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount).toBe(250);
  });

  it("creates a private gateway with secondary addresses and no Elastic IP", () => {
    const net = network({ internetGateway: false });
    const created = net.plane.write((ctx) =>
      createNatGateway(ctx, {
        subnetId: net.subnet.id,
        connectivityType: "private",
        privateIpAddress: "10.0.1.10",
        secondaryPrivateIpAddressCount: 2,
      }),
    ).natGateway;
    expect(created.addresses.map((a) => [a.privateIp, a.isPrimary, a.status])).toEqual([
      ["10.0.1.10", true, "assigning"],
      ["10.0.1.4", false, "assigning"],
      ["10.0.1.5", false, "assigning"],
    ]);
    settle(net.plane);
    const ready = nat(net, created.id);
    expect(ready.state).toBe("available");
    expect(ready.addresses.every((a) => a.status === "succeeded" && a.publicIp === undefined)).toBe(true);
  });

  it("answers AWS's synchronous errors", () => {
    const net = network();
    const eip = allocate(net);
    const make = (input: Parameters<typeof createNatGateway>[1]) =>
      errorCode(() => net.plane.write((ctx) => createNatGateway(ctx, input)));
    const subnetId = net.subnet.id;
    expect(make({ allocationId: eip.id })).toBe("MissingParameter");
    expect(make({ subnetId: "subnet-public-1a", allocationId: eip.id })).toBe("InvalidSubnet");
    expect(make({ subnetId: "subnet-0123456789abcdef0", allocationId: eip.id })).toBe(
      "InvalidSubnetID.NotFound",
    );
    expect(make({ subnetId })).toBe("MissingParameter");
    expect(make({ subnetId, allocationId: "eipalloc-x" })).toBe("InvalidAllocationID.Malformed");
    expect(make({ subnetId, connectivityType: "private", allocationId: eip.id })).toBe(
      "InvalidParameterCombination",
    );
    expect(make({ subnetId, connectivityType: "sideways" })).toBe("InvalidParameterValue");
    expect(make({ subnetId, allocationId: eip.id, privateIpAddress: "10.0.9.9" })).toBe(
      "InvalidParameterValue",
    );
    expect(make({ subnetId, connectivityType: "private", secondaryPrivateIpAddressCount: 8 })).toBe(
      "InvalidParameterValue",
    );
    expect(make({ subnetId, allocationId: eip.id, secondaryPrivateIpAddressCount: 1 })).toBe(
      "InvalidParameterCombination",
    );
    expect(make({ subnetId, allocationId: eip.id, secondaryAllocationIds: [eip.id] })).toBe(
      "UnsupportedOperation",
    );
    net.plane.write((ctx) => createNetworkInterface(ctx, { subnetId, privateIpAddress: "10.0.1.20" }));
    expect(make({ subnetId, allocationId: eip.id, privateIpAddress: "10.0.1.20" })).toBe(
      "InvalidIPAddress.InUse",
    );
  });

  it("enforces the per-zone quota, counting pending, available and deleting gateways", () => {
    const plane = testPlane({
      config: { quotas: { ...DEFAULT_CONTROL_CONFIG.quotas, natGatewaysPerZone: 2 } },
    });
    const net = network({ plane, internetGateway: false });
    const make = () =>
      net.plane.write((ctx) =>
        createNatGateway(ctx, { subnetId: net.subnet.id, connectivityType: "private" }),
      ).natGateway;
    const first = make();
    make();
    expect(errorCode(make)).toBe("NatGatewayLimitExceeded");
    const elsewhere = addSubnet(net, "10.0.2.0/24", "us-east-1b");
    net.plane.write((ctx) => createNatGateway(ctx, { subnetId: elsewhere.id, connectivityType: "private" }));
    settle(net.plane);
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: first.id }));
    expect(errorCode(make)).toBe("NatGatewayLimitExceeded");
    settle(net.plane);
    make();
  });
});

describe("NAT gateway failures (VPC User Guide, Troubleshoot NAT gateways)", () => {
  function failed(net: Network, id: string) {
    settle(net.plane);
    const gateway = nat(net, id);
    expect(gateway.state).toBe("failed");
    return gateway;
  }

  it("fails without an internet gateway", () => {
    const net = network({ internetGateway: false });
    const eip = allocate(net);
    const gateway = failed(net, publicNat(net, eip.id).id);
    expect([gateway.failureCode, gateway.failureMessage]).toEqual([
      "Gateway.NotAttached",
      `Network ${net.vpc.id} has no Internet gateway attached`,
    ]);
  });

  it("fails with an unknown or an associated Elastic IP, keeping the address where it was", () => {
    const net = network();
    const unknown = failed(net, publicNat(net, "eipalloc-0123456789abcdef0").id);
    expect([unknown.failureCode, unknown.failureMessage]).toEqual([
      "InvalidAllocationID.NotFound",
      "Elastic IP address eipalloc-0123456789abcdef0 could not be associated with this NAT gateway",
    ]);
    const eip = allocate(net);
    const eni = net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: net.subnet.id }),
    ).networkInterface;
    net.plane.write((ctx) => associateAddress(ctx, { allocationId: eip.id, networkInterfaceId: eni.id }));
    const taken = failed(net, publicNat(net, eip.id).id);
    expect([taken.failureCode, taken.failureMessage]).toEqual([
      "Resource.AlreadyAssociated",
      `Elastic IP address ${eip.id} is already associated`,
    ]);
    const address = net.plane.read(({ tx, scope }) => tx.get("address", scope, eip.id)!);
    expect(address.association?.networkInterfaceId).toBe(eni.id);
  });

  it("two gateways asking for one Elastic IP: the second fails", () => {
    const net = network();
    const eip = allocate(net);
    const first = publicNat(net, eip.id);
    const second = publicNat(net, eip.id);
    settle(net.plane);
    expect(nat(net, first.id).state).toBe("available");
    expect(nat(net, second.id)).toMatchObject({ state: "failed", failureCode: "Resource.AlreadyAssociated" });
    // The failed one gave its interface back.
    const interfaces = net.plane.read((ctx) =>
      describeNetworkInterfaces(ctx, { filters: [{ name: "interface-type", values: ["nat_gateway"] }] }),
    );
    expect(interfaces.networkInterfaces).toHaveLength(1);
  });

  it("fails in a full subnet, and disappears after the retention time", () => {
    const net = network({ cidrBlock: "10.0.1.0/28" });
    net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: net.subnet.id, secondaryPrivateIpAddressCount: 10 }),
    );
    const eip = allocate(net);
    const created = publicNat(net, eip.id);
    expect(created.state).toBe("pending");
    const gateway = failed(net, created.id);
    expect([gateway.failureCode, gateway.failureMessage]).toEqual([
      "InsufficientFreeAddressesInSubnet",
      "Subnet has insufficient free addresses to create this NAT gateway",
    ]);
    settle(net.plane, DEFAULT_CONTROL_CONFIG.delays.deletedRetentionMs);
    expect(errorCode(() => nat(net, created.id))).toBe("NatGatewayNotFound");
  });
});

describe("DeleteNatGateway", () => {
  it("goes deleting, then deleted: frees the interface, disassociates (not releases) the Elastic IP", () => {
    const net = network();
    const eip = allocate(net);
    const created = publicNat(net, eip.id);
    settle(net.plane);
    const eniId = created.addresses[0]!.networkInterfaceId;
    expect(net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }))).toEqual({
      natGatewayId: created.id,
    });
    expect(nat(net, created.id)).toMatchObject({ state: "deleting", deleteTime: net.plane.clock.now() });
    expect(net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }))).toEqual({
      natGatewayId: created.id,
    });
    settle(net.plane);
    expect(nat(net, created.id).state).toBe("deleted");
    expect(eniRecord(net.plane, eniId)).toBeUndefined();
    const address = net.plane.read(({ tx, scope }) => tx.get("address", scope, eip.id));
    expect(address).toBeDefined();
    expect(address!.association).toBeUndefined();
    expect(
      errorCode(() => net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }))),
    ).toBe("NatGatewayNotFound");
    net.plane.write((ctx) => releaseAddress(ctx, { allocationId: eip.id }));
    settle(net.plane, DEFAULT_CONTROL_CONFIG.delays.deletedRetentionMs - 1);
    expect(nat(net, created.id).state).toBe("deleted");
    settle(net.plane, 1);
    expect(errorCode(() => nat(net, created.id))).toBe("NatGatewayNotFound");
  });

  it("answers AWS's id errors", () => {
    const net = network();
    const del = (natGatewayId?: string) =>
      errorCode(() =>
        net.plane.write((ctx) => deleteNatGateway(ctx, { ...(natGatewayId ? { natGatewayId } : {}) })),
      );
    expect(del()).toBe("MissingParameter");
    expect(del("nat-0123456789abcdef0")).toBe("NatGatewayNotFound");
    expect(del("nat-x")).toBe("NatGatewayMalformed");
  });

  it("keeps the subnet and the VPC from being deleted until deleted", () => {
    const net = network({ internetGateway: false });
    const created = net.plane.write((ctx) =>
      createNatGateway(ctx, { subnetId: net.subnet.id, connectivityType: "private" }),
    ).natGateway;
    settle(net.plane);
    const dropSubnet = () => net.plane.write((ctx) => deleteSubnet(ctx, { subnetId: net.subnet.id }));
    expect(errorCode(dropSubnet)).toBe("DependencyViolation");
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }));
    expect(errorCode(dropSubnet)).toBe("DependencyViolation");
    settle(net.plane);
    dropSubnet();
    net.plane.write((ctx) => deleteVpc(ctx, { vpcId: net.vpc.id }));
  });
});

describe("the NAT gateway's interface and Elastic IP are AWS's to manage", () => {
  it("refuses user changes to them", () => {
    const net = network();
    const eip = allocate(net);
    const created = publicNat(net, eip.id);
    settle(net.plane);
    const eni = eniRecord(net.plane, created.addresses[0]!.networkInterfaceId)!;
    const attempt = (fn: Parameters<typeof net.plane.write>[0]) => errorCode(() => net.plane.write(fn));
    expect(attempt((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eni.id }))).toBe(
      "InvalidParameterValue",
    );
    expect(
      attempt((ctx) =>
        modifyNetworkInterfaceAttribute(ctx, { networkInterfaceId: eni.id, sourceDestCheck: true }),
      ),
    ).toBe("AuthFailure");
    expect(
      attempt((ctx) => detachNetworkInterface(ctx, { attachmentId: eni.attachment!.attachmentId })),
    ).toBe("OperationNotPermitted");
    expect(
      attempt((ctx) =>
        unassignPrivateIpAddresses(ctx, { networkInterfaceId: eni.id, privateIpAddresses: ["10.0.1.9"] }),
      ),
    ).toBe("AuthFailure");
    expect(attempt((ctx) => disassociateAddress(ctx, { publicIp: eip.publicIp }))).toBe("AuthFailure");
    expect(attempt((ctx) => releaseAddress(ctx, { allocationId: eip.id }))).toBe("AuthFailure");
    const other = allocate(net);
    expect(
      attempt((ctx) => associateAddress(ctx, { allocationId: other.id, networkInterfaceId: eni.id })),
    ).toBe("AuthFailure");
    const user = net.plane.write((ctx) =>
      createNetworkInterface(ctx, { subnetId: net.subnet.id }),
    ).networkInterface;
    expect(
      attempt((ctx) => associateAddress(ctx, { allocationId: eip.id, networkInterfaceId: user.id })),
    ).toBe("Resource.AlreadyAssociated");
    // Its public address keeps the internet gateway attached.
    expect(
      attempt((ctx) => detachInternetGateway(ctx, { internetGatewayId: net.igwId!, vpcId: net.vpc.id })),
    ).toBe("DependencyViolation");
  });
});

describe("routes to NAT gateways", () => {
  it("are active while the gateway is pending or available, blackhole once it is deleting", () => {
    const net = network();
    const { routeTable } = net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id }));
    const created = publicNat(net, allocate(net).id);
    net.plane.write((ctx) =>
      createRoute(ctx, {
        routeTableId: routeTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: created.id,
      }),
    );
    const state = () =>
      net.plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] })).routeTables[0]!
        .routes[1]!.state;
    expect(state()).toBe("active");
    settle(net.plane);
    expect(state()).toBe("active");
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }));
    expect(state()).toBe("blackhole");
    settle(net.plane);
    expect(state()).toBe("blackhole");
  });

  it("answer AWS's errors for unknown, deleted and foreign gateways", () => {
    const net = network();
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16", internetGateway: false });
    const { routeTable } = net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id }));
    const route = (natGatewayId: string) =>
      errorCode(() =>
        net.plane.write((ctx) =>
          createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId }),
        ),
      );
    expect(route("nat-0123456789abcdef0")).toBe("InvalidNatGatewayID.NotFound");
    const foreign = other.plane.write((ctx) =>
      createNatGateway(ctx, { subnetId: other.subnet.id, connectivityType: "private" }),
    ).natGateway;
    expect(route(foreign.id)).toBe("InvalidParameterValue");
    const mine = net.plane.write((ctx) =>
      createNatGateway(ctx, { subnetId: net.subnet.id, connectivityType: "private" }),
    ).natGateway;
    settle(net.plane);
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: mine.id }));
    settle(net.plane);
    expect(route(mine.id)).toBe("InvalidNatGatewayID.NotFound");
  });
});

describe("routes to a NAT gateway that fails", () => {
  it("are active while it is pending, blackholes once it has failed, and cannot name it afterwards", () => {
    const net = network({ internetGateway: false });
    const eip = allocate(net);
    const failing = publicNat(net, eip.id);
    const { routeTable } = net.plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id }));
    const route = (destinationCidrBlock: string) =>
      net.plane.write((ctx) =>
        createRoute(ctx, { routeTableId: routeTable.id, destinationCidrBlock, natGatewayId: failing.id }),
      );
    const stateOf = (cidr: string) =>
      net.plane
        .read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
        .routeTables[0]!.routes.find((r) => r.destination.kind === "ipv4" && r.destination.cidr === cidr)
        ?.state;
    route("0.0.0.0/0");
    expect(stateOf("0.0.0.0/0")).toBe("active");
    settle(net.plane);
    expect(nat(net, failing.id)).toMatchObject({ state: "failed", failureCode: "Gateway.NotAttached" });
    expect(stateOf("0.0.0.0/0")).toBe("blackhole");
    expect(() => route("192.0.2.0/24")).toThrow(`The natGateway ID '${failing.id}' does not exist`);
  });
});

describe("DescribeNatGateways", () => {
  it("answers every documented filter and pages", () => {
    const net = network({ internetGateway: false });
    const second = addSubnet(net, "10.0.2.0/24", "us-east-1b");
    const make = (subnetId: string) =>
      net.plane.write((ctx) =>
        createNatGateway(ctx, {
          subnetId,
          connectivityType: "private",
          tagSpecifications: [{ resourceType: "natgateway", tags: [{ key: "subnet", value: subnetId }] }],
        }),
      ).natGateway.id;
    const a = make(net.subnet.id);
    const b = make(second.id);
    const more = [0, 1, 2, 3].map(() => make(second.id));
    settle(net.plane);
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: a }));
    const filter = (name: string, ...values: string[]) =>
      net.plane
        .read((ctx) => describeNatGateways(ctx, { filters: [{ name, values }] }))
        .natGateways.map((n) => n.id);
    expect(filter("nat-gateway-id", a)).toEqual([a]);
    expect(filter("state", "deleting")).toEqual([a]);
    expect(filter("state", "available")).toEqual([b, ...more]);
    expect(filter("subnet-id", net.subnet.id)).toEqual([a]);
    expect(filter("vpc-id", net.vpc.id)).toHaveLength(6);
    expect(filter("tag:subnet", net.subnet.id)).toEqual([a]);
    expect(filter("tag-key", "subnet")).toHaveLength(6);
    expect(errorCode(() => filter("bogus", "x"))).toBe("InvalidParameterValue");
    const page = net.plane.read((ctx) => describeNatGateways(ctx, { maxResults: 5 }));
    expect(page.natGateways).toHaveLength(5);
    const rest = net.plane.read((ctx) =>
      describeNatGateways(ctx, { maxResults: 5, nextToken: page.nextToken! }),
    );
    expect(rest.natGateways.map((n) => n.id)).toEqual([more[3]]);
    expect(
      errorCode(() =>
        net.plane.read((ctx) => describeNatGateways(ctx, { natGatewayIds: ["nat-0123456789abcdef0"] })),
      ),
    ).toBe("NatGatewayNotFound");
  });

  it("keeps the transitional states for the configured delays", () => {
    const plane = testPlane({
      config: {
        delays: {
          ...DEFAULT_CONTROL_CONFIG.delays,
          natGatewayPendingMs: 30_000,
          natGatewayDeletingMs: 10_000,
        },
      },
    });
    const net = network({ plane });
    const created = publicNat(net, allocate(net).id);
    settle(net.plane, 29_999);
    expect(nat(net, created.id).state).toBe("pending");
    settle(net.plane, 1);
    expect(nat(net, created.id).state).toBe("available");
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }));
    settle(net.plane, 9_999);
    expect(nat(net, created.id).state).toBe("deleting");
    settle(net.plane, 1);
    expect(nat(net, created.id).state).toBe("deleted");
    expect(subnetRecord(net.plane, net.subnet.id)).toBeDefined();
  });

  it("a gateway deleted while pending never becomes available", () => {
    const plane = testPlane({
      config: {
        delays: {
          ...DEFAULT_CONTROL_CONFIG.delays,
          natGatewayPendingMs: 30_000,
          natGatewayDeletingMs: 60_000,
        },
      },
    });
    const net = network({ plane });
    const eip = allocate(net);
    const created = publicNat(net, eip.id);
    net.plane.write((ctx) => deleteNatGateway(ctx, { natGatewayId: created.id }));
    settle(net.plane, 30_000);
    expect(nat(net, created.id).state).toBe("deleting");
    settle(net.plane, 30_000);
    expect(nat(net, created.id).state).toBe("deleted");
    expect(net.plane.read(({ tx, scope }) => tx.get("address", scope, eip.id)!.association)).toBeUndefined();
  });
});
