/**
 * Elastic IP addresses: AllocateAddress, ReleaseAddress, AssociateAddress, DisassociateAddress,
 * DescribeAddresses. Addresses come from the region's simulated public pool; the mapping to a
 * private address lives both on the address record and on the interface, and only
 * `associateElasticIp` / `disassociateElasticIp` (network-interfaces.ts) change it.
 */
import type { Address, NetworkInterface } from "../model/compute.js";
import type { Resources } from "../model/kinds.js";
import { parseIpv4Address } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AddressLimitExceeded,
  AllocationIdErrors,
  ElasticIpAlreadyAssociated,
  InstanceHasMultipleInterfaces,
  InstanceIdErrors,
  InstanceStateNotValidForAddress,
  InterfaceInstanceStateNotValid,
  InvalidAddressNotFound,
  InvalidAssociationIDNotFound,
  InvalidIPAddressInUse,
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  NetworkHasNoInternetGateway,
  NetworkInterfaceIdErrors,
  NoPermissionForResource,
  PrivateIpNotMappedToInterface,
  ReleaseVpcAddressNeedsAllocationId,
  UnsupportedOperation,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import {
  allocatePublicIp,
  associateElasticIp,
  disassociateElasticIp,
  interfacesOfInstance,
  primaryAddress,
} from "./network-interfaces.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

/** Addresses come from Amazon's pool; BYOIP and customer-owned pools are not simulated. */
export const AMAZON_POOL = "amazon";

/** Every filter of the DescribeAddresses API reference. */
export const ADDRESS_FILTERS: FilterTable<Address> = {
  "allocation-id": (a) => a.id,
  "association-id": (a) => a.association?.associationId,
  domain: (a) => a.domain,
  "instance-id": (a) => a.association?.instanceId,
  "network-border-group": (a) => a.networkBorderGroup,
  "network-interface-id": (a) => a.association?.networkInterfaceId,
  "network-interface-owner-id": (a) => a.association?.networkInterfaceOwnerId,
  "private-ip-address": (a) => a.association?.privateIpAddress,
  "public-ip": (a) => a.publicIp,
};

function releasedKey(scope: Scope): string {
  return `released-public-ips:${scope.account}:${scope.region}`;
}

function releasedAddresses(tx: ReadTx<Resources>, scope: Scope): string[] {
  const text = tx.getMeta(releasedKey(scope));
  return text ? (JSON.parse(text) as string[]) : [];
}

/** AWS answers InvalidParameterValue for a PublicIp that is not an IPv4 address. */
function assertPublicIp(publicIp: string): void {
  if (parseIpv4Address(publicIp) === undefined) {
    throw new InvalidParameterValue(`Invalid value '${publicIp}' for PublicIp. Not a valid IPv4 address`);
  }
}

function addressByPublicIp(tx: ReadTx<Resources>, scope: Scope, publicIp: string): Address {
  assertPublicIp(publicIp);
  const found = tx.listBy("address", scope, "publicIp", publicIp)[0];
  if (!found) throw new InvalidAddressNotFound(publicIp);
  return found;
}

function assertBorderGroup(scope: Scope, networkBorderGroup: string | undefined): void {
  if (networkBorderGroup !== undefined && networkBorderGroup !== scope.region) {
    throw new InvalidParameterValue(`The network border group '${networkBorderGroup}' is invalid.`);
  }
}

export interface AllocateAddressInput {
  readonly domain?: string;
  /** An address this account released, to recover it. */
  readonly address?: string;
  readonly publicIpv4Pool?: string;
  readonly networkBorderGroup?: string;
  readonly customerOwnedIpv4Pool?: string;
  readonly ipamPoolId?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function allocateAddress(ctx: WriteContext, input: AllocateAddressInput): { address: Address } {
  const { tx, scope } = ctx;
  if (input.domain !== undefined && input.domain !== "vpc") {
    if (input.domain === "standard") {
      throw new UnsupportedOperation(
        "EC2-Classic is retired: Elastic IP addresses are for use in a VPC only.",
      );
    }
    throw new InvalidParameterValue(
      `Value (${input.domain}) for parameter domain is invalid. Valid values: vpc, standard.`,
    );
  }
  if (input.customerOwnedIpv4Pool !== undefined || input.ipamPoolId !== undefined) {
    throw new UnsupportedOperation("vpcsim does not simulate customer-owned or IPAM address pools.");
  }
  if (input.publicIpv4Pool !== undefined && input.publicIpv4Pool !== AMAZON_POOL) {
    throw new UnsupportedOperation("vpcsim does not simulate BYOIP address pools.");
  }
  assertBorderGroup(scope, input.networkBorderGroup);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "elastic-ip",
    ctx.config.quotas.tagsPerResource,
  );
  if (tx.count("address", scope) >= ctx.config.quotas.elasticIpsPerRegion) throw new AddressLimitExceeded();
  let publicIp: string;
  if (input.address !== undefined) {
    // Recovery (AllocateAddress reference): an address this account released, not reallocated
    // since. Our pool never hands a released address out again, so it is always recoverable.
    assertPublicIp(input.address);
    const released = releasedAddresses(tx, scope);
    if (!released.includes(input.address)) throw new InvalidAddressNotFound(input.address);
    tx.setMeta(releasedKey(scope), JSON.stringify(released.filter((a) => a !== input.address)));
    publicIp = input.address;
  } else {
    publicIp = allocatePublicIp(ctx);
  }
  const address: Address = {
    id: ctx.ids("eipalloc"),
    ownerId: scope.account,
    tags,
    publicIp,
    domain: "vpc",
    networkBorderGroup: scope.region,
    publicIpv4Pool: AMAZON_POOL,
  };
  tx.put("address", scope, address);
  return { address };
}

function interfaceOf(tx: ReadTx<Resources>, scope: Scope, address: Address): NetworkInterface | undefined {
  const id = address.association?.networkInterfaceId;
  return id !== undefined ? tx.get("networkInterface", scope, id) : undefined;
}

export interface ReleaseAddressInput {
  readonly allocationId?: string;
  readonly publicIp?: string;
  readonly networkBorderGroup?: string;
}

/**
 * Releases an Elastic IP. In a default VPC an associated address is disassociated first; in any
 * other VPC AWS refuses with `InvalidIPAddress.InUse` (ReleaseAddress reference). An address a
 * service manages (a NAT gateway's) cannot be released while it is in use (`AuthFailure`).
 */
export function releaseAddress(ctx: WriteContext, input: ReleaseAddressInput): void {
  const { tx, scope } = ctx;
  if (input.allocationId !== undefined && input.publicIp !== undefined) {
    throw new InvalidParameterCombination(
      "You may specify public IP or allocation id, but not both in the same call",
    );
  }
  if (input.allocationId === undefined && input.publicIp === undefined) {
    throw new MissingParameter("allocationId");
  }
  if (input.publicIp !== undefined) {
    // Every address is a VPC address, and those are released by allocation id.
    addressByPublicIp(tx, scope, input.publicIp);
    throw new ReleaseVpcAddressNeedsAllocationId();
  }
  const address = requireRecord(tx, scope, "address", input.allocationId!, AllocationIdErrors);
  if (input.networkBorderGroup !== undefined && input.networkBorderGroup !== address.networkBorderGroup) {
    throw new InvalidAddressNotFound(address.publicIp);
  }
  if (address.association) {
    const eni = interfaceOf(tx, scope, address);
    if (eni?.requesterManaged) throw new NoPermissionForResource();
    const vpc = eni ? tx.get("vpc", scope, eni.vpcId) : undefined;
    if (!vpc?.isDefault) throw new InvalidIPAddressInUse(address.publicIp);
    disassociateElasticIp(ctx, address.id);
  }
  tx.delete("address", scope, address.id);
  tx.setMeta(
    releasedKey(scope),
    JSON.stringify([...releasedAddresses(tx, scope), address.publicIp].slice(-1000)),
  );
}

export interface AssociateAddressInput {
  readonly allocationId?: string;
  readonly publicIp?: string;
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
  /**
   * Reassociation is automatic; `false` makes the call fail when the address is associated
   * elsewhere (AssociateAddress reference).
   */
  readonly allowReassociation?: boolean;
}

/** Instances that can take an Elastic IP: running or stopped ones (and those between). */
const ASSOCIABLE_STATES = ["running", "stopping", "stopped"];

function targetInterface(ctx: ReadContext, input: AssociateAddressInput): NetworkInterface {
  const { tx, scope } = ctx;
  if (input.instanceId !== undefined && input.networkInterfaceId !== undefined) {
    throw new InvalidParameterCombination(
      "You can specify either an instance ID or a network interface ID, but not both.",
    );
  }
  if (input.networkInterfaceId !== undefined) {
    const eni = requireRecord(
      tx,
      scope,
      "networkInterface",
      input.networkInterfaceId,
      NetworkInterfaceIdErrors,
    );
    const instanceId = eni.attachment?.instanceId;
    const instance = instanceId !== undefined ? tx.get("instance", scope, instanceId) : undefined;
    if (instance && !ASSOCIABLE_STATES.includes(instance.state)) {
      throw new InterfaceInstanceStateNotValid(eni.id, instance.state);
    }
    return eni;
  }
  if (input.instanceId === undefined) throw new MissingParameter("instanceId or networkInterfaceId");
  const instance = requireRecord(tx, scope, "instance", input.instanceId, InstanceIdErrors);
  if (!ASSOCIABLE_STATES.includes(instance.state)) {
    throw new InstanceStateNotValidForAddress(instance.id, instance.state);
  }
  const interfaces = interfacesOfInstance(tx, scope, instance.id);
  if (interfaces.length > 1) throw new InstanceHasMultipleInterfaces(instance.id);
  if (interfaces.length === 0) throw new InstanceIdErrors.notFound([instance.id]);
  return interfaces[0]!;
}

export function associateAddress(ctx: WriteContext, input: AssociateAddressInput): { associationId: string } {
  const { tx, scope } = ctx;
  let address: Address;
  if (input.allocationId !== undefined) {
    address = requireRecord(tx, scope, "address", input.allocationId, AllocationIdErrors);
  } else if (input.publicIp !== undefined) {
    address = addressByPublicIp(tx, scope, input.publicIp);
  } else {
    throw new MissingParameter("allocationId");
  }
  const eni = targetInterface(ctx, input);
  if (eni.requesterManaged) throw new NoPermissionForResource();
  const privateIp = input.privateIpAddress ?? primaryAddress(eni).address;
  if (!eni.privateIpAddresses.some((p) => p.address === privateIp)) {
    throw new PrivateIpNotMappedToInterface(privateIp, eni.id);
  }
  // A public address is reachable through the VPC's internet gateway only.
  const hasGateway = tx
    .list("internetGateway", scope)
    .some((g) => g.attachments.some((a) => a.vpcId === eni.vpcId));
  if (!hasGateway) throw new NetworkHasNoInternetGateway(eni.vpcId);
  const current = address.association;
  if (current) {
    if (current.networkInterfaceId === eni.id && current.privateIpAddress === privateIp) {
      // Idempotent, as the reference says: the same mapping again changes nothing.
      return { associationId: current.associationId };
    }
    if (input.allowReassociation === false || interfaceOf(tx, scope, address)?.requesterManaged) {
      throw new ElasticIpAlreadyAssociated(address.id, current.associationId);
    }
  }
  return { associationId: associateElasticIp(ctx, address.id, eni.id, privateIp) };
}

export function disassociateAddress(
  ctx: WriteContext,
  input: { associationId?: string; publicIp?: string },
): void {
  const { tx, scope } = ctx;
  let address: Address;
  if (input.associationId !== undefined) {
    const found = tx.list("address", scope).find((a) => a.association?.associationId === input.associationId);
    if (!found) throw new InvalidAssociationIDNotFound(input.associationId);
    address = found;
  } else if (input.publicIp !== undefined) {
    address = addressByPublicIp(tx, scope, input.publicIp);
  } else {
    throw new MissingParameter("associationId");
  }
  // An idempotent operation (DisassociateAddress reference): nothing to do is not an error.
  if (!address.association) return;
  if (interfaceOf(tx, scope, address)?.requesterManaged) throw new NoPermissionForResource();
  disassociateElasticIp(ctx, address.id);
}

export interface DescribeAddressesInput {
  readonly publicIps?: readonly string[];
  readonly allocationIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/** DescribeAddresses has no paging. Asked-for ids and public IPs add up, as AWS's do. */
export function describeAddresses(
  ctx: ReadContext,
  input: DescribeAddressesInput,
): { addresses: readonly Address[] } {
  const { tx, scope } = ctx;
  const matches = compileFilters(ADDRESS_FILTERS, input.filters);
  const byIp = (input.publicIps ?? []).map((ip) => addressByPublicIp(tx, scope, ip));
  const byId = input.allocationIds?.length
    ? selectByIds(tx, scope, "address", input.allocationIds, AllocationIdErrors)
    : [];
  const named = byIp.length > 0 || byId.length > 0;
  const candidates = named
    ? [...new Map([...byId, ...byIp].map((a) => [a.id, a])).values()]
    : tx.list("address", scope);
  return { addresses: candidates.filter(matches) };
}
