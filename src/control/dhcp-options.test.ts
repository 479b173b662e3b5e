import { describe, expect, it } from "vitest";
import {
  associateDhcpOptions,
  createDhcpOptions,
  type DhcpConfigurationInput,
  deleteDhcpOptions,
  describeDhcpOptions,
  parseDhcpConfigurations,
} from "./dhcp-options.js";
import { errorCode, TEST_ACCOUNT, testPlane } from "./test-support.js";
import { createVpc, describeVpcs } from "./vpcs.js";

const create = (configurations: DhcpConfigurationInput[]) =>
  errorCode(() => parseDhcpConfigurations(configurations));

describe("DHCP options", () => {
  it("creates a set with every documented option, values split on commas and keys sorted", () => {
    const plane = testPlane();
    const { dhcpOptions } = plane.write((ctx) =>
      createDhcpOptions(ctx, {
        dhcpConfigurations: [
          { key: "domain-name-servers", values: ["10.2.5.1, 10.2.5.2"] },
          { key: "domain-name", values: ["example.com"] },
          { key: "netbios-node-type", values: ["2"] },
          { key: "ntp-servers", values: ["169.254.169.123", "fd00:ec2::123"] },
          { key: "netbios-name-servers", values: ["10.2.5.3"] },
          { key: "ipv6-address-preferred-lease-time", values: ["3600"] },
        ],
        tagSpecifications: [{ resourceType: "dhcp-options", tags: [{ key: "Name", value: "corp" }] }],
      }),
    );
    expect(dhcpOptions.id).toMatch(/^dopt-[0-9a-f]{17}$/);
    expect(dhcpOptions).toMatchObject({
      ownerId: TEST_ACCOUNT,
      isDefault: false,
      tags: [{ key: "Name", value: "corp" }],
    });
    expect(dhcpOptions.configurations).toEqual([
      { key: "domain-name", values: ["example.com"] },
      { key: "domain-name-servers", values: ["10.2.5.1", "10.2.5.2"] },
      { key: "ipv6-address-preferred-lease-time", values: ["3600"] },
      { key: "netbios-name-servers", values: ["10.2.5.3"] },
      { key: "netbios-node-type", values: ["2"] },
      { key: "ntp-servers", values: ["169.254.169.123", "fd00:ec2::123"] },
    ]);
  });

  it("enforces the value rules of each option", () => {
    expect(create([])).toBe("MissingParameter");
    expect(create([{ key: "routers", values: ["10.0.0.1"] }])).toBe("InvalidParameterValue");
    expect(create([{ key: "domain-name", values: [] }])).toBe("InvalidParameterValue");
    expect(
      create([
        { key: "domain-name", values: ["a.com"] },
        { key: "domain-name", values: ["b.com"] },
      ]),
    ).toBe("InvalidParameterValue");
    expect(create([{ key: "domain-name", values: ["a.com", "b.com"] }])).toBe("InvalidParameterValue");
    expect(
      create([{ key: "domain-name-servers", values: ["1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5"] }]),
    ).toBe("InvalidParameterValue");
    expect(create([{ key: "domain-name-servers", values: ["dns.example.com"] }])).toBe(
      "InvalidParameterValue",
    );
    expect(create([{ key: "netbios-name-servers", values: ["fd00::1"] }])).toBe("InvalidParameterValue");
    expect(create([{ key: "netbios-node-type", values: ["3"] }])).toBe("InvalidParameterValue");
    expect(
      create([{ key: "ntp-servers", values: ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5"] }]),
    ).toBe("InvalidParameterValue");
    expect(create([{ key: "ipv6-address-preferred-lease-time", values: ["139"] }])).toBe(
      "InvalidParameterValue",
    );
    expect(create([{ key: "ipv6-address-preferred-lease-time", values: ["2147483648"] }])).toBe(
      "InvalidParameterValue",
    );
    // AmazonProvidedDNS and up to four servers are fine.
    expect(parseDhcpConfigurations([{ key: "domain-name-servers", values: ["AmazonProvidedDNS"] }])).toEqual([
      { key: "domain-name-servers", values: ["AmazonProvidedDNS"] },
    ]);
  });

  it("associates a set, or none with `default`, and refuses to delete a set in use", () => {
    const plane = testPlane();
    const { vpc } = plane.write((ctx) => createVpc(ctx, { cidrBlock: "10.0.0.0/16" }));
    const regionDefault = vpc.dhcpOptionsId;
    const { dhcpOptions } = plane.write((ctx) =>
      createDhcpOptions(ctx, { dhcpConfigurations: [{ key: "domain-name", values: ["corp.example"] }] }),
    );
    plane.write((ctx) => associateDhcpOptions(ctx, { dhcpOptionsId: dhcpOptions.id, vpcId: vpc.id }));
    const dhcpOf = () => plane.read((ctx) => describeVpcs(ctx, { vpcIds: [vpc.id] })).vpcs[0]!.dhcpOptionsId;
    expect(dhcpOf()).toBe(dhcpOptions.id);
    expect(
      errorCode(() => plane.write((ctx) => deleteDhcpOptions(ctx, { dhcpOptionsId: dhcpOptions.id }))),
    ).toBe("DependencyViolation");
    plane.write((ctx) => associateDhcpOptions(ctx, { dhcpOptionsId: "default", vpcId: vpc.id }));
    expect(dhcpOf()).toBe("default");
    plane.write((ctx) => deleteDhcpOptions(ctx, { dhcpOptionsId: dhcpOptions.id }));
    // The region's default set is still there, and can be associated again.
    plane.write((ctx) => associateDhcpOptions(ctx, { dhcpOptionsId: regionDefault, vpcId: vpc.id }));
    expect(dhcpOf()).toBe(regionDefault);
    const associate = (dhcpOptionsId: string, vpcId = vpc.id) =>
      errorCode(() => plane.write((ctx) => associateDhcpOptions(ctx, { dhcpOptionsId, vpcId })));
    expect(associate(dhcpOptions.id)).toBe("InvalidDhcpOptionID.NotFound");
    expect(associate("dopt-nope")).toBe("InvalidDhcpOptionsId.Malformed");
    expect(associate(regionDefault, "vpc-0123456789abcdef0")).toBe("InvalidVpcID.NotFound");
    expect(
      errorCode(() => plane.write((ctx) => deleteDhcpOptions(ctx, { dhcpOptionsId: dhcpOptions.id }))),
    ).toBe("InvalidDhcpOptionID.NotFound");
  });

  it("describes by id and with the documented filters", () => {
    const plane = testPlane();
    const { dhcpOptions } = plane.write((ctx) =>
      createDhcpOptions(ctx, {
        dhcpConfigurations: [{ key: "domain-name-servers", values: ["172.16.16.16"] }],
      }),
    );
    const ids = (name: string, values: string[]) =>
      plane
        .read((ctx) => describeDhcpOptions(ctx, { filters: [{ name, values }] }))
        .dhcpOptions.map((d) => d.id);
    expect(ids("value", ["172.16.16.16"])).toEqual([dhcpOptions.id]);
    expect(ids("key", ["domain-name-servers"])).toHaveLength(2);
    expect(ids("key", ["domain-name"])).toHaveLength(1);
    expect(ids("dhcp-options-id", [dhcpOptions.id])).toEqual([dhcpOptions.id]);
    expect(ids("owner-id", [TEST_ACCOUNT])).toHaveLength(2);
    expect(
      plane.read((ctx) => describeDhcpOptions(ctx, { dhcpOptionsIds: [dhcpOptions.id] })).dhcpOptions,
    ).toEqual([dhcpOptions]);
    expect(
      errorCode(() =>
        plane.read((ctx) => describeDhcpOptions(ctx, { dhcpOptionsIds: ["dopt-0123456789abcdef0"] })),
      ),
    ).toBe("InvalidDhcpOptionID.NotFound");
    expect(errorCode(() => plane.read((ctx) => describeDhcpOptions(ctx, { maxResults: 1001 })))).toBe(
      "InvalidParameterValue",
    );
  });
});
