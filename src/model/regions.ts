/**
 * The commercial regions EC2 lists, with their availability zones. Zone ids are the
 * account-independent names (`use1-az1`); AWS maps zone names to zone ids differently per
 * account, we use one fixed mapping so that scenarios are reproducible.
 */
export type OptInStatus = "opt-in-not-required" | "opted-in" | "not-opted-in";

export interface RegionInfo {
  readonly name: string;
  /** Human name, as AWS writes it in `GroupLongName` of zones. */
  readonly longName: string;
  readonly optInStatus: OptInStatus;
  /** Prefix of zone ids (`use1` → `use1-az1`). */
  readonly zoneIdPrefix: string;
  /** Zone letters in order; the position gives the zone id number. */
  readonly zoneLetters: string;
}

export interface ZoneInfo {
  readonly zoneName: string;
  readonly zoneId: string;
  readonly regionName: string;
  readonly groupName: string;
  readonly groupLongName: string;
  readonly networkBorderGroup: string;
  readonly optInStatus: OptInStatus;
}

const table: ReadonlyArray<readonly [string, string, OptInStatus, string, string]> = [
  ["us-east-1", "US East (N. Virginia)", "opt-in-not-required", "use1", "abcdef"],
  ["us-east-2", "US East (Ohio)", "opt-in-not-required", "use2", "abc"],
  ["us-west-1", "US West (N. California)", "opt-in-not-required", "usw1", "bc"],
  ["us-west-2", "US West (Oregon)", "opt-in-not-required", "usw2", "abcd"],
  ["af-south-1", "Africa (Cape Town)", "not-opted-in", "afs1", "abc"],
  ["ap-east-1", "Asia Pacific (Hong Kong)", "not-opted-in", "ape1", "abc"],
  ["ap-south-1", "Asia Pacific (Mumbai)", "opt-in-not-required", "aps1", "abc"],
  ["ap-south-2", "Asia Pacific (Hyderabad)", "not-opted-in", "aps2", "abc"],
  ["ap-southeast-1", "Asia Pacific (Singapore)", "opt-in-not-required", "apse1", "abc"],
  ["ap-southeast-2", "Asia Pacific (Sydney)", "opt-in-not-required", "apse2", "abc"],
  ["ap-southeast-3", "Asia Pacific (Jakarta)", "not-opted-in", "apse3", "abc"],
  ["ap-southeast-4", "Asia Pacific (Melbourne)", "not-opted-in", "apse4", "abc"],
  ["ap-northeast-1", "Asia Pacific (Tokyo)", "opt-in-not-required", "apne1", "acd"],
  ["ap-northeast-2", "Asia Pacific (Seoul)", "opt-in-not-required", "apne2", "abcd"],
  ["ap-northeast-3", "Asia Pacific (Osaka)", "opt-in-not-required", "apne3", "abc"],
  ["ca-central-1", "Canada (Central)", "opt-in-not-required", "cac1", "abd"],
  ["ca-west-1", "Canada West (Calgary)", "not-opted-in", "caw1", "abc"],
  ["eu-central-1", "Europe (Frankfurt)", "opt-in-not-required", "euc1", "abc"],
  ["eu-central-2", "Europe (Zurich)", "not-opted-in", "euc2", "abc"],
  ["eu-west-1", "Europe (Ireland)", "opt-in-not-required", "euw1", "abc"],
  ["eu-west-2", "Europe (London)", "opt-in-not-required", "euw2", "abc"],
  ["eu-west-3", "Europe (Paris)", "opt-in-not-required", "euw3", "abc"],
  ["eu-south-1", "Europe (Milan)", "not-opted-in", "eus1", "abc"],
  ["eu-south-2", "Europe (Spain)", "not-opted-in", "eus2", "abc"],
  ["eu-north-1", "Europe (Stockholm)", "opt-in-not-required", "eun1", "abc"],
  ["il-central-1", "Israel (Tel Aviv)", "not-opted-in", "ilc1", "abc"],
  ["me-south-1", "Middle East (Bahrain)", "not-opted-in", "mes1", "abc"],
  ["me-central-1", "Middle East (UAE)", "not-opted-in", "mec1", "abc"],
  ["sa-east-1", "South America (Sao Paulo)", "opt-in-not-required", "sae1", "abc"],
];

export const REGIONS: readonly RegionInfo[] = table.map(
  ([name, longName, optInStatus, zoneIdPrefix, zoneLetters]) => ({
    name,
    longName,
    optInStatus,
    zoneIdPrefix,
    zoneLetters,
  }),
);

const regionsByName = new Map(REGIONS.map((r) => [r.name, r]));

export function findRegion(name: string): RegionInfo | undefined {
  return regionsByName.get(name);
}

const zoneCache = new Map<string, readonly ZoneInfo[]>();

export function zonesOf(regionName: string): readonly ZoneInfo[] {
  const cached = zoneCache.get(regionName);
  if (cached) return cached;
  const region = regionsByName.get(regionName);
  if (!region) return [];
  const zones = [...region.zoneLetters].map((letter, i) => ({
    zoneName: `${region.name}${letter}`,
    zoneId: `${region.zoneIdPrefix}-az${i + 1}`,
    regionName: region.name,
    groupName: `${region.name}-zg-1`,
    groupLongName: `${region.longName} 1`,
    networkBorderGroup: region.name,
    optInStatus: "opt-in-not-required" as const,
  }));
  zoneCache.set(regionName, zones);
  return zones;
}

export function findZone(regionName: string, nameOrId: string): ZoneInfo | undefined {
  return zonesOf(regionName).find((z) => z.zoneName === nameOrId || z.zoneId === nameOrId);
}

/** AWS's endpoint host for a region. */
export function ec2Endpoint(regionName: string): string {
  return `ec2.${regionName}.amazonaws.com`;
}
