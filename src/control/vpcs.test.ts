import { describe, expect, it } from "vitest";
import { attachInternetGateway, createInternetGateway } from "./internet-gateways.js";
import { createRoute, describeRouteTables } from "./route-tables.js";
import { createSubnet } from "./subnets.js";
import { errorCode, TEST_ACCOUNT, testPlane } from "./test-support.js";
import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  describeVpcAttribute,
  describeVpcs,
  disassociateVpcCidrBlock,
  modifyVpcAttribute,
} from "./vpcs.js";

describe("CreateVpc", () => {
  it("creates the VPC with its main route table, default ACL and default security group", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.state).toBe("pending");
    expect(vpc.ownerId).toBe(TEST_ACCOUNT);
    expect(vpc.isDefault).toBe(false);
    expect(vpc.enableDnsSupport).toBe(true);
    expect(vpc.enableDnsHostnames).toBe(false);
    expect(vpc.instanceTenancy).toBe("default");
    plane.read(({ tx, scope }) => {
      expect(tx.get("vpc", scope, vpc.id)?.state).toBe("available");
      const tables = tx.listBy("routeTable", scope, "vpcId", vpc.id);
      expect(tables).toHaveLength(1);
      expect(tables[0]!.associations).toEqual([expect.objectContaining({ main: true })]);
      expect(tables[0]!.routes).toEqual([
        {
          destination: { kind: "ipv4", cidr: "10.0.0.0/16" },
          target: { kind: "local", id: "local" },
          origin: "CreateRouteTable",
        },
      ]);
      const acls = tx.listBy("networkAcl", scope, "vpcId", vpc.id);
      expect(acls).toHaveLength(1);
      expect(acls[0]!.isDefault).toBe(true);
      expect(acls[0]!.entries.map((e) => [e.ruleNumber, e.egress, e.ruleAction, e.cidrBlock])).toEqual([
        [100, false, "allow", "0.0.0.0/0"],
        [100, true, "allow", "0.0.0.0/0"],
      ]);
      const groups = tx.listBy("securityGroup", scope, "vpcId", vpc.id);
      expect(groups).toHaveLength(1);
      expect(groups[0]!.groupName).toBe("default");
      const ingress = groups[0]!.rules.filter((r) => !r.isEgress);
      expect(ingress).toHaveLength(1);
      expect(ingress[0]!.referencedGroup?.groupId).toBe(groups[0]!.id);
      expect(groups[0]!.rules.filter((r) => r.isEgress).map((r) => r.cidrIpv4)).toEqual(["0.0.0.0/0"]);
      const dopt = tx.get("dhcpOptions", scope, vpc.dhcpOptionsId);
      expect(dopt?.configurations).toContainEqual({ key: "domain-name", values: ["ec2.internal"] });
    });
  });

  it("rewrites a block with host bits set to its canonical form", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.1/16" }));
    expect(vpc.cidrBlock).toBe("10.0.0.0/16");
  });

  it.each(["10.0.0.0/15", "10.0.0.0/8", "10.0.0.0/29", "10.0.0.0/32"])(
    "rejects %s with InvalidVpc.Range",
    (block) => {
      const plane = testPlane();
      expect(errorCode(() => plane.write((ctx) => createVpc(ctx, { cidrBlock: block })))).toBe(
        "InvalidVpc.Range",
      );
    },
  );

  it.each(["10.0.0.0/33", "10.0.0/16", "banana", "010.0.0.0/16", "10.0.0.0/016"])(
    "rejects the malformed block %s with InvalidParameterValue",
    (block) => {
      const plane = testPlane();
      expect(errorCode(() => plane.write((ctx) => createVpc(ctx, { cidrBlock: block })))).toBe(
        "InvalidParameterValue",
      );
    },
  );

  it("requires a CIDR block", () => {
    const plane = testPlane();
    expect(errorCode(() => plane.write((ctx) => createVpc(ctx, {})))).toBe("MissingParameter");
    // AWS's own wording for this action, not the "must contain the parameter" template.
    expect(() => plane.write((ctx) => createVpc(ctx, {}))).toThrow(
      /^Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided\.$/,
    );
  });

  it("enforces the VPCs-per-region quota, counting every VPC", () => {
    const plane = testPlane({ config: { quotas: { ...testPlane().env.config.quotas, vpcsPerRegion: 2 } } });
    plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.1.0.0/16" }));
    expect(errorCode(() => plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.2.0.0/16" })))).toBe(
      "VpcLimitExceeded",
    );
    // Another region has its own quota.
    const west = plane.as({ region: "us-west-2" });
    expect(west.write((ctx) => createVpc(ctx, { cidrBlock: "10.2.0.0/16" })).vpc.id).toMatch(/^vpc-/);
  });

  it("gives an Amazon-provided /56 when asked, with local IPv6 routes", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    );
    expect(vpc.ipv6CidrBlockAssociations).toHaveLength(1);
    expect(vpc.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock).toMatch(/::\/56$/);
    expect(vpc.ipv6CidrBlockAssociations[0]!.state).toBe("associating");
    const { routeTables } = plane.read((ctx) => describeRouteTables(ctx, {}));
    expect(routeTables[0]!.routes.map((r) => r.destination.kind)).toEqual(["ipv4", "ipv6"]);
    const second = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    );
    expect(second.vpc.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock).not.toBe(
      vpc.ipv6CidrBlockAssociations[0]!.ipv6CidrBlock,
    );
  });

  it("applies tag specifications of its own resource type only", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) =>
      createVpc(ctx, {
        cidrBlock: "10.0.0.0/16",
        tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "Name", value: "main" }] }],
      }),
    );
    expect(vpc.tags).toEqual([{ key: "Name", value: "main" }]);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createVpc(ctx, {
            cidrBlock: "10.1.0.0/16",
            tagSpecifications: [{ resourceType: "subnet", tags: [{ key: "Name", value: "x" }] }],
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });
});

describe("DeleteVpc", () => {
  it("deletes the VPC and the resources AWS created with it", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id }));
    plane.read(({ tx, scope }) => {
      expect(tx.get("vpc", scope, vpc.id)).toBeUndefined();
      expect(tx.listBy("routeTable", scope, "vpcId", vpc.id)).toEqual([]);
      expect(tx.listBy("networkAcl", scope, "vpcId", vpc.id)).toEqual([]);
      expect(tx.listBy("securityGroup", scope, "vpcId", vpc.id)).toEqual([]);
    });
  });

  it("refuses while subnets or an attached internet gateway remain", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id })))).toBe(
      "DependencyViolation",
    );

    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.1.0.0/16" })).vpc;
    const igw = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: other.id }));
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: other.id })))).toBe(
      "DependencyViolation",
    );
  });

  it("answers NotFound and Malformed with AWS's codes", () => {
    const plane = testPlane();
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: "vpc-0123456789abcdef0" })))).toBe(
      "InvalidVpcID.NotFound",
    );
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: "vpc-xyz" })))).toBe(
      "InvalidVpcID.Malformed",
    );
  });
});

describe("DescribeVpcs", () => {
  it("filters by every documented field, with wildcards and tags", () => {
    const plane = testPlane();
    const a = plane.write((ctx) =>
      createVpc(ctx, {
        cidrBlock: "10.0.0.0/16",
        tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "Env", value: "prod" }] }],
      }),
    ).vpc;
    const b = plane.write((ctx) => createVpc(ctx, { cidrBlock: "192.168.0.0/20" })).vpc;
    const ids = (filters: { name: string; values: string[] }[]) =>
      plane.read((ctx) => describeVpcs(ctx, { filters })).vpcs.map((v) => v.id);
    expect(ids([{ name: "cidr", values: ["10.0.0.0/16"] }])).toEqual([a.id]);
    expect(ids([{ name: "cidr-block-association.cidr-block", values: ["192.168.*"] }])).toEqual([b.id]);
    expect(ids([{ name: "tag:Env", values: ["prod"] }])).toEqual([a.id]);
    expect(ids([{ name: "tag-key", values: ["Env"] }])).toEqual([a.id]);
    expect(ids([{ name: "tag-value", values: ["pr*"] }])).toEqual([a.id]);
    expect(ids([{ name: "tag-value", values: ["Env"] }])).toEqual([]);
    expect(ids([{ name: "is-default", values: ["false"] }])).toEqual([a.id, b.id]);
    expect(
      ids([
        { name: "state", values: ["available"] },
        { name: "vpc-id", values: [b.id] },
      ]),
    ).toEqual([b.id]);
    expect(ids([{ name: "owner-id", values: [TEST_ACCOUNT] }])).toHaveLength(2);
    expect(errorCode(() => ids([{ name: "no-such-filter", values: ["x"] }]))).toBe("InvalidParameterValue");
  });

  it("answers an error naming every unknown id", () => {
    const plane = testPlane();
    expect(() =>
      plane.read((ctx) => describeVpcs(ctx, { vpcIds: ["vpc-0000000000000000a", "vpc-0000000000000000b"] })),
    ).toThrow(/vpc-0000000000000000a, vpc-0000000000000000b/);
  });

  it("pages with MaxResults and NextToken", () => {
    const plane = testPlane({ config: { quotas: { ...testPlane().env.config.quotas, vpcsPerRegion: 20 } } });
    for (let i = 0; i < 12; i++) plane.write((ctx) => createVpc(ctx, { cidrBlock: `10.${i}.0.0/16` }));
    const first = plane.read((ctx) => describeVpcs(ctx, { maxResults: 5 }));
    expect(first.vpcs).toHaveLength(5);
    const second = plane.read((ctx) => describeVpcs(ctx, { maxResults: 5, nextToken: first.nextToken! }));
    const third = plane.read((ctx) => describeVpcs(ctx, { maxResults: 5, nextToken: second.nextToken! }));
    expect(third.vpcs).toHaveLength(2);
    expect(third.nextToken).toBeUndefined();
    const all = [...first.vpcs, ...second.vpcs, ...third.vpcs].map((v) => v.id);
    expect(new Set(all).size).toBe(12);
    expect(errorCode(() => plane.read((ctx) => describeVpcs(ctx, { maxResults: 4 })))).toBe(
      "InvalidParameterValue",
    );
    expect(errorCode(() => plane.read((ctx) => describeVpcs(ctx, { nextToken: "garbage" })))).toBe(
      "InvalidParameterValue",
    );
  });

  it("never shows another account's or region's VPCs", () => {
    const plane = testPlane();
    const mine = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })).vpc;
    expect(plane.as({ account: "999988887777" }).read((ctx) => describeVpcs(ctx, {})).vpcs).toEqual([]);
    expect(plane.as({ region: "eu-west-1" }).read((ctx) => describeVpcs(ctx, {})).vpcs).toEqual([]);
    expect(
      errorCode(() =>
        plane.as({ account: "999988887777" }).read((ctx) => describeVpcs(ctx, { vpcIds: [mine.id] })),
      ),
    ).toBe("InvalidVpcID.NotFound");
  });
});

describe("VPC attributes", () => {
  it("modifies one attribute at a time and describes it", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    plane.write((ctx) => modifyVpcAttribute(ctx, { vpcId: vpc.id, enableDnsHostnames: true }));
    expect(
      plane.read((ctx) => describeVpcAttribute(ctx, { vpcId: vpc.id, attribute: "enableDnsHostnames" }))
        .value,
    ).toBe(true);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          modifyVpcAttribute(ctx, { vpcId: vpc.id, enableDnsHostnames: true, enableDnsSupport: true }),
        ),
      ),
    ).toBe("InvalidParameterCombination");
    expect(
      errorCode(() => plane.read((ctx) => describeVpcAttribute(ctx, { vpcId: vpc.id, attribute: "colour" }))),
    ).toBe("InvalidParameterValue");
  });
});

describe("secondary CIDR blocks", () => {
  it("associates a block, adds local routes everywhere, and disassociates it", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const result = plane.write((ctx) =>
      associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.2.0.0/16" }),
    );
    expect(result.cidrBlockAssociation?.state).toBe("associating");
    const routes = plane.read((ctx) => describeRouteTables(ctx, {})).routeTables[0]!.routes;
    expect(routes.map((r) => r.destination.kind === "ipv4" && r.destination.cidr)).toEqual([
      "10.0.0.0/16",
      "10.2.0.0/16",
    ]);
    plane.write((ctx) =>
      disassociateVpcCidrBlock(ctx, { associationId: result.cidrBlockAssociation!.associationId }),
    );
    expect(plane.read((ctx) => describeVpcs(ctx, {})).vpcs[0]!.cidrBlockAssociations).toHaveLength(1);
  });

  it("follows the association restrictions of the VPC User Guide", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const attempt = (cidrBlock: string) =>
      errorCode(() => plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock })));
    expect(attempt("172.16.0.0/16")).toBe("InvalidVpc.Range"); // another RFC 1918 range
    expect(attempt("198.19.0.0/16")).toBe("InvalidVpc.Range");
    expect(attempt("10.0.128.0/17")).toBe("InvalidVpc.Range"); // overlaps the primary block
    expect(attempt("192.168.0.0/16")).toBe("InvalidVpc.Range");
    // A primary block inside 10.0.0.0/15 forbids 10.0.0.0/16 only: 10.1.0.0/16 is fine.
    expect(
      plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.1.0.0/16" }))
        .cidrBlockAssociation?.cidrBlock,
    ).toBe("10.1.0.0/16");
    // Public blocks and 100.64.0.0/10 are allowed with any primary range.
    expect(
      plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "100.64.0.0/16" }))
        .cidrBlockAssociation?.cidrBlock,
    ).toBe("100.64.0.0/16");
  });

  it("refuses to disassociate the primary block or a block with subnets", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          disassociateVpcCidrBlock(ctx, { associationId: vpc.cidrBlockAssociations[0]!.associationId }),
        ),
      ),
    ).toBe("OperationNotPermitted");
    const { cidrBlockAssociation } = plane.write((ctx) =>
      associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.5.0.0/16" }),
    );
    plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.5.1.0/24" }));
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          disassociateVpcCidrBlock(ctx, { associationId: cidrBlockAssociation!.associationId }),
        ),
      ),
    ).toBe("DependencyViolation");
  });

  it("refuses a block that would swallow an existing route", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const igw = plane.write((ctx) => createInternetGateway(ctx, {})).internetGateway;
    plane.write((ctx) => attachInternetGateway(ctx, { internetGatewayId: igw.id, vpcId: vpc.id }));
    const rtb = plane.read((ctx) => describeRouteTables(ctx, {})).routeTables[0]!;
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: rtb.id, destinationCidrBlock: "10.7.0.0/24", gatewayId: igw.id }),
    );
    expect(
      errorCode(() =>
        plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.7.0.0/16" })),
      ),
    ).toBe("InvalidVpc.Range");
    // "However, you can associate a CIDR block of 10.0.0.0/25 or smaller."
    expect(
      plane.write((ctx) => associateVpcCidrBlock(ctx, { vpcId: vpc.id, cidrBlock: "10.7.0.0/25" }))
        .cidrBlockAssociation?.cidrBlock,
    ).toBe("10.7.0.0/25");
  });
});
