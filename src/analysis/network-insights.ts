/**
 * Reachability Analyzer on vpcsim's data plane: turns a Network Insights path into a trace (source
 * and destination endpoints, protocol, ports) and the trace into AWS's analysis structures
 * (PathComponent, Explanation, …), field by field.
 *
 * What AWS shows, reproduced here (Reachability Analyzer guide, "Step 3: Get the results of the
 * path analysis", and the DescribeNetworkInsightsAnalyses reference):
 * - the forward path's components in order with sequence numbers (instance, interface, security
 *   group with the rule that allowed, network ACL with its rule, route table with its route,
 *   gateways); packet headers where they are sent, translated or received (addresses as written
 *   in the packet, ports as ranges, the protocol as its number);
 * - the return path's components when a path is found;
 * - when no path is found, the components up to the block and the explanations with AWS's codes.
 * The analysis tests one destination port: the path's `DestinationPort`, else the start of
 * `FilterAtSource.DestinationPortRange`, else the first of a few common ports that gets through.
 */

import type { ReadContext } from "../control/context.js";
import type { PathAnalysisOutcome, PathAnalysisRequest, PathAnalyzer } from "../control/network-insights.js";
import {
  type AclRuleRef,
  type Component,
  type Endpoint,
  type Hop,
  type Packet,
  PROTOCOL_NUMBERS,
  type RouteRef,
  type SecurityGroupRuleRef,
  type Trace,
  type Explanation as TraceExplanation,
  TraceInputError,
  type TraceRequest,
} from "../dataplane/types.js";
import type {
  AnalysisAclRule,
  AnalysisComponent,
  AnalysisPacketHeader,
  AnalysisResult,
  AnalysisRouteTableRoute,
  AnalysisSecurityGroupRule,
  Explanation,
  NetworkInsightsPath,
  PathComponent,
} from "../model/network-insights.js";

/** Runs one trace on the network as the context's transaction sees it. */
export type PathTracer = (ctx: ReadContext, from: Endpoint, request: TraceRequest) => Trace;

/** Ports tried, in order, when a path names no destination port. */
const COMMON_PORTS = [443, 80, 22, 3389, 53];
/** A public address standing for "a host on the internet" when a path names none. */
const SOME_INTERNET_HOST = "198.51.100.10";

/** Component types that are not AWS resources: AWS's path components never name them. */
const PSEUDO_COMPONENTS = new Set<Component["type"]>([
  "internet",
  "on-premises",
  "aws-service",
  "amazon-dns",
  "instance-metadata",
  "time-sync",
  "vpc-router",
]);

// ---- path → trace ------------------------------------------------------------------------------

function sourceEndpoint(path: NetworkInsightsPath): Endpoint | string {
  const address = path.sourceIp ?? path.filterAtSource?.sourceAddress;
  const prefix = path.source.slice(0, path.source.lastIndexOf("-"));
  switch (prefix) {
    case "i":
      return { kind: "instance", id: path.source, ...(address ? { address } : {}) };
    case "eni":
      return { kind: "network-interface", id: path.source, ...(address ? { address } : {}) };
    case "igw":
      return { kind: "internet", address: address ?? SOME_INTERNET_HOST };
    case "vgw":
      if (address === undefined)
        return "A source IP address is required for a path from a virtual private gateway.";
      return { kind: "on-premises", address };
    default:
      return `vpcsim does not analyze paths from ${path.source} yet.`;
  }
}

function destinationEndpoint(path: NetworkInsightsPath): Endpoint | string {
  const address = path.destinationIp ?? path.filterAtSource?.destinationAddress;
  if (path.destination === undefined) {
    return address !== undefined ? { kind: "address", address } : "The path has no destination.";
  }
  const prefix = path.destination.slice(0, path.destination.lastIndexOf("-"));
  switch (prefix) {
    case "i":
      return { kind: "instance", id: path.destination, ...(address ? { address } : {}) };
    case "eni":
      return { kind: "network-interface", id: path.destination, ...(address ? { address } : {}) };
    case "igw":
      return { kind: "internet", address: address ?? SOME_INTERNET_HOST };
    case "vgw":
      if (address === undefined)
        return "A destination IP address is required for a path to a virtual private gateway.";
      return { kind: "on-premises", address };
    default:
      if (address !== undefined) return { kind: "address", address };
      return `vpcsim does not analyze paths to ${path.destination} yet.`;
  }
}

function candidatePorts(path: NetworkInsightsPath): readonly number[] {
  if (path.destinationPort !== undefined) return [path.destinationPort];
  const range = path.filterAtSource?.destinationPortRange ?? path.filterAtDestination?.destinationPortRange;
  if (range !== undefined) return [range.from];
  return COMMON_PORTS;
}

/** Builds the analyzer StartNetworkInsightsAnalysis runs, on top of `tracer`. */
export function createPathAnalyzer(tracer: PathTracer): PathAnalyzer {
  return (ctx: ReadContext, request: PathAnalysisRequest): PathAnalysisOutcome => {
    const { path } = request;
    const from = sourceEndpoint(path);
    if (typeof from === "string") return { failure: from };
    const to = destinationEndpoint(path);
    if (typeof to === "string") return { failure: to };
    const sourcePort =
      path.filterAtSource?.sourcePortRange?.from ?? path.filterAtDestination?.sourcePortRange?.from;
    let first: Trace | undefined;
    try {
      for (const port of candidatePorts(path)) {
        const trace = tracer(ctx, from, {
          to,
          protocol: PROTOCOL_NUMBERS[path.protocol],
          destinationPort: port,
          ...(sourcePort !== undefined ? { sourcePort } : {}),
        });
        first ??= trace;
        if (trace.verdict === "reachable") return analysisResultOf(trace, request.filterInArns);
      }
    } catch (error) {
      if (error instanceof TraceInputError) return { failure: error.message };
      throw error;
    }
    return analysisResultOf(first!, request.filterInArns);
  };
}

// ---- trace → AWS's structures ------------------------------------------------------------------

function componentOf(c: Component | undefined): AnalysisComponent | undefined {
  if (c === undefined) return undefined;
  return {
    id: c.id,
    ...(c.arn !== undefined ? { arn: c.arn } : {}),
    ...(c.name !== undefined ? { name: c.name } : {}),
  };
}

function headerOf(p: Packet): AnalysisPacketHeader {
  const ports = p.sourcePort !== undefined || p.destinationPort !== undefined;
  return {
    destinationAddresses: [p.destination],
    ...(ports && p.destinationPort !== undefined
      ? { destinationPortRanges: [{ from: p.destinationPort, to: p.destinationPort }] }
      : {}),
    protocol: String(p.protocol),
    sourceAddresses: [p.source],
    ...(ports && p.sourcePort !== undefined
      ? { sourcePortRanges: [{ from: p.sourcePort, to: p.sourcePort }] }
      : {}),
  };
}

function aclRuleOf(r: AclRuleRef | undefined): AnalysisAclRule | undefined {
  if (r === undefined) return undefined;
  return {
    cidr: r.cidr,
    egress: r.egress,
    ...(r.portRange !== undefined ? { portRange: { from: r.portRange.from, to: r.portRange.to } } : {}),
    protocol: r.protocol,
    ruleAction: r.ruleAction,
    ruleNumber: r.ruleNumber,
  };
}

function securityGroupRuleOf(r: SecurityGroupRuleRef | undefined): AnalysisSecurityGroupRule | undefined {
  if (r === undefined) return undefined;
  return {
    ...(r.cidr !== undefined ? { cidr: r.cidr } : {}),
    direction: r.direction,
    securityGroupId: r.groupId,
    ...(r.portRange !== undefined ? { portRange: { from: r.portRange.from, to: r.portRange.to } } : {}),
    ...(r.prefixListId !== undefined ? { prefixListId: r.prefixListId } : {}),
    protocol: r.protocol,
  };
}

function routeOf(r: RouteRef | undefined): AnalysisRouteTableRoute | undefined {
  if (r === undefined) return undefined;
  const target = (): AnalysisRouteTableRoute => {
    const id = r.target.id;
    switch (r.target.kind) {
      case "local":
      case "gateway":
        return { gatewayId: id };
      case "egressOnlyInternetGateway":
        return { egressOnlyInternetGatewayId: id };
      case "natGateway":
        return { natGatewayId: id };
      case "instance":
        return { instanceId: id };
      case "networkInterface":
        return { networkInterfaceId: id };
      case "vpcPeeringConnection":
        return { vpcPeeringConnectionId: id };
      case "transitGateway":
        return { transitGatewayId: id };
      case "carrierGateway":
        return { carrierGatewayId: id };
      case "localGateway":
        return { localGatewayId: id };
      case "coreNetwork":
        return { coreNetworkArn: id };
    }
  };
  return {
    ...(r.destinationPrefixListId !== undefined
      ? { destinationPrefixListId: r.destinationPrefixListId }
      : { destinationCidr: r.destinationCidr ?? r.destination }),
    ...target(),
    origin: r.origin,
    state: r.state,
  };
}

/** AWS's `Explanation` from the data plane's. */
export function explanationOf(e: TraceExplanation): Explanation {
  const c = componentOf;
  const securityGroup = e.securityGroups?.length === 1 ? e.securityGroups[0] : undefined;
  return {
    explanationCode: e.code,
    ...(e.acl ? { acl: c(e.acl) } : {}),
    ...(e.aclRule ? { aclRule: aclRuleOf(e.aclRule) } : {}),
    ...(e.address !== undefined ? { address: e.address } : {}),
    ...(e.attachedTo ? { attachedTo: c(e.attachedTo) } : {}),
    ...(e.cidrs ? { cidrs: [...e.cidrs] } : {}),
    component: c(e.component)!,
    ...(e.destinationVpc ? { destinationVpc: c(e.destinationVpc) } : {}),
    ...(e.direction !== undefined ? { direction: e.direction } : {}),
    ...(e.internetGateway ? { internetGateway: c(e.internetGateway) } : {}),
    ...(e.natGateway ? { natGateway: c(e.natGateway) } : {}),
    ...(e.networkInterface ? { networkInterface: c(e.networkInterface) } : {}),
    ...(e.packetField !== undefined ? { packetField: e.packetField } : {}),
    ...(e.vpcPeeringConnection ? { vpcPeeringConnection: c(e.vpcPeeringConnection) } : {}),
    ...(e.protocols ? { protocols: [...e.protocols] } : {}),
    ...(e.route ? { routeTableRoute: routeOf(e.route) } : {}),
    ...(e.routeTable ? { routeTable: c(e.routeTable) } : {}),
    ...(securityGroup ? { securityGroup: c(securityGroup) } : {}),
    ...(e.securityGroups ? { securityGroups: e.securityGroups.map((g) => c(g)!) } : {}),
    ...(e.sourceVpc ? { sourceVpc: c(e.sourceVpc) } : {}),
    ...(e.state !== undefined ? { state: e.state } : {}),
    ...(e.subnet ? { subnet: c(e.subnet) } : {}),
    ...(e.vpc ? { vpc: c(e.vpc) } : {}),
    ...(e.vpcEndpoint ? { vpcEndpoint: c(e.vpcEndpoint) } : {}),
    ...(e.vpnConnection ? { vpnConnection: c(e.vpnConnection) } : {}),
    ...(e.vpnGateway ? { vpnGateway: c(e.vpnGateway) } : {}),
    ...(e.component.account !== undefined ? { componentAccount: e.component.account } : {}),
    ...(e.component.region !== undefined ? { componentRegion: e.component.region } : {}),
  };
}

/** The hops AWS lists as path components: real resources that passed the packet on. */
function componentsOf(hops: readonly Hop[]): PathComponent[] {
  const components: PathComponent[] = [];
  for (const hop of hops) {
    if (hop.action === "drop" || hop.action === "deny") continue;
    if (PSEUDO_COMPONENTS.has(hop.component.type)) continue;
    const headers =
      hop.action === "send"
        ? { outboundHeader: headerOf(hop.outbound ?? hop.inbound) }
        : hop.action === "translate"
          ? {
              inboundHeader: headerOf(hop.inbound),
              ...(hop.outbound ? { outboundHeader: headerOf(hop.outbound) } : {}),
            }
          : hop.action === "deliver"
            ? { inboundHeader: headerOf(hop.inbound) }
            : {};
    components.push({
      sequenceNumber: components.length + 1,
      ...(hop.aclRule ? { aclRule: aclRuleOf(hop.aclRule) } : {}),
      ...(hop.attachedTo ? { attachedTo: componentOf(hop.attachedTo) } : {}),
      component: componentOf(hop.component)!,
      ...(hop.destinationVpc ? { destinationVpc: componentOf(hop.destinationVpc) } : {}),
      ...headers,
      ...(hop.route ? { routeTableRoute: routeOf(hop.route) } : {}),
      ...(hop.securityGroupRule ? { securityGroupRule: securityGroupRuleOf(hop.securityGroupRule) } : {}),
      ...(hop.sourceVpc ? { sourceVpc: componentOf(hop.sourceVpc) } : {}),
      ...(hop.subnet ? { subnet: componentOf(hop.subnet) } : {}),
      ...(hop.vpc ? { vpc: componentOf(hop.vpc) } : {}),
    });
  }
  return components;
}

/**
 * AWS's analysis result for a trace. `filterInArns` names components the path must traverse: a
 * reachable path that misses one is reported as not found (`COMPONENT_FILTER_RESTRICTION`).
 */
export function analysisResultOf(trace: Trace, filterInArns: readonly string[] = []): AnalysisResult {
  const forward = componentsOf(trace.forward.hops);
  const reachable = trace.verdict === "reachable";
  if (reachable && filterInArns.length > 0) {
    const traversed = new Set(forward.flatMap((c) => [c.component?.arn, c.vpc?.arn, c.subnet?.arn]));
    const missing = filterInArns.filter((arn) => !traversed.has(arn));
    if (missing.length > 0) {
      return {
        networkPathFound: false,
        forwardPathComponents: forward,
        returnPathComponents: [],
        explanations: missing.map((arn) => ({
          explanationCode: "COMPONENT_FILTER_RESTRICTION",
          component: { id: arn.slice(arn.lastIndexOf("/") + 1), arn },
        })),
      };
    }
  }
  return {
    networkPathFound: reachable,
    forwardPathComponents: forward,
    returnPathComponents: reachable && trace.return ? componentsOf(trace.return.hops) : [],
    explanations: reachable ? [] : trace.explanations.map(explanationOf),
  };
}
