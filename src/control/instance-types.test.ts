import { describe, expect, it } from "vitest";
import {
  DEFAULT_INSTANCE_TYPE,
  describeInstanceTypes,
  findInstanceType,
  INSTANCE_TYPES,
  requireInstanceType,
} from "./instance-types.js";
import { errorCode, testPlane } from "./test-support.js";

describe("the instance type catalogue", () => {
  it("holds AWS's network limits per type", () => {
    const limits = (name: string) => {
      const t = findInstanceType(name)!;
      return [t.vcpus, t.memoryMiB, t.maxNetworkInterfaces, t.ipv4AddressesPerInterface];
    };
    expect(limits("t2.micro")).toEqual([1, 1024, 2, 2]);
    expect(limits("t3.micro")).toEqual([2, 1024, 2, 2]);
    expect(limits("t3.medium")).toEqual([2, 4096, 3, 6]);
    expect(limits("t3a.xlarge")).toEqual([4, 16384, 4, 15]);
    expect(limits("m5.large")).toEqual([2, 8192, 3, 10]);
    expect(limits("c6i.xlarge")).toEqual([4, 8192, 4, 15]);
    expect(limits("r5.2xlarge")).toEqual([8, 65536, 4, 15]);
    expect(findInstanceType("t4g.small")?.architectures).toEqual(["arm64"]);
    expect(findInstanceType("t2.nano")?.hypervisor).toBe("xen");
    expect(findInstanceType("m6i.large")?.hypervisor).toBe("nitro");
  });

  it("covers the common families from micro to xlarge and large to 2xlarge", () => {
    for (const family of ["t2", "t3", "t3a", "t4g"]) {
      for (const size of ["nano", "micro", "small", "medium", "large", "xlarge"]) {
        expect(findInstanceType(`${family}.${size}`), `${family}.${size}`).toBeDefined();
      }
    }
    for (const family of ["m5", "m6i", "c5", "c6i", "r5"]) {
      for (const size of ["large", "xlarge", "2xlarge"]) {
        expect(findInstanceType(`${family}.${size}`), `${family}.${size}`).toBeDefined();
      }
    }
    const names = INSTANCE_TYPES.map((t) => t.instanceType);
    expect([...names].sort()).toEqual(names);
  });

  it("knows RunInstances' documented default type and refuses unknown ones", () => {
    expect(DEFAULT_INSTANCE_TYPE).toBe("m1.small");
    expect(requireInstanceType("m1.small").currentGeneration).toBe(false);
    expect(errorCode(() => requireInstanceType("t3.huge"))).toBe("InvalidParameterValue");
    expect(() => requireInstanceType("t3.huge")).toThrow("Invalid value 't3.huge' for InstanceType.");
  });
});

describe("DescribeInstanceTypes", () => {
  const plane = testPlane();

  it("filters by every kind of attribute and wildcard", () => {
    const names = (filters: { name: string; values: string[] }[]) =>
      plane.read((ctx) => describeInstanceTypes(ctx, { filters })).instanceTypes.map((t) => t.instanceType);
    expect(names([{ name: "processor-info.supported-architecture", values: ["arm64"] }])).toEqual([
      "t4g.large",
      "t4g.medium",
      "t4g.micro",
      "t4g.nano",
      "t4g.small",
      "t4g.xlarge",
    ]);
    expect(names([{ name: "instance-type", values: ["c5.*"] }])).toEqual([
      "c5.2xlarge",
      "c5.large",
      "c5.xlarge",
    ]);
    expect(names([{ name: "free-tier-eligible", values: ["true"] }])).toEqual(["t2.micro", "t3.micro"]);
    expect(
      names([
        { name: "network-info.maximum-network-interfaces", values: ["4"] },
        { name: "vcpu-info.default-vcpus", values: ["8"] },
        { name: "memory-info.size-in-mib", values: ["32768"] },
      ]),
    ).toEqual(["m5.2xlarge", "m6i.2xlarge"]);
    expect(names([{ name: "current-generation", values: ["false"] }])).toEqual(["m1.small"]);
  });

  it("names types, refusing the unknown ones as AWS does", () => {
    const found = plane.read((ctx) =>
      describeInstanceTypes(ctx, { instanceTypes: ["t3.micro", "m5.large"] }),
    );
    expect(found.instanceTypes.map((t) => t.instanceType)).toEqual(["m5.large", "t3.micro"]);
    const failure = () =>
      plane.read((ctx) => describeInstanceTypes(ctx, { instanceTypes: ["t3.micro", "x9.tiny"] }));
    expect(errorCode(failure)).toBe("InvalidInstanceType");
    expect(failure).toThrow("The following supplied instance types do not exist: [x9.tiny]");
  });

  it("pages with MaxResults 5 to 100 and refuses tag filters", () => {
    const first = plane.read((ctx) => describeInstanceTypes(ctx, { maxResults: 30 }));
    expect(first.instanceTypes).toHaveLength(30);
    const rest = plane.read((ctx) =>
      describeInstanceTypes(ctx, { maxResults: 30, nextToken: first.nextToken! }),
    );
    expect(rest.nextToken).toBeUndefined();
    expect(first.instanceTypes.length + rest.instanceTypes.length).toBe(INSTANCE_TYPES.length);
    expect(errorCode(() => plane.read((ctx) => describeInstanceTypes(ctx, { maxResults: 101 })))).toBe(
      "InvalidParameterValue",
    );
    expect(errorCode(() => plane.read((ctx) => describeInstanceTypes(ctx, { maxResults: 4 })))).toBe(
      "InvalidParameterValue",
    );
    expect(
      errorCode(() =>
        plane.read((ctx) => describeInstanceTypes(ctx, { filters: [{ name: "tag:Name", values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      errorCode(() =>
        plane.read((ctx) => describeInstanceTypes(ctx, { filters: [{ name: "bogus", values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
  });
});
