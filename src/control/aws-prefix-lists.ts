/**
 * The AWS-managed prefix lists of the gateway endpoint services, `com.amazonaws.<region>.s3` and
 * `com.amazonaws.<region>.dynamodb`, in every region: a built-in catalogue, not records. The data
 * plane uses their CIDRs as the addresses of S3 and DynamoDB in the region.
 *
 * Where the data comes from (docs/aws-notes.md, "VPC endpoints and prefix lists"):
 * - ids: AWS's own where public output shows them (us-east-1 `pl-63a5400a` and `pl-02cd2c6b`,
 *   us-west-2 `pl-68a54001`, ap-southeast-1 `pl-6fa54006`); elsewhere a deterministic short id
 *   derived from the list's name (SHA-256), so every run and every account sees the same id;
 * - CIDRs: AWS's published ranges (`ip-ranges.json`, services S3 and DYNAMODB, contiguous blocks
 *   merged) for the regions listed in `PUBLISHED`; elsewhere two synthetic blocks per list, in
 *   the address space AWS uses for the service (S3 `3.5.0.0/16` and `52.219.0.0/16`, DynamoDB
 *   `52.94.0.0/16` and `35.71.0.0/16`), numbered by the region's position in the catalogue so
 *   that no two regions' lists overlap.
 */
import { createHash } from "node:crypto";
import { REGIONS } from "../model/regions.js";

export type GatewayServiceName = "s3" | "dynamodb";

export const GATEWAY_SERVICES: readonly GatewayServiceName[] = ["s3", "dynamodb"];

/** The owner AWS shows for its managed prefix lists. */
export const AWS_PREFIX_LIST_OWNER = "AWS";

export interface AwsManagedPrefixList {
  readonly id: string;
  /** `com.amazonaws.<region>.<service>`. */
  readonly name: string;
  readonly region: string;
  readonly service: GatewayServiceName;
  readonly addressFamily: "IPv4";
  readonly cidrs: readonly string[];
}

/** Ids shown in public AWS output. */
const KNOWN_IDS: Readonly<Record<string, string>> = {
  "com.amazonaws.us-east-1.s3": "pl-63a5400a",
  "com.amazonaws.us-east-1.dynamodb": "pl-02cd2c6b",
  "com.amazonaws.us-west-2.s3": "pl-68a54001",
  "com.amazonaws.ap-southeast-1.s3": "pl-6fa54006",
};

/** CIDRs from AWS's published ranges (see the module comment). */
const PUBLISHED: Readonly<Record<string, readonly string[]>> = {
  "com.amazonaws.us-east-1.s3": [
    "3.5.0.0/19",
    "16.182.0.0/16",
    "18.34.0.0/19",
    "18.34.232.0/21",
    "52.216.0.0/15",
    "54.231.0.0/16",
  ],
  "com.amazonaws.us-east-1.dynamodb": ["3.218.180.0/22", "35.71.68.0/22", "52.94.0.0/22", "52.119.224.0/20"],
  "com.amazonaws.us-east-2.dynamodb": ["35.71.102.0/24", "52.94.4.0/24"],
  "com.amazonaws.us-west-2.s3": [
    "3.5.76.0/22",
    "3.5.80.0/21",
    "18.34.48.0/20",
    "18.34.244.0/22",
    "52.92.128.0/17",
    "52.218.128.0/17",
  ],
  "com.amazonaws.us-west-2.dynamodb": ["35.71.64.0/22", "52.94.10.0/24", "52.94.28.0/23", "52.119.252.0/22"],
  "com.amazonaws.sa-east-1.dynamodb": ["35.71.106.0/24", "52.94.7.0/24"],
  "com.amazonaws.eu-west-3.s3": [
    "3.5.204.0/22",
    "3.5.224.0/22",
    "13.36.84.48/28",
    "13.36.84.64/28",
    "16.12.18.0/23",
    "16.12.20.0/24",
    "52.95.154.0/23",
    "52.95.156.0/24",
  ],
  "com.amazonaws.ap-northeast-2.s3": [
    "52.219.56.0/22",
    "52.219.60.0/23",
    "52.219.144.0/22",
    "52.219.148.0/23",
  ],
};

function synthetic(service: GatewayServiceName, regionIndex: number): string[] {
  return service === "s3"
    ? [`3.5.${128 + 2 * regionIndex}.0/23`, `52.219.${160 + regionIndex}.0/24`]
    : [`35.71.${160 + regionIndex}.0/24`, `52.94.${64 + regionIndex}.0/24`];
}

function derivedId(name: string): string {
  return `pl-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

function build(): Map<string, readonly AwsManagedPrefixList[]> {
  const byRegion = new Map<string, readonly AwsManagedPrefixList[]>();
  REGIONS.forEach((region, index) => {
    byRegion.set(
      region.name,
      GATEWAY_SERVICES.map((service) => {
        const name = `com.amazonaws.${region.name}.${service}`;
        return {
          id: KNOWN_IDS[name] ?? derivedId(name),
          name,
          region: region.name,
          service,
          addressFamily: "IPv4",
          cidrs: PUBLISHED[name] ?? synthetic(service, index),
        };
      }),
    );
  });
  return byRegion;
}

const CATALOGUE = build();

/** The AWS-managed prefix lists of a region, S3 first (the order DescribePrefixLists shows). */
export function awsManagedPrefixLists(region: string): readonly AwsManagedPrefixList[] {
  return CATALOGUE.get(region) ?? [];
}

export function findAwsManagedPrefixList(region: string, id: string): AwsManagedPrefixList | undefined {
  return awsManagedPrefixLists(region).find((l) => l.id === id);
}

/** The prefix list of a gateway endpoint service in a region. */
export function gatewayServicePrefixList(
  region: string,
  service: GatewayServiceName,
): AwsManagedPrefixList | undefined {
  return awsManagedPrefixLists(region).find((l) => l.service === service);
}
