/**
 * `compile(snapshot) → Graph`: the network records of every account and region turned into
 * linked nodes with indexed structures (see graph.ts). Records are read once; everything a trace
 * needs later is a pointer, a trie lookup or a map lookup away.
 *
 * Derived state is derived here the way the control plane derives it when it describes a
 * resource: a route's state (blackhole when its target is gone or detached), a subnet's route
 * table (its explicit association, else the VPC's main table), the final deny entries of ACLs.
 */
import type { NetworkInterface } from "../model/compute.js";
import {
  DIRECT_CONNECT_SCOPE_REGION,
  type DxConnection,
  type DxGatewayAssociation,
  type DxVirtualInterface,
} from "../model/direct-connect.js";
import type { VpcPeeringSide } from "../model/peering.js";
import type { Route, RouteTable, SecurityGroup, SecurityGroupRule, Tag } from "../model/resources.js";
import { type VgwPath, vgwRoutes } from "../model/vgw-routing.js";
import type { CustomerGateway, VpnConnection } from "../model/vpn.js";
import {
  type Cidr,
  IpTrie,
  type Ipv4Cidr,
  Ipv4Trie,
  type Ipv6Cidr,
  parseCidr,
  parseIpAddress,
} from "../net/index.js";
import { compileAclEntries, compileSgRules, type SgReferenceResolver, sgRuleTable } from "./filters.js";
import {
  AclNode,
  type CompiledRoute,
  GatewayNode,
  type Graph,
  type GroupMembers,
  IdIndex,
  InstanceNode,
  type InterfaceAddress,
  InterfaceNode,
  NatGatewayNode,
  PeeringNode,
  type PeeringSide,
  RouteTableNode,
  type RouteTargetNode,
  SecurityGroupNode,
  type SgRuleSet,
  type SgRuleTable,
  SubnetNode,
  VpcEndpointNode,
  VpcNode,
  VpnGatewayNode,
} from "./graph.js";
import { type EndpointServiceData, type NetworkSnapshot, recordsOf, type SnapshotScope } from "./snapshot.js";
import type { RouteRef } from "./types.js";

function nameOf(tags: readonly Tag[]): string | undefined {
  for (const t of tags) if (t.key === "Name") return t.value;
  return undefined;
}

/** Per-scope keys: ids are unique within a kind and scope. */
function keyOf(scope: SnapshotScope, id: string): string {
  return `${scope.account}\u0000${scope.region}\u0000${id}`;
}

/** Rank of a route among routes to the same block: static, then prefix-list, then propagated. */
function rankOf(route: Route): number {
  if (route.origin === "EnableVgwRoutePropagation") return 2;
  if (route.destination.kind === "prefix-list") return 1;
  return 0;
}

class Compiler {
  readonly #cidrs = new Map<string, Cidr | null>();
  readonly vpcs = new Map<string, VpcNode>();
  readonly subnets = new Map<string, SubnetNode>();
  readonly groups = new Map<string, SecurityGroupNode>();
  readonly groupRecords = new Map<string, SecurityGroup>();
  readonly instances = new Map<string, InstanceNode>();
  readonly interfaces = new Map<string, InterfaceNode>();
  readonly internetGateways = new Map<string, GatewayNode>();
  readonly egressOnlyGateways = new Map<string, GatewayNode>();
  readonly natGateways = new Map<string, NatGatewayNode>();
  readonly #compiledGroups = new Map<string, { ingress: SgRuleTable; egress: SgRuleTable }>();
  readonly #ruleSets = new Map<string, SgRuleSet>();
  routeTableCount = 0;
  routeCount = 0;
  aclCount = 0;

  readonly graph = {
    vpcs: new IdIndex<VpcNode>(),
    subnets: new IdIndex<SubnetNode>(),
    interfaces: new IdIndex<InterfaceNode>(),
    instances: new IdIndex<InstanceNode>(),
    natGateways: new IdIndex<NatGatewayNode>(),
    privateAddresses: new Map<number, InterfaceAddress | InterfaceAddress[]>(),
    publicAddresses: new Map<number, InterfaceAddress>(),
    ipv6Addresses: new Map<bigint, InterfaceAddress>(),
    endpointDnsNames: new Map<string, VpcEndpointNode>(),
    serviceAddresses: new Map<string, { readonly address: number; readonly serviceName: string }>(),
    vpnGateways: new IdIndex<VpnGatewayNode>(),
  };
  readonly peerings = new Map<string, PeeringNode>();
  readonly endpoints = new Map<string, VpcEndpointNode>();
  readonly vpnGatewayNodes = new Map<string, VpnGatewayNode>();
  /** Customer-managed lists by scope and id; AWS-managed ones by region and id. */
  readonly #prefixLists = new Map<string, readonly Cidr[]>();

  constructor(readonly snapshot: NetworkSnapshot) {}

  /** Parses stored CIDR text once per distinct string (most rules repeat a few blocks). */
  readonly cidr = (text: string): Cidr | undefined => {
    let cached = this.#cidrs.get(text);
    if (cached === undefined) {
      const parsed = parseCidr(text);
      cached = parsed.ok ? parsed.cidr : null;
      this.#cidrs.set(text, cached);
    }
    return cached ?? undefined;
  };

  run(): Graph {
    this.compilePrefixLists();
    this.compileVpcs();
    this.compileSubnets();
    this.compileGateways();
    this.compilePeerings();
    this.compileVpnGateways();
    this.compileAcls();
    this.compileGroupsAndInstances();
    this.compileInterfaces();
    this.compileRuleSets();
    this.compileNatGateways();
    this.compileEndpoints();
    this.compileRouteTables();
    this.completeSubnets();
    return {
      ...this.graph,
      stats: {
        vpcs: this.vpcs.size,
        subnets: this.subnets.size,
        interfaces: this.interfaces.size,
        routeTables: this.routeTableCount,
        routes: this.routeCount,
        networkAcls: this.aclCount,
        securityGroups: this.groups.size,
        ruleSets: this.#ruleSets.size,
      },
    };
  }

  compileVpcs(): void {
    for (const { scope, record: vpc } of recordsOf(this.snapshot, "vpc")) {
      const cidrs: Ipv4Cidr[] = [];
      for (const a of vpc.cidrBlockAssociations) {
        if (a.state !== "associated" && a.state !== "associating") continue;
        const c = this.cidr(a.cidrBlock);
        if (c?.family === 4) cidrs.push(c);
      }
      const ipv6: Ipv6Cidr[] = [];
      for (const a of vpc.ipv6CidrBlockAssociations) {
        if (a.state !== "associated" && a.state !== "associating") continue;
        const c = this.cidr(a.ipv6CidrBlock);
        if (c?.family === 6) ipv6.push(c);
      }
      const primary = this.cidr(vpc.cidrBlock);
      if (primary?.family !== 4) continue;
      if (!cidrs.some((c) => c.equals(primary))) cidrs.unshift(primary);
      const node = new VpcNode(
        scope,
        vpc.id,
        nameOf(vpc.tags),
        cidrs,
        ipv6,
        primary.network + 2,
        vpc.enableDnsSupport,
        vpc.enableDnsHostnames,
        new IpTrie(),
      );
      this.vpcs.set(keyOf(scope, vpc.id), node);
      this.graph.vpcs.add(node);
    }
  }

  compileSubnets(): void {
    for (const { scope, record: subnet } of recordsOf(this.snapshot, "subnet")) {
      const vpc = this.vpcs.get(keyOf(scope, subnet.vpcId));
      const cidr = this.cidr(subnet.cidrBlock);
      if (vpc === undefined || cidr?.family !== 4) continue;
      const ipv6: Ipv6Cidr[] = [];
      for (const a of subnet.ipv6CidrBlockAssociations) {
        if (a.state !== "associated" && a.state !== "associating") continue;
        const c = this.cidr(a.ipv6CidrBlock);
        if (c?.family === 6) ipv6.push(c);
      }
      const node = new SubnetNode(
        scope,
        subnet.id,
        nameOf(subnet.tags),
        vpc,
        cidr,
        ipv6,
        subnet.availabilityZone,
      );
      vpc.subnets.insert(cidr, node);
      for (const c of ipv6) vpc.subnets.insert(c, node);
      this.subnets.set(keyOf(scope, subnet.id), node);
      this.graph.subnets.add(node);
    }
  }

  compileGateways(): void {
    for (const { scope, record: igw } of recordsOf(this.snapshot, "internetGateway")) {
      const attached = igw.attachments.filter((a) => a.state === "available" || a.state === "attaching");
      const node = new GatewayNode(
        "internet-gateway",
        scope,
        igw.id,
        nameOf(igw.tags),
        attached.map((a) => a.vpcId),
      );
      this.internetGateways.set(keyOf(scope, igw.id), node);
      for (const a of attached) {
        const vpc = this.vpcs.get(keyOf(scope, a.vpcId));
        if (vpc) vpc.internetGateway = node;
      }
    }
    for (const { scope, record: eigw } of recordsOf(this.snapshot, "egressOnlyInternetGateway")) {
      const attached = eigw.attachments.filter((a) => a.state === "attached" || a.state === "attaching");
      const node = new GatewayNode(
        "egress-only-internet-gateway",
        scope,
        eigw.id,
        nameOf(eigw.tags),
        attached.map((a) => a.vpcId),
      );
      this.egressOnlyGateways.set(keyOf(scope, eigw.id), node);
      for (const a of attached) {
        const vpc = this.vpcs.get(keyOf(scope, a.vpcId));
        if (vpc) vpc.egressOnlyGateway = node;
      }
    }
  }

  compileAcls(): void {
    for (const { scope, record: acl } of recordsOf(this.snapshot, "networkAcl")) {
      const vpc = this.vpcs.get(keyOf(scope, acl.vpcId));
      if (vpc === undefined) continue;
      const node = new AclNode(scope, acl.id, nameOf(acl.tags));
      const { ingress, egress } = compileAclEntries(acl, this.cidr);
      node.ingress = ingress;
      node.egress = egress;
      this.aclCount++;
      if (acl.isDefault) vpc.defaultAcl = node;
      for (const a of acl.associations) {
        const subnet = this.subnets.get(keyOf(scope, a.subnetId));
        if (subnet) subnet.acl = node;
      }
    }
  }

  compileGroupsAndInstances(): void {
    for (const { scope, record: group } of recordsOf(this.snapshot, "securityGroup")) {
      const key = keyOf(scope, group.id);
      this.groups.set(key, new SecurityGroupNode(scope, group.id, nameOf(group.tags), group.vpcId));
      this.groupRecords.set(key, group);
    }
    for (const { scope, record: instance } of recordsOf(this.snapshot, "instance")) {
      const node = new InstanceNode(scope, instance.id, nameOf(instance.tags), instance.state);
      this.instances.set(keyOf(scope, instance.id), node);
      this.graph.instances.add(node);
    }
  }

  compileInterfaces(): void {
    const { privateAddresses, publicAddresses, ipv6Addresses } = this.graph;
    for (const { scope, record: eni } of recordsOf(this.snapshot, "networkInterface")) {
      const subnet = this.subnets.get(keyOf(scope, eni.subnetId));
      if (subnet === undefined) continue;
      const vpc = subnet.vpc;
      const addresses: InterfaceAddress[] = [];
      const address4: number[] = [];
      const ipv6: InterfaceAddress[] = [];
      const address6: bigint[] = [];
      const node = new InterfaceNode(
        scope,
        eni.id,
        nameOf(eni.tags),
        vpc,
        subnet,
        eni.interfaceType,
        eni.attachment?.deviceIndex ?? -1,
        eni.sourceDestCheck,
        isLive(eni),
        addresses,
        ipv6,
        address4,
        address6,
      );
      // The primary address first, whatever order the record holds them in.
      const ordered = [...eni.privateIpAddresses].sort((a, b) => Number(b.primary) - Number(a.primary));
      for (const p of ordered) {
        const n = parseIpAddress(p.address);
        if (typeof n !== "number") continue;
        const publicIp = p.association?.publicIp;
        const publicNumber = publicIp === undefined ? undefined : parseIpAddress(publicIp);
        const entry: InterfaceAddress = {
          eni: node,
          address: p.address,
          value: n,
          primary: p.primary,
          ...(publicIp !== undefined && typeof publicNumber === "number"
            ? { publicIp, publicIpNumber: publicNumber }
            : {}),
        };
        addresses.push(entry);
        address4.push(n);
        vpc.addresses4.set(n, entry);
        const existing = privateAddresses.get(n);
        if (existing === undefined) privateAddresses.set(n, entry);
        else if (Array.isArray(existing)) existing.push(entry);
        else privateAddresses.set(n, [existing, entry]);
        if (typeof publicNumber === "number") publicAddresses.set(publicNumber, entry);
      }
      if (addresses.length === 0) continue;
      node.primary = addresses[0]!;
      for (const text of eni.ipv6Addresses) {
        const n = parseIpAddress(text);
        if (typeof n !== "bigint") continue;
        const entry: InterfaceAddress = { eni: node, address: text, value: n, primary: false };
        ipv6.push(entry);
        address6.push(n);
        vpc.addresses6.set(n, entry);
        ipv6Addresses.set(n, entry);
      }
      for (const groupId of eni.groupIds) {
        const group = this.groups.get(keyOf(scope, groupId));
        if (group === undefined) continue;
        for (const n of address4) group.members.v4.add(n);
        for (const n of address6) group.members.v6.add(n);
      }
      const instanceId = eni.attachment?.instanceId;
      if (instanceId !== undefined && eni.attachment?.status !== "detached") {
        const instance = this.instances.get(keyOf(scope, instanceId));
        if (instance) {
          node.instance = instance;
          instance.interfaces.push(node);
        }
      }
      this.interfaces.set(keyOf(scope, eni.id), node);
      this.graph.interfaces.add(node);
      this.#pendingGroups.set(node, eni.groupIds);
    }
    for (const instance of this.instances.values()) {
      if (instance.interfaces.length > 1) instance.interfaces.sort((a, b) => a.deviceIndex - b.deviceIndex);
      instance.primaryInterface = instance.interfaces[0];
    }
  }

  readonly #pendingGroups = new Map<InterfaceNode, readonly string[]>();

  readonly #resolver: SgReferenceResolver = {
    members: (rule: SecurityGroupRule, group: SecurityGroup): GroupMembers | undefined => {
      const ref = rule.referencedGroup!;
      const scope = this.scopeOfGroup(group);
      const node = this.groups.get(
        keyOf({ account: ref.userId || scope.account, region: scope.region }, ref.groupId),
      );
      return node?.members;
    },
    prefixList: (prefixListId: string, group: SecurityGroup) =>
      this.prefixListCidrs(this.scopeOfGroup(group), prefixListId),
  };

  readonly #groupScopes = new Map<SecurityGroup, SnapshotScope>();

  scopeOfGroup(group: SecurityGroup): SnapshotScope {
    return this.#groupScopes.get(group)!;
  }

  compileRuleSets(): void {
    for (const [key, group] of this.groupRecords) this.#groupScopes.set(group, this.groups.get(key)!.scope);
    for (const [eni, groupIds] of this.#pendingGroups) {
      if (groupIds.length === 0) continue;
      const setKey = `${eni.scope.account}\u0000${eni.scope.region}\u0000${groupIds.join(",")}`;
      let set = this.#ruleSets.get(setKey);
      if (set === undefined) {
        const groups: SecurityGroupNode[] = [];
        const ingress: SgRuleTable[] = [];
        const egress: SgRuleTable[] = [];
        for (const groupId of groupIds) {
          const key = keyOf(eni.scope, groupId);
          const node = this.groups.get(key);
          const record = this.groupRecords.get(key);
          if (node === undefined || record === undefined) continue;
          groups.push(node);
          let compiled = this.#compiledGroups.get(key);
          if (compiled === undefined) {
            const rules = compileSgRules(record, node, this.cidr, this.#resolver);
            compiled = { ingress: sgRuleTable(rules.ingress), egress: sgRuleTable(rules.egress) };
            this.#compiledGroups.set(key, compiled);
          }
          ingress.push(compiled.ingress);
          egress.push(compiled.egress);
        }
        set = { groups, ingress, egress };
        this.#ruleSets.set(setKey, set);
      }
      eni.rules = set;
    }
    this.#pendingGroups.clear();
  }

  compileNatGateways(): void {
    for (const { scope, record: nat } of recordsOf(this.snapshot, "natGateway")) {
      const vpc = this.vpcs.get(keyOf(scope, nat.vpcId));
      const subnet = this.subnets.get(keyOf(scope, nat.subnetId));
      if (vpc === undefined || subnet === undefined) continue;
      const primary = nat.addresses.find((a) => a.isPrimary) ?? nat.addresses[0];
      const eni = primary ? this.interfaces.get(keyOf(scope, primary.networkInterfaceId)) : undefined;
      const privateIp = primary ? parseIpAddress(primary.privateIp) : undefined;
      const node = new NatGatewayNode(
        scope,
        nat.id,
        nameOf(nat.tags),
        nat.state,
        nat.connectivityType,
        vpc,
        subnet,
        eni,
        typeof privateIp === "number" ? privateIp : undefined,
      );
      if (eni) eni.natGateway = node;
      this.natGateways.set(keyOf(scope, nat.id), node);
      this.graph.natGateways.add(node);
    }
  }

  compileRouteTables(): void {
    for (const { scope, record: table } of recordsOf(this.snapshot, "routeTable")) {
      const vpc = this.vpcs.get(keyOf(scope, table.vpcId));
      if (vpc === undefined) continue;
      const node = new RouteTableNode(scope, table.id, nameOf(table.tags), vpc, new IpTrie());
      this.routeTableCount++;
      for (const route of table.routes) this.addRoute(node, table, route);
      for (const route of this.propagatedRoutes(scope, table)) this.addRoute(node, table, route);
      for (const a of table.associations) {
        if (a.main) vpc.mainRouteTable = node;
        if (a.subnetId !== undefined) {
          const subnet = this.subnets.get(keyOf(scope, a.subnetId));
          if (subnet) subnet.routeTable = node;
        }
        if (a.gatewayId !== undefined) vpc.edgeRouteTables.set(a.gatewayId, node);
      }
    }
  }

  addRoute(node: RouteTableNode, table: RouteTable, route: Route): void {
    const { target, state } = this.resolveTarget(node, route);
    const destination =
      route.destination.kind === "prefix-list" ? route.destination.prefixListId : route.destination.cidr;
    const compiled: CompiledRoute = {
      destination,
      ...(route.destination.kind === "prefix-list"
        ? { destinationPrefixListId: route.destination.prefixListId }
        : { destinationCidr: route.destination.cidr }),
      targetKind: route.target.kind,
      targetId: route.target.id,
      origin: route.origin,
      state,
      target,
      rank: rankOf(route),
    };
    let blocks: readonly Cidr[];
    if (route.destination.kind === "prefix-list") {
      blocks = this.prefixListCidrs(node.scope, route.destination.prefixListId) ?? [];
    } else {
      const c = this.cidr(route.destination.cidr);
      blocks = c ? [c] : [];
    }
    for (const block of blocks) {
      const ref: RouteRef = {
        routeTableId: table.id,
        destination,
        ...(compiled.destinationCidr !== undefined ? { destinationCidr: compiled.destinationCidr } : {}),
        ...(compiled.destinationPrefixListId !== undefined
          ? { destinationPrefixListId: compiled.destinationPrefixListId }
          : {}),
        matchedCidr: block.toString(),
        target: { kind: route.target.kind, id: route.target.id },
        origin: route.origin,
        state,
      };
      const entry = { route: compiled, ref };
      const existing = node.routes.getExact(block)?.value;
      const routes =
        existing === undefined
          ? [entry]
          : [...existing.routes, entry].sort((a, b) => a.route.rank - b.route.rank);
      node.routes.insert(block, { routes });
      this.routeCount++;
    }
  }

  /** The target node and the route's derived state (as DescribeRouteTables would show it). */
  resolveTarget(
    node: RouteTableNode,
    route: Route,
  ): { target: RouteTargetNode; state: "active" | "blackhole" } {
    const { scope, vpc } = node;
    const t = route.target;
    const missing = { target: { kind: "missing" } as const, state: "blackhole" as const };
    switch (t.kind) {
      case "local":
        return { target: { kind: "local" }, state: "active" };
      case "gateway": {
        if (t.id.startsWith("igw-")) {
          const gateway = this.internetGateways.get(keyOf(scope, t.id));
          if (gateway === undefined) return missing;
          return {
            target: { kind: "internet-gateway", gateway },
            state: gateway.vpcIds.includes(vpc.id) ? "active" : "blackhole",
          };
        }
        if (t.id.startsWith("vpce-")) {
          const endpoint = this.endpoints.get(keyOf(scope, t.id));
          if (endpoint === undefined) return missing;
          return {
            target: { kind: "vpc-endpoint", endpoint },
            // As DescribeRouteTables shows it: a blackhole once the endpoint is being deleted.
            state: endpoint.state === "available" || endpoint.state === "pending" ? "active" : "blackhole",
          };
        }
        if (t.id.startsWith("vgw-")) {
          const gateway = this.vpnGatewayNodes.get(keyOf(scope, t.id));
          if (gateway === undefined) return missing;
          return {
            target: { kind: "vpn-gateway", gateway },
            state: gateway.vpcId === vpc.id ? "active" : "blackhole",
          };
        }
        return missing;
      }
      case "egressOnlyInternetGateway": {
        const gateway = this.egressOnlyGateways.get(keyOf(scope, t.id));
        if (gateway === undefined) return missing;
        return {
          target: { kind: "egress-only-internet-gateway", gateway },
          state: gateway.vpcIds.includes(vpc.id) ? "active" : "blackhole",
        };
      }
      case "natGateway": {
        const nat = this.natGateways.get(keyOf(scope, t.id));
        if (nat === undefined) return missing;
        return {
          target: { kind: "nat-gateway", nat },
          state: nat.state === "pending" || nat.state === "available" ? "active" : "blackhole",
        };
      }
      case "networkInterface": {
        const eni = this.interfaces.get(keyOf(scope, t.id));
        return eni ? { target: { kind: "network-interface", eni }, state: "active" } : missing;
      }
      case "instance": {
        const instance = this.instances.get(keyOf(scope, t.id));
        const eni = t.networkInterfaceId
          ? this.interfaces.get(keyOf(scope, t.networkInterfaceId))
          : undefined;
        if (instance === undefined || instance.state === "terminated" || eni === undefined) return missing;
        return { target: { kind: "network-interface", eni }, state: "active" };
      }
      case "vpcPeeringConnection": {
        const peering = this.peerings.get(keyOf(scope, t.id));
        if (peering === undefined) return missing;
        return {
          target: { kind: "vpc-peering-connection", peering },
          state: peering.status === "active" ? "active" : "blackhole",
        };
      }
      case "transitGateway":
        return {
          target: { kind: "unsupported", componentType: "transit-gateway", id: t.id },
          state: "active",
        };
      default:
        return { target: { kind: "unsupported", componentType: "vpc-router", id: t.id }, state: "active" };
    }
  }

  prefixListCidrs(scope: SnapshotScope, id: string): readonly Cidr[] | undefined {
    return this.#prefixLists.get(keyOf(scope, id)) ?? this.#prefixLists.get(`${scope.region}\u0000${id}`);
  }

  /** Customer-managed lists (records) and AWS-managed ones (the catalogue), and the services' addresses. */
  compilePrefixLists(): void {
    for (const list of this.snapshot.aws?.managedPrefixLists ?? []) {
      const cidrs = list.cidrs.map(this.cidr).filter((c): c is Cidr => c !== undefined);
      this.#prefixLists.set(`${list.region}\u0000${list.id}`, cidrs);
      const service = /^com\.amazonaws\.[a-z0-9-]+\.(s3|dynamodb)$/.exec(list.name)?.[1];
      const first = cidrs.find((c) => c.family === 4);
      if (service !== undefined && first?.family === 4) {
        const address = { address: first.network + 1, serviceName: list.name };
        this.graph.serviceAddresses.set(`${service}.${list.region}.amazonaws.com`, address);
        if (service === "s3" && list.region === "us-east-1")
          this.graph.serviceAddresses.set("s3.amazonaws.com", address);
      }
    }
    for (const { scope, record: list } of recordsOf(this.snapshot, "prefixList")) {
      if (list.state === "delete-complete") continue;
      const cidrs = list.entries.map((e) => this.cidr(e.cidr)).filter((c): c is Cidr => c !== undefined);
      this.#prefixLists.set(keyOf(scope, list.id), cidrs);
    }
  }

  /** Peering connections: each scope holds a copy; both sides' VPCs are found from any copy. */
  compilePeerings(): void {
    for (const { scope, record: pcx } of recordsOf(this.snapshot, "vpcPeeringConnection")) {
      const side = (s: VpcPeeringSide): PeeringSide => ({
        vpcId: s.vpcId,
        ownerId: s.ownerId,
        region: s.region,
        vpc: this.vpcs.get(keyOf({ account: s.ownerId, region: s.region }, s.vpcId)),
        allowDnsResolutionFromRemoteVpc: s.options.allowDnsResolutionFromRemoteVpc,
      });
      const requester = side(pcx.requester);
      const accepter = side(pcx.accepter);
      const node = new PeeringNode(scope, pcx.id, nameOf(pcx.tags), pcx.status, requester, accepter);
      this.peerings.set(keyOf(scope, pcx.id), node);
      for (const s of [requester, accepter]) {
        if (s.vpc !== undefined && s.ownerId === scope.account && s.region === scope.region)
          s.vpc.peerings.push(node);
      }
    }
  }

  /**
   * Virtual private gateways and what they reach: the paths of their VPN connections and of the
   * Direct Connect virtual interfaces ending on them (directly, or through an associated Direct
   * Connect gateway), ranked by the VPN family's priority function.
   */
  compileVpnGateways(): void {
    const push = <V>(map: Map<string, V[]>, key: string, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    const connectionsByGateway = new Map<string, VpnConnection[]>();
    for (const { scope, record } of recordsOf(this.snapshot, "vpnConnection")) {
      push(connectionsByGateway, keyOf(scope, record.vpnGatewayId), record);
    }
    const customerGateways = new Map<string, CustomerGateway>();
    for (const { scope, record } of recordsOf(this.snapshot, "customerGateway")) {
      customerGateways.set(keyOf(scope, record.id), record);
    }
    const dxConnections = new Map<string, DxConnection>();
    for (const { scope, record } of recordsOf(this.snapshot, "dxConnection")) {
      dxConnections.set(keyOf(scope, record.id), record);
    }
    const interfacesByGateway = new Map<string, DxVirtualInterface[]>();
    const interfacesByDxGateway = new Map<string, DxVirtualInterface[]>();
    for (const { scope, record: vif } of recordsOf(this.snapshot, "dxVirtualInterface")) {
      if (vif.virtualGatewayId !== undefined) {
        push(
          interfacesByGateway,
          keyOf({ account: scope.account, region: vif.region }, vif.virtualGatewayId),
          vif,
        );
      }
      if (vif.directConnectGatewayId !== undefined) {
        push(interfacesByDxGateway, `${scope.account}\u0000${vif.directConnectGatewayId}`, vif);
      }
    }
    const associationsByGateway = new Map<string, DxGatewayAssociation[]>();
    for (const { record: a } of recordsOf(this.snapshot, "dxGatewayAssociation")) {
      const key = keyOf(
        { account: a.virtualGatewayOwnerAccount, region: a.virtualGatewayRegion },
        a.virtualGatewayId,
      );
      push(associationsByGateway, key, a);
    }
    for (const { scope, record: vgw } of recordsOf(this.snapshot, "vpnGateway")) {
      if (vgw.state === "deleted") continue;
      const attachment = vgw.attachments[0];
      const vpcId = attachment?.state === "attached" ? attachment.vpcId : undefined;
      const key = keyOf(scope, vgw.id);
      const interfaces = [...(interfacesByGateway.get(key) ?? [])];
      for (const a of associationsByGateway.get(key) ?? []) {
        if (a.associationState !== "associated") continue;
        const dxKey = `${a.directConnectGatewayOwnerAccount}\u0000${a.directConnectGatewayId}`;
        interfaces.push(...(interfacesByDxGateway.get(dxKey) ?? []));
      }
      const dxScope = { account: scope.account, region: DIRECT_CONNECT_SCOPE_REGION };
      const vpnConnections = connectionsByGateway.get(key) ?? [];
      const routes = vgwRoutes({
        vpnConnections,
        customerGateway: (id) => customerGateways.get(keyOf(scope, id)),
        virtualInterfaces: interfaces,
        connection: (id) => dxConnections.get(keyOf(dxScope, id)),
      });
      const paths = new Ipv4Trie<readonly VgwPath[]>();
      for (const [prefix, list] of routes) {
        const c = this.cidr(prefix);
        if (c?.family === 4) paths.insert(c, list);
      }
      const names = new Map<string, string | undefined>();
      for (const c of vpnConnections) names.set(c.id, nameOf(c.tags));
      for (const v of interfaces) names.set(v.id, v.virtualInterfaceName);
      const node = new VpnGatewayNode(scope, vgw.id, nameOf(vgw.tags), vpcId, paths, names);
      this.vpnGatewayNodes.set(key, node);
      this.graph.vpnGateways.add(node);
      if (vpcId !== undefined) {
        const vpc = this.vpcs.get(keyOf(scope, vpcId));
        if (vpc) vpc.vpnGateway = node;
      }
    }
  }

  /**
   * The routes a table's propagating gateways add, derived as DescribeRouteTables shows them: one
   * per on-premises prefix of each propagating gateway attached to the table's VPC.
   */
  propagatedRoutes(scope: SnapshotScope, table: RouteTable): Route[] {
    const routes: Route[] = [];
    for (const vgwId of table.propagatingVgwIds) {
      const gateway = this.vpnGatewayNodes.get(keyOf(scope, vgwId));
      if (gateway === undefined || gateway.vpcId !== table.vpcId) continue;
      for (const { cidr } of gateway.paths.entries()) {
        routes.push({
          destination: { kind: "ipv4", cidr: cidr.toString() },
          target: { kind: "gateway", id: vgwId },
          origin: "EnableVgwRoutePropagation",
        });
      }
    }
    return routes;
  }

  /** Endpoints: gateway endpoints as route targets; interface endpoints' interfaces and DNS names. */
  compileEndpoints(): void {
    const services = new Map<string, EndpointServiceData>();
    for (const s of this.snapshot.aws?.endpointServices ?? []) {
      services.set(`${s.serviceName}\u0000${s.serviceType}`, s);
    }
    for (const { scope, record: endpoint } of recordsOf(this.snapshot, "vpcEndpoint")) {
      if (endpoint.state === "deleted") continue;
      const vpc = this.vpcs.get(keyOf(scope, endpoint.vpcId));
      if (vpc === undefined) continue;
      const node = new VpcEndpointNode(
        scope,
        endpoint.id,
        nameOf(endpoint.tags),
        endpoint.endpointType,
        endpoint.state,
        endpoint.serviceName,
        vpc,
      );
      this.endpoints.set(keyOf(scope, endpoint.id), node);
      if (endpoint.endpointType !== "Interface") continue;
      for (const i of endpoint.interfaces) {
        const eni = this.interfaces.get(keyOf(scope, i.networkInterfaceId));
        if (eni === undefined) continue;
        eni.vpcEndpoint = node;
        node.interfaces.push(eni);
      }
      const service = services.get(`${endpoint.serviceName}\u0000Interface`);
      if (service === undefined) continue;
      // DescribeVpcEndpoints' DnsEntries: the regional name, then one zonal name per subnet.
      const host = `${endpoint.id}-${endpoint.dnsLabel}`;
      const suffix = `${service.dnsLabel}.${scope.region}.vpce.amazonaws.com`;
      this.graph.endpointDnsNames.set(`${host}.${suffix}`, node);
      for (const eni of node.interfaces) {
        this.graph.endpointDnsNames.set(`${host}-${eni.subnet.availabilityZone}.${suffix}`, node);
      }
      if (endpoint.privateDnsEnabled && service.privateDnsName !== undefined) {
        vpc.privateServiceNames.push({ name: service.privateDnsName, endpoint: node });
      }
    }
  }

  completeSubnets(): void {
    for (const subnet of this.subnets.values()) {
      subnet.routeTable ??= subnet.vpc.mainRouteTable;
      subnet.acl ??= subnet.vpc.defaultAcl;
    }
  }
}

/**
 * Whether an interface can send and receive: attached to an instance, or managed by AWS for a
 * service (NAT gateway, endpoint, load balancer). A detached interface of your own cannot.
 */
function isLive(eni: NetworkInterface): boolean {
  if (eni.attachment !== undefined && eni.attachment.status !== "detached") return true;
  return eni.requesterManaged || eni.interfaceType !== "interface";
}

/** Compiles the network of a snapshot (every account and region) into a graph. */
export function compile(snapshot: NetworkSnapshot): Graph {
  return new Compiler(snapshot).run();
}
