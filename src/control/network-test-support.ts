/**
 * Fixtures shared by the tests of network interfaces, Elastic IPs and NAT gateways: a VPC with an
 * attached internet gateway and subnets, security groups, and instances placed the way
 * RunInstances places them (an instance record with its primary interface at device index 0).
 */
import type { Instance, InstanceStateName, NetworkInterface } from "../model/compute.js";
import type { SecurityGroup, Subnet, Vpc } from "../model/resources.js";
import { attachInternetGateway, createInternetGateway } from "./internet-gateways.js";
import {
  AMAZON_IP_OWNER,
  allocatePublicIp,
  attachInterfaceToInstance,
  primaryAddress,
  provisionNetworkInterface,
  securityGroupsForInterface,
  withPublicAssociation,
} from "./network-interfaces.js";
import { ADVANCERS } from "./settle.js";
import { createSubnet } from "./subnets.js";
import { type TestPlane, testPlane } from "./test-support.js";
import { settleTransitions } from "./transitions.js";
import { createVpc } from "./vpcs.js";

export interface Network {
  readonly plane: TestPlane;
  readonly vpc: Vpc;
  readonly subnet: Subnet;
  readonly igwId?: string;
}

export function subnetRecord(plane: TestPlane, subnetId: string): Subnet {
  return plane.read(({ tx, scope }) => tx.get("subnet", scope, subnetId)!);
}

/** A VPC 10.0.0.0/16 with a subnet (10.0.1.0/24 unless told) and, unless told, an attached internet gateway. */
export function network(
  options: { plane?: TestPlane; cidrBlock?: string; vpcCidr?: string; internetGateway?: boolean } = {},
): Network {
  const plane = options.plane ?? testPlane();
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: options.vpcCidr ?? "10.0.0.0/16" }));
  const cidrBlock =
    options.cidrBlock ?? (options.vpcCidr ? options.vpcCidr.replace(/\/16$/, "/24") : "10.0.1.0/24");
  const { subnet } = plane.write((ctx) =>
    createSubnet(ctx, { vpcId: vpc.id, cidrBlock, availabilityZone: "us-east-1a" }),
  );
  let igwId: string | undefined;
  if (options.internetGateway !== false) {
    igwId = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway.id;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igwId, vpcId: vpc.id }));
  }
  return { plane, vpc, subnet: subnetRecord(plane, subnet.id), ...(igwId ? { igwId } : {}) };
}

/** Another subnet of the network's VPC. */
export function addSubnet(net: Network, cidrBlock: string, availabilityZone = "us-east-1a"): Subnet {
  const { subnet } = net.plane.write((ctx) =>
    createSubnet(ctx, { vpcId: net.vpc.id, cidrBlock, availabilityZone }),
  );
  return subnetRecord(net.plane, subnet.id);
}

/** A security group record, stored directly (the security-group operations live in another family). */
export function putSecurityGroup(plane: TestPlane, vpcId: string, groupName: string): SecurityGroup {
  return plane.write((ctx) => {
    const group: SecurityGroup = {
      id: ctx.ids("sg"),
      ownerId: ctx.scope.account,
      tags: [],
      groupName,
      description: groupName,
      vpcId,
      isDefault: false,
      rules: [],
    };
    ctx.tx.put("securityGroup", ctx.scope, group);
    return group;
  });
}

/**
 * An instance as RunInstances leaves it: the record, its primary interface attached at device
 * index 0 (deleted on termination) and, with `publicIp`, an auto-assigned public address.
 */
export function putInstance(
  plane: TestPlane,
  subnet: Subnet,
  options: { state?: InstanceStateName; publicIp?: boolean } = {},
): { instance: Instance; eni: NetworkInterface } {
  return plane.write((ctx) => {
    const { tx, scope } = ctx;
    const provisioned = provisionNetworkInterface(ctx, {
      subnet,
      description: "Primary network interface",
      groupIds: securityGroupsForInterface(ctx, subnet.vpcId, undefined),
      ...(options.publicIp ? { autoAssignPublicIp: true } : {}),
    });
    const instance: Instance = {
      id: ctx.ids("i"),
      ownerId: scope.account,
      tags: [],
      reservationId: ctx.ids("r"),
      amiLaunchIndex: 0,
      imageId: "ami-0123456789abcdef0",
      instanceType: "t3.micro",
      launchTime: ctx.clock.now(),
      availabilityZone: subnet.availabilityZone,
      tenancy: "default",
      state: options.state ?? "running",
      stateTransitionReason: "",
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      networkInterfaceIds: [],
      architecture: "x86_64",
      rootDeviceName: "/dev/xvda",
      ebsOptimized: false,
      monitoring: "disabled",
      disableApiTermination: false,
      instanceInitiatedShutdownBehavior: "stop",
    };
    tx.put("instance", scope, instance);
    let eni = attachInterfaceToInstance(ctx, provisioned, instance, {
      deviceIndex: 0,
      deleteOnTermination: true,
    });
    if (options.publicIp) {
      eni = withPublicAssociation(eni, primaryAddress(eni).address, {
        publicIp: allocatePublicIp(ctx),
        ipOwnerId: AMAZON_IP_OWNER,
      });
      tx.put("networkInterface", scope, eni);
    }
    return { instance: tx.get("instance", scope, instance.id)!, eni };
  });
}

export function eniRecord(plane: TestPlane, id: string): NetworkInterface | undefined {
  return plane.read(({ tx, scope }) => tx.get("networkInterface", scope, id));
}

export function instanceRecord(plane: TestPlane, id: string): Instance | undefined {
  return plane.read(({ tx, scope }) => tx.get("instance", scope, id));
}

/** Moves the clock and applies every transition due, as the dispatcher does before a request. */
export function settle(plane: TestPlane, advanceMs = 0): number {
  plane.clock.advance(advanceMs);
  return settleTransitions(plane.store, plane.env, ADVANCERS);
}
