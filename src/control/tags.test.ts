import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import { createSubnet } from "./subnets.js";
import { createTags, deleteTags, describeTags } from "./tags.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc, describeVpcs } from "./vpcs.js";

describe("tags", () => {
  it("creates, overwrites, describes and deletes tags across resource types", () => {
    const plane = testPlane();
    const vpc = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })).vpc;
    const subnet = plane.write((ctx) =>
      createSubnet(ctx, { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" }),
    ).subnet;
    plane.write((ctx) =>
      createTags(ctx, {
        resources: [vpc.id, subnet.id],
        tags: [
          { key: "Name", value: "a" },
          { key: "Env", value: "" },
        ],
      }),
    );
    plane.write((ctx) => createTags(ctx, { resources: [vpc.id], tags: [{ key: "Name", value: "b" }] }));
    const tags = plane.read((ctx) => describeTags(ctx, {})).tags;
    expect(tags.map((t) => [t.resourceType, t.key, t.value]).sort()).toEqual(
      [
        ["subnet", "Env", ""],
        ["subnet", "Name", "a"],
        ["vpc", "Env", ""],
        ["vpc", "Name", "b"],
      ].sort(),
    );
    expect(
      plane.read((ctx) => describeTags(ctx, { filters: [{ name: "resource-type", values: ["subnet"] }] }))
        .tags,
    ).toHaveLength(2);
    expect(
      plane.read((ctx) => describeVpcs(ctx, { filters: [{ name: "tag:Name", values: ["b"] }] })).vpcs,
    ).toHaveLength(1);
    // A value that does not match keeps the tag; a key without value removes it whatever its value.
    plane.write((ctx) => deleteTags(ctx, { resources: [vpc.id], tags: [{ key: "Name", value: "zzz" }] }));
    plane.write((ctx) => deleteTags(ctx, { resources: [vpc.id], tags: [{ key: "Env" }] }));
    expect(plane.read((ctx) => describeVpcs(ctx, {})).vpcs[0]!.tags).toEqual([{ key: "Name", value: "b" }]);
    plane.write((ctx) => deleteTags(ctx, { resources: [subnet.id] }));
    expect(
      plane.read((ctx) => describeTags(ctx, { filters: [{ name: "resource-id", values: [subnet.id] }] }))
        .tags,
    ).toEqual([]);
  });

  it("validates keys, values, ids and the per-resource limit", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, tagsPerResource: 2 } } });
    const vpc = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })).vpc;
    const tag = (key: string, value: string | null = "v") =>
      errorCode(() =>
        plane.write((ctx) =>
          createTags(ctx, { resources: [vpc.id], tags: [{ key, ...(value === null ? {} : { value }) }] }),
        ),
      );
    expect(tag("aws:reserved")).toBe("InvalidTagKey.Malformed");
    expect(tag("")).toBe("InvalidTagKey.Malformed");
    expect(tag("k".repeat(129))).toBe("InvalidParameterValue");
    expect(tag("k", "v".repeat(257))).toBe("InvalidParameterValue");
    expect(tag("k", null)).toBe("InvalidParameterValue");
    plane.write((ctx) =>
      createTags(ctx, {
        resources: [vpc.id],
        tags: [
          { key: "a", value: "1" },
          { key: "b", value: "2" },
        ],
      }),
    );
    expect(tag("c")).toBe("TagLimitExceeded");
    expect(
      errorCode(() =>
        plane.write((ctx) => createTags(ctx, { resources: ["foo-123"], tags: [{ key: "a", value: "" }] })),
      ),
    ).toBe("InvalidID");
    expect(
      errorCode(() =>
        plane.write((ctx) =>
          createTags(ctx, { resources: ["vpc-00000000000000000"], tags: [{ key: "a", value: "" }] }),
        ),
      ),
    ).toBe("InvalidVpcID.NotFound");
    // The failed call changed nothing.
    expect(plane.read((ctx) => describeVpcs(ctx, {})).vpcs[0]!.tags).toHaveLength(2);
  });
});
