import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import { associateRouteTable, createRouteTable, describeRouteTables } from "./route-tables.js";
import { createSubnet, deleteSubnet, describeSubnets, modifySubnetAttribute } from "./subnets.js";
import { errorCode, TEST_ACCOUNT, testPlane } from "./test-support.js";
import { associateVpcCidrBlock, createVpc } from "./vpcs.js";

function planeWithVpc(cidrBlock = "10.0.0.0/16") {
  const plane = testPlane();
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock }));
  return { plane, vpc };
}

describe("CreateSubnet", () => {
  it("creates a subnet with AWS's defaults and 251 free addresses in a /24", () => {
    const { plane, vpc } = planeWithVpc();
    const { subnet } = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1b" }),
    );
    expect(subnet.id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(subnet.state).toBe("pending");
    expect(subnet.availableIpAddressCount).toBe(251);
    expect(subnet.availabilityZone).toBe("us-east-1b");
    expect(subnet.availabilityZoneId).toBe("use1-az2");
    expect(subnet.mapPublicIpOnLaunch).toBe(false);
    expect(subnet.defaultForAz).toBe(false);
    expect(subnet.subnetArn).toBe(`arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:subnet/${subnet.id}`);
    const described = plane.read((ctx) => describeSubnets(ctx, { subnetIds: [subnet.id] })).subnets[0]!;
    expect(described.state).toBe("available");
  });

  it("counts 11 usable addresses in a /28 and 65531 in a /16", () => {
    const { plane, vpc } = planeWithVpc();
    const small = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.0.0/28" })).subnet;
    expect(small.availableIpAddressCount).toBe(11);
    const whole = planeWithVpc();
    const big = whole.plane.write((ctx) =>
      createSubnet(ctx, { vpcId: whole.vpc.id, cidrBlock: "10.0.0.0/16" }),
    ).subnet;
    expect(big.availableIpAddressCount).toBe(65531);
  });

  it("associates the new subnet with the VPC's default network ACL", () => {
    const { plane, vpc } = planeWithVpc();
    const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
    plane.read(({ tx, scope }) => {
      const acl = tx.listBy("networkAcl", scope, "vpcId", vpc.id)[0]!;
      expect(acl.associations.map((a) => a.subnetId)).toEqual([subnet.id]);
      expect(acl.associations[0]!.id).toMatch(/^aclassoc-/);
    });
  });

  it("rewrites host bits, and enforces size, containment and overlap", () => {
    const { plane, vpc } = planeWithVpc();
    const attempt = (cidrBlock: string) =>
      errorCode(() => plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock })));
    expect(
      plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.7/24" })).subnet.cidrBlock,
    ).toBe("10.0.1.0/24");
    expect(attempt("10.0.1.128/25")).toBe("InvalidSubnet.Conflict");
    expect(attempt("10.0.0.0/23")).toBe("InvalidSubnet.Conflict");
    expect(attempt("10.1.0.0/24")).toBe("InvalidSubnet.Range");
    expect(attempt("10.0.0.0/29")).toBe("InvalidSubnet.Range");
    expect(attempt("10.0.0.0/15")).toBe("InvalidSubnet.Range");
    expect(attempt("10.0.0.0/99")).toBe("InvalidParameterValue");
  });

  it("accepts blocks of secondary CIDRs", () => {
    const { plane, vpc } = planeWithVpc();
    plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.3.0.0/16" }));
    expect(
      plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.3.4.0/24" })).subnet.cidrBlock,
    ).toBe("10.3.4.0/24");
  });

  it("validates zones and spreads subnets across zones when none is given", () => {
    const { plane, vpc } = planeWithVpc();
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1z" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "eu-west-1a" }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    const byId = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.9.0/24", availabilityZoneId: "use1-az3" }),
    ).subnet;
    expect(byId.availabilityZone).toBe("us-east-1c");
    const zones = [2, 3, 4].map(
      (i) =>
        plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` })).subnet
          .availabilityZone,
    );
    expect(new Set(zones).size).toBe(3);
  });

  it("enforces the subnets-per-VPC quota", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, subnetsPerVpc: 1 } } });
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
    expect(
      errorCode(() => plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" }))),
    ).toBe("SubnetLimitExceeded");
  });

  it("takes an IPv6 /64 from the VPC's block", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    );
    const block = vpc.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock.replace("/56", "/64");
    const { subnet } = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", ipv6CidrBlock: block }),
    );
    expect(subnet.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock).toBe(block);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.2.0/24", ipv6CidrBlock: block }),
        ),
      ),
    ).toBe("InvalidSubnet.Conflict");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.2.0/24", ipv6CidrBlock: "2001:db8::/64" }),
        ),
      ),
    ).toBe("InvalidSubnet.Range");
  });
});

describe("DeleteSubnet", () => {
  it("removes the subnet and its route table and ACL associations", () => {
    const { plane, vpc } = planeWithVpc();
    const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
    const { routeTable } = plane.write((ctx) => createRouteTable(ctx, { vpcId: vpc.id }));
    plane.write((ctx) => associateRouteTable(ctx, { routeTableId: routeTable.id, subnetId: subnet.id }));
    plane.write((ctx) => deleteSubnet(ctx, { subnetId: subnet.id }));
    const table = plane.read((ctx) => describeRouteTables(ctx, { routeTableIds: [routeTable.id] }))
      .routeTables[0]!;
    expect(table.associations).toEqual([]);
    plane.read(({ tx, scope }) =>
      expect(tx.listBy("networkAcl", scope, "vpcId", vpc.id)[0]!.associations).toEqual([]),
    );
    expect(errorCode(() => plane.write((ctx) => deleteSubnet(ctx, { subnetId: subnet.id })))).toBe(
      "InvalidSubnetID.NotFound",
    );
  });
});

describe("DescribeSubnets", () => {
  it("filters by vpc-id, zone, CIDR aliases and computed fields", () => {
    const { plane, vpc } = planeWithVpc();
    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.1.0.0/16" })).vpc;
    const a = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1a" }),
    ).subnet;
    const b = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: other.id, cidrBlock: "10.1.1.0/28", availabilityZone: "us-east-1b" }),
    ).subnet;
    const ids = (name: string, values: string[]) =>
      plane.read((ctx) => describeSubnets(ctx, { filters: [{ name, values }] })).subnets.map((s) => s.id);
    expect(ids("vpc-id", [vpc.id])).toEqual([a.id]);
    expect(ids("vpc-id", [vpc.id, other.id])).toEqual([a.id, b.id]);
    expect(ids("vpc-id", ["vpc-*"])).toEqual([a.id, b.id]);
    expect(ids("availability-zone", ["us-east-1b"])).toEqual([b.id]);
    expect(ids("cidrBlock", ["10.0.1.0/24"])).toEqual([a.id]);
    expect(ids("cidr", ["10.0.1.0/24"])).toEqual([a.id]);
    expect(ids("available-ip-address-count", ["11"])).toEqual([b.id]);
    expect(ids("subnet-arn", [`*${b.id}`])).toEqual([b.id]);
    expect(ids("map-public-ip-on-launch", ["true"])).toEqual([]);
  });
});

describe("ModifySubnetAttribute", () => {
  it("sets MapPublicIpOnLaunch, one attribute per call", () => {
    const { plane, vpc } = planeWithVpc();
    const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
    plane.write((ctx) => modifySubnetAttribute(ctx, { subnetId: subnet.id, mapPublicIpOnLaunch: true }));
    expect(plane.read((ctx) => describeSubnets(ctx, {})).subnets[0]!.mapPublicIpOnLaunch).toBe(true);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          modifySubnetAttribute(ctx, { subnetId: subnet.id, mapPublicIpOnLaunch: true, enableDns64: true }),
        ),
      ),
    ).toBe("InvalidParameterCombination");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          modifySubnetAttribute(ctx, { subnetId: subnet.id, assignIpv6AddressOnCreation: true }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });
});
