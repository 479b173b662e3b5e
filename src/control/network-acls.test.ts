import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  describeNetworkAcls,
  type NetworkAclEntryInput,
  networkAclOfSubnet,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
} from "./network-acls.js";
import { createSubnet, deleteSubnet } from "./subnets.js";
import { errorCode, TEST_ACCOUNT, testPlane } from "./test-support.js";
import { createVpc, deleteVpc } from "./vpcs.js";

function setup(options: Parameters<typeof testPlane>[0] = {}) {
  const plane = testPlane(options);
  const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
  const { subnet } = plane.write((ctx) => createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }));
  const defaultAcl = plane.read((ctx) =>
    describeNetworkAcls(ctx, {
      filters: [
        { name: "default", values: ["true"] },
        { name: "vpc-id", values: [vpc.id] },
      ],
    }),
  ).networkAcls[0]!;
  return { plane, vpc, subnet, defaultAcl };
}

const summary = (
  entries: readonly {
    ruleNumber: number;
    egress: boolean;
    ruleAction: string;
    cidrBlock?: string;
    ipv6CidrBlock?: string;
  }[],
) =>
  entries.map(
    (e) => `${e.egress ? "out" : "in"} ${e.ruleNumber} ${e.ruleAction} ${e.cidrBlock ?? e.ipv6CidrBlock}`,
  );

describe("network ACLs", () => {
  it("shows the default ACL's allow rules and the final deny rules, egress first, and each subnet's association", () => {
    const { plane, vpc, subnet, defaultAcl } = setup();
    expect(defaultAcl).toMatchObject({ vpcId: vpc.id, isDefault: true, ownerId: TEST_ACCOUNT });
    expect(summary(defaultAcl.entries)).toEqual([
      "out 100 allow 0.0.0.0/0",
      "out 32767 deny 0.0.0.0/0",
      "in 100 allow 0.0.0.0/0",
      "in 32767 deny 0.0.0.0/0",
    ]);
    expect(defaultAcl.entries[0]).toEqual({
      ruleNumber: 100,
      egress: true,
      protocol: "-1",
      ruleAction: "allow",
      cidrBlock: "0.0.0.0/0",
    });
    expect(defaultAcl.associations).toEqual([
      { id: expect.stringMatching(/^aclassoc-[0-9a-f]{17}$/), subnetId: subnet.id },
    ]);
    // With an IPv6 block: rule 101 and the IPv6 final deny (32768).
    const v6 = plane.write((ctx) =>
      createVpc(ctx, { cidrBlock: "10.1.0.0/16", amazonProvidedIpv6CidrBlock: true }),
    ).vpc;
    const acl = plane.read((ctx) =>
      describeNetworkAcls(ctx, { filters: [{ name: "vpc-id", values: [v6.id] }] }),
    ).networkAcls[0]!;
    expect(summary(acl.entries)).toEqual([
      "out 100 allow 0.0.0.0/0",
      "out 101 allow ::/0",
      "out 32767 deny 0.0.0.0/0",
      "out 32768 deny ::/0",
      "in 100 allow 0.0.0.0/0",
      "in 101 allow ::/0",
      "in 32767 deny 0.0.0.0/0",
      "in 32768 deny ::/0",
    ]);
  });

  it("creates a custom ACL that denies everything, with its tags", () => {
    const { plane, vpc } = setup();
    const { networkAcl } = plane.write((ctx) =>
      createNetworkAcl(ctx, {
        vpcId: vpc.id,
        tagSpecifications: [{ resourceType: "network-acl", tags: [{ key: "Name", value: "private" }] }],
      }),
    );
    expect(networkAcl.id).toMatch(/^acl-[0-9a-f]{17}$/);
    expect(networkAcl).toMatchObject({
      isDefault: false,
      associations: [],
      tags: [{ key: "Name", value: "private" }],
    });
    expect(summary(networkAcl.entries)).toEqual(["out 32767 deny 0.0.0.0/0", "in 32767 deny 0.0.0.0/0"]);
    expect(
      errorCode(() => plane.write((ctx) => createNetworkAcl(ctx, { vpcId: "vpc-0123456789abcdef0" }))),
    ).toBe("InvalidVpcID.NotFound");
  });

  it("adds entries with ports, ICMP and IPv6, keeps each direction's numbers unique, replaces and deletes them", () => {
    const { plane, vpc } = setup();
    const { networkAcl: acl } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    const entry = (input: Partial<NetworkAclEntryInput>) =>
      plane.write((ctx) =>
        createNetworkAclEntry(ctx, {
          networkAclId: acl.id,
          egress: false,
          ruleAction: "allow",
          ...input,
        }),
      );
    entry({ ruleNumber: 100, protocol: "6", portRange: { from: 80, to: 80 }, cidrBlock: "0.0.0.0/0" });
    entry({ ruleNumber: 110, protocol: "06", portRange: { from: 443, to: 443 }, cidrBlock: "10.0.9.9/16" });
    entry({ ruleNumber: 120, protocol: "1", icmpTypeCode: { type: 8, code: -1 }, cidrBlock: "0.0.0.0/0" });
    entry({
      ruleNumber: 130,
      protocol: "58",
      icmpTypeCode: { type: 128, code: 0 },
      ipv6CidrBlock: "2001:DB8::/32",
    });
    // Ports and ICMP mean nothing for other protocols (and ICMPv6 with an IPv4 block).
    entry({ ruleNumber: 140, protocol: "50", portRange: { from: 1, to: 2 }, cidrBlock: "0.0.0.0/0" });
    entry({ ruleNumber: 150, protocol: "58", icmpTypeCode: { type: 1, code: 1 }, cidrBlock: "0.0.0.0/0" });
    entry({ ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "deny", cidrBlock: "192.0.2.0/24" });
    const view = plane.read((ctx) => describeNetworkAcls(ctx, { networkAclIds: [acl.id] })).networkAcls[0]!;
    const ingress = view.entries.filter((e) => !e.egress);
    expect(
      ingress.map((e) => [
        e.ruleNumber,
        e.protocol,
        e.portRange,
        e.icmpTypeCode,
        e.cidrBlock ?? e.ipv6CidrBlock,
      ]),
    ).toEqual([
      [100, "6", { from: 80, to: 80 }, undefined, "0.0.0.0/0"],
      [110, "6", { from: 443, to: 443 }, undefined, "10.0.0.0/16"],
      [120, "1", undefined, { type: 8, code: -1 }, "0.0.0.0/0"],
      [130, "58", undefined, { type: 128, code: 0 }, "2001:db8::/32"],
      [140, "50", undefined, undefined, "0.0.0.0/0"],
      [150, "58", undefined, undefined, "0.0.0.0/0"],
      [32767, "-1", undefined, undefined, "0.0.0.0/0"],
    ]);
    expect(summary(view.entries.filter((e) => e.egress))).toEqual([
      "out 100 deny 192.0.2.0/24",
      "out 32767 deny 0.0.0.0/0",
    ]);
    const code = (fn: () => void) => errorCode(fn);
    expect(code(() => entry({ ruleNumber: 100, protocol: "-1", cidrBlock: "0.0.0.0/0" }))).toBe(
      "NetworkAclEntryAlreadyExists",
    );
    plane.write((ctx) =>
      replaceNetworkAclEntry(ctx, {
        networkAclId: acl.id,
        ruleNumber: 100,
        egress: false,
        protocol: "17",
        ruleAction: "deny",
        portRange: { from: 53, to: 53 },
        cidrBlock: "10.0.0.0/8",
      }),
    );
    const replaced = plane
      .read(({ tx, scope }) => tx.get("networkAcl", scope, acl.id)!)
      .entries.find((e) => e.ruleNumber === 100 && !e.egress);
    expect(replaced).toEqual({
      ruleNumber: 100,
      egress: false,
      protocol: "17",
      ruleAction: "deny",
      cidrBlock: "10.0.0.0/8",
      portRange: { from: 53, to: 53 },
    });
    expect(
      code(() =>
        plane.write((ctx) =>
          replaceNetworkAclEntry(ctx, {
            networkAclId: acl.id,
            ruleNumber: 200,
            egress: false,
            protocol: "-1",
            ruleAction: "allow",
            cidrBlock: "0.0.0.0/0",
          }),
        ),
      ),
    ).toBe("InvalidNetworkAclEntry.NotFound");
    plane.write((ctx) => deleteNetworkAclEntry(ctx, { networkAclId: acl.id, ruleNumber: 100, egress: true }));
    expect(
      code(() =>
        plane.write((ctx) =>
          deleteNetworkAclEntry(ctx, { networkAclId: acl.id, ruleNumber: 100, egress: true }),
        ),
      ),
    ).toBe("InvalidNetworkAclEntry.NotFound");
    // The final deny entries cannot be touched.
    expect(
      code(() =>
        plane.write((ctx) =>
          deleteNetworkAclEntry(ctx, { networkAclId: acl.id, ruleNumber: 32767, egress: false }),
        ),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("validates entries with AWS's codes", () => {
    const { plane, vpc } = setup();
    const { networkAcl: acl } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    const entry = (input: Partial<NetworkAclEntryInput>) =>
      errorCode(() =>
        plane.write((ctx) =>
          createNetworkAclEntry(ctx, {
            networkAclId: acl.id,
            ruleNumber: 100,
            egress: false,
            protocol: "-1",
            ruleAction: "allow",
            cidrBlock: "0.0.0.0/0",
            ...input,
          }),
        ),
      );
    expect(entry({ ruleNumber: 0 })).toBe("InvalidParameterValue");
    expect(entry({ ruleNumber: 32767 })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "tcp" })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "256" })).toBe("InvalidParameterValue");
    expect(entry({ ruleAction: "ALLOW" })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "6" })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "6", portRange: { from: 0, to: 65536 } })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "17", portRange: { from: 90, to: 80 } })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "1" })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "1", icmpTypeCode: { type: 300, code: 0 } })).toBe("InvalidParameterValue");
    expect(entry({ protocol: "58", ipv6CidrBlock: "::/0", cidrBlock: undefined })).toBe(
      "InvalidParameterValue",
    );
    expect(entry({ cidrBlock: "0.0.0.0/33" })).toBe("InvalidParameterValue");
    expect(entry({ cidrBlock: undefined })).toBe("MissingParameter");
    expect(entry({ ipv6CidrBlock: "::/0" })).toBe("InvalidParameterCombination");
    expect(entry({ networkAclId: "acl-0123456789abcdef0" })).toBe("InvalidNetworkAclID.NotFound");
    expect(entry({ networkAclId: "acl-x" })).toBe("InvalidNetworkAclId.Malformed");
  });

  it("allows 20 entries per direction and family, the final deny included", () => {
    const { plane, vpc } = setup({
      config: { quotas: { ...DEFAULT_QUOTAS, networkAclEntriesPerDirection: 3 } },
    });
    const { networkAcl: acl } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    const add = (
      ruleNumber: number,
      egress: boolean,
      block: { cidrBlock?: string; ipv6CidrBlock?: string },
    ) =>
      plane.write((ctx) =>
        createNetworkAclEntry(ctx, {
          networkAclId: acl.id,
          ruleNumber,
          egress,
          protocol: "-1",
          ruleAction: "allow",
          ...block,
        }),
      );
    add(1, false, { cidrBlock: "10.0.0.0/8" });
    add(2, false, { cidrBlock: "10.1.0.0/16" });
    expect(errorCode(() => add(3, false, { cidrBlock: "10.2.0.0/16" }))).toBe("NetworkAclEntryLimitExceeded");
    // The other direction and the other family have their own count.
    add(3, true, { cidrBlock: "10.2.0.0/16" });
    add(4, false, { ipv6CidrBlock: "::/0" });
    add(5, false, { ipv6CidrBlock: "2001:db8::/32" });
    expect(errorCode(() => add(6, false, { ipv6CidrBlock: "2001:db9::/32" }))).toBe(
      "NetworkAclEntryLimitExceeded",
    );
  });

  it("moves a subnet between ACLs with a new association id, and refuses to delete ACLs in use or default", () => {
    const { plane, vpc, subnet, defaultAcl } = setup();
    const { networkAcl: custom } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    const oldId = defaultAcl.associations[0]!.id;
    const { newAssociationId } = plane.write((ctx) =>
      replaceNetworkAclAssociation(ctx, { associationId: oldId, networkAclId: custom.id }),
    );
    expect(newAssociationId).toMatch(/^aclassoc-/);
    expect(newAssociationId).not.toBe(oldId);
    expect(plane.read(({ tx, scope }) => networkAclOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(
      custom.id,
    );
    const bySubnet = plane.read((ctx) =>
      describeNetworkAcls(ctx, { filters: [{ name: "association.subnet-id", values: [subnet.id] }] }),
    ).networkAcls;
    expect(bySubnet.map((a) => a.id)).toEqual([custom.id]);
    expect(
      plane
        .read((ctx) =>
          describeNetworkAcls(ctx, {
            filters: [{ name: "association.association-id", values: [newAssociationId] }],
          }),
        )
        .networkAcls.map((a) => a.id),
    ).toEqual([custom.id]);
    // The old id is gone.
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          replaceNetworkAclAssociation(ctx, { associationId: oldId, networkAclId: defaultAcl.id }),
        ),
      ),
    ).toBe("InvalidAssociationID.NotFound");
    expect(errorCode(() => plane.write((ctx) => deleteNetworkAcl(ctx, { networkAclId: custom.id })))).toBe(
      "DependencyViolation",
    );
    expect(
      errorCode(() => plane.write((ctx) => deleteNetworkAcl(ctx, { networkAclId: defaultAcl.id }))),
    ).toBe("InvalidParameterValue");
    // Not across VPCs.
    const other = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.5.0.0/16" })).vpc;
    const { networkAcl: foreign } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: other.id }));
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          replaceNetworkAclAssociation(ctx, { associationId: newAssociationId, networkAclId: foreign.id }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    // Back to the default; then the custom ACL can go, and the VPC with it.
    plane.write((ctx) =>
      replaceNetworkAclAssociation(ctx, { associationId: newAssociationId, networkAclId: defaultAcl.id }),
    );
    expect(plane.read(({ tx, scope }) => networkAclOfSubnet(tx, scope, vpc.id, subnet.id)?.id)).toBe(
      defaultAcl.id,
    );
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id })))).toBe(
      "DependencyViolation",
    );
    plane.write((ctx) => deleteNetworkAcl(ctx, { networkAclId: custom.id }));
    plane.write((ctx) => deleteSubnet(ctx, { subnetId: subnet.id }));
    plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id }));
    expect(plane.read(({ tx, scope }) => tx.listBy("networkAcl", scope, "vpcId", vpc.id))).toEqual([]);
  });

  it("filters on entries, associations and the default flag, and pages", () => {
    const { plane, vpc } = setup();
    const { networkAcl: acl } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    plane.write((ctx) =>
      createNetworkAclEntry(ctx, {
        networkAclId: acl.id,
        ruleNumber: 120,
        egress: true,
        protocol: "6",
        ruleAction: "allow",
        portRange: { from: 1024, to: 65535 },
        cidrBlock: "0.0.0.0/0",
      }),
    );
    const ids = (name: string, values: string[]) =>
      plane
        .read((ctx) => describeNetworkAcls(ctx, { filters: [{ name, values }] }))
        .networkAcls.map((a) => a.id);
    expect(ids("entry.port-range.from", ["1024"])).toEqual([acl.id]);
    expect(ids("entry.port-range.to", ["65535"])).toEqual([acl.id]);
    expect(ids("entry.rule-number", ["120"])).toEqual([acl.id]);
    expect(ids("entry.rule-number", ["32767"])).toHaveLength(2);
    expect(ids("entry.protocol", ["6"])).toEqual([acl.id]);
    // The reference accepts protocol names as well as numbers.
    expect(ids("entry.protocol", ["tcp"])).toEqual([acl.id]);
    expect(ids("entry.protocol", ["udp"])).toEqual([]);
    expect(ids("entry.protocol", ["-1"])).toHaveLength(2);
    expect(ids("entry.rule-action", ["deny"])).toHaveLength(2);
    expect(ids("entry.egress", ["true"])).toHaveLength(2);
    expect(ids("entry.cidr", ["0.0.0.0/0"])).toHaveLength(2);
    expect(ids("entry.ipv6-cidr", ["::/0"])).toEqual([]);
    expect(ids("entry.icmp.type", ["8"])).toEqual([]);
    expect(ids("entry.icmp.code", ["0"])).toEqual([]);
    expect(ids("default", ["false"])).toEqual([acl.id]);
    expect(ids("network-acl-id", [acl.id])).toEqual([acl.id]);
    expect(ids("association.network-acl-id", [acl.id])).toEqual([]);
    expect(ids("owner-id", [TEST_ACCOUNT])).toHaveLength(2);
    expect(ids("vpc-id", [vpc.id])).toHaveLength(2);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeNetworkAcls(ctx, { networkAclIds: ["acl-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidNetworkAclID.NotFound");
    const page = plane.read((ctx) => describeNetworkAcls(ctx, { maxResults: 5 }));
    expect(page.networkAcls).toHaveLength(2);
  });

  it("enforces the network ACLs per VPC quota", () => {
    const { plane, vpc } = setup({ config: { quotas: { ...DEFAULT_QUOTAS, networkAclsPerVpc: 2 } } });
    plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    expect(errorCode(() => plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id })))).toBe(
      "NetworkAclLimitExceeded",
    );
  });
});

describe("any entry a client can send", () => {
  it("is stored, or refused with an AWS error, never an internal one", async () => {
    const fc = (await import("fast-check")).default;
    const { AwsError } = await import("./errors.js");
    const { plane, vpc } = setup();
    const { networkAcl: acl } = plane.write((ctx) => createNetworkAcl(ctx, { vpcId: vpc.id }));
    const number = fc.oneof(
      fc.constantFrom(undefined, -1, 0, 1, 8, 255, 256, 32766, 32767, 65535, 65536),
      fc.integer(),
    );
    const entry = fc.record(
      {
        ruleNumber: number,
        egress: fc.constantFrom(undefined, true, false),
        protocol: fc.oneof(
          fc.constantFrom(undefined, "", "-1", "6", "17", "1", "58", "006", "tcp", "256", "-2"),
          fc.string(),
        ),
        ruleAction: fc.constantFrom(undefined, "allow", "deny", "ALLOW", ""),
        cidrBlock: fc.constantFrom(undefined, "0.0.0.0/0", "10.0.0.1/8", "::/0", "x"),
        ipv6CidrBlock: fc.constantFrom(undefined, "::/0", "2001:db8::1/48", "10.0.0.0/8"),
        icmpTypeCode: fc.option(fc.record({ type: number, code: number }, { requiredKeys: [] }), {
          nil: undefined,
        }),
        portRange: fc.option(fc.record({ from: number, to: number }, { requiredKeys: [] }), {
          nil: undefined,
        }),
      },
      { requiredKeys: [] },
    );
    const operation = fc.constantFrom(createNetworkAclEntry, replaceNetworkAclEntry);
    fc.assert(
      fc.property(operation, entry, (op, input) => {
        try {
          plane.write((ctx) => op(ctx, { networkAclId: acl.id, ...input }));
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
    const stored = plane.read(({ tx, scope }) => tx.get("networkAcl", scope, acl.id)!).entries;
    for (const e of stored) {
      expect(e.ruleNumber >= 1 && e.ruleNumber <= 32766).toBe(true);
      expect((e.cidrBlock === undefined) !== (e.ipv6CidrBlock === undefined)).toBe(true);
      if (e.protocol === "6" || e.protocol === "17") expect(e.portRange).toBeDefined();
    }
  });
});
