/**
 * Trace endpoints: parsing the command-line forms and resolving them on a graph, including DNS
 * names as the VPC's resolver (at the VPC base + 2) answers them from inside the VPC.
 */
import { privateDnsSuffix, publicDnsSuffix } from "../model/dns-names.js";
import { formatIpAddress, type IpAddress } from "../net/index.js";
import type {
  Graph,
  InstanceNode,
  InterfaceAddress,
  InterfaceNode,
  ResourceNode,
  VpcEndpointNode,
  VpcNode,
} from "./graph.js";
import { parseAddress } from "./packet.js";
import { type Component, type Endpoint, TraceInputError, type TraceOptions } from "./types.js";

const HOSTNAME =
  /^(?=.{1,253}\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * `i-…` an instance, `eni-…` an interface, `internet:<ip>`, `onprem:<ip>`, an address, or a DNS
 * name. Throws `TraceInputError` for anything else.
 */
export function parseEndpoint(text: string): Endpoint {
  const value = text.trim();
  if (/^i-[0-9a-f]{8,17}$/.test(value)) return { kind: "instance", id: value };
  if (/^eni-[0-9a-f]{8,17}$/.test(value)) return { kind: "network-interface", id: value };
  const prefixed = /^(internet|onprem):(.+)$/.exec(value);
  if (prefixed) {
    const address = parseAddress(prefixed[2]!);
    if (address === undefined) {
      throw new TraceInputError("InvalidParameterValue", `'${prefixed[2]}' is not an IP address.`);
    }
    return {
      kind: prefixed[1] === "internet" ? "internet" : "on-premises",
      address: formatIpAddress(address),
    };
  }
  const address = parseAddress(value);
  if (address !== undefined) return { kind: "address", address: formatIpAddress(address) };
  if (HOSTNAME.test(value) && /[a-z]/i.test(value)) return { kind: "dns-name", name: value };
  throw new TraceInputError(
    "InvalidParameterValue",
    `'${text}' is not an instance id, an interface id, internet:<ip>, onprem:<ip>, an IP address or a DNS name.`,
  );
}

/**
 * The nodes of `all` in the requested scope when some are, else all of them: the scope picks
 * among ids or addresses several accounts or regions hold, and does not hide the others (a path
 * may end in a peer's account).
 */
function preferScope<T>(all: T[], nodeOf: (item: T) => ResourceNode, options: TraceOptions): T[] {
  const inside = all.filter((item) => inScope(nodeOf(item), options));
  return inside.length > 0 ? inside : all;
}

function unique<N extends ResourceNode>(all: N[], what: string, id: string, options: TraceOptions): N {
  const found = preferScope(all, (n) => n, options);
  if (found.length === 0) {
    const code = what === "instance" ? "InvalidInstanceID.NotFound" : "InvalidNetworkInterfaceID.NotFound";
    throw new TraceInputError(code, `The ${what} ID '${id}' does not exist`);
  }
  if (found.length > 1) {
    throw new TraceInputError(
      "InvalidParameterCombination",
      `The ${what} ID '${id}' exists in several accounts or regions: name one with --account or --region.`,
    );
  }
  return found[0]!;
}

export function findInstance(graph: Graph, id: string, options: TraceOptions): InstanceNode {
  return graph.instances.only(id) ?? unique(graph.instances.find(id), "instance", id, options);
}

export function findInterface(graph: Graph, id: string, options: TraceOptions): InterfaceNode {
  return graph.interfaces.only(id) ?? unique(graph.interfaces.find(id), "network interface", id, options);
}

function inScope(node: ResourceNode, options: TraceOptions): boolean {
  return (
    (options.account === undefined || node.scope.account === options.account) &&
    (options.region === undefined || node.scope.region === options.region)
  );
}

/** The interface addresses holding a private IPv4 address, those of the requested scope first. */
export function privateHolders(graph: Graph, address: number, options: TraceOptions): InterfaceAddress[] {
  const found = graph.privateAddresses.get(address);
  if (found === undefined) return [];
  return preferScope(Array.isArray(found) ? found : [found], (a) => a.eni, options);
}

/** The interface address holding an address: a private or IPv6 address, else a public one. */
export function holderOf(
  graph: Graph,
  address: IpAddress,
  options: TraceOptions,
): { entry: InterfaceAddress; public: boolean } | undefined {
  if (typeof address === "bigint") {
    const entry = graph.ipv6Addresses.get(address);
    return entry ? { entry, public: false } : undefined;
  }
  const holders = privateHolders(graph, address, options);
  if (holders.length > 1) {
    throw new TraceInputError(
      "InvalidParameterCombination",
      `Address ${formatIpAddress(address)} is held by interfaces of several VPCs (${holders
        .map((h) => h.eni.id)
        .join(", ")}): name the interface, or the account or region.`,
    );
  }
  if (holders.length === 1) return { entry: holders[0]!, public: false };
  const entry = graph.publicAddresses.get(address);
  return entry ? { entry, public: true } : undefined;
}

/** The address of an interface named by the caller: one it holds (private, IPv6 or public). */
export function addressOfInterface(
  eni: InterfaceNode,
  text: string | undefined,
): { entry: InterfaceAddress; public: boolean } | undefined {
  if (text === undefined) return { entry: eni.primary, public: false };
  const address = parseAddress(text);
  if (address === undefined) return undefined;
  const own = eni.addressOf(address);
  if (own) return { entry: own, public: false };
  if (typeof address === "number") {
    const mapped = eni.addresses.find((a) => a.publicIpNumber === address);
    if (mapped) return { entry: mapped, public: true };
  }
  return undefined;
}

/** The component a trace shows for an interface: its instance, endpoint or NAT gateway when it has one. */
export function endpointComponent(eni: InterfaceNode): Component {
  return eni.instance?.component ?? eni.vpcEndpoint?.component ?? eni.natGateway?.component ?? eni.component;
}

/** The VPCs whose private names a resolver in `vpc` answers: its own, and peers that allow it. */
function resolvableVpcs(vpc: VpcNode): VpcNode[] {
  const vpcs = [vpc];
  for (const peering of vpc.peerings) {
    if (peering.status !== "active") continue;
    const other = peering.otherSide(vpc);
    // The option sits on the side that answers (VPC Peering Guide, "Enable DNS resolution").
    if (other.vpc !== undefined && other.allowDnsResolutionFromRemoteVpc) vpcs.push(other.vpc);
  }
  return vpcs;
}

/** An endpoint's interface for a client: the one in the client's zone, else the first. */
function endpointInterface(
  endpoint: VpcEndpointNode,
  client: InterfaceNode | undefined,
): InterfaceNode | undefined {
  const zone = client?.subnet.availabilityZone;
  return endpoint.interfaces.find((eni) => eni.subnet.availabilityZone === zone) ?? endpoint.interfaces[0];
}

function matchesName(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) {
    const rest = pattern.slice(1);
    return host.endsWith(rest) && host.length > rest.length && !host.slice(0, -rest.length).includes(".");
  }
  return pattern === host;
}

/**
 * What a DNS name resolves to for a client (an interface, or a host outside any VPC), as the
 * VPC's resolver at the VPC base + 2 answers it:
 * - a VPC endpoint's own names (regional, zonal) resolve everywhere to its interfaces;
 * - inside the VPC, an interface endpoint with private DNS answers for its service's name;
 * - instances' private names (`ip-10-0-1-5.ec2.internal`, `i-….ec2.internal`) resolve inside their
 *   VPC (and in a peer VPC whose connection allows DNS resolution from it);
 * - public names (`ec2-203-0-113-25.compute-1.amazonaws.com`, given only when the VPC has DNS
 *   hostnames and DNS support) resolve to the private address inside the instance's VPC (or a
 *   peer allowed to), to the public address elsewhere;
 * - S3 and DynamoDB names resolve to an address of the service in the region.
 */
export function resolveDnsName(
  graph: Graph,
  name: string,
  client: InterfaceNode | undefined,
): { address: IpAddress; eni?: InterfaceNode; serviceName?: string } {
  const host = name.toLowerCase().replace(/\.$/, "");
  const vpc = client?.vpc;
  const unresolvable = (why: string) =>
    new TraceInputError("InvalidParameterValue", `The name '${name}' does not resolve ${why}.`);
  const dot = host.indexOf(".");
  const firstLabel = dot === -1 ? host : host.slice(0, dot);
  const suffix = dot === -1 ? "" : host.slice(dot + 1);
  const insideVpc = vpc?.enableDnsSupport === true;
  const ofInterface = (eni: InterfaceNode) => ({ address: eni.primary.value, eni });

  const endpoint = graph.endpointDnsNames.get(host) ?? graph.endpointDnsNames.get(suffix);
  if (endpoint !== undefined) {
    const eni = endpointInterface(endpoint, client);
    if (eni === undefined) throw unresolvable(`: endpoint ${endpoint.id} has no interface`);
    return ofInterface(eni);
  }
  if (insideVpc) {
    for (const { name: pattern, endpoint: e } of vpc.privateServiceNames) {
      if (!matchesName(pattern, host) || e.state !== "available") continue;
      const eni = endpointInterface(e, client);
      if (eni !== undefined) return ofInterface(eni);
    }
  }

  // Private names (IP name and resource name) exist only inside the VPC of the instance.
  const isPrivateName = vpc !== undefined && suffix === privateDnsSuffix(vpc.scope.region);
  const ipName = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(firstLabel);
  if (ipName && isPrivateName) {
    if (!insideVpc) throw unresolvable(`in ${vpc.id}: its DNS support (enableDnsSupport) is off`);
    const address = parseAddress(ipName.slice(1).join("."));
    for (const candidate of resolvableVpcs(vpc)) {
      const entry = typeof address === "number" ? candidate.addresses4.get(address) : undefined;
      if (entry !== undefined) return { address: address!, eni: entry.eni };
    }
    throw unresolvable(`in ${vpc.id}: no interface there holds that address`);
  }
  if (/^i-[0-9a-f]{8,17}$/.test(firstLabel) && isPrivateName) {
    if (!insideVpc) throw unresolvable(`in ${vpc.id}: its DNS support (enableDnsSupport) is off`);
    const vpcs = resolvableVpcs(vpc);
    for (const instance of graph.instances.find(firstLabel)) {
      const eni = instance.primaryInterface;
      if (eni !== undefined && vpcs.includes(eni.vpc)) return ofInterface(eni);
    }
    throw unresolvable(`in ${vpc.id}: no such instance there`);
  }

  // Public names: the public address, except from inside the instance's own VPC (or a peer VPC
  // allowed to resolve it), where the resolver answers with the private address.
  const publicName = /^ec2-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(firstLabel);
  if (publicName) {
    const address = parseAddress(publicName.slice(1).join("."));
    const entry = typeof address === "number" ? graph.publicAddresses.get(address) : undefined;
    if (
      entry !== undefined &&
      suffix === publicDnsSuffix(entry.eni.scope.region) &&
      entry.eni.vpc.enableDnsHostnames &&
      entry.eni.vpc.enableDnsSupport
    ) {
      if (insideVpc && resolvableVpcs(vpc).includes(entry.eni.vpc)) {
        return { address: entry.value, eni: entry.eni };
      }
      return { address: address!, eni: entry.eni };
    }
    throw unresolvable("to a public address of an instance with a public DNS name");
  }

  const service = graph.serviceAddresses.get(host) ?? graph.serviceAddresses.get(suffix);
  if (service !== undefined) return { address: service.address, serviceName: service.serviceName };
  throw unresolvable(vpc ? `in ${vpc.id}` : "outside a VPC");
}
