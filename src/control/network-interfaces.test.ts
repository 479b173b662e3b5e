import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attachInternetGateway, createInternetGateway, detachInternetGateway } from "./internet-gateways.js";
import {
  addressesInUse,
  allocatePrivateIp,
  allocatePublicIp,
  primaryAddress,
  privateDnsName,
  provisionNetworkInterface,
  publicDnsName,
  removeNetworkInterface,
  withPublicAssociation,
} from "./network-interfaces.js";
import { createSubnet, deleteSubnet, describeSubnets } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc, deleteVpc } from "./vpcs.js";

function setup(cidrBlock = "10.0.1.0/24") {
  const plane = testPlane();
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
  const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock }));
  const stored = plane.read(({ tx, scope }) => tx.get("subnet", scope, subnet.id)!);
  return { plane, vpc, subnet: stored };
}

describe("DNS names", () => {
  it("follow AWS's formats per region", () => {
    expect(privateDnsName("us-east-1", "10.0.1.5")).toBe("ip-10-0-1-5.ec2.internal");
    expect(privateDnsName("eu-west-1", "10.0.1.5")).toBe("ip-10-0-1-5.eu-west-1.compute.internal");
    expect(publicDnsName("us-east-1", "54.80.1.2")).toBe("ec2-54-80-1-2.compute-1.amazonaws.com");
    expect(publicDnsName("eu-west-1", "54.80.1.2")).toBe("ec2-54-80-1-2.eu-west-1.compute.amazonaws.com");
  });
});

describe("private address allocation", () => {
  it("hands out the lowest free address after the four reserved at the start", () => {
    const { plane, subnet } = setup();
    const addresses = plane.write((ctx) =>
      [0, 1, 2].map(() => primaryAddress(provisionNetworkInterface(ctx, { subnet, groupIds: [] })).address),
    );
    expect(addresses).toEqual(["10.0.1.4", "10.0.1.5", "10.0.1.6"]);
  });

  it("reuses a freed address and counts free addresses exactly", () => {
    const { plane, subnet } = setup();
    const enis = plane.write((ctx) =>
      [0, 1, 2].map(() => provisionNetworkInterface(ctx, { subnet, groupIds: [] })),
    );
    plane.write((ctx) => removeNetworkInterface(ctx, enis[1]!));
    const again = plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [] }));
    expect(primaryAddress(again).address).toBe("10.0.1.5");
    expect(plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount).toBe(251 - 3);
  });

  it("checks explicit addresses: inside the subnet, not reserved, not in use", () => {
    const { plane, subnet } = setup();
    const make = (privateIpAddress: string) =>
      errorCode(() =>
        plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [], privateIpAddress })),
      );
    plane.write((ctx) =>
      provisionNetworkInterface(ctx, { subnet, groupIds: [], privateIpAddress: "10.0.1.100" }),
    );
    expect(make("10.0.1.100")).toBe("InvalidIPAddress.InUse");
    expect(make("10.0.2.10")).toBe("InvalidParameterValue");
    for (const reserved of ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"]) {
      expect(make(reserved)).toBe("InvalidParameterValue");
    }
    expect(make("10.0.1.300")).toBe("InvalidParameterValue");
  });

  it("answers InsufficientFreeAddressesInSubnet when the subnet is full, and a /28 holds 11", () => {
    const { plane, subnet } = setup("10.0.1.0/28");
    plane.write((ctx) => {
      for (let i = 0; i < 11; i++) provisionNetworkInterface(ctx, { subnet, groupIds: [] });
    });
    expect(
      errorCode(() => plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [] }))),
    ).toBe("InsufficientFreeAddressesInSubnet");
    expect(plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.availableIpAddressCount).toBe(0);
  });

  it("never hands out the same address twice, whatever is freed in between", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (ops) => {
        const { plane, subnet } = setup("10.0.1.0/26");
        const live: ReturnType<typeof provisionNetworkInterface>[] = [];
        for (const create of ops) {
          if (create || live.length === 0) {
            live.push(plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [] })));
          } else {
            const gone = live.shift()!;
            plane.write((ctx) => removeNetworkInterface(ctx, gone));
          }
          const held = live.map((e) => primaryAddress(e).address);
          expect(new Set(held).size).toBe(held.length);
          expect(plane.read(({ tx, scope }) => addressesInUse(tx, scope, subnet.id).size)).toBe(held.length);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("allocates several addresses in one transaction without collisions", () => {
    const { plane, subnet } = setup();
    const addresses = plane.write(({ tx, scope }) => {
      const taken = addressesInUse(tx, scope, subnet.id);
      return [0, 1, 2, 3].map(() => allocatePrivateIp(tx, scope, subnet, taken));
    });
    expect(addresses).toEqual(["10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.7"]);
  });
});

describe("public addresses", () => {
  it("come from the region's pool, in order, never twice", () => {
    const plane = testPlane();
    const a = plane.write((ctx) => [allocatePublicIp(ctx), allocatePublicIp(ctx)]);
    expect(a).toEqual(["54.80.1.1", "54.80.1.2"]);
    const west = plane.as({ region: "us-west-2" }).write((ctx) => allocatePublicIp(ctx));
    expect(west).toBe("54.83.1.1");
  });

  it("block detaching the internet gateway while mapped", () => {
    const { plane, vpc, subnet } = setup();
    const igw = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    const eni = plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [] }));
    plane.write((ctx) => {
      const mapped = withPublicAssociation(eni, primaryAddress(eni).address, {
        publicIp: allocatePublicIp(ctx),
        ipOwnerId: "amazon",
      });
      ctx.tx.put("networkInterface", ctx.scope, mapped);
    });
    expect(
      errorCode(() =>
        plane.write((ctx) => detachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id })),
      ),
    ).toBe("DependencyViolation");
  });
});

describe("dependencies", () => {
  it("an interface keeps its subnet and VPC from being deleted", () => {
    const { plane, vpc, subnet } = setup();
    const eni = plane.write((ctx) => provisionNetworkInterface(ctx, { subnet, groupIds: [] }));
    expect(errorCode(() => plane.write((ctx) => deleteSubnet(ctx, { subnetId: subnet.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => removeNetworkInterface(ctx, eni));
    plane.write((ctx) => deleteSubnet(ctx, { subnetId: subnet.id }));
    plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id }));
  });
});
