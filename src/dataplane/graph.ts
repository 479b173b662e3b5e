/**
 * The compiled network: neutral nodes with indexed structures, built once per change of the
 * network by `compile` and read by every trace. Nothing here scans all resources at trace time:
 * routes are tries, ACL entries are sorted arrays, security-group rules are compiled once per
 * distinct set of groups, addresses are maps.
 *
 * Nodes point at each other directly (a subnet at its route table and ACL, an interface at its
 * subnet, VPC, instance and compiled rules), so a trace follows pointers and never looks a
 * record up by id after it has found its source.
 */
import type { InstanceStateName, InterfaceType, NatGatewayState } from "../model/compute.js";
import type { VpcEndpointState } from "../model/endpoints.js";
import type { VpcPeeringConnectionState } from "../model/peering.js";
import type { RouteOrigin, RouteTargetKind } from "../model/resources.js";
import type { VgwPath } from "../model/vgw-routing.js";
import type { Cidr, IpTrie, Ipv4Cidr, Ipv4Trie, Ipv6Cidr } from "../net/index.js";
import type { SnapshotScope } from "./snapshot.js";
import type { AclRuleRef, Component, ComponentType, RouteRef, SecurityGroupRuleRef } from "./types.js";

/** ARN resource types, as AWS writes them (`arn:aws:ec2:<region>:<account>:<type>/<id>`). */
const ARN_TYPES: { readonly [T in ComponentType]?: string } = {
  instance: "instance",
  "network-interface": "network-interface",
  "security-group": "security-group",
  "network-acl": "network-acl",
  "route-table": "route-table",
  subnet: "subnet",
  vpc: "vpc",
  "internet-gateway": "internet-gateway",
  "egress-only-internet-gateway": "egress-only-internet-gateway",
  "nat-gateway": "natgateway",
  "vpc-peering-connection": "vpc-peering-connection",
  "vpc-endpoint": "vpc-endpoint",
  "vpn-gateway": "vpn-gateway",
  "vpn-connection": "vpn-connection",
  "customer-gateway": "customer-gateway",
  "prefix-list": "prefix-list",
  "transit-gateway": "transit-gateway",
};

const arnPrefixes = new Map<string, string>();

/**
 * `arn:aws:ec2:<region>:<account>:<type>/<id>`. The part before the id is built once per scope and
 * type and shared: a network of 100,000 interfaces holds 100,000 ARNs.
 */
export function arnOf(type: ComponentType, scope: SnapshotScope, id: string): string | undefined {
  const key = `${type}\u0000${scope.account}\u0000${scope.region}`;
  let prefix = arnPrefixes.get(key);
  if (prefix === undefined) {
    if (type === "direct-connect-gateway") prefix = `arn:aws:directconnect::${scope.account}:dx-gateway/`;
    else if (type === "direct-connect-virtual-interface") {
      prefix = `arn:aws:directconnect:${scope.region}:${scope.account}:dxvif/`;
    } else {
      const resource = ARN_TYPES[type];
      prefix = resource === undefined ? "" : `arn:aws:ec2:${scope.region}:${scope.account}:${resource}/`;
    }
    arnPrefixes.set(key, prefix);
  }
  return prefix === "" ? undefined : prefix + id;
}

export function makeComponent(
  type: ComponentType,
  scope: SnapshotScope,
  id: string,
  name: string | undefined,
): Component {
  // One shape for every component (absent fields undefined, which JSON leaves out).
  return { type, id, arn: arnOf(type, scope, id), name, account: scope.account, region: scope.region };
}

/** A resource node: its scope, id and the component a trace shows (built once, with the node). */
export abstract class ResourceNode {
  readonly component: Component;

  constructor(
    readonly type: ComponentType,
    readonly scope: SnapshotScope,
    readonly id: string,
    readonly name: string | undefined,
  ) {
    this.component = makeComponent(type, scope, id, name);
  }
}

// ---- filters ----------------------------------------------------------------------------------

/** A network ACL entry, compiled: `protocol` -1 for all; `from`/`to` ports or ICMP type/code (-1 all). */
export interface AclEntry {
  readonly ruleNumber: number;
  readonly allow: boolean;
  readonly protocol: number;
  readonly cidr: Cidr;
  readonly portFrom: number;
  readonly portTo: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly ref: AclRuleRef;
}

/**
 * IPv4 entries of one direction, lowest rule number first, packed in one array of numbers
 * (`ACL_STRIDE` per entry: protocol, first and last port, ICMP type and code, first and last
 * address): a lookup reads one contiguous array instead of one object per entry, which matters
 * once the network's thousands of ACLs no longer fit in the processor's caches.
 */
export interface AclTable {
  readonly entries: readonly AclEntry[];
  readonly packed: readonly number[];
}

/** Entries of one direction, lowest rule number first (AWS's evaluation order). */
export interface AclEntries {
  readonly v4: AclTable;
  readonly v6: readonly AclEntry[];
}

export class AclNode extends ResourceNode {
  constructor(scope: SnapshotScope, id: string, name: string | undefined) {
    super("network-acl", scope, id, name);
  }
  ingress!: AclEntries;
  egress!: AclEntries;
}

/** The addresses a security-group reference matches: every private address of the group's members. */
export interface GroupMembers {
  readonly v4: Set<number>;
  readonly v6: Set<bigint>;
}

export type SgRemote =
  | { readonly kind: "cidr"; readonly cidr: Cidr }
  | { readonly kind: "prefix-list"; readonly cidrs: readonly Cidr[] }
  | { readonly kind: "group"; readonly members: GroupMembers };

/** A security-group rule, compiled: `protocol` -1 for all; ports, or ICMP type (`from`) and code (`to`). */
export interface SgRule {
  readonly group: SecurityGroupNode;
  readonly protocol: number;
  /** Whether `from`/`to` restrict the packet (TCP/UDP ports, ICMP type/code). */
  readonly hasRange: boolean;
  readonly from: number;
  readonly to: number;
  readonly remote: SgRemote;
  readonly ref: SecurityGroupRuleRef;
}

export class SecurityGroupNode extends ResourceNode {
  readonly members: GroupMembers = { v4: new Set(), v6: new Set() };
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly vpcId: string,
  ) {
    super("security-group", scope, id, name);
  }
}

/**
 * Rules of one direction packed like `AclTable` (`SG_STRIDE` per rule: protocol; mode, 0 any port,
 * 1 TCP/UDP ports, 2 ICMP type and code; from; to; 1 when the remote end is an IPv4 block; its
 * first and last address). Other remote ends are matched through `rules[i].remote`.
 */
export interface SgRuleTable {
  readonly rules: readonly SgRule[];
  readonly packed: readonly number[];
}

/**
 * The union of the rules of an interface's groups (one table per group, shared by every set that
 * holds the group); shared by every interface with the same groups.
 */
export interface SgRuleSet {
  readonly groups: readonly SecurityGroupNode[];
  readonly ingress: readonly SgRuleTable[];
  readonly egress: readonly SgRuleTable[];
}

// ---- routing ----------------------------------------------------------------------------------

export type RouteTargetNode =
  | { readonly kind: "local" }
  | { readonly kind: "internet-gateway"; readonly gateway: GatewayNode }
  | { readonly kind: "egress-only-internet-gateway"; readonly gateway: GatewayNode }
  | { readonly kind: "nat-gateway"; readonly nat: NatGatewayNode }
  | { readonly kind: "network-interface"; readonly eni: InterfaceNode }
  | { readonly kind: "vpc-peering-connection"; readonly peering: PeeringNode }
  | { readonly kind: "vpc-endpoint"; readonly endpoint: VpcEndpointNode }
  | { readonly kind: "vpn-gateway"; readonly gateway: VpnGatewayNode }
  /** A target of a kind the data plane does not forward through (transit gateways, …). */
  | { readonly kind: "unsupported"; readonly componentType: ComponentType; readonly id: string }
  /** The target no longer exists. */
  | { readonly kind: "missing" };

export interface CompiledRoute {
  readonly destination: string;
  readonly destinationCidr?: string;
  readonly destinationPrefixListId?: string;
  readonly targetKind: RouteTargetKind;
  readonly targetId: string;
  readonly origin: RouteOrigin;
  readonly state: "active" | "blackhole";
  readonly target: RouteTargetNode;
  /** Lower wins among routes to the same block (static, prefix list, propagated). */
  readonly rank: number;
}

/** The routes to one block, best first; each with the reference a trace shows. */
export interface RouteSlot {
  readonly routes: readonly { readonly route: CompiledRoute; readonly ref: RouteRef }[];
}

export class RouteTableNode extends ResourceNode {
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly vpc: VpcNode,
    readonly routes: IpTrie<RouteSlot>,
  ) {
    super("route-table", scope, id, name);
  }
}

// ---- places -----------------------------------------------------------------------------------

/** One private address of an interface, with its public mapping (IGW NAT) if any. */
export interface InterfaceAddress {
  readonly eni: InterfaceNode;
  readonly address: string;
  /** `address` as a number (IPv4) or bigint (IPv6). */
  readonly value: number | bigint;
  readonly primary: boolean;
  readonly publicIp?: string;
  readonly publicIpNumber?: number;
}

export class VpcNode extends ResourceNode {
  /** Private IPv4 address → interface address, for delivery inside the VPC. */
  readonly addresses4 = new Map<number, InterfaceAddress>();
  readonly addresses6 = new Map<bigint, InterfaceAddress>();
  mainRouteTable: RouteTableNode | undefined;
  defaultAcl: AclNode | undefined;
  internetGateway: GatewayNode | undefined;
  egressOnlyGateway: GatewayNode | undefined;
  /** Route tables associated with a gateway (edge associations), by gateway id. */
  readonly edgeRouteTables = new Map<string, RouteTableNode>();
  /** The virtual private gateway attached to the VPC. */
  vpnGateway: VpnGatewayNode | undefined;
  /** Peering connections of the VPC (any state), this scope's copies. */
  readonly peerings: PeeringNode[] = [];
  /** Interface endpoints with private DNS: the names they answer inside the VPC. */
  readonly privateServiceNames: { readonly name: string; readonly endpoint: VpcEndpointNode }[] = [];

  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly cidrs: readonly Ipv4Cidr[],
    readonly ipv6Cidrs: readonly Ipv6Cidr[],
    /** The Amazon DNS server: the primary block's base + 2. */
    readonly dnsAddress: number,
    readonly enableDnsSupport: boolean,
    readonly enableDnsHostnames: boolean,
    readonly subnets: IpTrie<SubnetNode>,
  ) {
    super("vpc", scope, id, name);
  }

  containsAddress(address: number | bigint): boolean {
    const blocks: readonly Cidr[] = typeof address === "number" ? this.cidrs : this.ipv6Cidrs;
    for (const block of blocks) if (block.contains(address)) return true;
    return false;
  }
}

export class SubnetNode extends ResourceNode {
  /** The VPC router's address in this subnet (base + 1). */
  readonly routerAddress: number;
  routeTable: RouteTableNode | undefined;
  acl: AclNode | undefined;
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly vpc: VpcNode,
    readonly cidr: Ipv4Cidr,
    readonly ipv6Cidrs: readonly Ipv6Cidr[],
    readonly availabilityZone: string,
  ) {
    super("subnet", scope, id, name);
    this.routerAddress = cidr.network + 1;
  }

  contains(address: number | bigint): boolean {
    if (typeof address === "number") return this.cidr.contains(address);
    for (const block of this.ipv6Cidrs) if (block.contains(address)) return true;
    return false;
  }
}

export class InstanceNode extends ResourceNode {
  /** Attached interfaces; the primary (device index 0) first. */
  readonly interfaces: InterfaceNode[] = [];
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly state: InstanceStateName,
  ) {
    super("instance", scope, id, name);
  }

  /** The interface at device index 0 (set by `compile` once every interface is attached). */
  primaryInterface: InterfaceNode | undefined = undefined;
}

export class InterfaceNode extends ResourceNode {
  instance: InstanceNode | undefined;
  /** The NAT gateway this interface belongs to. */
  natGateway: NatGatewayNode | undefined;
  /** The interface endpoint this interface belongs to. */
  vpcEndpoint: VpcEndpointNode | undefined;
  rules: SgRuleSet | undefined;
  /** The primary private IPv4 address (set by `compile` once the addresses are read). */
  primary!: InterfaceAddress;
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly vpc: VpcNode,
    readonly subnet: SubnetNode,
    readonly interfaceType: InterfaceType,
    readonly deviceIndex: number,
    readonly sourceDestCheck: boolean,
    /** Attached to something, or managed by AWS: it can send and receive. */
    readonly live: boolean,
    /** Private IPv4 addresses, the primary first. */
    readonly addresses: readonly InterfaceAddress[],
    readonly ipv6Addresses: readonly InterfaceAddress[],
    readonly address4: readonly number[],
    readonly address6: readonly bigint[],
  ) {
    super("network-interface", scope, id, name);
  }

  holds(address: number | bigint): boolean {
    return typeof address === "number" ? this.address4.includes(address) : this.address6.includes(address);
  }

  addressOf(address: number | bigint): InterfaceAddress | undefined {
    if (typeof address === "number") {
      const i = this.address4.indexOf(address);
      return i === -1 ? undefined : this.addresses[i];
    }
    const i = this.address6.indexOf(address);
    return i === -1 ? undefined : this.ipv6Addresses[i];
  }
}

export class GatewayNode extends ResourceNode {
  constructor(
    type: "internet-gateway" | "egress-only-internet-gateway",
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    /** The VPCs it is attached to (AWS: at most one). */
    readonly vpcIds: readonly string[],
  ) {
    super(type, scope, id, name);
  }
}

export class NatGatewayNode extends ResourceNode {
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly state: NatGatewayState,
    readonly connectivityType: "public" | "private",
    readonly vpc: VpcNode,
    readonly subnet: SubnetNode,
    /** Its interface, when it has one (from `pending` on). */
    readonly eni: InterfaceNode | undefined,
    readonly privateIp: number | undefined,
  ) {
    super("nat-gateway", scope, id, name);
  }
}

/** One side of a peering connection, with its VPC when the snapshot holds it. */
export interface PeeringSide {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly region: string;
  readonly vpc: VpcNode | undefined;
  /** This side's VPC answers DNS queries from the peer with private addresses. */
  readonly allowDnsResolutionFromRemoteVpc: boolean;
}

export class PeeringNode extends ResourceNode {
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly status: VpcPeeringConnectionState,
    readonly requester: PeeringSide,
    readonly accepter: PeeringSide,
  ) {
    super("vpc-peering-connection", scope, id, name);
  }

  /** The other side, seen from `vpc`. */
  otherSide(vpc: VpcNode): PeeringSide {
    return this.requester.vpc === vpc ? this.accepter : this.requester;
  }
}

export class VpcEndpointNode extends ResourceNode {
  /** The AWS service behind the endpoint, as a trace shows it. */
  readonly service: Component;
  /** Interface endpoints: one interface per subnet. */
  readonly interfaces: InterfaceNode[] = [];
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    readonly endpointType: "Gateway" | "Interface",
    readonly state: VpcEndpointState,
    readonly serviceName: string,
    readonly vpc: VpcNode,
  ) {
    super("vpc-endpoint", scope, id, name);
    this.service = { type: "aws-service", id: serviceName, region: scope.region };
  }
}

/** How a virtual private gateway reaches on-premises prefixes (VPN tunnels, Direct Connect). */
export class VpnGatewayNode extends ResourceNode {
  constructor(
    scope: SnapshotScope,
    id: string,
    name: string | undefined,
    /** The VPC it is attached to (`attached`), if any. */
    readonly vpcId: string | undefined,
    /** On-premises prefixes, each with its paths best first (AWS's priority). */
    readonly paths: Ipv4Trie<readonly VgwPath[]>,
    /** Names of VPN connections and virtual interfaces, for the components a trace shows. */
    readonly connectionNames: ReadonlyMap<string, string | undefined>,
  ) {
    super("vpn-gateway", scope, id, name);
  }
}

/** A resource id may, in principle, exist in several scopes: the first one and the others. */
export class IdIndex<N extends ResourceNode> {
  readonly #first = new Map<string, N>();
  readonly #more = new Map<string, N[]>();

  add(node: N): void {
    const existing = this.#first.get(node.id);
    if (existing === undefined) {
      this.#first.set(node.id, node);
      return;
    }
    const list = this.#more.get(node.id);
    if (list) list.push(node);
    else this.#more.set(node.id, [node]);
  }

  /** The node with this id when exactly one scope holds it (the common case), else undefined. */
  only(id: string): N | undefined {
    if (this.#more.size !== 0 && this.#more.has(id)) return undefined;
    return this.#first.get(id);
  }

  /** Every node with this id, optionally limited to an account and region. */
  find(id: string, account?: string, region?: string): N[] {
    const first = this.#first.get(id);
    if (first === undefined) return [];
    const all = [first, ...(this.#more.get(id) ?? [])];
    return all.filter(
      (n) =>
        (account === undefined || n.scope.account === account) &&
        (region === undefined || n.scope.region === region),
    );
  }

  get size(): number {
    return this.#first.size;
  }
}

export interface Graph {
  readonly vpcs: IdIndex<VpcNode>;
  readonly subnets: IdIndex<SubnetNode>;
  readonly interfaces: IdIndex<InterfaceNode>;
  readonly instances: IdIndex<InstanceNode>;
  readonly natGateways: IdIndex<NatGatewayNode>;
  /** Private IPv4 address → interface addresses holding it, in every VPC (VPCs may overlap). */
  readonly privateAddresses: Map<number, InterfaceAddress | InterfaceAddress[]>;
  /** Public IPv4 address (auto-assigned or Elastic IP) → the private address it maps to. */
  readonly publicAddresses: Map<number, InterfaceAddress>;
  /** IPv6 address → interface address (IPv6 addresses are globally unique). */
  readonly ipv6Addresses: Map<bigint, InterfaceAddress>;
  /** Interface endpoints by their own DNS names (regional and zonal, without a leading `*.`). */
  readonly endpointDnsNames: Map<string, VpcEndpointNode>;
  /** Public service names (`s3.<region>.amazonaws.com`, …) → an address of the service. */
  readonly serviceAddresses: Map<string, { readonly address: number; readonly serviceName: string }>;
  /** The virtual private gateways, for traffic from on-premises. */
  readonly vpnGateways: IdIndex<VpnGatewayNode>;
  /** Counts, for tools and the benchmark. */
  readonly stats: GraphStats;
}

export interface GraphStats {
  readonly vpcs: number;
  readonly subnets: number;
  readonly interfaces: number;
  readonly routeTables: number;
  readonly routes: number;
  readonly networkAcls: number;
  readonly securityGroups: number;
  /** Distinct compiled security-group rule sets (interfaces with the same groups share one). */
  readonly ruleSets: number;
}
