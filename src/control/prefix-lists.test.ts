import { describe, expect, it } from "vitest";
import { REGIONS } from "../model/regions.js";
import { parseCidr } from "../net/index.js";
import { awsManagedPrefixLists } from "./aws-prefix-lists.js";
import { network, putSecurityGroup, settle } from "./network-test-support.js";
import {
  createManagedPrefixList,
  deleteManagedPrefixList,
  describeManagedPrefixLists,
  describePrefixLists,
  getManagedPrefixListEntries,
  modifyManagedPrefixList,
} from "./prefix-lists.js";
import {
  createRoute,
  createRouteTable,
  deleteRoute,
  describeRouteTables,
  replaceRoute,
} from "./route-tables.js";
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  describeSecurityGroupRules,
  revokeSecurityGroupIngress,
} from "./security-groups.js";
import { errorCode, type TestPlane, testPlane } from "./test-support.js";

function create(plane: TestPlane, extra: Partial<Parameters<typeof createManagedPrefixList>[1]> = {}) {
  return plane.write((ctx) =>
    createManagedPrefixList(ctx, {
      prefixListName: "corp",
      addressFamily: "IPv4",
      maxEntries: 5,
      entries: [{ cidr: "10.1.0.0/16", description: "office" }, { cidr: "192.168.0.0/24" }],
      ...extra,
    }),
  ).prefixList;
}

function described(plane: TestPlane, id: string) {
  return plane.read((ctx) => describeManagedPrefixLists(ctx, { prefixListIds: [id] })).prefixLists[0]!;
}

function entries(plane: TestPlane, id: string, targetVersion?: number) {
  return plane.read((ctx) =>
    getManagedPrefixListEntries(ctx, { prefixListId: id, ...(targetVersion ? { targetVersion } : {}) }),
  ).entries;
}

describe("AWS-managed prefix lists", () => {
  it("has S3 and DynamoDB lists in us-east-1 with AWS's ids and published ranges", () => {
    const plane = testPlane();
    const { prefixLists } = plane.read((ctx) => describePrefixLists(ctx, {}));
    expect(prefixLists.map((l) => [l.id, l.name])).toEqual([
      ["pl-63a5400a", "com.amazonaws.us-east-1.s3"],
      ["pl-02cd2c6b", "com.amazonaws.us-east-1.dynamodb"],
    ]);
    expect(prefixLists[0]!.entries.map((e) => e.cidr)).toContain("52.216.0.0/15");
    const managed = plane.read((ctx) =>
      describeManagedPrefixLists(ctx, { filters: [{ name: "owner-id", values: ["AWS"] }] }),
    ).prefixLists;
    expect(managed[0]).toMatchObject({
      id: "pl-63a5400a",
      ownerId: "AWS",
      state: "create-complete",
      addressFamily: "IPv4",
      arn: "arn:aws:ec2:us-east-1:aws:prefix-list/pl-63a5400a",
    });
    // AWS shows neither a size nor a version for its own lists.
    expect(managed[0]!.maxEntries).toBeUndefined();
    expect(managed[0]!.version).toBeUndefined();
  });

  it("gives every region its own lists, with ids and ranges no other list shares", () => {
    const all = REGIONS.flatMap((r) => awsManagedPrefixLists(r.name));
    expect(all).toHaveLength(REGIONS.length * 2);
    expect(new Set(all.map((l) => `${l.region}/${l.id}`)).size).toBe(all.length);
    const blocks = all.flatMap((l) =>
      l.cidrs.map((c) => {
        const parsed = parseCidr(c);
        if (!parsed.ok || parsed.hostBitsSet) throw new Error(`bad catalogue CIDR ${c}`);
        return { list: l.name, cidr: parsed.cidr };
      }),
    );
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) {
        if (blocks[i]!.list === blocks[j]!.list) continue;
        expect(blocks[i]!.cidr.overlaps(blocks[j]!.cidr), `${blocks[i]!.list} ∩ ${blocks[j]!.list}`).toBe(
          false,
        );
      }
    }
  });

  it("describes the legacy way with its filters, and answers NotFound for a list it does not hold", () => {
    const plane = testPlane({ scope: { region: "eu-west-1" } });
    const byName = plane.read((ctx) =>
      describePrefixLists(ctx, { filters: [{ name: "prefix-list-name", values: ["*.dynamodb"] }] }),
    ).prefixLists;
    expect(byName.map((l) => l.name)).toEqual(["com.amazonaws.eu-west-1.dynamodb"]);
    // AWS's lists cannot be tagged: the legacy call offers no tag filters.
    expect(
      errorCode(() =>
        plane.read((ctx) => describePrefixLists(ctx, { filters: [{ name: "tag:Name", values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() => plane.read((ctx) => describePrefixLists(ctx, { prefixListIds: ["pl-63a5400a"] }))),
    ).toBe("InvalidPrefixListID.NotFound");
    expect(
      errorCode(() => plane.read((ctx) => describePrefixLists(ctx, { prefixListIds: ["pl-xyz"] }))),
    ).toBe("InvalidPrefixListId.Malformed");
    // Customer lists are not services: the legacy call does not show them.
    const own = create(plane);
    expect(errorCode(() => plane.read((ctx) => describePrefixLists(ctx, { prefixListIds: [own.id] })))).toBe(
      "InvalidPrefixListID.NotFound",
    );
  });

  it("cannot be modified or deleted", () => {
    const plane = testPlane();
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          modifyManagedPrefixList(ctx, { prefixListId: "pl-63a5400a", prefixListName: "mine" }),
        ),
      ),
    ).toBe("InvalidPrefixListModification");
    expect(
      errorCode(() => plane.write((ctx) => deleteManagedPrefixList(ctx, { prefixListId: "pl-63a5400a" }))),
    ).toBe("InvalidPrefixListModification");
  });
});

describe("CreateManagedPrefixList", () => {
  it("creates a list in create-in-progress that completes, version 1, canonical entries", () => {
    const plane = testPlane();
    const list = create(plane, {
      entries: [{ cidr: "10.1.2.3/16", description: "office" }],
      tagSpecifications: [{ resourceType: "prefix-list", tags: [{ key: "Name", value: "corp" }] }],
    });
    expect(list).toMatchObject({
      name: "corp",
      state: "create-in-progress",
      version: 1,
      maxEntries: 5,
      ownerId: plane.env.scope.account,
      arn: `arn:aws:ec2:us-east-1:${plane.env.scope.account}:prefix-list/${list.id}`,
      tags: [{ key: "Name", value: "corp" }],
    });
    expect(list.id).toMatch(/^pl-[0-9a-f]{17}$/);
    expect(settle(plane)).toBe(1);
    expect(described(plane, list.id).state).toBe("create-complete");
    expect(entries(plane, list.id)).toEqual([{ cidr: "10.1.0.0/16", description: "office" }]);
  });

  it("applies AWS's rules on names, sizes, entries and the quota", () => {
    const plane = testPlane({
      config: { quotas: { ...testPlane().env.config.quotas, prefixListsPerRegion: 2 } },
    });
    const code = (extra: Partial<Parameters<typeof createManagedPrefixList>[1]>) =>
      errorCode(() => create(plane, extra));
    expect(code({ prefixListName: "com.amazonaws.us-east-1.s3" })).toBe("InvalidParameterValue");
    expect(code({ prefixListName: "com.aws.x" })).toBe("InvalidParameterValue");
    expect(code({ maxEntries: 0 })).toBe("InvalidParameterValue");
    expect(code({ maxEntries: 1001 })).toBe("InvalidParameterValue");
    expect(code({ maxEntries: 1 })).toBe("InvalidPrefixListModification");
    expect(code({ addressFamily: "ipv4" })).toBe("InvalidParameterValue");
    expect(code({ entries: [{ cidr: "2001:db8::/32" }] })).toBe("InvalidParameterValue");
    expect(code({ entries: [{ cidr: "10.0.0.0/8" }, { cidr: "10.0.0.0/8" }] })).toBe(
      "InvalidPrefixListModification",
    );
    const many = Array.from({ length: 101 }, (_, i) => ({ cidr: `10.${i}.0.0/16` }));
    expect(code({ maxEntries: 1000, entries: many })).toBe("InvalidParameterValue");
    // The dot is part of the reserved prefix: this name is the customer's to take.
    expect(create(plane, { prefixListName: "com.amazonaws-probe" }).name).toBe("com.amazonaws-probe");
    create(plane, { addressFamily: "IPv6", entries: [{ cidr: "2001:DB8::/32" }] });
    expect(code({})).toBe("PrefixListLimitExceeded");
  });
});

describe("ModifyManagedPrefixList", () => {
  it("adds and removes entries as a new version, keeping the old one readable", () => {
    const plane = testPlane();
    const list = create(plane);
    settle(plane);
    const modified = plane.write((ctx) =>
      modifyManagedPrefixList(ctx, {
        prefixListId: list.id,
        currentVersion: 1,
        addEntries: [{ cidr: "172.16.0.0/12", description: "lab" }],
        removeEntries: [{ cidr: "192.168.0.0/24" }],
      }),
    ).prefixList;
    // AWS's response shows the version the change started from.
    expect(modified).toMatchObject({ state: "modify-in-progress", version: 1 });
    settle(plane);
    expect(described(plane, list.id)).toMatchObject({ state: "modify-complete", version: 2 });
    expect(entries(plane, list.id).map((e) => e.cidr)).toEqual(["10.1.0.0/16", "172.16.0.0/12"]);
    expect(entries(plane, list.id, 1).map((e) => e.cidr)).toEqual(["10.1.0.0/16", "192.168.0.0/24"]);
    expect(errorCode(() => entries(plane, list.id, 7))).toBe("InvalidParameterValue");
    // Renaming and resizing keep the version.
    plane.write((ctx) => modifyManagedPrefixList(ctx, { prefixListId: list.id, prefixListName: "corp-2" }));
    settle(plane);
    plane.write((ctx) => modifyManagedPrefixList(ctx, { prefixListId: list.id, maxEntries: 10 }));
    settle(plane);
    expect(described(plane, list.id)).toMatchObject({ name: "corp-2", maxEntries: 10, version: 2 });
  });

  it("replaces an entry's description by removing and adding its CIDR in one call", () => {
    const plane = testPlane();
    const list = create(plane);
    settle(plane);
    plane.write((ctx) =>
      modifyManagedPrefixList(ctx, {
        prefixListId: list.id,
        removeEntries: [{ cidr: "10.1.0.0/16" }],
        addEntries: [{ cidr: "10.1.0.0/16", description: "head office" }],
      }),
    );
    settle(plane);
    expect(entries(plane, list.id)).toContainEqual({ cidr: "10.1.0.0/16", description: "head office" });
  });

  it("refuses stale versions, concurrent changes and impossible changes with AWS's errors", () => {
    const plane = testPlane();
    const list = create(plane);
    const modify = (input: Omit<Parameters<typeof modifyManagedPrefixList>[1], "prefixListId">) =>
      errorCode(() =>
        plane.write((ctx) => modifyManagedPrefixList(ctx, { prefixListId: list.id, ...input })),
      );
    expect(modify({ prefixListName: "x" })).toBe("IncorrectState");
    settle(plane);
    expect(modify({ currentVersion: 2, addEntries: [{ cidr: "10.9.0.0/16" }] })).toBe(
      "PrefixListVersionMismatch",
    );
    expect(modify({ maxEntries: 10, addEntries: [{ cidr: "10.9.0.0/16" }] })).toBe(
      "InvalidParameterCombination",
    );
    expect(modify({ addEntries: [{ cidr: "10.1.0.0/16" }] })).toBe("InvalidPrefixListModification");
    expect(modify({ removeEntries: [{ cidr: "10.9.0.0/16" }] })).toBe("InvalidPrefixListModification");
    expect(modify({ maxEntries: 1 })).toBe("InvalidPrefixListModification");
    expect(modify({ prefixListName: "com.amazon.x" })).toBe("InvalidParameterValue");
    expect(
      modify({
        addEntries: ["10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"].map((cidr) => ({ cidr })),
      }),
    ).toBe("InvalidPrefixListModification");
    expect(
      errorCode(() =>
        plane.write((ctx) => modifyManagedPrefixList(ctx, { prefixListId: "pl-0123456789abcdef0" })),
      ),
    ).toBe("InvalidPrefixListID.NotFound");
    expect(described(plane, list.id)).toMatchObject({ state: "create-complete", version: 1 });
  });
});

describe("prefix lists as route destinations and security group sources", () => {
  it("routes a customer list to a gateway, shows it, and refuses AWS's service lists", () => {
    const net = network();
    const { plane } = net;
    const list = create(plane);
    settle(plane);
    const table = plane.write((ctx) => createRouteTable(ctx, { vpcId: net.vpc.id })).routeTable;
    plane.write((ctx) =>
      createRoute(ctx, { routeTableId: table.id, destinationPrefixListId: list.id, gatewayId: net.igwId! }),
    );
    const [withRoute] = plane.read((ctx) =>
      describeRouteTables(ctx, {
        filters: [{ name: "route.destination-prefix-list-id", values: [list.id] }],
      }),
    ).routeTables;
    expect(withRoute?.routes.find((r) => r.destination.kind === "prefix-list")).toMatchObject({
      destination: { kind: "prefix-list", prefixListId: list.id },
      target: { kind: "gateway", id: net.igwId },
      origin: "CreateRoute",
      state: "active",
    });
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: table.id,
            destinationPrefixListId: list.id,
            gatewayId: net.igwId!,
          }),
        ),
      ),
    ).toBe("RouteAlreadyExists");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: table.id,
            destinationPrefixListId: "pl-63a5400a",
            gatewayId: net.igwId!,
          }),
        ),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createRoute(ctx, {
            routeTableId: table.id,
            destinationPrefixListId: "pl-0123456789abcdef0",
            gatewayId: net.igwId!,
          }),
        ),
      ),
    ).toBe("InvalidPrefixListID.NotFound");
    // In use: the list cannot be deleted until the route goes.
    expect(
      errorCode(() => plane.write((ctx) => deleteManagedPrefixList(ctx, { prefixListId: list.id }))),
    ).toBe("DependencyViolation");
    plane.write((ctx) =>
      replaceRoute(ctx, { routeTableId: table.id, destinationPrefixListId: list.id, gatewayId: net.igwId! }),
    );
    plane.write((ctx) => deleteRoute(ctx, { routeTableId: table.id, destinationPrefixListId: list.id }));
    const deleted = plane.write((ctx) => deleteManagedPrefixList(ctx, { prefixListId: list.id })).prefixList;
    expect(deleted.state).toBe("delete-in-progress");
    settle(plane);
    expect(errorCode(() => described(plane, list.id))).toBe("InvalidPrefixListID.NotFound");
  });

  it("accepts customer and AWS lists as rule sources, which then hold the list", () => {
    const net = network();
    const { plane } = net;
    const list = create(plane);
    settle(plane);
    const group = putSecurityGroup(plane, net.vpc.id, "db");
    const { securityGroupRules } = plane.write((ctx) =>
      authorizeSecurityGroupIngress(ctx, {
        groupId: group.id,
        ipPermissions: [
          {
            ipProtocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            prefixListIds: [{ prefixListId: list.id, description: "from-corp" }],
          },
        ],
      }),
    );
    expect(securityGroupRules[0]).toMatchObject({ prefixListId: list.id, description: "from-corp" });
    plane.write((ctx) =>
      authorizeSecurityGroupEgress(ctx, {
        groupId: group.id,
        ipPermissions: [
          { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [{ prefixListId: "pl-63a5400a" }] },
        ],
      }),
    );
    const rules = plane.read((ctx) =>
      describeSecurityGroupRules(ctx, { filters: [{ name: "group-id", values: [group.id] }] }),
    ).securityGroupRules;
    expect(rules.map((r) => r.prefixListId).filter(Boolean)).toEqual([list.id, "pl-63a5400a"]);
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          authorizeSecurityGroupIngress(ctx, {
            groupId: group.id,
            ipPermissions: [{ ipProtocol: "-1", prefixListIds: [{ prefixListId: "pl-0123456789abcdef0" }] }],
          }),
        ),
      ),
    ).toBe("InvalidPrefixListID.NotFound");
    expect(
      errorCode(() => plane.write((ctx) => deleteManagedPrefixList(ctx, { prefixListId: list.id }))),
    ).toBe("DependencyViolation");
    plane.write((ctx) =>
      revokeSecurityGroupIngress(ctx, {
        groupId: group.id,
        ipPermissions: [
          { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, prefixListIds: [{ prefixListId: list.id }] },
        ],
      }),
    );
    expect(
      plane.write((ctx) => deleteManagedPrefixList(ctx, { prefixListId: list.id })).prefixList.state,
    ).toBe("delete-in-progress");
  });

  it("pages DescribeManagedPrefixLists and GetManagedPrefixListEntries within 1–100", () => {
    const plane = testPlane();
    const list = create(plane, {
      maxEntries: 100,
      entries: Array.from({ length: 7 }, (_, i) => ({ cidr: `10.${i}.0.0/16` })),
    });
    const first = plane.read((ctx) =>
      getManagedPrefixListEntries(ctx, { prefixListId: list.id, maxResults: 5 }),
    );
    expect(first.entries).toHaveLength(5);
    const second = plane.read((ctx) =>
      getManagedPrefixListEntries(ctx, { prefixListId: list.id, maxResults: 5, nextToken: first.nextToken! }),
    );
    expect(second.entries.map((e) => e.cidr)).toEqual(["10.5.0.0/16", "10.6.0.0/16"]);
    expect(second.nextToken).toBeUndefined();
    expect(errorCode(() => plane.read((ctx) => describeManagedPrefixLists(ctx, { maxResults: 101 })))).toBe(
      "InvalidParameterValue",
    );
    const page = plane.read((ctx) => describeManagedPrefixLists(ctx, { maxResults: 2 }));
    expect(page.prefixLists).toHaveLength(2);
    expect(page.nextToken).toBeDefined();
    const tagged = plane.read((ctx) =>
      describeManagedPrefixLists(ctx, { filters: [{ name: "prefix-list-name", values: ["corp"] }] }),
    );
    expect(tagged.prefixLists.map((l) => l.id)).toEqual([list.id]);
  });
});
