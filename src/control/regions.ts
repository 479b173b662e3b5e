/**
 * DescribeRegions, DescribeAvailabilityZones, DescribeAccountAttributes: read-only views of the
 * built-in region catalogue and of the account's settings.
 */
import { ec2Endpoint, REGIONS, type RegionInfo, type ZoneInfo, zonesOf } from "../model/regions.js";
import type { ReadContext } from "./context.js";
import { InvalidParameterValue } from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { defaultVpcOf } from "./lookup.js";

const NO_TAGS = [] as const;
/** Regions and zones carry no tags: their Describe calls offer no tag filters. */
const UNTAGGED = { tagFilters: false } as const;

export interface RegionView {
  readonly regionName: string;
  readonly endpoint: string;
  readonly optInStatus: RegionInfo["optInStatus"];
  readonly tags: typeof NO_TAGS;
}

export const REGION_FILTERS: FilterTable<RegionView> = {
  endpoint: (r) => r.endpoint,
  "opt-in-status": (r) => r.optInStatus,
  "region-name": (r) => r.regionName,
};

export interface DescribeRegionsInput {
  readonly regionNames?: readonly string[];
  readonly allRegions?: boolean;
  readonly filters?: readonly Filter[];
}

export function describeRegions(_ctx: ReadContext, input: DescribeRegionsInput): { regions: RegionView[] } {
  const matches = compileFilters(REGION_FILTERS, input.filters, UNTAGGED);
  const known = new Set(REGIONS.map((r) => r.name));
  const unknown = (input.regionNames ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new InvalidParameterValue(`Invalid region: ${unknown.join(", ")}`);
  const wanted = input.regionNames?.length ? new Set(input.regionNames) : undefined;
  const regions = REGIONS.filter((r) =>
    wanted ? wanted.has(r.name) : input.allRegions === true || r.optInStatus !== "not-opted-in",
  )
    .map((r) => ({
      regionName: r.name,
      endpoint: ec2Endpoint(r.name),
      optInStatus: r.optInStatus,
      tags: NO_TAGS,
    }))
    .filter(matches);
  return { regions };
}

export interface ZoneView extends ZoneInfo {
  readonly state: "available";
  readonly zoneType: "availability-zone";
  readonly tags: typeof NO_TAGS;
}

export const ZONE_FILTERS: FilterTable<ZoneView> = {
  "group-name": (z) => z.groupName,
  "group-long-name": (z) => z.groupLongName,
  message: () => undefined,
  "network-border-group": (z) => z.networkBorderGroup,
  "opt-in-status": (z) => z.optInStatus,
  "parent-zone-id": () => undefined,
  "parent-zone-name": () => undefined,
  "region-name": (z) => z.regionName,
  state: (z) => z.state,
  "zone-id": (z) => z.zoneId,
  "zone-name": (z) => z.zoneName,
  "zone-type": (z) => z.zoneType,
};

export interface DescribeAvailabilityZonesInput {
  readonly zoneNames?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly allAvailabilityZones?: boolean;
  readonly filters?: readonly Filter[];
}

export function describeAvailabilityZones(
  ctx: ReadContext,
  input: DescribeAvailabilityZonesInput,
): { availabilityZones: ZoneView[] } {
  const matches = compileFilters(ZONE_FILTERS, input.filters, UNTAGGED);
  const zones: ZoneView[] = zonesOf(ctx.scope.region).map((z) => ({
    ...z,
    state: "available",
    zoneType: "availability-zone",
    tags: NO_TAGS,
  }));
  const byName = new Set(zones.map((z) => z.zoneName));
  const byId = new Set(zones.map((z) => z.zoneId));
  const badNames = (input.zoneNames ?? []).filter((n) => !byName.has(n));
  if (badNames.length > 0)
    throw new InvalidParameterValue(`Invalid availability zone: [${badNames.join(", ")}]`);
  const badIds = (input.zoneIds ?? []).filter((n) => !byId.has(n));
  if (badIds.length > 0)
    throw new InvalidParameterValue(`Invalid availability zone ID: [${badIds.join(", ")}]`);
  const names = input.zoneNames?.length ? new Set(input.zoneNames) : undefined;
  const ids = input.zoneIds?.length ? new Set(input.zoneIds) : undefined;
  return {
    availabilityZones: zones.filter(
      (z) => (!names || names.has(z.zoneName)) && (!ids || ids.has(z.zoneId)) && matches(z),
    ),
  };
}

export interface AccountAttribute {
  readonly name: string;
  readonly values: readonly string[];
}

const ATTRIBUTE_NAMES = [
  "supported-platforms",
  "default-vpc",
  "max-instances",
  "vpc-max-security-groups-per-interface",
  "max-elastic-ips",
  "vpc-max-elastic-ips",
] as const;

export function describeAccountAttributes(
  ctx: ReadContext,
  input: { attributeNames?: readonly string[] },
): { accountAttributes: AccountAttribute[] } {
  const unknown = (input.attributeNames ?? []).filter(
    (n) => !(ATTRIBUTE_NAMES as readonly string[]).includes(n),
  );
  if (unknown.length > 0) {
    throw new InvalidParameterValue(`Value (${unknown[0]}) for parameter attributeName is invalid.`);
  }
  const defaultVpc = defaultVpcOf(ctx.tx, ctx.scope);
  const all: AccountAttribute[] = [
    { name: "supported-platforms", values: ["VPC"] },
    { name: "default-vpc", values: [defaultVpc?.id ?? "none"] },
    { name: "max-instances", values: ["20"] },
    { name: "vpc-max-security-groups-per-interface", values: ["5"] },
    { name: "max-elastic-ips", values: ["5"] },
    { name: "vpc-max-elastic-ips", values: ["5"] },
  ];
  const wanted = input.attributeNames?.length ? new Set(input.attributeNames) : undefined;
  return { accountAttributes: all.filter((a) => !wanted || wanted.has(a.name)) };
}
