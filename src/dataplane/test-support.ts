/**
 * Networks for the data plane's tests, built through the control plane's functions so that the
 * records are exactly what the API stores, then compiled with the same adapter the server uses.
 */
import { graphFor } from "../api/dataplane.js";
import { imageByName } from "../control/images.js";
import { runInstances } from "../control/instances.js";
import { attachInternetGateway, createInternetGateway } from "../control/internet-gateways.js";
import { modifyNetworkInterfaceAttribute } from "../control/network-interfaces.js";
import { createRoute, createRouteTable } from "../control/route-tables.js";
import { authorizeSecurityGroupIngress, createSecurityGroup } from "../control/security-groups.js";
import { ADVANCERS } from "../control/settle.js";
import { createSubnet, modifySubnetAttribute } from "../control/subnets.js";
import { type TestPlane, testPlane } from "../control/test-support.js";
import { settleTransitions } from "../control/transitions.js";
import { createVpc } from "../control/vpcs.js";
import { formatIpAddress, ipv6Cidr } from "../net/index.js";
import type { Graph } from "./graph.js";

export const AMI = imageByName("us-east-1", "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64")!.imageId;

export class TestNetwork {
  constructor(readonly plane: TestPlane = testPlane()) {}

  vpc(cidrBlock = "10.0.0.0/16", ipv6 = false): string {
    return this.plane.write((ctx) => createVpc(ctx, { cidrBlock, amazonProvidedIpv6CidrBlock: ipv6 })).vpc.id;
  }

  subnet(
    vpcId: string,
    cidrBlock: string,
    options: { ipv6CidrBlock?: string; public?: boolean } = {},
  ): string {
    const id = this.plane.write((ctx) =>
      createSubnet(ctx, {
        vpcId,
        cidrBlock,
        availabilityZone: "us-east-1a",
        ...(options.ipv6CidrBlock ? { ipv6CidrBlock: options.ipv6CidrBlock } : {}),
      }),
    ).subnet.id;
    if (options.public)
      this.plane.write((ctx) => modifySubnetAttribute(ctx, { subnetId: id, mapPublicIpOnLaunch: true }));
    return id;
  }

  internetGateway(vpcId: string): string {
    const id = this.plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway.id;
    this.plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: id, vpcId }));
    return id;
  }

  mainRouteTable(vpcId: string): string {
    return this.plane.read(
      ({ tx, scope }) =>
        tx.listBy("routeTable", scope, "vpcId", vpcId).find((t) => t.associations.some((a) => a.main))!.id,
    );
  }

  routeTable(vpcId: string): string {
    return this.plane.write((ctx) => createRouteTable(ctx, { vpcId })).routeTable.id;
  }

  route(routeTableId: string, destination: string, target: Record<string, string>): void {
    const key = destination.includes(":") ? "destinationIpv6CidrBlock" : "destinationCidrBlock";
    this.plane.write((ctx) => createRoute(ctx, { routeTableId, [key]: destination, ...target }));
  }

  group(vpcId: string, name: string, ingress: readonly Record<string, unknown>[] = []): string {
    const id = this.plane.write((ctx) =>
      createSecurityGroup(ctx, { vpcId, groupName: name, description: name }),
    ).securityGroup.id;
    if (ingress.length > 0) {
      this.plane.write((ctx) =>
        authorizeSecurityGroupIngress(ctx, { groupId: id, ipPermissions: ingress } as never),
      );
    }
    return id;
  }

  /** An instance; returns its id and its primary interface's id and addresses. */
  instance(
    subnetId: string,
    options: { groups?: readonly string[]; ipv6?: boolean; sourceDestCheck?: boolean } = {},
  ): { id: string; eni: string; ip: string; publicIp?: string; ipv6?: string } {
    const reservation = this.plane.write((ctx) =>
      runInstances(ctx, {
        imageId: AMI,
        instanceType: "t3.micro",
        minCount: 1,
        maxCount: 1,
        subnetId,
        ...(options.groups ? { securityGroupIds: options.groups } : {}),
      }),
    ).reservation;
    this.settle();
    const id = reservation.instances[0]!.instance.id;
    let eni = this.plane.read(({ tx, scope }) => tx.listBy("networkInterface", scope, "instanceId", id)[0]!);
    if (options.ipv6) {
      // RunInstances does not assign IPv6 addresses yet: give the interface one of its subnet's, as
      // a record imported from a real account would hold it.
      eni = this.plane.write(({ tx, scope }) => {
        const subnet = tx.get("subnet", scope, subnetId)!;
        const block = ipv6Cidr(subnet.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock);
        const updated = { ...eni, ipv6Addresses: [formatIpAddress(block.network + 16n)] };
        tx.put("networkInterface", scope, updated);
        return updated;
      });
    }
    if (options.sourceDestCheck === false) {
      this.plane.write((ctx) =>
        modifyNetworkInterfaceAttribute(ctx, { networkInterfaceId: eni.id, sourceDestCheck: false }),
      );
    }
    const primary = eni.privateIpAddresses[0]!;
    return {
      id,
      eni: eni.id,
      ip: primary.address,
      ...(primary.association ? { publicIp: primary.association.publicIp } : {}),
      ...(eni.ipv6Addresses[0] ? { ipv6: eni.ipv6Addresses[0] } : {}),
    };
  }

  settle(): void {
    this.plane.clock.advance(1);
    settleTransitions(this.plane.store, this.plane.env, ADVANCERS);
  }

  graph(): Graph {
    this.settle();
    return graphFor(this.plane.store);
  }
}
