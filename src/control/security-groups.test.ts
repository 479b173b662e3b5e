import { describe, expect, it } from "vitest";
import type { SecurityGroup } from "../model/resources.js";
import { DEFAULT_QUOTAS } from "./context.js";
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroupReferences,
  describeSecurityGroupRules,
  describeSecurityGroups,
  groupPermissions,
  modifySecurityGroupRules,
  normalizeIpProtocol,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
  updateSecurityGroupRuleDescriptionsEgress,
  updateSecurityGroupRuleDescriptionsIngress,
} from "./security-groups.js";
import { errorCode, TEST_ACCOUNT, type TestPlane, testPlane } from "./test-support.js";
import { createVpc } from "./vpcs.js";

function setup(options: Parameters<typeof testPlane>[0] = {}) {
  const plane = testPlane(options);
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
  const group = (name = "web") =>
    plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: name, description: `${name} servers`, vpcId: vpc.id }),
    ).securityGroup;
  return { plane, vpc, group };
}

const get = (plane: TestPlane, id: string): SecurityGroup =>
  plane.read(({ tx, scope }) => tx.get("securityGroup", scope, id)!);

const tcp = (port: number, cidrIp: string) => ({
  ipProtocol: "tcp",
  fromPort: port,
  toPort: port,
  ipRanges: [{ cidrIp }],
});

describe("CreateSecurityGroup", () => {
  it("creates a group that allows all outbound IPv4 traffic and nothing inbound", () => {
    const { vpc, group } = setup();
    const web = group();
    expect(web.id).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(web).toMatchObject({
      groupName: "web",
      description: "web servers",
      vpcId: vpc.id,
      isDefault: false,
    });
    expect(web.ownerId).toBe(TEST_ACCOUNT);
    expect(web.rules).toEqual([
      {
        id: expect.stringMatching(/^sgr-[0-9a-f]{17}$/),
        isEgress: true,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        tags: [],
      },
    ]);
    expect(groupPermissions(web, false)).toEqual([]);
  });

  it("also allows all outbound IPv6 traffic in a VPC with an IPv6 block", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.0.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    );
    const { securityGroup } = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "v6", description: "d", vpcId: vpc.id }),
    );
    expect(securityGroup.rules.map((r) => [r.isEgress, r.cidrIpv4, r.cidrIpv6])).toEqual([
      [true, "0.0.0.0/0", undefined],
      [true, undefined, "::/0"],
    ]);
  });

  it("enforces names, descriptions, the reserved name and uniqueness per VPC (case-insensitive)", () => {
    const { plane, vpc, group } = setup();
    group("web");
    const create = (groupName: string, description = "d", vpcId: string | undefined = vpc.id) =>
      errorCode(() => plane.write((ctx) => createSecurityGroup(ctx, { groupName, description, vpcId })));
    expect(create("default")).toBe("InvalidGroup.Reserved");
    expect(create("DEFAULT")).toBe("InvalidGroup.Reserved");
    expect(create("WEB")).toBe("InvalidGroup.Duplicate");
    expect(create("sg-web")).toBe("InvalidParameterValue");
    expect(create("naïve")).toBe("InvalidParameterValue");
    expect(create("x".repeat(256))).toBe("InvalidParameterValue");
    expect(create("ok", "tab\tin description")).toBe("InvalidParameterValue");
    expect(create("", "d")).toBe("MissingParameter");
    expect(create("ok", "")).toBe("MissingParameter");
    expect(create("ok", "d", "vpc-0123456789abcdef0")).toBe("InvalidVpcID.NotFound");
    expect(create("ok", "d", "vpc-nope")).toBe("InvalidVpcID.Malformed");
    // No VpcId and no default VPC.
    expect(
      errorCode(() => plane.write((ctx) => createSecurityGroup(ctx, { groupName: "ok", description: "d" }))),
    ).toBe("VPCIdNotSpecified");
    // Another VPC may reuse the name.
    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.1.0.0/16" })).vpc;
    expect(
      plane.write((ctx) => createSecurityGroup(ctx, { groupName: "web", description: "d", vpcId: other.id }))
        .securityGroup.vpcId,
    ).toBe(other.id);
  });

  it("goes to the default VPC when no VPC is named", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const defaultVpc = plane.read(({ tx, scope }) => tx.list("vpc", scope).find((v) => v.isDefault)!);
    const { securityGroup } = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "g", description: "d" }),
    );
    expect(securityGroup.vpcId).toBe(defaultVpc.id);
  });

  it("applies tag specifications and the security group quota", () => {
    const { plane, vpc } = setup({ config: { quotas: { ...DEFAULT_QUOTAS, securityGroupsPerRegion: 2 } } });
    const { securityGroup } = plane.write((ctx) =>
      createSecurityGroup(ctx, {
        groupName: "a",
        description: "d",
        vpcId: vpc.id,
        tagSpecifications: [{ resourceType: "security-group", tags: [{ key: "Name", value: "a" }] }],
      }),
    );
    expect(securityGroup.tags).toEqual([{ key: "Name", value: "a" }]);
    // The VPC's default group counts too.
    expect(
      errorCode(() =>
        plane.write((ctx) => createSecurityGroup(ctx, { groupName: "b", description: "d", vpcId: vpc.id })),
      ),
    ).toBe("SecurityGroupLimitExceeded");
  });
});

describe("AuthorizeSecurityGroupIngress and Egress", () => {
  it("stores one rule per source with AWS's protocol names and canonical CIDRs", () => {
    const { plane, group } = setup();
    const web = group("web");
    const admin = group("admin");
    const { securityGroupRules } = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          {
            ipProtocol: "6",
            fromPort: 80,
            toPort: 80,
            ipRanges: [{ cidrIp: "0.0.0.0/0" }],
            ipv6Ranges: [{ cidrIpv6: "::/0" }],
          },
          {
            ipProtocol: "TCP",
            fromPort: 22,
            toPort: 22,
            ipRanges: [{ cidrIp: "203.0.113.7/24", description: "office" }],
          },
          { ipProtocol: "-1", fromPort: 5, toPort: 9, userIdGroupPairs: [{ groupId: admin.id }] },
          { ipProtocol: "icmp", fromPort: 8, toPort: -1, ipRanges: [{ cidrIp: "10.0.0.0/16" }] },
          { ipProtocol: "icmpv6", ipv6Ranges: [{ cidrIpv6: "2001:DB8:0:0::1/64" }] },
          { ipProtocol: "50", fromPort: 1, toPort: 2, ipRanges: [{ cidrIp: "10.0.0.0/8" }] },
        ],
      }),
    );
    expect(
      securityGroupRules.map((r) => [
        r.ipProtocol,
        r.fromPort,
        r.toPort,
        r.cidrIpv4 ?? r.cidrIpv6 ?? r.referencedGroup?.groupId,
      ]),
    ).toEqual([
      ["tcp", 80, 80, "0.0.0.0/0"],
      ["tcp", 80, 80, "::/0"],
      ["tcp", 22, 22, "203.0.113.0/24"],
      ["-1", undefined, undefined, admin.id],
      ["icmp", 8, -1, "10.0.0.0/16"],
      ["icmpv6", -1, -1, "2001:db8::/64"],
      ["50", undefined, undefined, "10.0.0.0/8"],
    ]);
    expect(new Set(securityGroupRules.map((r) => r.id)).size).toBe(7);
    expect(
      securityGroupRules.every((r) => r.groupId === web.id && r.groupOwnerId === TEST_ACCOUNT && !r.isEgress),
    ).toBe(true);
    expect(securityGroupRules[2]!.description).toBe("office");
    expect(securityGroupRules[3]!.referencedGroup).toEqual({ groupId: admin.id, userId: TEST_ACCOUNT });
    // Grouped into permissions by protocol and ports, in first-seen order.
    const inbound = groupPermissions(get(plane, web.id), false);
    expect(inbound[0]).toEqual({
      ipProtocol: "tcp",
      fromPort: 80,
      toPort: 80,
      ipRanges: [{ cidrIp: "0.0.0.0/0" }],
      ipv6Ranges: [{ cidrIpv6: "::/0" }],
      prefixListIds: [],
      userIdGroupPairs: [],
    });
    expect(inbound.map((p) => p.ipProtocol)).toEqual(["tcp", "tcp", "-1", "icmp", "icmpv6", "50"]);
  });

  it("normalises protocols as AWS stores them and rejects `all`", () => {
    expect(
      ["tcp", "6", "udp", "17", "icmp", "1", "icmpv6", "58", "-1", "050", "255"].map(normalizeIpProtocol),
    ).toEqual(["tcp", "tcp", "udp", "udp", "icmp", "icmp", "icmpv6", "icmpv6", "-1", "50", "255"]);
    for (const bad of ["all", "256", "-2", "gre", undefined]) {
      expect(errorCode(() => normalizeIpProtocol(bad))).toBe("InvalidParameterValue");
    }
  });

  it("validates ports, ICMP type and code, sources and descriptions with AWS's codes", () => {
    const { plane, vpc, group } = setup();
    const web = group("web");
    const authorize = (permission: Record<string, unknown>) =>
      errorCode(() =>
        plane.write((ctx) =>
          authorizeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [permission] }),
        ),
      );
    const cidr = { ipRanges: [{ cidrIp: "10.0.0.0/8" }] };
    expect(authorize({ ipProtocol: "tcp", fromPort: 22, ...cidr })).toBe("InvalidParameterValue");
    expect(authorize({ ipProtocol: "tcp", fromPort: -1, toPort: 22, ...cidr })).toBe(
      "InvalidPermission.Malformed",
    );
    expect(authorize({ ipProtocol: "udp", fromPort: 1, toPort: 65536, ...cidr })).toBe(
      "InvalidPermission.Malformed",
    );
    expect(authorize({ ipProtocol: "tcp", fromPort: 30, toPort: 20, ...cidr })).toBe("InvalidParameterValue");
    expect(authorize({ ipProtocol: "icmp", ...cidr })).toBe("InvalidParameterValue");
    expect(authorize({ ipProtocol: "icmp", fromPort: 256, toPort: 0, ...cidr })).toBe(
      "InvalidPermission.Malformed",
    );
    expect(authorize({ ipProtocol: "icmp", fromPort: 3, toPort: -2, ...cidr })).toBe(
      "InvalidPermission.Malformed",
    );
    expect(authorize({ ipProtocol: "icmp", fromPort: -1, toPort: 4, ...cidr })).toBe("InvalidParameterValue");
    expect(authorize({ fromPort: 1, toPort: 2, ...cidr })).toBe("InvalidParameterValue");
    expect(
      authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2, ipRanges: [{ cidrIp: "10.0.0.0/33" }] }),
    ).toBe("InvalidParameterValue");
    expect(authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2, ipRanges: [{ cidrIp: "::/0" }] })).toBe(
      "InvalidParameterValue",
    );
    expect(authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2 })).toBe("InvalidPermission.Malformed");
    expect(
      authorize({
        ipProtocol: "tcp",
        fromPort: 1,
        toPort: 2,
        ipRanges: [{ cidrIp: "10.0.0.0/8", description: "no\ttabs" }],
      }),
    ).toBe("InvalidParameterValue");
    // Prefix lists arrive later: a well-formed id is unknown, a bad one is malformed.
    expect(
      authorize({
        ipProtocol: "tcp",
        fromPort: 1,
        toPort: 2,
        prefixListIds: [{ prefixListId: "pl-0123456789abcdef0" }],
      }),
    ).toBe("InvalidPrefixListID.NotFound");
    expect(
      authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2, prefixListIds: [{ prefixListId: "pl-x" }] }),
    ).toBe("InvalidPrefixListId.Malformed");
    // Group sources: must exist, and be in the same VPC.
    expect(
      authorize({
        ipProtocol: "tcp",
        fromPort: 1,
        toPort: 2,
        userIdGroupPairs: [{ groupId: "sg-0123456789abcdef0" }],
      }),
    ).toBe("InvalidGroup.NotFound");
    expect(
      authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2, userIdGroupPairs: [{ groupId: "sg-bad" }] }),
    ).toBe("InvalidGroupId.Malformed");
    const elsewhere = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.9.0.0/16" })).vpc;
    const stranger = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "s", description: "d", vpcId: elsewhere.id }),
    ).securityGroup;
    expect(
      authorize({ ipProtocol: "tcp", fromPort: 1, toPort: 2, userIdGroupPairs: [{ groupId: stranger.id }] }),
    ).toBe("InvalidGroup.NotFound");
    expect(vpc.id).not.toBe(elsewhere.id);
    // Nothing was stored by any failed call.
    expect(get(plane, web.id).rules).toHaveLength(1);
  });

  it("answers InvalidPermission.Duplicate for a rule that exists, canonical CIDR and ignored ports included", () => {
    const { plane, group } = setup();
    const web = group();
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    );
    const again = (permission: Record<string, unknown>, egress = false) => {
      try {
        plane.write((ctx) =>
          (egress ? authorizeSecurityGroupEgress : authorizeSecurityGroupIngress)(ctx, {
            groupId: web.id,
            ipPermissions: [permission],
          }),
        );
      } catch (error) {
        return `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      return "ok";
    };
    expect(again(tcp(22, "10.0.9.9/16"))).toBe(
      'InvalidPermission.Duplicate: the specified rule "peer: 10.0.0.0/16, TCP, from port: 22, to port: 22, ALLOW" already exists',
    );
    // The default outbound rule: ports do not matter for -1.
    expect(
      again({ ipProtocol: "-1", fromPort: 0, toPort: 0, ipRanges: [{ cidrIp: "0.0.0.0/0" }] }, true),
    ).toBe('InvalidPermission.Duplicate: the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists');
    // Twice in one request.
    expect(
      again({ ipProtocol: "50", ipRanges: [{ cidrIp: "10.1.0.0/16" }, { cidrIp: "10.1.0.0/16" }] }),
    ).toBe(
      'InvalidPermission.Duplicate: the specified rule "peer: 10.1.0.0/16, protocol: 50, ALLOW" already exists',
    );
    // The same rule in the other direction is another rule.
    expect(again(tcp(22, "10.0.0.0/16"), true)).toBe("ok");
  });

  it("enforces 60 rules per direction, counted per IP family", () => {
    const { plane, group } = setup({ config: { quotas: { ...DEFAULT_QUOTAS, rulesPerSecurityGroup: 3 } } });
    const web = group();
    const add = (permission: Record<string, unknown>, egress = false) =>
      errorCode(() =>
        plane.write((ctx) =>
          (egress ? authorizeSecurityGroupEgress : authorizeSecurityGroupIngress)(ctx, {
            groupId: web.id,
            ipPermissions: [permission],
          }),
        ),
      );
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          {
            ipProtocol: "tcp",
            fromPort: 1,
            toPort: 1,
            ipRanges: [{ cidrIp: "10.0.0.0/8" }, { cidrIp: "10.1.0.0/16" }, { cidrIp: "10.2.0.0/16" }],
          },
        ],
      }),
    );
    expect(add(tcp(2, "10.3.0.0/16"))).toBe("RulesPerSecurityGroupLimitExceeded");
    // IPv6 rules have their own 3; a group reference counts for both families.
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          {
            ipProtocol: "tcp",
            fromPort: 1,
            toPort: 1,
            ipv6Ranges: [{ cidrIpv6: "::/0" }, { cidrIpv6: "2001:db8::/32" }],
          },
        ],
      }),
    );
    expect(add({ ipProtocol: "tcp", fromPort: 3, toPort: 3, userIdGroupPairs: [{ groupId: web.id }] })).toBe(
      "RulesPerSecurityGroupLimitExceeded",
    );
    // Outbound has its own quota (one rule used by the default).
    expect(() =>
      plane.write((ctx) =>
        authorizeSecurityGroupEgress(ctx, { groupId: web.id, ipPermissions: [tcp(443, "0.0.0.0/0")] }),
      ),
    ).not.toThrow();
    expect(get(plane, web.id).rules.filter((r) => !r.isEgress)).toHaveLength(5);
  });

  it("accepts the flat parameters, a group by name in the default VPC, and tags the new rules", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const { securityGroup: g } = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "app", description: "d" }),
    );
    const { securityGroupRules } = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupName: "app",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIp: "0.0.0.0/0",
        tagSpecifications: [{ resourceType: "security-group-rule", tags: [{ key: "Name", value: "https" }] }],
      }),
    );
    expect(securityGroupRules).toEqual([
      expect.objectContaining({
        groupId: g.id,
        ipProtocol: "tcp",
        fromPort: 443,
        cidrIpv4: "0.0.0.0/0",
        tags: [{ key: "Name", value: "https" }],
      }),
    ]);
    // SourceSecurityGroupName grants TCP, UDP and ICMP.
    const fromGroup = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupName: "app", sourceSecurityGroupName: "default" }),
    );
    expect(fromGroup.securityGroupRules.map((r) => [r.ipProtocol, r.fromPort, r.toPort])).toEqual([
      ["tcp", 0, 65535],
      ["udp", 0, 65535],
      ["icmp", -1, -1],
    ]);
    const combine = errorCode(() =>
      plane.write((ctx) =>
        authorizeSecurityGroupIngress(ctx, {
          groupId: g.id,
          cidrIp: "10.0.0.0/8",
          ipPermissions: [tcp(1, "10.0.0.0/8")],
        }),
      ),
    );
    expect(combine).toBe("InvalidParameterCombination");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          authorizeSecurityGroupIngress(ctx, { groupName: "nope", ipPermissions: [tcp(1, "10.0.0.0/8")] }),
        ),
      ),
    ).toBe("InvalidGroup.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) => authorizeSecurityGroupIngress(ctx, { ipPermissions: [tcp(1, "10.0.0.0/8")] })),
      ),
    ).toBe("MissingParameter");
    expect(errorCode(() => plane.write((ctx) => authorizeSecurityGroupIngress(ctx, { groupId: g.id })))).toBe(
      "MissingParameter",
    );
  });

  it("names a group by name only in the default VPC (VPCIdNotSpecified without one)", () => {
    const { plane } = setup();
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          authorizeSecurityGroupIngress(ctx, { groupName: "web", ipPermissions: [tcp(1, "10.0.0.0/8")] }),
        ),
      ),
    ).toBe("VPCIdNotSpecified");
  });
});

describe("RevokeSecurityGroupIngress and Egress", () => {
  it("revokes by exact properties (description not needed) and by rule id", () => {
    const { plane, group } = setup();
    const web = group();
    const rules = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          { ...tcp(22, "10.0.0.0/16"), ipRanges: [{ cidrIp: "10.0.0.0/16", description: "ssh" }] },
          tcp(80, "0.0.0.0/0"),
        ],
      }),
    ).securityGroupRules;
    const result = plane.write((ctx) =>
      revokeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    );
    expect(result.unknownIpPermissions).toEqual([]);
    plane.write((ctx) =>
      revokeSecurityGroupIngress(ctx, { groupId: web.id, securityGroupRuleIds: [rules[1]!.id] }),
    );
    expect(get(plane, web.id).rules.filter((r) => !r.isEgress)).toEqual([]);
    // The default outbound rule, revoked the way Terraform does (ports 0 for protocol -1).
    plane.write((ctx) =>
      revokeSecurityGroupEgress(ctx, {
        groupId: web.id,
        ipPermissions: [{ ipProtocol: "-1", fromPort: 0, toPort: 0, ipRanges: [{ cidrIp: "0.0.0.0/0" }] }],
      }),
    );
    expect(get(plane, web.id).rules).toEqual([]);
  });

  it("fails as a whole with InvalidPermission.NotFound in a non-default VPC", () => {
    const { plane, group } = setup();
    const web = group();
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    );
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          revokeSecurityGroupIngress(ctx, {
            groupId: web.id,
            ipPermissions: [tcp(22, "10.0.0.0/16"), tcp(23, "10.0.0.0/16")],
          }),
        ),
      ),
    ).toBe("InvalidPermission.NotFound");
    expect(get(plane, web.id).rules.filter((r) => !r.isEgress)).toHaveLength(1);
    // By rule id: the direction matters, and ids are checked.
    const egressRule = get(plane, web.id).rules.find((r) => r.isEgress)!;
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          revokeSecurityGroupIngress(ctx, { groupId: web.id, securityGroupRuleIds: [egressRule.id] }),
        ),
      ),
    ).toBe("InvalidSecurityGroupRuleId.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          revokeSecurityGroupIngress(ctx, { groupId: web.id, securityGroupRuleIds: ["sgr-x"] }),
        ),
      ),
    ).toBe("InvalidSecurityGroupRuleId.Malformed");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          revokeSecurityGroupIngress(ctx, {
            groupId: web.id,
            securityGroupRuleIds: [egressRule.id],
            ipPermissions: [tcp(22, "10.0.0.0/16")],
          }),
        ),
      ),
    ).toBe("InvalidParameterCombination");
  });

  it("in the default VPC, revokes what matches and returns the rest as UnknownIpPermissions", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const { securityGroup: g } = plane.write((ctx) =>
      createSecurityGroup(ctx, { groupName: "app", description: "d" }),
    );
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupId: g.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    );
    const { unknownIpPermissions } = plane.write((ctx) =>
      revokeSecurityGroupIngress(ctx, {
        groupId: g.id,
        ipPermissions: [tcp(22, "10.0.0.0/16"), tcp(23, "10.0.0.0/16")],
      }),
    );
    expect(unknownIpPermissions).toEqual([
      {
        ipProtocol: "tcp",
        fromPort: 23,
        toPort: 23,
        ipRanges: [{ cidrIp: "10.0.0.0/16" }],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [],
      },
    ]);
    expect(get(plane, g.id).rules.filter((r) => !r.isEgress)).toEqual([]);
  });
});

describe("ModifySecurityGroupRules and rule descriptions", () => {
  it("replaces a rule in place, keeping its id and type", () => {
    const { plane, group } = setup();
    const web = group();
    const [rule] = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    ).securityGroupRules;
    plane.write((ctx) =>
      modifySecurityGroupRules(ctx, {
        groupId: web.id,
        securityGroupRules: [
          {
            securityGroupRuleId: rule!.id,
            securityGroupRule: {
              ipProtocol: "tcp",
              fromPort: 2222,
              toPort: 2223,
              cidrIpv4: "10.1.0.0/16",
              description: "alt ssh",
            },
          },
        ],
      }),
    );
    expect(get(plane, web.id).rules.find((r) => r.id === rule!.id)).toEqual({
      id: rule!.id,
      isEgress: false,
      ipProtocol: "tcp",
      fromPort: 2222,
      toPort: 2223,
      cidrIpv4: "10.1.0.0/16",
      description: "alt ssh",
      tags: [],
    });
    const modify = (request: Record<string, unknown>, id = rule!.id) =>
      errorCode(() =>
        plane.write((ctx) =>
          modifySecurityGroupRules(ctx, {
            groupId: web.id,
            securityGroupRules: [{ securityGroupRuleId: id, securityGroupRule: request }],
          }),
        ),
      );
    expect(modify({ ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv6: "::/0" })).toBe(
      "InvalidParameterValue",
    );
    expect(modify({ ipProtocol: "tcp", fromPort: 1, toPort: 1 })).toBe("InvalidParameterCombination");
    expect(
      modify({ ipProtocol: "tcp", fromPort: 1, toPort: 1, cidrIpv4: "1.0.0.0/8" }, "sgr-0123456789abcdef0"),
    ).toBe("InvalidSecurityGroupRuleId.NotFound");
    // Becoming identical to another rule is a duplicate.
    const egressId = get(plane, web.id).rules.find((r) => r.isEgress)!.id;
    plane.write((ctx) =>
      authorizeSecurityGroupEgress(ctx, { groupId: web.id, ipPermissions: [tcp(443, "0.0.0.0/0")] }),
    );
    expect(modify({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, egressId)).toBe(
      "InvalidPermission.Duplicate",
    );
  });

  it("updates descriptions by rule id and by permission, and removes them when none is given", () => {
    const { plane, group } = setup();
    const web = group();
    const [rule] = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, { groupId: web.id, ipPermissions: [tcp(22, "10.0.0.0/16")] }),
    ).securityGroupRules;
    plane.write((ctx) =>
      updateSecurityGroupRuleDescriptionsIngress(ctx, {
        groupId: web.id,
        securityGroupRuleDescriptions: [{ securityGroupRuleId: rule!.id, description: "ssh from the VPC" }],
      }),
    );
    expect(get(plane, web.id).rules.find((r) => r.id === rule!.id)?.description).toBe("ssh from the VPC");
    plane.write((ctx) =>
      updateSecurityGroupRuleDescriptionsIngress(ctx, {
        groupId: web.id,
        ipPermissions: [tcp(22, "10.0.0.0/16")],
      }),
    );
    expect(get(plane, web.id).rules.find((r) => r.id === rule!.id)).not.toHaveProperty("description");
    plane.write((ctx) =>
      updateSecurityGroupRuleDescriptionsEgress(ctx, {
        groupId: web.id,
        ipPermissions: [{ ipProtocol: "-1", ipRanges: [{ cidrIp: "0.0.0.0/0", description: "everything" }] }],
      }),
    );
    expect(get(plane, web.id).rules.find((r) => r.isEgress)?.description).toBe("everything");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          updateSecurityGroupRuleDescriptionsIngress(ctx, {
            groupId: web.id,
            ipPermissions: [tcp(23, "10.0.0.0/16")],
          }),
        ),
      ),
    ).toBe("InvalidPermission.NotFound");
    expect(
      errorCode(() =>
        plane.write((ctx) => updateSecurityGroupRuleDescriptionsIngress(ctx, { groupId: web.id })),
      ),
    ).toBe("MissingParameter");
  });
});

describe("DeleteSecurityGroup", () => {
  it("refuses the default group, groups referenced by others and groups in use by an interface", () => {
    const { plane, vpc, group } = setup();
    const web = group("web");
    const db = group("db");
    const defaultGroup = plane.read(
      ({ tx, scope }) => tx.listBy("securityGroup", scope, "vpcId", vpc.id).find((g) => g.isDefault)!,
    );
    expect(
      errorCode(() => plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: defaultGroup.id }))),
    ).toBe("CannotDelete");
    // db allows web: web cannot go while db references it; db can.
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: db.id,
        ipPermissions: [
          { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, userIdGroupPairs: [{ groupId: web.id }] },
        ],
      }),
    );
    expect(errorCode(() => plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: web.id })))).toBe(
      "DependencyViolation",
    );
    // A group that references itself can go.
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: db.id,
        ipPermissions: [{ ipProtocol: "-1", userIdGroupPairs: [{ groupId: db.id }] }],
      }),
    );
    plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: db.id }));
    // An interface that uses web keeps it.
    plane.write(({ tx, scope }) =>
      tx.put("networkInterface", scope, {
        id: "eni-0123456789abcdef0",
        ownerId: scope.account,
        tags: [],
        subnetId: "subnet-0123456789abcdef0",
        vpcId: vpc.id,
        availabilityZone: "us-east-1a",
        description: "",
        interfaceType: "interface",
        status: "available",
        macAddress: "02:00:00:00:00:01",
        privateIpAddresses: [{ address: "10.0.1.10", primary: true }],
        ipv6Addresses: [],
        groupIds: [web.id],
        sourceDestCheck: true,
        requesterManaged: false,
      }),
    );
    expect(errorCode(() => plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: web.id })))).toBe(
      "DependencyViolation",
    );
    plane.write(({ tx, scope }) => tx.delete("networkInterface", scope, "eni-0123456789abcdef0"));
    plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: web.id }));
    expect(plane.read((ctx) => describeSecurityGroups(ctx, {})).securityGroups.map((g) => g.id)).toEqual([
      defaultGroup.id,
    ]);
    expect(errorCode(() => plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: web.id })))).toBe(
      "InvalidGroup.NotFound",
    );
    expect(errorCode(() => plane.write((ctx) => deleteSecurityGroup(ctx, { groupId: "sg-nope" })))).toBe(
      "InvalidGroupId.Malformed",
    );
  });
});

describe("DescribeSecurityGroups and DescribeSecurityGroupRules", () => {
  it("filters on every documented field, over inbound and outbound rules separately", () => {
    const { plane, vpc, group } = setup();
    const web = group("web");
    const db = group("db");
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          tcp(443, "0.0.0.0/0"),
          { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, ipv6Ranges: [{ cidrIpv6: "::/0" }] },
        ],
      }),
    );
    plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: db.id,
        ipPermissions: [
          { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, userIdGroupPairs: [{ groupId: web.id }] },
        ],
      }),
    );
    const ids = (filters: { name: string; values: string[] }[]) =>
      plane
        .read((ctx) => describeSecurityGroups(ctx, { filters }))
        .securityGroups.map((g) => g.groupName)
        .sort();
    expect(ids([{ name: "vpc-id", values: [vpc.id] }])).toEqual(["db", "default", "web"]);
    expect(ids([{ name: "group-name", values: ["w*"] }])).toEqual(["web"]);
    expect(ids([{ name: "description", values: ["db servers"] }])).toEqual(["db"]);
    expect(ids([{ name: "ip-permission.cidr", values: ["0.0.0.0/0"] }])).toEqual(["web"]);
    expect(ids([{ name: "egress.ip-permission.cidr", values: ["0.0.0.0/0"] }])).toEqual([
      "db",
      "default",
      "web",
    ]);
    expect(ids([{ name: "ip-permission.ipv6-cidr", values: ["::/0"] }])).toEqual(["web"]);
    expect(ids([{ name: "ip-permission.from-port", values: ["5432"] }])).toEqual(["db"]);
    expect(ids([{ name: "ip-permission.to-port", values: ["443"] }])).toEqual(["web"]);
    expect(ids([{ name: "ip-permission.protocol", values: ["6"] }])).toEqual(["db", "web"]);
    expect(ids([{ name: "ip-permission.group-id", values: [web.id] }])).toEqual(["db"]);
    expect(ids([{ name: "ip-permission.group-name", values: ["web"] }])).toEqual(["db"]);
    expect(ids([{ name: "ip-permission.user-id", values: [TEST_ACCOUNT] }])).toEqual(["db", "default"]);
    expect(ids([{ name: "egress.ip-permission.protocol", values: ["-1"] }])).toEqual([
      "db",
      "default",
      "web",
    ]);
    expect(ids([{ name: "owner-id", values: [TEST_ACCOUNT] }])).toHaveLength(3);
    expect(ids([{ name: "group-id", values: [db.id] }])).toEqual(["db"]);
    expect(ids([{ name: "ip-permission.prefix-list-id", values: ["pl-*"] }])).toEqual([]);
    expect(errorCode(() => ids([{ name: "ip-permission.nope", values: ["x"] }]))).toBe(
      "InvalidParameterValue",
    );
    // Ids, unknown ids, paging.
    expect(
      plane.read((ctx) => describeSecurityGroups(ctx, { groupIds: [web.id] })).securityGroups,
    ).toHaveLength(1);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeSecurityGroups(ctx, { groupIds: ["sg-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidGroup.NotFound");
    const first = plane.read((ctx) => describeSecurityGroups(ctx, { maxResults: 5 }));
    expect(first.securityGroups).toHaveLength(3);
    expect(first.nextToken).toBeUndefined();
    expect(errorCode(() => plane.read((ctx) => describeSecurityGroups(ctx, { maxResults: 4 })))).toBe(
      "InvalidParameterValue",
    );
  });

  it("describes rules with their group, by id and by group-id filter, with paging", () => {
    const { plane, group } = setup();
    const web = group("web");
    const added = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: web.id,
        ipPermissions: [
          {
            ipProtocol: "tcp",
            fromPort: 1,
            toPort: 1,
            ipRanges: Array.from({ length: 6 }, (_, i) => ({ cidrIp: `10.${i}.0.0/16` })),
          },
        ],
      }),
    ).securityGroupRules;
    const byGroup = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, { filters: [{ name: "group-id", values: [web.id] }] }),
    );
    expect(byGroup.securityGroupRules).toHaveLength(7);
    expect(byGroup.securityGroupRules.every((r) => r.groupId === web.id)).toBe(true);
    const one = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, { securityGroupRuleIds: [added[2]!.id] }),
    );
    expect(one.securityGroupRules).toEqual([added[2]]);
    expect(
      plane.read((ctx) =>
        describeSecurityGroupRules(ctx, {
          filters: [{ name: "security-group-rule-id", values: [added[0]!.id, added[1]!.id] }],
        }),
      ).securityGroupRules,
    ).toHaveLength(2);
    expect(
      errorCode(() =>
        plane.read((ctx) =>
          describeSecurityGroupRules(ctx, { securityGroupRuleIds: ["sgr-0123456789abcdef0"] }),
        ),
      ),
    ).toBe("InvalidSecurityGroupRuleId.NotFound");
    const page1 = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, { filters: [{ name: "group-id", values: [web.id] }], maxResults: 5 }),
    );
    expect(page1.securityGroupRules).toHaveLength(5);
    const page2 = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, {
        filters: [{ name: "group-id", values: [web.id] }],
        maxResults: 5,
        nextToken: page1.nextToken!,
      }),
    );
    expect(page2.securityGroupRules).toHaveLength(2);
    expect(page2.nextToken).toBeUndefined();
  });

  it("DescribeSecurityGroupReferences checks the ids and reports no references without peering", () => {
    const { plane, group } = setup();
    const web = group();
    expect(
      plane.read((ctx) => describeSecurityGroupReferences(ctx, { groupIds: [web.id] })).references,
    ).toEqual([]);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeSecurityGroupReferences(ctx, { groupIds: ["sg-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidGroup.NotFound");
    expect(errorCode(() => plane.read((ctx) => describeSecurityGroupReferences(ctx, { groupIds: [] })))).toBe(
      "MissingParameter",
    );
  });
});

describe("any rule a client can send", () => {
  it("is stored, or refused with an AWS error, never an internal one", async () => {
    const fc = (await import("fast-check")).default;
    const { AwsError } = await import("./errors.js");
    const { plane, group } = setup();
    const web = group("web");
    const other = group("other");
    const port = fc.oneof(fc.constantFrom(undefined, -1, 0, 22, 255, 256, 65535, 65536), fc.integer());
    const text = fc.oneof(
      fc.constantFrom(undefined, "", "ok", "bad\u0000", "x".repeat(300)),
      fc.string({ maxLength: 12 }),
    );
    const permission = fc.record(
      {
        ipProtocol: fc.oneof(
          fc.constantFrom("tcp", "UDP", "icmp", "icmpv6", "-1", "6", "58", "50", "all", "300", ""),
          fc.string(),
        ),
        fromPort: port,
        toPort: port,
        ipRanges: fc.array(
          fc.record({
            cidrIp: fc.constantFrom(undefined, "10.0.0.0/8", "10.0.0.1/16", "::/0", "x", "1.2.3.4/33"),
            description: text,
          }),
          { maxLength: 3 },
        ),
        ipv6Ranges: fc.array(
          fc.record({
            cidrIpv6: fc.constantFrom(undefined, "::/0", "2001:db8::1/64", "10.0.0.0/8", "::/129"),
            description: text,
          }),
          { maxLength: 2 },
        ),
        prefixListIds: fc.array(
          fc.record({ prefixListId: fc.constantFrom(undefined, "pl-0123456789abcdef0", "pl-", "x") }),
          { maxLength: 1 },
        ),
        userIdGroupPairs: fc.array(
          fc.record({
            groupId: fc.constantFrom(undefined, web.id, other.id, "sg-0123456789abcdef0", "sg-x", ""),
            groupName: fc.constantFrom(undefined, "web", "other", "nope"),
            userId: fc.constantFrom(undefined, TEST_ACCOUNT, "999999999999"),
            description: text,
          }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    const operation = fc.constantFrom(
      authorizeSecurityGroupIngress,
      authorizeSecurityGroupEgress,
      revokeSecurityGroupIngress,
      revokeSecurityGroupEgress,
      updateSecurityGroupRuleDescriptionsIngress,
    );
    fc.assert(
      fc.property(operation, fc.array(permission, { maxLength: 3 }), (op, ipPermissions) => {
        try {
          plane.write((ctx) => op(ctx, { groupId: web.id, ipPermissions }));
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
    // Whatever was stored is well-formed: every rule has exactly one source and a known protocol.
    for (const rule of get(plane, web.id).rules) {
      const sources = [rule.cidrIpv4, rule.cidrIpv6, rule.prefixListId, rule.referencedGroup].filter(
        (s) => s !== undefined,
      );
      expect(sources).toHaveLength(1);
      expect(normalizeIpProtocol(rule.ipProtocol)).toBe(rule.ipProtocol);
    }
  });
});
