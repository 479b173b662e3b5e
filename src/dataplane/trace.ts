/**
 * `trace(graph, from, request) → Trace`: one packet through the compiled network, hop by hop,
 * as AWS forwards or drops it, and, when it arrives, its reply back.
 *
 * The walk (each step names the component and the rule that decided):
 * - a host sends from an interface: source/destination check, then the exempt destinations
 *   (Amazon DNS, metadata, time sync, the VPC router: no security group or ACL applies), then
 *   the interface's security groups (egress);
 * - inside the subnet (layer 2) the packet goes straight to the interface holding the address;
 *   otherwise it leaves the subnet (its network ACL, egress) for the VPC router, which looks the
 *   destination up in the subnet's route table (longest prefix, then static before prefix list
 *   before propagated);
 * - a target in the VPC (the local route, a NAT gateway, a middlebox interface) is entered through
 *   its subnet's network ACL (ingress), then the interface's security groups (ingress);
 * - gateways: the internet gateway maps private and public IPv4 addresses one to one (and passes
 *   IPv6 as is), the egress-only gateway lets IPv6 out and only replies in, the NAT gateway
 *   rewrites the source to its own address and routes with its subnet's table;
 * - the reply retraces the way back with the connection state of the forward packet: security
 *   groups let it through (they are stateful), network ACLs judge it again (they are not), NAT
 *   translations are undone.
 */

import type { VgwPath } from "../model/vgw-routing.js";
import { formatIpAddress, type IpAddress, ipv6 } from "../net/index.js";
import {
  addressOfInterface,
  endpointComponent,
  findInstance,
  findInterface,
  holderOf,
  resolveDnsName,
} from "./endpoints.js";
import { evaluateAcl, evaluateSecurityGroups } from "./filters.js";
import type {
  GatewayNode,
  Graph,
  InterfaceAddress,
  InterfaceNode,
  NatGatewayNode,
  PeeringNode,
  RouteTableNode,
  SubnetNode,
  VpcEndpointNode,
  VpcNode,
  VpnGatewayNode,
} from "./graph.js";
import { makeComponent } from "./graph.js";
import {
  hasPorts,
  ICMP,
  ICMP_ECHO_REQUEST,
  ICMPV6,
  ICMPV6_ECHO_REQUEST,
  isIcmp,
  isInternetAddress,
  isRfc1918,
  isRfc6598,
  Pkt,
  parseAddress,
  TCP,
  UDP,
} from "./packet.js";
import {
  type AclRuleRef,
  type Component,
  type ComponentType,
  DEFAULT_SOURCE_PORT,
  type Direction,
  type Endpoint,
  type Explanation,
  type ExplanationCode,
  type Hop,
  type HopAction,
  type Packet,
  type PathResult,
  type ResolvedEndpoint,
  type RouteRef,
  type SecurityGroupRuleRef,
  type Trace,
  TraceInputError,
  type TraceOptions,
  type TraceRequest,
} from "./types.js";

// ---- addresses the VPC serves itself ----------------------------------------------------------

const ROUTE53_RESOLVER = 0xa9fea9fd; // 169.254.169.253
const METADATA = 0xa9fea9fe; // 169.254.169.254
const TIME_SYNC = 0xa9fea97b; // 169.254.169.123
const ROUTE53_RESOLVER_V6 = ipv6("fd00:ec2::253");
const METADATA_V6 = ipv6("fd00:ec2::254");
const TIME_SYNC_V6 = ipv6("fd00:ec2::123");

type Service = "amazon-dns" | "instance-metadata" | "time-sync" | "vpc-router";

function exemptService(eni: InterfaceNode, dst: IpAddress): Service | undefined {
  if (typeof dst === "number") {
    if (dst === eni.vpc.dnsAddress || dst === ROUTE53_RESOLVER) return "amazon-dns";
    if (dst === METADATA) return "instance-metadata";
    if (dst === TIME_SYNC) return "time-sync";
    if (dst === eni.subnet.routerAddress) return "vpc-router";
    return undefined;
  }
  if (dst === ROUTE53_RESOLVER_V6) return "amazon-dns";
  if (dst === METADATA_V6) return "instance-metadata";
  if (dst === TIME_SYNC_V6) return "time-sync";
  return undefined;
}

const SERVICE_NAMES: { readonly [S in Service]: string } = {
  "amazon-dns": "the Amazon DNS server",
  "instance-metadata": "the instance metadata service",
  "time-sync": "the Amazon Time Sync Service",
  "vpc-router": "the VPC router",
};

// ---- text ---------------------------------------------------------------------------------------

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6" };

export function protocolName(protocol: number): string {
  return PROTOCOL_NAMES[protocol] ?? `protocol ${protocol}`;
}

function endpointText(address: string, port: number, ports: boolean): string {
  if (!ports) return address;
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

export function describePacket(pkt: Pkt): string {
  const ports = hasPorts(pkt.protocol);
  const flow = `${endpointText(pkt.srcText, pkt.srcPort, ports)} → ${endpointText(pkt.dstText, pkt.dstPort, ports)}`;
  if (isIcmp(pkt.protocol))
    return `${protocolName(pkt.protocol)} type ${pkt.icmpType} code ${pkt.icmpCode} ${flow}`;
  return `${protocolName(pkt.protocol)} ${flow}`;
}

// ---- the walk -------------------------------------------------------------------------------------

type Delivery =
  | { readonly kind: "interface"; readonly eni: InterfaceNode; readonly pkt: Pkt }
  | { readonly kind: "loopback"; readonly eni: InterfaceNode; readonly pkt: Pkt }
  | { readonly kind: "internet"; readonly pkt: Pkt }
  | { readonly kind: "aws-service"; readonly endpoint: VpcEndpointNode; readonly pkt: Pkt }
  | {
      readonly kind: "on-premises";
      readonly gateway: VpnGatewayNode;
      readonly vpc: VpcNode;
      readonly path: VgwPath;
      readonly pkt: Pkt;
    }
  | { readonly kind: "service"; readonly service: Service; readonly eni: InterfaceNode; readonly pkt: Pkt };

/** State the forward packet leaves behind for its reply. */
interface Connection {
  /** Interfaces whose security groups admitted the forward packet: the reply passes them. */
  readonly tracked: Set<InterfaceNode>;
  /** Address translations of NAT gateways and NAT instances: the packet before and after. */
  readonly translations: Map<NatGatewayNode | InterfaceNode, { readonly before: Pkt; readonly after: Pkt }>;
  /** The egress-only gateway the forward packet left through (its reply may come back in). */
  egressOnly: GatewayNode | undefined;
}

/** Longest legitimate path is about 25 hops; a routing loop ends here. */
const MAX_STEPS = 64;

type HopInit = Omit<Hop, "sequence" | "inbound"> & {
  readonly inbound: Pkt;
  readonly outboundPkt?: Pkt;
  /** The interface a hop happens at: fills `attachedTo`, `subnet` and `vpc`. */
  readonly at?: InterfaceNode;
};

/** What hops of one component share; `hop` adds the action and the detail. */
type HopBase = Omit<HopInit, "action" | "detail"> & Partial<Pick<HopInit, "action" | "detail">>;

/**
 * A hop as the walk builds it: every field present from construction on (undefined when it does
 * not apply, which JSON leaves out), so that all hops share one object shape and building them
 * stays cheap on the trace's hot path.
 */
class HopRecord implements Hop {
  // Declared in the order a Trace's JSON shows them (fields are defined in declaration order).
  readonly sequence: number;
  readonly component: Component;
  readonly action: HopAction;
  direction: Direction | undefined = undefined;
  attachedTo: Component | undefined = undefined;
  networkInterface: Component | undefined = undefined;
  subnet: Component | undefined = undefined;
  vpc: Component | undefined = undefined;
  sourceVpc: Component | undefined = undefined;
  destinationVpc: Component | undefined = undefined;
  readonly inbound: Packet;
  outbound: Packet | undefined = undefined;
  aclRule: AclRuleRef | undefined = undefined;
  securityGroupRule: SecurityGroupRuleRef | undefined = undefined;
  connectionTracked: boolean | undefined = undefined;
  exempt: boolean | undefined = undefined;
  route: RouteRef | undefined = undefined;
  explanation: Explanation | undefined = undefined;
  readonly detail: string;

  constructor(sequence: number, component: Component, action: HopAction, inbound: Packet, detail: string) {
    this.sequence = sequence;
    this.component = component;
    this.action = action;
    this.inbound = inbound;
    this.detail = detail;
  }
}

class Walk {
  readonly hops: Hop[] = [];
  explanation: Explanation | undefined;
  delivery: Delivery | undefined;
  #steps = 0;
  /** Route lookups, kept when the trace must explain why it missed a component (`through`). */
  readonly lookups: {
    readonly table: RouteTableNode;
    readonly dst: IpAddress;
    readonly subnet?: SubnetNode;
  }[] = [];

  constructor(
    readonly graph: Graph,
    readonly conn: Connection,
    readonly path: "forward" | "return",
    readonly options: TraceOptions,
  ) {}

  get forward(): boolean {
    return this.path === "forward";
  }

  /** Records a hop; the caller sets the other fields on the record it gets back. */
  rec(
    component: Component,
    action: HopAction,
    inbound: Pkt,
    outbound: Pkt | undefined,
    detail: string,
  ): HopRecord {
    const h = new HopRecord(this.hops.length + 1, component, action, inbound.header, detail);
    if (outbound !== undefined) h.outbound = outbound.header;
    this.hops.push(h);
    return h;
  }

  /** Records a hop from an init object (the paths that drop: not the hot path). */
  hop(init: HopInit): void;
  hop(init: HopBase, more: Partial<HopInit> & Pick<HopInit, "action" | "detail">): void;
  hop(init: HopBase, more?: Partial<HopInit>): void {
    const action = more?.action ?? init.action!;
    const detail = more?.detail ?? init.detail!;
    const h = new HopRecord(this.hops.length + 1, init.component, action, init.inbound.header, detail);
    fill(h, init);
    if (more !== undefined) fill(h, more);
    this.hops.push(h);
  }

  drop(
    init: HopBase,
    code: ExplanationCode,
    message: string,
    fields?: Omit<Explanation, "code" | "component" | "message">,
    action: "drop" | "deny" = "drop",
  ): void {
    const explanation: Explanation = { code, component: init.component, ...fields, message };
    this.explanation = explanation;
    this.hop(init, { action, explanation, detail: message });
  }

  /** Guards against routing loops (a middlebox route pointing back where the packet came from). */
  step(component: Component, pkt: Pkt): boolean {
    if (++this.#steps <= MAX_STEPS) return true;
    this.drop(
      { component, inbound: pkt },
      "NO_POSSIBLE_DESTINATION",
      `Routing loop: the packet went through ${MAX_STEPS} steps without arriving.`,
    );
    return false;
  }

  // ---- leaving an interface ---------------------------------------------------------------------

  /** A host sends from its interface. */
  send(eni: InterfaceNode, pkt: Pkt): void {
    const instance = eni.instance;
    if (instance !== undefined) {
      if (instance.state !== "running") {
        this.drop(
          { component: instance.component, inbound: pkt },
          "BAD_STATE",
          `Instance ${instance.id} is ${instance.state}: it sends nothing.`,
          {
            state: instance.state,
          },
        );
        return;
      }
      this.rec(instance.component, "send", pkt, pkt, `${instance.id} sends ${describePacket(pkt)}.`);
    } else if (eni.vpcEndpoint !== undefined) {
      const endpoint = eni.vpcEndpoint;
      const h = this.rec(
        endpoint.component,
        "send",
        pkt,
        pkt,
        `VPC endpoint ${endpoint.id} (${endpoint.serviceName}) sends ${describePacket(pkt)}.`,
      );
      h.networkInterface = eni.component;
      h.vpc = endpoint.vpc.component;
    } else if (!eni.live) {
      this.drop(
        { component: eni.component, inbound: pkt, at: eni },
        "BAD_STATE_ATTACHMENT",
        `Network interface ${eni.id} is not attached to an instance: nothing sends from it.`,
      );
      return;
    }
    this.leave(eni, pkt, instance === undefined && eni.vpcEndpoint === undefined);
  }

  /**
   * An interface with its source/destination check on drops a packet that is not its own: going
   * out (egress) one whose source it does not hold, coming in (ingress) one whose destination.
   */
  dropSourceDestCheck(eni: InterfaceNode, pkt: Pkt, direction: "egress" | "ingress"): void {
    const [address, packetField] =
      direction === "egress" ? [pkt.srcText, "source-address"] : [pkt.dstText, "destination-address"];
    this.drop(
      { component: eni.component, inbound: pkt, direction, at: eni },
      "ENI_SOURCE_DEST_CHECK_RESTRICTION",
      `Network interface ${eni.id} has its source/destination check on and ${address} is not one of its addresses.`,
      { direction, networkInterface: eni.component, address, packetField, ...placeFields(eni) },
    );
  }

  /** The packet leaves an interface: from its host, or forwarded by an appliance. */
  leave(eni: InterfaceNode, pkt: Pkt, sentByInterface = false): void {
    if (!this.step(eni.component, pkt)) return;
    if (eni.sourceDestCheck && !eni.holds(pkt.src)) {
      this.dropSourceDestCheck(eni, pkt, "egress");
      return;
    }
    // The instance's own addresses never reach the wire.
    const instance = eni.instance;
    if (instance?.interfaces.some((other) => other.holds(pkt.dst))) {
      this.rec(
        instance.component,
        "deliver",
        pkt,
        undefined,
        `${pkt.dstText} is an address of ${instance.id} itself: the packet never leaves the instance (no filter applies).`,
      );
      this.delivery = { kind: "loopback", eni, pkt };
      return;
    }
    const service = exemptService(eni, pkt.dst);
    const h = this.rec(
      eni.component,
      sentByInterface ? "send" : "forward",
      pkt,
      pkt,
      `Leaves through ${eni.id}${eni.sourceDestCheck ? "" : " (source/destination check off)"}.`,
    );
    h.direction = "egress";
    placeAt(h, eni);
    if (service !== undefined) h.exempt = true;
    if (service !== undefined) {
      this.deliverToService(service, eni, pkt);
      return;
    }
    if (!this.passSecurityGroups(eni, "egress", pkt)) return;
    const subnet = eni.subnet;
    if (subnet.contains(pkt.dst)) {
      // Inside the subnet the packet goes to the MAC of the interface holding the address: no
      // route table and no network ACL (VPC User Guide, route tables and network ACLs).
      const target = addressIn(eni.vpc, pkt.dst);
      if (target === undefined || target.eni.subnet !== subnet) {
        this.drop(
          { component: subnet.component, inbound: pkt, vpc: eni.vpc.component },
          "NO_POSSIBLE_DESTINATION",
          `No network interface in ${subnet.id} holds ${pkt.dstText}.`,
          {
            subnet: subnet.component,
            vpc: eni.vpc.component,
            address: pkt.dstText,
            packetField: "destination-address",
          },
        );
        return;
      }
      this.arrive(target.eni, pkt);
      return;
    }
    if (!this.passAcl(subnet, "egress", pkt, eni)) return;
    this.route(subnet.routeTable, pkt, subnet);
  }

  deliverToService(service: Service, eni: InterfaceNode, pkt: Pkt): void {
    const component = serviceComponent(service, eni, pkt);
    if (service === "amazon-dns" && !eni.vpc.enableDnsSupport) {
      this.drop(
        { component, inbound: pkt, exempt: true, vpc: eni.vpc.component },
        "NO_POSSIBLE_DESTINATION",
        `DNS support (enableDnsSupport) is off in ${eni.vpc.id}: the Amazon DNS server does not answer.`,
        { vpc: eni.vpc.component },
      );
      return;
    }
    if (service === "instance-metadata" && eni.instance === undefined) {
      this.drop(
        { component, inbound: pkt, exempt: true },
        "NO_POSSIBLE_DESTINATION",
        "The instance metadata service answers instances only.",
      );
      return;
    }
    const h = this.rec(
      component,
      "deliver",
      pkt,
      undefined,
      `Delivered to ${SERVICE_NAMES[service]} at ${pkt.dstText}: security groups and network ACLs do not filter it.`,
    );
    h.exempt = true;
    h.vpc = eni.vpc.component;
    this.delivery = { kind: "service", service, eni, pkt };
  }

  // ---- filters ----------------------------------------------------------------------------------

  passSecurityGroups(eni: InterfaceNode, direction: Direction, pkt: Pkt): boolean {
    const rules = eni.rules;
    if (rules === undefined || rules.groups.length === 0) return true;
    const first = rules.groups[0]!.component;
    const tracked =
      (!this.forward && this.conn.tracked.has(eni)) ||
      this.options.connections?.isTracked(eni.id, direction, pkt.header) === true;
    if (tracked) {
      const h = this.rec(
        first,
        "allow",
        pkt,
        pkt,
        `Security groups of ${eni.id} let it ${direction === "ingress" ? "in" : "out"}: it belongs to a tracked connection.`,
      );
      h.direction = direction;
      h.networkInterface = eni.component;
      h.connectionTracked = true;
      placeAt(h, eni);
      return true;
    }
    const rule = evaluateSecurityGroups(
      direction === "ingress" ? rules.ingress : rules.egress,
      direction,
      pkt,
    );
    if (rule !== undefined) {
      if (this.forward) this.conn.tracked.add(eni);
      const h = this.rec(
        rule.group.component,
        "allow",
        pkt,
        pkt,
        `Security group ${rule.group.id} allows it ${direction === "ingress" ? "in" : "out"} (rule ${rule.ref.ruleId}).`,
      );
      h.direction = direction;
      h.networkInterface = eni.component;
      h.securityGroupRule = rule.ref;
      placeAt(h, eni);
      return true;
    }
    const groups = rules.groups.map((g) => g.component);
    this.drop(
      {
        component: first,
        direction,
        inbound: pkt,
        networkInterface: eni.component,
        at: eni,
      },
      "ENI_SG_RULES_MISMATCH",
      `No ${direction === "ingress" ? "inbound" : "outbound"} rule of the security groups of ${eni.id} (${rules.groups
        .map((g) => g.id)
        .join(", ")}) allows ${describePacket(pkt)}.`,
      {
        direction,
        networkInterface: eni.component,
        securityGroups: groups,
        ...(eni.instance ? { attachedTo: eni.instance.component } : {}),
        ...placeFields(eni),
      },
      "deny",
    );
    return false;
  }

  /** The network ACL of `subnet`, for a packet leaving (egress) or entering (ingress) it. */
  passAcl(subnet: SubnetNode, direction: Direction, pkt: Pkt, eni: InterfaceNode): boolean {
    const acl = subnet.acl;
    if (acl === undefined) return true;
    const rule = evaluateAcl(direction === "ingress" ? acl.ingress : acl.egress, direction, pkt);
    const ruleName = rule.implicit ? "*" : String(rule.ruleNumber);
    if (rule.ruleAction === "allow") {
      const h = this.rec(
        acl.component,
        "allow",
        pkt,
        pkt,
        `Network ACL ${acl.id} of ${subnet.id} allows it ${direction === "ingress" ? "in" : "out"} (rule ${ruleName}).`,
      );
      h.direction = direction;
      h.networkInterface = eni.component;
      h.subnet = subnet.component;
      h.vpc = subnet.vpc.component;
      h.aclRule = rule;
      return true;
    }
    const base: HopBase = {
      component: acl.component,
      direction,
      inbound: pkt,
      networkInterface: eni.component,
      subnet: subnet.component,
      vpc: subnet.vpc.component,
      aclRule: rule,
    };
    this.drop(
      base,
      "SUBNET_ACL_RESTRICTION",
      `Network ACL ${acl.id} of ${subnet.id} denies ${describePacket(pkt)} ${direction === "ingress" ? "in" : "out"} (rule ${ruleName}).`,
      { direction, acl: acl.component, aclRule: rule, subnet: subnet.component, vpc: subnet.vpc.component },
      "deny",
    );
    return false;
  }

  // ---- routing ----------------------------------------------------------------------------------

  route(table: RouteTableNode | undefined, pkt: Pkt, subnet: SubnetNode | undefined): void {
    if (table === undefined) {
      const component =
        subnet?.component ??
        makeComponent("vpc-router", { account: "", region: "" }, "vpc-router", undefined);
      this.drop({ component, inbound: pkt }, "NO_ROUTE_TO_DESTINATION", "The subnet has no route table.");
      return;
    }
    if (!this.step(table.component, pkt)) return;
    if (this.options.through !== undefined)
      this.lookups.push({ table, dst: pkt.dst, ...(subnet ? { subnet } : {}) });
    const vpc = table.vpc;
    const where = { vpc: vpc.component, subnet: subnet?.component };
    const slot = table.routes.lookup(pkt.dst)?.value;
    if (slot === undefined) {
      this.drop(
        { component: table.component, inbound: pkt, ...where },
        "NO_ROUTE_TO_DESTINATION",
        `Route table ${table.id} has no route to ${pkt.dstText}.`,
        { routeTable: table.component, ...where, address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    let best = slot.routes[0]!;
    if (best.route.origin === "EnableVgwRoutePropagation" && vpc.containsAddress(pkt.dst)) {
      // "the local route is most preferred even if the propagated routes are more specific".
      const local = table.routes
        .lookupAll(pkt.dst)
        .map((e) => e.value.routes[0]!)
        .find((r) => r.route.origin !== "EnableVgwRoutePropagation");
      if (local !== undefined) best = local;
    }
    const { route, ref } = best;
    if (route.state === "blackhole") {
      this.drop(
        { component: table.component, inbound: pkt, route: ref, ...where },
        "BAD_STATE_ROUTE",
        `The route ${route.destination} → ${route.targetId} of ${table.id} is a blackhole: its target is gone or detached.`,
        { routeTable: table.component, route: ref, state: "blackhole", ...where },
      );
      return;
    }
    const h = this.rec(
      table.component,
      "route",
      pkt,
      pkt,
      `Route table ${table.id} sends it to ${route.targetId} (route ${route.destination}${
        route.destinationPrefixListId !== undefined ? `, entry ${ref.matchedCidr}` : ""
      }).`,
    );
    h.route = ref;
    h.vpc = where.vpc;
    h.subnet = where.subnet;
    const target = route.target;
    switch (target.kind) {
      case "local":
        this.deliverLocal(vpc, pkt);
        return;
      case "internet-gateway":
        this.internetGatewayOut(target.gateway, vpc, pkt);
        return;
      case "egress-only-internet-gateway":
        this.egressOnlyOut(target.gateway, vpc, pkt);
        return;
      case "nat-gateway": {
        const nat = target.nat;
        if (nat.eni !== undefined && !this.passAcl(nat.subnet, "ingress", pkt, nat.eni)) return;
        this.natOut(nat, pkt);
        return;
      }
      case "network-interface": {
        const eni = target.eni;
        if (!this.passAcl(eni.subnet, "ingress", pkt, eni)) return;
        this.arrive(eni, pkt);
        return;
      }
      case "vpc-peering-connection":
        this.peeringOut(target.peering, vpc, pkt);
        return;
      case "vpc-endpoint":
        this.gatewayEndpointOut(target.endpoint, pkt);
        return;
      case "vpn-gateway":
        this.vpnGatewayOut(target.gateway, vpc, pkt);
        return;
      case "unsupported": {
        const component = makeComponent(target.componentType, table.scope, target.id, undefined);
        this.drop(
          { component, inbound: pkt },
          "UNSUPPORTED_COMPONENT",
          `vpcsim does not forward through ${target.id} (${target.componentType}) yet.`,
        );
        return;
      }
      case "missing":
        // A missing target makes the route a blackhole, handled above.
        return;
    }
  }

  // ---- peering, endpoints, VPN and Direct Connect ------------------------------------------------

  /**
   * Through a peering connection into the peer VPC, where the peer's local routing delivers it:
   * only to addresses inside the peer VPC's blocks, and only from addresses inside this VPC's, so
   * nothing transits (no peer's gateway, endpoint, NAT gateway or further peering is reachable).
   */
  peeringOut(peering: PeeringNode, vpc: VpcNode, pkt: Pkt): void {
    const other = peering.otherSide(vpc);
    const peer = other.vpc;
    const base = {
      component: peering.component,
      inbound: pkt,
      sourceVpc: vpc.component,
      ...(peer ? { destinationVpc: peer.component } : {}),
    };
    if (peer === undefined) {
      this.drop(
        base,
        "NO_POSSIBLE_DESTINATION",
        `The peer VPC ${other.vpcId} (account ${other.ownerId}, ${other.region}) is not part of this network.`,
        { vpcPeeringConnection: peering.component },
      );
      return;
    }
    const fields = {
      vpcPeeringConnection: peering.component,
      sourceVpc: vpc.component,
      destinationVpc: peer.component,
    };
    if (!peer.containsAddress(pkt.dst)) {
      this.drop(
        base,
        "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
        `${pkt.dstText} is not inside ${peer.id}: peering connection ${peering.id} carries traffic only to the peer VPC's own addresses (it is not transitive).`,
        { ...fields, address: pkt.dstText, packetField: "destination-address", cidrs: blocksOf(peer) },
      );
      return;
    }
    if (!vpc.containsAddress(pkt.src)) {
      this.drop(
        base,
        "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
        `${pkt.srcText} is not inside ${vpc.id}: peering connection ${peering.id} carries traffic only from the VPC's own addresses.`,
        { ...fields, address: pkt.srcText, packetField: "source-address", cidrs: blocksOf(vpc) },
      );
      return;
    }
    fill(
      this.rec(
        base.component,
        "forward",
        base.inbound,
        pkt,
        `Peering connection ${peering.id} carries it from ${vpc.id} to ${peer.id}.`,
      ),
      base,
    );
    this.deliverLocal(peer, pkt);
  }

  /** A gateway endpoint: the packet goes to the AWS service (S3, DynamoDB) behind its prefix list. */
  gatewayEndpointOut(endpoint: VpcEndpointNode, pkt: Pkt): void {
    const base = { component: endpoint.component, inbound: pkt, vpc: endpoint.vpc.component };
    if (endpoint.state !== "available") {
      this.drop(base, "BAD_STATE", `VPC endpoint ${endpoint.id} is ${endpoint.state}: it forwards nothing.`, {
        vpcEndpoint: endpoint.component,
        state: endpoint.state,
      });
      return;
    }
    const echo = pkt.protocol === ICMP && pkt.icmpType === ICMP_ECHO_REQUEST;
    if (pkt.protocol !== TCP && !echo) {
      this.drop(
        base,
        "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
        `Gateway endpoint ${endpoint.id} carries only TCP and ICMP echo traffic.`,
        { vpcEndpoint: endpoint.component, protocols: ["tcp", "icmp"], packetField: "protocol" },
      );
      return;
    }
    fill(
      this.rec(
        base.component,
        "forward",
        base.inbound,
        pkt,
        `Gateway endpoint ${endpoint.id} carries it to ${endpoint.serviceName}.`,
      ),
      base,
    );
    this.rec(
      endpoint.service,
      "deliver",
      pkt,
      undefined,
      `Delivered to ${endpoint.serviceName} at ${pkt.dstText}.`,
    );
    this.delivery = { kind: "aws-service", endpoint, pkt };
  }

  /**
   * To on-premises through the virtual private gateway: the gateway's best path for the
   * destination (Direct Connect before VPN static before VPN BGP; a path whose tunnels are all
   * down does not carry traffic).
   */
  vpnGatewayOut(gateway: VpnGatewayNode, vpc: VpcNode, pkt: Pkt): void {
    const base = { component: gateway.component, inbound: pkt, vpc: vpc.component };
    const fields = { vpnGateway: gateway.component, vpc: vpc.component };
    if (typeof pkt.src !== "number" || typeof pkt.dst !== "number") {
      this.drop(base, "PROTOCOL_RESTRICTION", `Virtual private gateway ${gateway.id} carries IPv4 only.`, {
        ...fields,
        packetField: "destination-address",
      });
      return;
    }
    if (!vpc.addresses4.has(pkt.src)) {
      this.drop(
        base,
        "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS",
        `${pkt.srcText} is not the private address of an interface of ${vpc.id}: virtual private gateway ${gateway.id} drops it.`,
        { ...fields, address: pkt.srcText, packetField: "source-address" },
      );
      return;
    }
    const paths = gateway.paths.lookup(pkt.dst)?.value;
    const path = paths?.[0];
    if (path === undefined) {
      this.drop(
        base,
        "NO_ROUTE_TO_DESTINATION",
        `Virtual private gateway ${gateway.id} has no VPN or Direct Connect route to ${pkt.dstText}.`,
        { ...fields, address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    if (!path.healthy) {
      const connection = this.connectionComponent(gateway, path);
      this.drop(
        { ...base, component: connection },
        "BAD_STATE_VPN",
        `Every tunnel of VPN connection ${connection.id} is down.`,
        { ...fields, vpnConnection: connection, state: "down" },
      );
      return;
    }
    fill(
      this.rec(
        base.component,
        "forward",
        base.inbound,
        pkt,
        `Virtual private gateway ${gateway.id} sends it over ${describePath(path)} (${path.prefix}).`,
      ),
      base,
    );
    this.connectionHops(gateway, path, pkt, "out");
    this.rec(
      { type: "on-premises", id: pkt.dstText },
      "deliver",
      pkt,
      undefined,
      `Delivered to ${pkt.dstText} on premises.`,
    );
    this.delivery = { kind: "on-premises", gateway, vpc, path, pkt };
  }

  connectionComponent(gateway: VpnGatewayNode, path: VgwPath): Component {
    if (path.vpnConnectionId !== undefined) {
      return makeComponent(
        "vpn-connection",
        gateway.scope,
        path.vpnConnectionId,
        gateway.connectionNames.get(path.vpnConnectionId),
      );
    }
    const id = path.virtualInterfaceId!;
    return makeComponent(
      "direct-connect-virtual-interface",
      gateway.scope,
      id,
      gateway.connectionNames.get(id),
    );
  }

  /** The VPN connection (and tunnel) or the Direct Connect interface (and gateway) a packet crosses. */
  connectionHops(gateway: VpnGatewayNode, path: VgwPath, pkt: Pkt, way: "in" | "out"): void {
    const connection = this.connectionComponent(gateway, path);
    const tunnel = path.tunnels?.[0];
    const dxGateway =
      path.directConnectGatewayId !== undefined
        ? makeComponent("direct-connect-gateway", gateway.scope, path.directConnectGatewayId, undefined)
        : undefined;
    const hops: HopInit[] = [
      {
        component: connection,
        action: "forward",
        inbound: pkt,
        outboundPkt: pkt,
        detail:
          path.vpnConnectionId !== undefined
            ? `VPN connection ${connection.id} carries it through the tunnel to ${tunnel ?? "the customer gateway"}.`
            : `Direct Connect virtual interface ${connection.id} carries it.`,
      },
    ];
    if (dxGateway !== undefined) {
      hops.push({
        component: dxGateway,
        action: "forward",
        inbound: pkt,
        outboundPkt: pkt,
        detail: `Direct Connect gateway ${dxGateway.id} passes it ${way === "out" ? "to the virtual interface" : "to the virtual private gateway"}.`,
      });
    }
    for (const h of way === "out" ? hops.reverse() : hops) this.hop(h);
  }

  /** From on-premises into `vpc`, through its virtual private gateway. */
  fromOnPremises(vpc: VpcNode | undefined, pkt: Pkt): void {
    const onPremises: Component = { type: "on-premises", id: pkt.srcText };
    const gateway = vpc?.vpnGateway;
    if (vpc === undefined || gateway === undefined) {
      this.drop(
        { component: onPremises, inbound: pkt },
        "NO_ROUTE_TO_DESTINATION",
        `No virtual private gateway attached to ${vpc?.id ?? "a VPC holding"} ${vpc ? "" : pkt.dstText} leads in from on-premises.`.replace(
          / {2,}/g,
          " ",
        ),
        { address: pkt.dstText, packetField: "destination-address", ...(vpc ? { vpc: vpc.component } : {}) },
      );
      return;
    }
    const base = { component: gateway.component, inbound: pkt, vpc: vpc.component };
    const fields = { vpnGateway: gateway.component, vpc: vpc.component };
    // The way in: the gateway's path for the source's prefix, else any path that carries traffic.
    let path = typeof pkt.src === "number" ? gateway.paths.lookup(pkt.src)?.value[0] : undefined;
    if (path === undefined) {
      for (const entry of gateway.paths.entries()) {
        const healthy = entry.value.find((p) => p.healthy);
        if (healthy) {
          path = healthy;
          break;
        }
      }
    }
    if (path === undefined || !path.healthy) {
      this.drop(
        { component: onPremises, inbound: pkt },
        path === undefined ? "NO_ROUTE_TO_DESTINATION" : "BAD_STATE_VPN",
        path === undefined
          ? `No VPN connection or Direct Connect interface of ${gateway.id} carries traffic from ${pkt.srcText}.`
          : `Every tunnel of VPN connection ${path.vpnConnectionId} is down.`,
        { ...fields, address: pkt.srcText, packetField: "source-address" },
      );
      return;
    }
    this.connectionHops(gateway, path, pkt, "in");
    if (typeof pkt.dst !== "number" || vpc.addresses4.get(pkt.dst) === undefined) {
      this.drop(
        base,
        "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
        `${pkt.dstText} is not the private address of an interface of ${vpc.id}: virtual private gateway ${gateway.id} drops it.`,
        { ...fields, address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    fill(
      this.rec(
        base.component,
        "forward",
        base.inbound,
        pkt,
        `Virtual private gateway ${gateway.id} lets it into ${vpc.id}.`,
      ),
      base,
    );
    const edge = vpc.edgeRouteTables.get(gateway.id);
    if (edge !== undefined) this.route(edge, pkt, undefined);
    else this.deliverLocal(vpc, pkt);
  }

  /** The local route: the interface holding the address, through its subnet's ACL. */
  deliverLocal(vpc: VpcNode, pkt: Pkt): void {
    const target = addressIn(vpc, pkt.dst);
    if (target === undefined) {
      const subnet = vpc.subnets.lookup(pkt.dst)?.value;
      this.drop(
        { component: (subnet ?? vpc).component, inbound: pkt, vpc: vpc.component },
        "NO_POSSIBLE_DESTINATION",
        `No network interface in ${vpc.id} holds ${pkt.dstText}.`,
        {
          vpc: vpc.component,
          ...(subnet ? { subnet: subnet.component } : {}),
          address: pkt.dstText,
          packetField: "destination-address",
        },
      );
      return;
    }
    if (!this.passAcl(target.eni.subnet, "ingress", pkt, target.eni)) return;
    this.arrive(target.eni, pkt);
  }

  // ---- arriving at an interface -----------------------------------------------------------------

  arrive(eni: InterfaceNode, pkt: Pkt): void {
    if (!this.step(eni.component, pkt)) return;
    if (eni.natGateway !== undefined) {
      this.natIn(eni.natGateway, pkt);
      return;
    }
    if (!this.passSecurityGroups(eni, "ingress", pkt)) return;
    if (eni.sourceDestCheck && !eni.holds(pkt.dst)) {
      this.dropSourceDestCheck(eni, pkt, "ingress");
      return;
    }
    const instance = eni.instance;
    if (instance === undefined) {
      if (!eni.live) {
        this.drop(
          { component: eni.component, inbound: pkt, direction: "ingress", at: eni },
          "BAD_STATE_ATTACHMENT",
          `Network interface ${eni.id} is not attached to an instance: nothing receives the packet.`,
        );
        return;
      }
      const endpoint = eni.vpcEndpoint;
      if (endpoint !== undefined) {
        const entered = this.rec(
          eni.component,
          "forward",
          pkt,
          pkt,
          `Enters ${eni.id}, an interface of VPC endpoint ${endpoint.id}.`,
        );
        entered.direction = "ingress";
        placeAt(entered, eni);
        if (endpoint.state !== "available") {
          this.drop(
            {
              component: endpoint.component,
              inbound: pkt,
              networkInterface: eni.component,
              vpc: endpoint.vpc.component,
            },
            "BAD_STATE",
            `VPC endpoint ${endpoint.id} is ${endpoint.state}: it answers nothing.`,
            { vpcEndpoint: endpoint.component, state: endpoint.state },
          );
          return;
        }
        const delivered = this.rec(
          endpoint.component,
          "deliver",
          pkt,
          undefined,
          `Delivered to VPC endpoint ${endpoint.id} (${endpoint.serviceName}).`,
        );
        delivered.networkInterface = eni.component;
        delivered.vpc = endpoint.vpc.component;
        this.delivery = { kind: "interface", eni, pkt };
        return;
      }
      // Another interface a service manages (a load balancer, …): it is the destination.
      const h = this.rec(eni.component, "deliver", pkt, undefined, `Delivered to ${eni.id}.`);
      h.direction = "ingress";
      placeAt(h, eni);
      this.delivery = { kind: "interface", eni, pkt };
      return;
    }
    const entered = this.rec(
      eni.component,
      "forward",
      pkt,
      pkt,
      `Enters ${eni.id}${eni.sourceDestCheck ? "" : " (source/destination check off)"}.`,
    );
    entered.direction = "ingress";
    placeAt(entered, eni);
    if (instance.state !== "running") {
      this.drop(
        { component: instance.component, inbound: pkt },
        "BAD_STATE",
        `Instance ${instance.id} is ${instance.state}: nothing receives the packet.`,
        {
          state: instance.state,
        },
      );
      return;
    }
    if (eni.holds(pkt.dst)) {
      const translation = this.conn.translations.get(eni);
      if (!this.forward && translation !== undefined && matchesTranslated(pkt, translation.after)) {
        const restored = pkt.withDestination(
          translation.before.src,
          translation.before.srcPort,
          translation.before.srcText,
        );
        this.rec(
          instance.component,
          "translate",
          pkt,
          restored,
          `${instance.id} (acting as a NAT) restores the destination to ${restored.dstText}.`,
        );
        this.leave(eni, restored);
        return;
      }
      this.rec(instance.component, "deliver", pkt, undefined, `Delivered to ${instance.id}.`);
      this.delivery = { kind: "interface", eni, pkt };
      return;
    }
    // Source/destination check off: the instance forwards (a NAT instance or a router).
    if (this.forward && pkt.family === 4 && this.leadsToInternetGateway(eni, pkt)) {
      const out = pkt.withSource(eni.primary.value, pkt.srcPort, eni.primary.address);
      this.conn.translations.set(eni, { before: pkt, after: out });
      this.rec(
        instance.component,
        "translate",
        pkt,
        out,
        `${instance.id} forwards it as a NAT: the source becomes its own address ${out.srcText}.`,
      );
      this.leave(eni, out);
      return;
    }
    this.rec(
      instance.component,
      "forward",
      pkt,
      pkt,
      `${instance.id} forwards it (source/destination check off).`,
    );
    this.leave(eni, pkt);
  }

  /** Whether an appliance's next hop for the packet is an internet gateway (it then masquerades). */
  leadsToInternetGateway(eni: InterfaceNode, pkt: Pkt): boolean {
    const slot = eni.subnet.routeTable?.routes.lookup(pkt.dst)?.value;
    return slot?.routes[0]?.route.target.kind === "internet-gateway";
  }

  // ---- NAT gateways -------------------------------------------------------------------------------

  natBase(nat: NatGatewayNode, pkt: Pkt) {
    return {
      component: nat.component,
      inbound: pkt,
      networkInterface: nat.eni?.component,
      subnet: nat.subnet.component,
      vpc: nat.vpc.component,
    };
  }

  /** A packet routed to a NAT gateway: source NAT to its private address, then its subnet's routes. */
  natOut(nat: NatGatewayNode, pkt: Pkt): void {
    const base = this.natBase(nat, pkt);
    if (nat.state !== "available" || nat.eni === undefined || nat.privateIp === undefined) {
      this.drop(base, "BAD_STATE", `NAT gateway ${nat.id} is ${nat.state}: it forwards nothing.`, {
        natGateway: nat.component,
        state: nat.state,
      });
      return;
    }
    if (pkt.family !== 4 || (pkt.protocol !== TCP && pkt.protocol !== UDP && pkt.protocol !== ICMP)) {
      this.drop(
        base,
        "PROTOCOL_RESTRICTION",
        `NAT gateway ${nat.id} translates TCP, UDP and ICMP over IPv4 only.`,
        {
          natGateway: nat.component,
          protocols: ["tcp", "udp", "icmp"],
          packetField: "protocol",
        },
      );
      return;
    }
    if (!nat.vpc.containsAddress(pkt.src)) {
      this.drop(
        base,
        "NGW_REQUIRES_SOURCE_IN_VPC",
        `NAT gateway ${nat.id} only translates traffic from interfaces of ${nat.vpc.id}; ${pkt.srcText} is not one.`,
        {
          natGateway: nat.component,
          address: pkt.srcText,
          packetField: "source-address",
          vpc: nat.vpc.component,
        },
      );
      return;
    }
    // NAT gateways pick a source port in 1024–65535; the trace keeps the client's when it is one.
    const port = hasPorts(pkt.protocol) && pkt.srcPort < 1024 ? pkt.srcPort + 1024 : pkt.srcPort;
    const out = pkt.withSource(nat.privateIp, port);
    this.conn.translations.set(nat, { before: pkt, after: out });
    fill(
      this.rec(
        base.component,
        "translate",
        base.inbound,
        out,
        `NAT gateway ${nat.id} rewrites the source to its address ${out.srcText}.`,
      ),
      base,
    );
    if (!this.passAcl(nat.subnet, "egress", out, nat.eni)) return;
    this.route(nat.subnet.routeTable, out, nat.subnet);
  }

  /** A packet addressed to a NAT gateway's own address: only replies to its translations pass. */
  natIn(nat: NatGatewayNode, pkt: Pkt): void {
    const base = this.natBase(nat, pkt);
    const translation = this.conn.translations.get(nat);
    if (this.forward || translation === undefined || !matchesTranslated(pkt, translation.after)) {
      this.drop(
        base,
        "NGW_REQUIRES_SOURCE_IN_VPC",
        `NAT gateway ${nat.id} accepts only replies to connections started from ${nat.vpc.id}.`,
        {
          natGateway: nat.component,
          vpc: nat.vpc.component,
          address: pkt.srcText,
          packetField: "source-address",
        },
      );
      return;
    }
    const restored = pkt.withDestination(
      translation.before.src,
      translation.before.srcPort,
      translation.before.srcText,
    );
    fill(
      this.rec(
        base.component,
        "translate",
        base.inbound,
        restored,
        `NAT gateway ${nat.id} restores the destination to ${restored.dstText}.`,
      ),
      base,
    );
    if (nat.eni !== undefined && !this.passAcl(nat.subnet, "egress", restored, nat.eni)) return;
    this.route(nat.subnet.routeTable, restored, nat.subnet);
  }

  // ---- internet gateways ---------------------------------------------------------------------------

  internetGatewayOut(gateway: GatewayNode, vpc: VpcNode, pkt: Pkt): void {
    const base = { component: gateway.component, inbound: pkt, vpc: vpc.component };
    const fields = { internetGateway: gateway.component, vpc: vpc.component };
    if (typeof pkt.dst === "number" && (isRfc1918(pkt.dst) || isRfc6598(pkt.dst))) {
      const rfc1918 = isRfc1918(pkt.dst);
      this.drop(
        base,
        rfc1918
          ? "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
          : "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS",
        `Internet gateway ${gateway.id} drops traffic to ${pkt.dstText}, a ${rfc1918 ? "private (RFC 1918)" : "shared (RFC 6598)"} address.`,
        { ...fields, address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    let out = pkt;
    if (typeof pkt.src === "number") {
      const entry = vpc.addresses4.get(pkt.src);
      if (entry?.publicIpNumber === undefined) {
        this.drop(
          base,
          "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
          `${pkt.srcText} has no public IPv4 address or Elastic IP: internet gateway ${gateway.id} cannot translate it.`,
          { ...fields, address: pkt.srcText, packetField: "source-address" },
        );
        return;
      }
      out = pkt.withSource(entry.publicIpNumber, pkt.srcPort, entry.publicIp);
      fill(
        this.rec(
          base.component,
          "translate",
          base.inbound,
          out,
          `Internet gateway ${gateway.id} maps ${pkt.srcText} to its public address ${out.srcText}.`,
        ),
        base,
      );
    } else {
      if (!vpc.addresses6.has(pkt.src)) {
        this.drop(base, "GATEWAY_REJECTS_SPOOFED_TRAFFIC", `${pkt.srcText} is not an address of ${vpc.id}.`, {
          ...fields,
          address: pkt.srcText,
          packetField: "source-address",
        });
        return;
      }
      fill(
        this.rec(
          base.component,
          "forward",
          base.inbound,
          pkt,
          `Internet gateway ${gateway.id} passes the IPv6 packet as is.`,
        ),
        base,
      );
    }
    this.toInternet(out);
  }

  egressOnlyOut(gateway: GatewayNode, vpc: VpcNode, pkt: Pkt): void {
    const base = { component: gateway.component, inbound: pkt, vpc: vpc.component };
    if (typeof pkt.src === "number" || !vpc.addresses6.has(pkt.src)) {
      this.drop(
        base,
        "GATEWAY_REJECTS_SPOOFED_TRAFFIC",
        `${pkt.srcText} is not an IPv6 address of ${vpc.id}.`,
        {
          vpc: vpc.component,
          address: pkt.srcText,
          packetField: "source-address",
        },
      );
      return;
    }
    if (this.forward) this.conn.egressOnly = gateway;
    fill(
      this.rec(
        base.component,
        "forward",
        base.inbound,
        pkt,
        `Egress-only internet gateway ${gateway.id} lets it out.`,
      ),
      base,
    );
    this.toInternet(pkt);
  }

  /** The packet is on the internet: it arrives at an address of the simulated network, or leaves it. */
  toInternet(pkt: Pkt): void {
    const entry =
      typeof pkt.dst === "number"
        ? this.graph.publicAddresses.get(pkt.dst)
        : this.graph.ipv6Addresses.get(pkt.dst);
    if (entry !== undefined) {
      this.enterFromInternet(entry.eni.vpc, pkt);
      return;
    }
    if (!isInternetAddress(pkt.dst)) {
      this.drop(
        { component: internetComponent(pkt.dstText), inbound: pkt },
        "NO_POSSIBLE_DESTINATION",
        `${pkt.dstText} is not an internet address.`,
        { address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    this.rec(
      internetComponent(pkt.dstText),
      "deliver",
      pkt,
      undefined,
      `Delivered to ${pkt.dstText} on the internet.`,
    );
    this.delivery = { kind: "internet", pkt };
  }

  /** From the internet into `vpc`, through its internet gateway (or, for replies, its egress-only one). */
  enterFromInternet(vpc: VpcNode | undefined, pkt: Pkt): void {
    if (vpc === undefined) {
      this.drop(
        { component: internetComponent(pkt.dstText), inbound: pkt },
        "NO_POSSIBLE_DESTINATION",
        `No internet gateway leads to ${pkt.dstText}.`,
        { address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    if (
      pkt.family === 6 &&
      vpc.egressOnlyGateway !== undefined &&
      (vpc.internetGateway === undefined || this.conn.egressOnly !== undefined)
    ) {
      const eigw = vpc.egressOnlyGateway;
      if (this.forward || this.conn.egressOnly !== eigw) {
        this.drop(
          { component: eigw.component, inbound: pkt, vpc: vpc.component },
          "NO_POSSIBLE_DESTINATION",
          `Egress-only internet gateway ${eigw.id} lets in only replies to connections started from ${vpc.id}.`,
          { vpc: vpc.component, address: pkt.dstText, packetField: "destination-address" },
        );
        return;
      }
      const h = this.rec(
        eigw.component,
        "forward",
        pkt,
        pkt,
        `Egress-only internet gateway ${eigw.id} lets the reply in.`,
      );
      h.vpc = vpc.component;
      this.deliverLocal(vpc, pkt);
      return;
    }
    const gateway = vpc.internetGateway;
    if (gateway === undefined) {
      this.drop(
        { component: internetComponent(pkt.dstText), inbound: pkt },
        "NO_POSSIBLE_DESTINATION",
        `${vpc.id} has no internet gateway: ${pkt.dstText} cannot be reached from the internet.`,
        { vpc: vpc.component, address: pkt.dstText, packetField: "destination-address" },
      );
      return;
    }
    this.internetGatewayIn(gateway, vpc, pkt);
  }

  internetGatewayIn(gateway: GatewayNode, vpc: VpcNode, pkt: Pkt): void {
    const base = { component: gateway.component, inbound: pkt, vpc: vpc.component };
    const fields = { internetGateway: gateway.component, vpc: vpc.component };
    let out = pkt;
    if (typeof pkt.src === "number" && (isRfc1918(pkt.src) || isRfc6598(pkt.src))) {
      const rfc1918 = isRfc1918(pkt.src);
      this.drop(
        base,
        rfc1918 ? "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS" : "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS",
        `Internet gateway ${gateway.id} drops traffic from ${pkt.srcText}, a ${rfc1918 ? "private (RFC 1918)" : "shared (RFC 6598)"} address.`,
        { ...fields, address: pkt.srcText, packetField: "source-address" },
      );
      return;
    }
    if (typeof pkt.dst === "number") {
      const entry = this.graph.publicAddresses.get(pkt.dst);
      if (entry === undefined || entry.eni.vpc !== vpc) {
        this.drop(
          base,
          "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
          `${pkt.dstText} is not the public address of an interface of ${vpc.id}: internet gateway ${gateway.id} drops it.`,
          { ...fields, address: pkt.dstText, packetField: "destination-address" },
        );
        return;
      }
      out = pkt.withDestination(entry.value, pkt.dstPort, entry.address);
      fill(
        this.rec(
          base.component,
          "translate",
          base.inbound,
          out,
          `Internet gateway ${gateway.id} maps ${pkt.dstText} to the private address ${out.dstText}.`,
        ),
        base,
      );
    } else {
      if (!vpc.addresses6.has(pkt.dst)) {
        this.drop(
          base,
          "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
          `${pkt.dstText} is not an address of an interface of ${vpc.id}.`,
          { ...fields, address: pkt.dstText, packetField: "destination-address" },
        );
        return;
      }
      fill(
        this.rec(
          base.component,
          "forward",
          base.inbound,
          pkt,
          `Internet gateway ${gateway.id} passes the IPv6 packet as is.`,
        ),
        base,
      );
    }
    const edge = vpc.edgeRouteTables.get(gateway.id);
    if (edge !== undefined) this.route(edge, out, undefined);
    else this.deliverLocal(vpc, out);
  }
}

/** The hop happens at an interface: its instance, subnet and VPC. */
function placeAt(h: HopRecord, eni: InterfaceNode): void {
  if (eni.instance !== undefined) h.attachedTo = eni.instance.component;
  h.subnet = eni.subnet.component;
  h.vpc = eni.vpc.component;
}

function fill(h: HopRecord, init: Partial<HopInit>): void {
  if (init.outboundPkt !== undefined) h.outbound = init.outboundPkt.header;
  if (init.direction !== undefined) h.direction = init.direction;
  const at = init.at;
  if (at !== undefined) {
    if (at.instance !== undefined) h.attachedTo = at.instance.component;
    h.subnet = at.subnet.component;
    h.vpc = at.vpc.component;
  }
  if (init.attachedTo !== undefined) h.attachedTo = init.attachedTo;
  if (init.networkInterface !== undefined) h.networkInterface = init.networkInterface;
  if (init.subnet !== undefined) h.subnet = init.subnet;
  if (init.vpc !== undefined) h.vpc = init.vpc;
  if (init.sourceVpc !== undefined) h.sourceVpc = init.sourceVpc;
  if (init.destinationVpc !== undefined) h.destinationVpc = init.destinationVpc;
  if (init.aclRule !== undefined) h.aclRule = init.aclRule;
  if (init.securityGroupRule !== undefined) h.securityGroupRule = init.securityGroupRule;
  if (init.connectionTracked !== undefined) h.connectionTracked = init.connectionTracked;
  if (init.exempt !== undefined) h.exempt = init.exempt;
  if (init.route !== undefined) h.route = init.route;
  if (init.explanation !== undefined) h.explanation = init.explanation;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function blocksOf(vpc: VpcNode): string[] {
  return [...vpc.cidrs, ...vpc.ipv6Cidrs].map((c) => c.toString());
}

function describePath(path: VgwPath): string {
  if (path.vpnConnectionId !== undefined) return `VPN connection ${path.vpnConnectionId}`;
  return `Direct Connect virtual interface ${path.virtualInterfaceId}`;
}

function matchesTranslated(pkt: Pkt, after: Pkt): boolean {
  if (pkt.dst !== after.src) return false;
  return !hasPorts(pkt.protocol) || pkt.dstPort === after.srcPort;
}

function addressIn(vpc: VpcNode, address: IpAddress): InterfaceAddress | undefined {
  return typeof address === "number" ? vpc.addresses4.get(address) : vpc.addresses6.get(address);
}

function placeFields(eni: InterfaceNode) {
  return { subnet: eni.subnet.component, vpc: eni.vpc.component };
}

function internetComponent(address: string): Component {
  return { type: "internet", id: address };
}

function serviceComponent(service: Service, eni: InterfaceNode, pkt: Pkt): Component {
  return { type: service, id: pkt.dstText, account: eni.scope.account, region: eni.scope.region };
}

// ---- sources and destinations ---------------------------------------------------------------------

type Source =
  | {
      readonly kind: "interface";
      readonly eni: InterfaceNode;
      readonly address: IpAddress;
      readonly text: string;
    }
  | { readonly kind: "internet"; readonly address: IpAddress; readonly text: string }
  | { readonly kind: "on-premises"; readonly address: IpAddress; readonly text: string };

interface Destination {
  readonly address: IpAddress;
  readonly text: string;
  readonly resolved: ResolvedEndpoint;
  /** The VPC of the interface the destination names (to find its internet gateway from outside). */
  readonly vpc?: VpcNode;
}

function resolvedOfInterface(eni: InterfaceNode, address: string): ResolvedEndpoint {
  return {
    component: endpointComponent(eni),
    address,
    vpc: eni.vpc.component,
    subnet: eni.subnet.component,
    networkInterface: eni.component,
  };
}

function parsePacketAddress(text: string, what: string): IpAddress {
  const address = parseAddress(text);
  if (address === undefined)
    throw new TraceInputError("InvalidParameterValue", `The ${what} '${text}' is not an IP address.`);
  return address;
}

function resolveSource(graph: Graph, from: Endpoint, options: TraceOptions): Source {
  switch (from.kind) {
    case "instance": {
      const instance = findInstance(graph, from.id, options);
      const candidates = instance.interfaces;
      if (candidates.length === 0) {
        throw new TraceInputError(
          "IncorrectInstanceState",
          `Instance ${instance.id} has no network interface (${instance.state}).`,
        );
      }
      for (const eni of candidates) {
        const found = addressOfInterface(eni, from.address);
        if (found)
          return {
            kind: "interface",
            eni,
            address: found.entry.value,
            text: found.entry.address,
          };
        if (from.address === undefined) break;
      }
      throw new TraceInputError(
        "InvalidParameterValue",
        `Instance ${instance.id} does not hold the address ${from.address}.`,
      );
    }
    case "network-interface": {
      const eni = findInterface(graph, from.id, options);
      const found = addressOfInterface(eni, from.address);
      if (!found)
        throw new TraceInputError(
          "InvalidParameterValue",
          `Network interface ${eni.id} does not hold the address ${from.address}.`,
        );
      return {
        kind: "interface",
        eni,
        address: found.entry.value,
        text: found.entry.address,
      };
    }
    case "internet": {
      const address = parsePacketAddress(from.address, "source");
      return { kind: "internet", address, text: formatIpAddress(address) };
    }
    case "on-premises": {
      const address = parsePacketAddress(from.address, "source");
      return { kind: "on-premises", address, text: formatIpAddress(address) };
    }
    case "address": {
      const address = parsePacketAddress(from.address, "source");
      const holder = holderOf(graph, address, options);
      if (holder)
        return {
          kind: "interface",
          eni: holder.entry.eni,
          address: holder.entry.value,
          text: holder.entry.address,
        };
      if (isInternetAddress(address)) return { kind: "internet", address, text: formatIpAddress(address) };
      throw new TraceInputError(
        "InvalidParameterValue",
        `No network interface holds the address ${from.address}.`,
      );
    }
    case "dns-name":
      throw new TraceInputError("InvalidParameterValue", "A DNS name can only be a destination.");
  }
}

/** Which address of an interface a source talks to: its private one when private routing reaches it. */
function addressTowards(eni: InterfaceNode, family: 4 | 6): InterfaceAddress {
  if (family === 6) {
    const v6 = eni.ipv6Addresses[0];
    if (v6 === undefined)
      throw new TraceInputError("InvalidParameterValue", `Network interface ${eni.id} has no IPv6 address.`);
    return v6;
  }
  return eni.primary;
}

function usePublic(source: Source, eni: InterfaceNode): boolean {
  const primary = eni.primary;
  if (primary.publicIp === undefined) return false;
  if (source.kind === "internet") return true;
  if (source.kind === "on-premises" || source.eni.vpc === eni.vpc) return false;
  // Another VPC: the private address when the source's routes reach it privately (peering, VPN…).
  const table = source.eni.subnet.routeTable;
  const kind = table?.routes.lookup(primary.value)?.value.routes[0]?.route.target.kind;
  return (
    kind === undefined ||
    kind === "internet-gateway" ||
    kind === "nat-gateway" ||
    kind === "egress-only-internet-gateway"
  );
}

/** An instance's or interface's address as a destination: the one requested, else the one the source talks to. */
function destinationOfInterface(
  eni: InterfaceNode,
  requested: string | undefined,
  source: Source,
): Destination {
  if (requested !== undefined) {
    const found = addressOfInterface(eni, requested);
    if (!found) {
      throw new TraceInputError(
        "InvalidParameterValue",
        `${eni.instance?.id ?? eni.id} does not hold the address ${requested}.`,
      );
    }
    const text = found.public ? found.entry.publicIp! : found.entry.address;
    const address = found.public ? found.entry.publicIpNumber! : found.entry.value;
    return { address, text, resolved: resolvedOfInterface(eni, text), vpc: eni.vpc };
  }
  const family: 4 | 6 = typeof source.address === "number" ? 4 : 6;
  const entry = addressTowards(eni, family);
  const viaPublic = family === 4 && usePublic(source, eni);
  const text = viaPublic ? entry.publicIp! : entry.address;
  const address = viaPublic ? entry.publicIpNumber! : entry.value;
  return { address, text, resolved: resolvedOfInterface(eni, text), vpc: eni.vpc };
}

function resolveDestination(graph: Graph, to: Endpoint, source: Source, options: TraceOptions): Destination {
  switch (to.kind) {
    case "instance": {
      const instance = findInstance(graph, to.id, options);
      if (to.address !== undefined) {
        for (const eni of instance.interfaces)
          if (addressOfInterface(eni, to.address)) return destinationOfInterface(eni, to.address, source);
        throw new TraceInputError(
          "InvalidParameterValue",
          `Instance ${instance.id} does not hold the address ${to.address}.`,
        );
      }
      const eni = instance.primaryInterface;
      if (eni === undefined) {
        throw new TraceInputError(
          "IncorrectInstanceState",
          `Instance ${instance.id} has no network interface (${instance.state}).`,
        );
      }
      return destinationOfInterface(eni, undefined, source);
    }
    case "network-interface":
      return destinationOfInterface(findInterface(graph, to.id, options), to.address, source);
    case "internet": {
      const address = parsePacketAddress(to.address, "destination");
      const text = formatIpAddress(address);
      return { address, text, resolved: { component: internetComponent(text), address: text } };
    }
    case "on-premises": {
      const address = parsePacketAddress(to.address, "destination");
      const text = formatIpAddress(address);
      return { address, text, resolved: { component: { type: "on-premises", id: text }, address: text } };
    }
    case "address":
      return destinationOfAddress(graph, parsePacketAddress(to.address, "destination"), source, options);
    case "dns-name": {
      const client = source.kind === "interface" ? source.eni : undefined;
      const answer = resolveDnsName(graph, to.name, client);
      const text = formatIpAddress(answer.address);
      const component: Component =
        answer.serviceName !== undefined
          ? { type: "aws-service", id: answer.serviceName }
          : internetComponent(text);
      return {
        address: answer.address,
        text,
        resolved: answer.eni ? resolvedOfInterface(answer.eni, text) : { component, address: text },
        ...(answer.eni ? { vpc: answer.eni.vpc } : {}),
      };
    }
  }
}

function destinationOfAddress(
  graph: Graph,
  address: IpAddress,
  source: Source,
  options: TraceOptions,
): Destination {
  const text = formatIpAddress(address);
  if (source.kind === "interface") {
    const service = exemptService(source.eni, address);
    if (service !== undefined)
      return {
        address,
        text,
        resolved: {
          component: serviceComponent(
            service,
            source.eni,
            new Pkt(0, address, address, -1, -1, -1, -1, text, text),
          ),
          address: text,
        },
      };
    const local = addressIn(source.eni.vpc, address);
    if (local) return { address, text, resolved: resolvedOfInterface(local.eni, text), vpc: local.eni.vpc };
  }
  let holder: ReturnType<typeof holderOf>;
  try {
    holder = holderOf(graph, address, options);
  } catch {
    holder = undefined;
  }
  if (holder)
    return {
      address,
      text,
      resolved: resolvedOfInterface(holder.entry.eni, text),
      vpc: holder.entry.eni.vpc,
    };
  return { address, text, resolved: { component: internetComponent(text), address: text } };
}

// ---- the trace ----------------------------------------------------------------------------------

function packetOf(request: TraceRequest, source: Source, destination: Destination): Pkt {
  const protocol = request.protocol;
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) {
    throw new TraceInputError(
      "InvalidParameterValue",
      `Protocol ${protocol} is not an IP protocol number (0–255).`,
    );
  }
  if (typeof source.address !== typeof destination.address) {
    throw new TraceInputError(
      "InvalidParameterCombination",
      `The source ${source.text} and the destination ${destination.text} are not of the same IP family.`,
    );
  }
  let srcPort = -1;
  let dstPort = -1;
  let icmpType = -1;
  let icmpCode = -1;
  if (hasPorts(protocol)) {
    if (request.destinationPort === undefined) {
      throw new TraceInputError(
        "MissingParameter",
        `A ${protocolName(protocol)} trace needs a destination port.`,
      );
    }
    srcPort = request.sourcePort ?? DEFAULT_SOURCE_PORT;
    dstPort = request.destinationPort;
    for (const port of [srcPort, dstPort]) {
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new TraceInputError("InvalidParameterValue", `Port ${port} is not between 0 and 65535.`);
      }
    }
  } else if (isIcmp(protocol)) {
    if ((protocol === ICMP) !== (typeof source.address === "number")) {
      throw new TraceInputError(
        "InvalidParameterCombination",
        "ICMP goes with IPv4 addresses and ICMPv6 with IPv6 ones.",
      );
    }
    icmpType = request.icmpType ?? (protocol === ICMPV6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO_REQUEST);
    icmpCode = request.icmpCode ?? 0;
    for (const value of [icmpType, icmpCode]) {
      if (!Number.isInteger(value) || value < 0 || value > 255) {
        throw new TraceInputError(
          "InvalidParameterValue",
          `ICMP type and code are between 0 and 255 (got ${value}).`,
        );
      }
    }
  }
  return new Pkt(
    protocol,
    source.address,
    destination.address,
    srcPort,
    dstPort,
    icmpType,
    icmpCode,
    source.text,
    destination.text,
  );
}

function resolvedSource(source: Source): ResolvedEndpoint {
  if (source.kind === "interface") return resolvedOfInterface(source.eni, source.text);
  if (source.kind === "on-premises")
    return { component: { type: "on-premises", id: source.text }, address: source.text };
  return { component: internetComponent(source.text), address: source.text };
}

function result(walk: Walk): PathResult {
  const delivered = walk.delivery !== undefined;
  return {
    outcome: delivered ? "delivered" : "dropped",
    hops: walk.hops,
    explanations: walk.explanation ? [walk.explanation] : [],
  };
}

/** Starts a walk at the internet: the packet goes to the VPC owning its destination (if any). */
function sendFromInternet(walk: Walk, pkt: Pkt, vpcHint: VpcNode | undefined): void {
  walk.rec(
    internetComponent(pkt.srcText),
    "send",
    pkt,
    pkt,
    `${pkt.srcText} on the internet sends ${describePacket(pkt)}.`,
  );
  const entry =
    typeof pkt.dst === "number"
      ? walk.graph.publicAddresses.get(pkt.dst)
      : walk.graph.ipv6Addresses.get(pkt.dst);
  walk.enterFromInternet(entry?.eni.vpc ?? vpcHint, pkt);
}

/** Starts a walk on premises: the packet enters the VPC holding its destination through its VGW. */
function sendFromOnPremises(walk: Walk, pkt: Pkt, vpc: VpcNode | undefined): void {
  walk.rec(
    { type: "on-premises", id: pkt.srcText },
    "send",
    pkt,
    pkt,
    `${pkt.srcText} on premises sends ${describePacket(pkt)}.`,
  );
  walk.fromOnPremises(vpc, pkt);
}

/** The reply's walk, from where the forward packet was delivered. */
function traceReturn(
  graph: Graph,
  conn: Connection,
  delivery: Delivery,
  options: TraceOptions,
): Walk | undefined {
  const reply = delivery.pkt.reply();
  if (reply === undefined) return undefined;
  const walk = new Walk(graph, conn, "return", options);
  switch (delivery.kind) {
    case "interface":
      walk.send(delivery.eni, reply);
      break;
    case "loopback": {
      const instance = delivery.eni.instance!;
      walk.rec(instance.component, "send", reply, reply, `${instance.id} answers itself.`);
      walk.rec(instance.component, "deliver", reply, undefined, `Delivered to ${instance.id}.`);
      walk.delivery = { kind: "loopback", eni: delivery.eni, pkt: reply };
      break;
    }
    case "internet":
      sendFromInternet(walk, reply, undefined);
      break;
    case "on-premises":
      sendFromOnPremises(walk, reply, delivery.vpc);
      break;
    case "aws-service": {
      const { endpoint } = delivery;
      walk.rec(
        endpoint.service,
        "send",
        reply,
        reply,
        `${endpoint.serviceName} answers from ${reply.srcText}.`,
      );
      const h = walk.rec(
        endpoint.component,
        "forward",
        reply,
        reply,
        `Gateway endpoint ${endpoint.id} carries the reply into ${endpoint.vpc.id}.`,
      );
      h.vpc = endpoint.vpc.component;
      walk.deliverLocal(endpoint.vpc, reply);
      break;
    }
    case "service": {
      const { eni, service } = delivery;
      const sent = walk.rec(
        serviceComponent(service, eni, delivery.pkt),
        "send",
        reply,
        reply,
        `${capitalized(SERVICE_NAMES[service])} answers.`,
      );
      sent.exempt = true;
      const h = walk.rec(
        eni.component,
        eni.instance ? "forward" : "deliver",
        reply,
        eni.instance ? reply : undefined,
        `Enters ${eni.id}: security groups and network ACLs do not filter it.`,
      );
      h.direction = "ingress";
      h.exempt = true;
      placeAt(h, eni);
      if (eni.instance)
        walk.rec(eni.instance.component, "deliver", reply, undefined, `Delivered to ${eni.instance.id}.`);
      walk.delivery = { kind: "interface", eni, pkt: reply };
      break;
    }
  }
  return walk;
}

/**
 * An instance or interface named without an address sends from its address of the destination's
 * family: its first IPv6 address towards an IPv6 destination.
 */
function matchFamily(source: Source, from: Endpoint, destination: Destination): Source {
  if (source.kind !== "interface" || typeof source.address === typeof destination.address) return source;
  if ((from.kind === "instance" || from.kind === "network-interface") && from.address !== undefined)
    return source;
  const entry = typeof destination.address === "bigint" ? source.eni.ipv6Addresses[0] : source.eni.primary;
  if (entry === undefined) return source;
  return { kind: "interface", eni: source.eni, address: entry.value, text: entry.address };
}

/**
 * Why a path did not go through the component `through`: a route to it that lost to a more
 * specific one or to a route of higher priority for the same block, in a table the packet was
 * routed by; else AWS's generic filter code. Undefined when the path went through it.
 */
function missedComponent(
  through: string,
  forward: Walk,
  returnWalk: Walk | undefined,
): Explanation | undefined {
  const walks = returnWalk ? [forward, returnWalk] : [forward];
  const crossed = (h: Hop) =>
    h.component.id === through || h.networkInterface?.id === through || h.attachedTo?.id === through;
  if (walks.some((w) => w.hops.some(crossed))) return undefined;
  for (const walk of walks) {
    for (const { table, dst, subnet } of walk.lookups) {
      const entries = table.routes.lookupAll(dst);
      for (let e = 0; e < entries.length; e++) {
        const routes = entries[e]!.value.routes;
        for (let k = 0; k < routes.length; k++) {
          const { route, ref } = routes[k]!;
          const target = route.target;
          const leadsThere =
            route.targetId === through ||
            (target.kind === "network-interface" &&
              (target.eni.id === through || target.eni.instance?.id === through));
          if (!leadsThere || (e === 0 && k === 0)) continue;
          const code = e === 0 ? "HIGHER_PRIORITY_ROUTE" : "MORE_SPECIFIC_ROUTE";
          return {
            code,
            component: table.component,
            routeTable: table.component,
            route: ref,
            vpc: table.vpc.component,
            ...(subnet ? { subnet: subnet.component } : {}),
            message:
              code === "MORE_SPECIFIC_ROUTE"
                ? `The route ${route.destination} → ${through} of ${table.id} is not used: a more specific route matches.`
                : `The route ${route.destination} → ${through} of ${table.id} is not used: a route of higher priority has the same destination.`,
          };
        }
      }
    }
  }
  return {
    code: "COMPONENT_FILTER_RESTRICTION",
    component: { type: componentTypeOfId(through), id: through },
    message: `No path goes through ${through}.`,
  };
}

const TYPES_BY_PREFIX: Readonly<Record<string, ComponentType>> = {
  i: "instance",
  eni: "network-interface",
  sg: "security-group",
  acl: "network-acl",
  rtb: "route-table",
  subnet: "subnet",
  vpc: "vpc",
  igw: "internet-gateway",
  eigw: "egress-only-internet-gateway",
  nat: "nat-gateway",
  pcx: "vpc-peering-connection",
  vpce: "vpc-endpoint",
  vgw: "vpn-gateway",
  vpn: "vpn-connection",
  cgw: "customer-gateway",
  pl: "prefix-list",
  tgw: "transit-gateway",
};

/** The component type an AWS id names, from its prefix. */
function componentTypeOfId(id: string): ComponentType {
  return TYPES_BY_PREFIX[id.slice(0, Math.max(0, id.lastIndexOf("-")))] ?? "vpc-router";
}

/** Whether the reply came back to the sender of the forward packet. */
function returnedToSource(source: Source, walk: Walk): boolean {
  const delivery = walk.delivery;
  if (delivery === undefined) return false;
  if (source.kind === "internet") return delivery.kind === "internet" && delivery.pkt.dst === source.address;
  if (source.kind === "on-premises")
    return delivery.kind === "on-premises" && delivery.pkt.dst === source.address;
  if (delivery.kind === "internet" || delivery.kind === "on-premises" || delivery.kind === "aws-service")
    return false;
  return (
    delivery.eni === source.eni ||
    (source.eni.instance !== undefined && delivery.eni.instance === source.eni.instance)
  );
}

/**
 * Traces a packet from `from` as `request` describes it, and its reply. Throws `TraceInputError`
 * when an endpoint does not exist or the packet is not well formed.
 */
export function trace(
  graph: Graph,
  from: Endpoint,
  request: TraceRequest,
  options: TraceOptions = {},
): Trace {
  let source = resolveSource(graph, from, options);
  const destination = resolveDestination(graph, request.to, source, options);
  source = matchFamily(source, from, destination);
  const pkt = packetOf(request, source, destination);
  const conn: Connection = { tracked: new Set(), translations: new Map(), egressOnly: undefined };
  const forward = new Walk(graph, conn, "forward", options);
  if (source.kind === "interface") forward.send(source.eni, pkt);
  else if (source.kind === "internet") sendFromInternet(forward, pkt, destination.vpc);
  else sendFromOnPremises(forward, pkt, destination.vpc);
  const forwardResult = result(forward);
  let returnWalk: Walk | undefined;
  if (forward.delivery !== undefined && options.returnPath !== false) {
    returnWalk = traceReturn(graph, conn, forward.delivery, options);
    if (
      returnWalk?.delivery !== undefined &&
      returnWalk.explanation === undefined &&
      !returnedToSource(source, returnWalk)
    ) {
      const last = returnWalk.hops[returnWalk.hops.length - 1]!;
      returnWalk.explanation = {
        code: "NO_POSSIBLE_DESTINATION",
        component: last.component,
        message: `The reply was delivered to ${last.component.id}, not to the sender ${source.text}.`,
      };
      returnWalk.delivery = undefined;
    }
  }
  const returnResult = returnWalk ? result(returnWalk) : undefined;
  const missed =
    options.through !== undefined ? missedComponent(options.through, forward, returnWalk) : undefined;
  const reachable =
    missed === undefined &&
    forward.delivery !== undefined &&
    (returnResult === undefined || returnResult.outcome === "delivered");
  return {
    verdict: reachable ? "reachable" : "unreachable",
    from: resolvedSource(source),
    to: destination.resolved,
    packet: pkt.header,
    forward: forwardResult,
    ...(returnResult ? { return: returnResult } : {}),
    // A path that misses the component it must go through is explained by that (the question asked).
    explanations: reachable
      ? []
      : missed !== undefined
        ? [missed]
        : forwardResult.outcome === "dropped"
          ? forwardResult.explanations
          : (returnResult?.explanations ?? []),
  };
}
