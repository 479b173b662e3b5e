import type {
  Address,
  EgressOnlyInternetGateway,
  Instance,
  KeyPair,
  NatGateway,
  NetworkInterface,
} from "./compute.js";
import type { DxConnection, DxGateway, DxGatewayAssociation, DxVirtualInterface } from "./direct-connect.js";
import type { PrefixList, VpcEndpoint } from "./endpoints.js";
import type { FlowLog } from "./flow-logs.js";
import type { LogEventBatch, LogGroup, LogStream } from "./logs.js";
import type { NetworkInsightsAnalysis, NetworkInsightsPath } from "./network-insights.js";
import type { VpcPeeringConnection } from "./peering.js";
import type {
  DhcpOptions,
  InternetGateway,
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
} from "./resources.js";
import type { CustomerGateway, VpnConnection, VpnGateway } from "./vpn.js";

/** Every stored resource kind and its record type. */
export interface Resources {
  vpc: Vpc;
  subnet: Subnet;
  routeTable: RouteTable;
  internetGateway: InternetGateway;
  networkAcl: NetworkAcl;
  securityGroup: SecurityGroup;
  dhcpOptions: DhcpOptions;
  networkInterface: NetworkInterface;
  instance: Instance;
  address: Address;
  keyPair: KeyPair;
  natGateway: NatGateway;
  egressOnlyInternetGateway: EgressOnlyInternetGateway;
  vpnGateway: VpnGateway;
  customerGateway: CustomerGateway;
  vpnConnection: VpnConnection;
  dxConnection: DxConnection;
  dxVirtualInterface: DxVirtualInterface;
  dxGateway: DxGateway;
  dxGatewayAssociation: DxGatewayAssociation;
  vpcPeeringConnection: VpcPeeringConnection;
  networkInsightsPath: NetworkInsightsPath;
  networkInsightsAnalysis: NetworkInsightsAnalysis;
  vpcEndpoint: VpcEndpoint;
  prefixList: PrefixList;
  flowLog: FlowLog;
  logGroup: LogGroup;
  logStream: LogStream;
  logEventBatch: LogEventBatch;
}

export type Kind = keyof Resources & string;

export interface KindInfo {
  /** Id prefix without the dash. */
  readonly idPrefix: string;
  /** The `ResourceType` AWS uses in tag specifications and DescribeTags. */
  readonly resourceType: string;
  /** Top-level fields the store indexes for `listBy`. */
  readonly indexes: readonly string[];
}

export const KINDS: { readonly [K in Kind]: KindInfo } = {
  vpc: { idPrefix: "vpc", resourceType: "vpc", indexes: [] },
  subnet: { idPrefix: "subnet", resourceType: "subnet", indexes: ["vpcId"] },
  routeTable: { idPrefix: "rtb", resourceType: "route-table", indexes: ["vpcId"] },
  internetGateway: { idPrefix: "igw", resourceType: "internet-gateway", indexes: [] },
  networkAcl: { idPrefix: "acl", resourceType: "network-acl", indexes: ["vpcId"] },
  securityGroup: { idPrefix: "sg", resourceType: "security-group", indexes: ["vpcId"] },
  dhcpOptions: { idPrefix: "dopt", resourceType: "dhcp-options", indexes: [] },
  networkInterface: {
    idPrefix: "eni",
    resourceType: "network-interface",
    indexes: ["subnetId", "vpcId", "instanceId"],
  },
  instance: { idPrefix: "i", resourceType: "instance", indexes: ["subnetId", "vpcId", "reservationId"] },
  address: { idPrefix: "eipalloc", resourceType: "elastic-ip", indexes: ["publicIp"] },
  keyPair: { idPrefix: "key", resourceType: "key-pair", indexes: ["keyName"] },
  natGateway: { idPrefix: "nat", resourceType: "natgateway", indexes: ["vpcId", "subnetId"] },
  egressOnlyInternetGateway: { idPrefix: "eigw", resourceType: "egress-only-internet-gateway", indexes: [] },
  vpnGateway: { idPrefix: "vgw", resourceType: "vpn-gateway", indexes: ["vpcId"] },
  customerGateway: { idPrefix: "cgw", resourceType: "customer-gateway", indexes: [] },
  vpnConnection: {
    idPrefix: "vpn",
    resourceType: "vpn-connection",
    indexes: ["vpnGatewayId", "customerGatewayId"],
  },
  // Direct Connect records live in the account's `global` scope (src/model/direct-connect.ts); their
  // prefixes and resource types are ones no EC2 id or tag specification uses.
  dxConnection: { idPrefix: "dx.connection", resourceType: "directconnect:dxcon", indexes: ["region"] },
  dxVirtualInterface: {
    idPrefix: "dx.vif",
    resourceType: "directconnect:dxvif",
    indexes: ["region", "connectionId", "virtualGatewayId", "directConnectGatewayId"],
  },
  dxGateway: { idPrefix: "dx.gateway", resourceType: "directconnect:dx-gateway", indexes: [] },
  dxGatewayAssociation: {
    idPrefix: "dx.association",
    resourceType: "directconnect:dx-gateway-association",
    indexes: ["directConnectGatewayId", "virtualGatewayId"],
  },
  vpcPeeringConnection: { idPrefix: "pcx", resourceType: "vpc-peering-connection", indexes: ["vpcIds"] },
  networkInsightsPath: { idPrefix: "nip", resourceType: "network-insights-path", indexes: [] },
  networkInsightsAnalysis: {
    idPrefix: "nia",
    resourceType: "network-insights-analysis",
    indexes: ["networkInsightsPathId"],
  },
  vpcEndpoint: { idPrefix: "vpce", resourceType: "vpc-endpoint", indexes: ["vpcId"] },
  prefixList: { idPrefix: "pl", resourceType: "prefix-list", indexes: [] },
  flowLog: { idPrefix: "fl", resourceType: "vpc-flow-log", indexes: ["resourceId"] },
  // CloudWatch Logs records: keyed by name, not by an EC2 id, so their prefixes and resource types
  // are ones no EC2 id or tag specification uses.
  logGroup: { idPrefix: "logs.group", resourceType: "logs:log-group", indexes: [] },
  logStream: { idPrefix: "logs.stream", resourceType: "logs:log-stream", indexes: ["logGroupName"] },
  logEventBatch: { idPrefix: "logs.batch", resourceType: "logs:log-event-batch", indexes: ["streamId"] },
};

export const ALL_KINDS = Object.keys(KINDS) as Kind[];

const kindByPrefix = new Map(ALL_KINDS.map((k) => [KINDS[k].idPrefix, k]));
const kindByResourceType = new Map(ALL_KINDS.map((k) => [KINDS[k].resourceType, k]));

/** The kind of a resource id, from its prefix (`subnet-0a…` → subnet). */
export function kindOfId(id: string): Kind | undefined {
  const dash = id.lastIndexOf("-");
  if (dash <= 0) return undefined;
  return kindByPrefix.get(id.slice(0, dash));
}

export function kindOfResourceType(resourceType: string): Kind | undefined {
  return kindByResourceType.get(resourceType);
}

/** Records that carry tags; every stored kind does. */
export interface Taggable {
  readonly id: string;
  readonly tags: readonly Tag[];
}

/** The storage options of every kind (what the store needs to know: its secondary indexes). */
export const RESOURCE_SCHEMA: { readonly [K in Kind]: { readonly indexes: readonly string[] } } =
  Object.fromEntries(ALL_KINDS.map((k) => [k, { indexes: KINDS[k].indexes }])) as {
    readonly [K in Kind]: { readonly indexes: readonly string[] };
  };
