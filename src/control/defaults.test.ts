import { describe, expect, it } from "vitest";
import { DEFAULT_QUOTAS } from "./context.js";
import { createDefaultSubnet, createDefaultVpc } from "./defaults.js";
import { describeInternetGateways } from "./internet-gateways.js";
import { describeAccountAttributes, describeAvailabilityZones, describeRegions } from "./regions.js";
import { describeRouteTables } from "./route-tables.js";
import { deleteSubnet, describeSubnets } from "./subnets.js";
import { errorCode, testPlane } from "./test-support.js";
import { createVpc, deleteVpc, describeVpcs } from "./vpcs.js";

describe("a new account-region", () => {
  it("starts with a default VPC like a new AWS account", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const [vpc] = plane.read((ctx) => describeVpcs(ctx, {})).vpcs;
    expect(vpc).toMatchObject({
      cidrBlock: "172.31.0.0/16",
      isDefault: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    const subnets = plane.read((ctx) => describeSubnets(ctx, {})).subnets;
    expect(
      subnets.map((s) => [s.availabilityZone, s.cidrBlock, s.defaultForAz, s.mapPublicIpOnLaunch]),
    ).toEqual([
      ["us-east-1a", "172.31.0.0/20", true, true],
      ["us-east-1b", "172.31.16.0/20", true, true],
      ["us-east-1c", "172.31.32.0/20", true, true],
      ["us-east-1d", "172.31.48.0/20", true, true],
      ["us-east-1e", "172.31.64.0/20", true, true],
      ["us-east-1f", "172.31.80.0/20", true, true],
    ]);
    expect(subnets[0]!.availableIpAddressCount).toBe(4091);
    const [igw] = plane.read((ctx) => describeInternetGateways(ctx, {})).internetGateways;
    expect(igw!.attachments).toEqual([{ vpcId: vpc!.id, state: "available" }]);
    const [main] = plane.read((ctx) => describeRouteTables(ctx, {})).routeTables;
    expect(main!.routes.map((r) => [r.destination, r.target.id, r.state])).toEqual([
      [{ kind: "ipv4", cidr: "172.31.0.0/16" }, "local", "active"],
      [{ kind: "ipv4", cidr: "0.0.0.0/0" }, igw!.id, "active"],
    ]);
    expect(
      plane.read((ctx) => describeAccountAttributes(ctx, { attributeNames: ["default-vpc"] }))
        .accountAttributes,
    ).toEqual([{ name: "default-vpc", values: [vpc!.id] }]);
  });

  it("counts the default VPC against the quota, and does not recreate it once deleted", () => {
    const plane = testPlane({
      config: { defaultVpc: true, quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: 1 } },
    });
    expect(errorCode(() => plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" })))).toBe(
      "VpcLimitExceeded",
    );
    // Each region of the account has its own default VPC.
    expect(plane.as({ region: "eu-west-1" }).read((ctx) => describeVpcs(ctx, {})).vpcs[0]!.cidrBlock).toBe(
      "172.31.0.0/16",
    );
    const eu = plane.as({ region: "eu-west-1" });
    const euSubnets = eu.read((ctx) => describeSubnets(ctx, {})).subnets;
    expect(euSubnets.map((s) => s.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });
});

describe("regions and zones", () => {
  it("lists enabled regions, or all with AllRegions", () => {
    const plane = testPlane();
    const enabled = plane.read((ctx) => describeRegions(ctx, {})).regions;
    expect(enabled.map((r) => r.regionName)).toContain("us-east-1");
    expect(enabled.map((r) => r.regionName)).not.toContain("af-south-1");
    const all = plane.read((ctx) => describeRegions(ctx, { allRegions: true })).regions;
    expect(all.find((r) => r.regionName === "af-south-1")?.optInStatus).toBe("not-opted-in");
    expect(plane.read((ctx) => describeRegions(ctx, { regionNames: ["eu-west-1"] })).regions).toEqual([
      expect.objectContaining({ regionName: "eu-west-1", endpoint: "ec2.eu-west-1.amazonaws.com" }),
    ]);
    expect(errorCode(() => plane.read((ctx) => describeRegions(ctx, { regionNames: ["mars-1"] })))).toBe(
      "InvalidParameterValue",
    );
  });

  it("lists the zones of the request's region with ids", () => {
    const plane = testPlane({ scope: { region: "eu-central-1" } });
    const zones = plane.read((ctx) => describeAvailabilityZones(ctx, {})).availabilityZones;
    expect(zones.map((z) => [z.zoneName, z.zoneId, z.state])).toEqual([
      ["eu-central-1a", "euc1-az1", "available"],
      ["eu-central-1b", "euc1-az2", "available"],
      ["eu-central-1c", "euc1-az3", "available"],
    ]);
    expect(
      plane
        .read((ctx) =>
          describeAvailabilityZones(ctx, { filters: [{ name: "zone-id", values: ["euc1-az2"] }] }),
        )
        .availabilityZones.map((z) => z.zoneName),
    ).toEqual(["eu-central-1b"]);
    expect(
      errorCode(() => plane.read((ctx) => describeAvailabilityZones(ctx, { zoneNames: ["us-east-1a"] }))),
    ).toBe("InvalidParameterValue");
  });

  it("offers no tag filters for regions and zones, which carry no tags", () => {
    const plane = testPlane();
    const filters = [{ name: "tag-key", values: ["Name"] }];
    expect(errorCode(() => plane.read((ctx) => describeAvailabilityZones(ctx, { filters })))).toBe(
      "InvalidParameterValue",
    );
    expect(errorCode(() => plane.read((ctx) => describeRegions(ctx, { filters })))).toBe(
      "InvalidParameterValue",
    );
    const byName = { filters: [{ name: "region-name", values: ["eu-*"] }] };
    expect(plane.read((ctx) => describeRegions(ctx, byName)).regions.map((r) => r.regionName)).toContain(
      "eu-west-1",
    );
  });
});

describe("deleting the default VPC", () => {
  it("is allowed once its subnets and gateway are gone, and it stays gone", () => {
    const plane = testPlane({ config: { defaultVpc: true } });
    const vpc = plane.read((ctx) => describeVpcs(ctx, {})).vpcs[0]!;
    expect(errorCode(() => plane.write((ctx) => deleteVpc(ctx, { vpcId: vpc.id })))).toBe(
      "DependencyViolation",
    );
  });
});

describe("CreateDefaultVpc and CreateDefaultSubnet", () => {
  it("creates the default VPC of a region that has none, with its subnets, gateway and route", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createDefaultVpc(ctx));
    expect(vpc).toMatchObject({ cidrBlock: "172.31.0.0/16", isDefault: true, enableDnsHostnames: true });
    const subnets = plane.read((ctx) => describeSubnets(ctx, {})).subnets;
    expect(
      subnets.map((s) => [s.availabilityZone, s.cidrBlock, s.defaultForAz, s.mapPublicIpOnLaunch]),
    ).toEqual(
      ["a", "b", "c", "d", "e", "f"].map((z, i) => [`us-east-1${z}`, `172.31.${16 * i}.0/20`, true, true]),
    );
    const [igw] = plane.read((ctx) => describeInternetGateways(ctx, {})).internetGateways;
    expect(igw!.attachments).toEqual([{ vpcId: vpc.id, state: "available" }]);
    const [main] = plane.read((ctx) => describeRouteTables(ctx, {})).routeTables;
    expect(main!.routes.map((r) => [r.destination, r.target.id])).toEqual([
      [{ kind: "ipv4", cidr: "172.31.0.0/16" }, "local"],
      [{ kind: "ipv4", cidr: "0.0.0.0/0" }, igw!.id],
    ]);
    expect(
      plane.read((ctx) => describeAccountAttributes(ctx, { attributeNames: ["default-vpc"] }))
        .accountAttributes,
    ).toEqual([{ name: "default-vpc", values: [vpc.id] }]);
    expect(errorCode(() => plane.write((ctx) => createDefaultVpc(ctx)))).toBe("DefaultVpcAlreadyExists");
  });

  it("counts against the VPC quota", () => {
    const plane = testPlane({ config: { quotas: { ...DEFAULT_QUOTAS, vpcsPerRegion: 1 } } });
    plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    expect(errorCode(() => plane.write((ctx) => createDefaultVpc(ctx)))).toBe("VpcLimitExceeded");
  });

  it("creates a default subnet in a zone of the default VPC that lost its own, in the lowest free /20", () => {
    const plane = testPlane();
    expect(
      errorCode(() => plane.write((ctx) => createDefaultSubnet(ctx, { availabilityZone: "us-east-1a" }))),
    ).toBe("DefaultVpcDoesNotExist");
    expect(() => plane.write((ctx) => createDefaultSubnet(ctx, { availabilityZone: "us-east-1a" }))).toThrow(
      /^No default VPC exists for this account in this region\.$/,
    );
    plane.write((ctx) => createDefaultVpc(ctx));
    expect(
      errorCode(() => plane.write((ctx) => createDefaultSubnet(ctx, { availabilityZone: "us-east-1b" }))),
    ).toBe("DefaultSubnetAlreadyExistsInAvailabilityZone");
    expect(
      errorCode(() => plane.write((ctx) => createDefaultSubnet(ctx, { availabilityZone: "us-west-2a" }))),
    ).toBe("InvalidParameterValue");
    expect(errorCode(() => plane.write((ctx) => createDefaultSubnet(ctx, {})))).toBe("MissingParameter");
    const b = plane
      .read((ctx) => describeSubnets(ctx, {}))
      .subnets.find((s) => s.availabilityZone === "us-east-1b")!;
    plane.write((ctx) => deleteSubnet(ctx, { subnetId: b.id }));
    const { subnet } = plane.write((ctx) => createDefaultSubnet(ctx, { availabilityZone: "us-east-1b" }));
    expect(subnet).toMatchObject({
      availabilityZone: "us-east-1b",
      cidrBlock: "172.31.16.0/20",
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      availableIpAddressCount: 4091,
    });
  });
});
