/**
 * What the data plane compiles: every network record of every account and region, as plain
 * arrays. The same engine runs on a live store (an adapter outside this layer reads it with
 * `listAll`) and on records imported from the JSON of `aws ec2 describe-*`.
 */
import type { Kind, Resources } from "../model/kinds.js";

/** One account in one region (the store's scope, restated: this layer does not import the store). */
export interface SnapshotScope {
  readonly account: string;
  readonly region: string;
}

export interface ScopedRecord<R> {
  readonly scope: SnapshotScope;
  readonly record: R;
}

/** An AWS-managed prefix list (`com.amazonaws.<region>.s3`, …): the addresses of a service in a region. */
export interface AwsManagedPrefixListData {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly cidrs: readonly string[];
}

/** A service a VPC endpoint reaches, as DescribeVpcEndpointServices shows it. */
export interface EndpointServiceData {
  readonly region: string;
  /** `com.amazonaws.<region>.<service>`. */
  readonly serviceName: string;
  readonly serviceType: "Gateway" | "Interface";
  /** The service's label in DNS names (`ssm`, `api.ecr`). */
  readonly dnsLabel: string;
  /** Interface services: the name private DNS answers inside the VPC (may start with `*.`). */
  readonly privateDnsName?: string;
  /** Whether the endpoint's own DNS names are wildcards (`*.vpce-…`). */
  readonly wildcardDnsNames?: boolean;
  /** Gateway services: their AWS-managed prefix list. */
  readonly prefixListId?: string;
}

/**
 * What AWS provides and no record holds: the catalogues of the control plane, or what an import
 * read from `describe-prefix-lists` and `describe-vpc-endpoint-services`.
 */
export interface AwsCatalogue {
  readonly managedPrefixLists: readonly AwsManagedPrefixListData[];
  readonly endpointServices: readonly EndpointServiceData[];
}

/**
 * Records by kind, each with its scope, and AWS's catalogues. Kinds the network does not use may
 * be left out.
 */
export type NetworkSnapshot = { readonly [K in Kind]?: readonly ScopedRecord<Resources[K]>[] } & {
  readonly aws?: AwsCatalogue;
};

/** The kinds `compile` reads; an adapter copies these (and only these) into a snapshot. */
export const NETWORK_KINDS = [
  "vpc",
  "subnet",
  "routeTable",
  "internetGateway",
  "networkAcl",
  "securityGroup",
  "networkInterface",
  "instance",
  "natGateway",
  "egressOnlyInternetGateway",
  "vpcPeeringConnection",
  "vpcEndpoint",
  "prefixList",
  "vpnGateway",
  "customerGateway",
  "vpnConnection",
  "dxConnection",
  "dxVirtualInterface",
  "dxGateway",
  "dxGatewayAssociation",
] as const satisfies readonly Kind[];

export type NetworkKind = (typeof NETWORK_KINDS)[number];

/** The records of a kind (empty when the snapshot leaves the kind out). */
export function recordsOf<K extends Kind>(
  snapshot: NetworkSnapshot,
  kind: K,
): readonly ScopedRecord<Resources[K]>[] {
  return (snapshot[kind] as readonly ScopedRecord<Resources[K]>[] | undefined) ?? [];
}

/** A snapshot of records of one scope, for tests and small tools. */
export function snapshotOfScope(
  scope: SnapshotScope,
  records: { readonly [K in Kind]?: readonly Resources[K][] },
  aws?: AwsCatalogue,
): NetworkSnapshot {
  const snapshot: Record<string, unknown> = aws ? { aws } : {};
  for (const kind of Object.keys(records) as Kind[]) {
    const list = records[kind] as readonly Resources[typeof kind][];
    snapshot[kind] = list.map((record) => ({ scope, record }));
  }
  return snapshot as NetworkSnapshot;
}
