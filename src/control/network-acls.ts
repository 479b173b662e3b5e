/**
 * Network ACLs: CreateNetworkAcl, DeleteNetworkAcl, DescribeNetworkAcls, CreateNetworkAclEntry,
 * ReplaceNetworkAclEntry, DeleteNetworkAclEntry, ReplaceNetworkAclAssociation.
 *
 * An ACL stores the entries its owner made (and the default ACL's allow-all entries). The final
 * deny entries AWS shows (rule 32767 for IPv4, 32768 for IPv6 where the VPC has an IPv6 block) are
 * derived when described: no request can change or remove them.
 */
import type { Resources } from "../model/kinds.js";
import type { NetworkAcl, NetworkAclAssociation, NetworkAclEntry, RuleAction } from "../model/resources.js";
import { isValidPort, parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  DependencyViolation,
  InvalidAssociationIDNotFound,
  InvalidNetworkAclEntryNotFound,
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  NetworkAclEntryAlreadyExists,
  NetworkAclEntryLimitExceeded,
  NetworkAclIdErrors,
  NetworkAclLimitExceeded,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

export const MIN_RULE_NUMBER = 1;
export const MAX_RULE_NUMBER = 32766;
/** The rule numbers AWS shows for the final deny entries (`*` in the console). */
export const IPV4_DENY_RULE_NUMBER = 32767;
export const IPV6_DENY_RULE_NUMBER = 32768;

const TCP = "6";
const UDP = "17";
const ICMP = "1";
const ICMPV6 = "58";

/** An ACL as Describe shows it: its entries with the final deny entries, egress first, by number. */
export type NetworkAclView = NetworkAcl;

function denyAll(egress: boolean, family: 4 | 6): NetworkAclEntry {
  return family === 4
    ? {
        ruleNumber: IPV4_DENY_RULE_NUMBER,
        egress,
        protocol: "-1",
        ruleAction: "deny",
        cidrBlock: "0.0.0.0/0",
      }
    : {
        ruleNumber: IPV6_DENY_RULE_NUMBER,
        egress,
        protocol: "-1",
        ruleAction: "deny",
        ipv6CidrBlock: "::/0",
      };
}

function compareEntries(a: NetworkAclEntry, b: NetworkAclEntry): number {
  if (a.egress !== b.egress) return a.egress ? -1 : 1;
  return a.ruleNumber - b.ruleNumber;
}

/** Every entry of the ACL in evaluation order, the final deny entries included. */
export function effectiveEntries(tx: ReadTx<Resources>, scope: Scope, acl: NetworkAcl): NetworkAclEntry[] {
  const vpc = tx.get("vpc", scope, acl.vpcId);
  const ipv6 = (vpc?.ipv6CidrBlockAssociations.length ?? 0) > 0;
  const entries = [...acl.entries, denyAll(true, 4), denyAll(false, 4)];
  if (ipv6) entries.push(denyAll(true, 6), denyAll(false, 6));
  return entries.sort(compareEntries);
}

export function viewNetworkAcl(tx: ReadTx<Resources>, scope: Scope, acl: NetworkAcl): NetworkAclView {
  return { ...acl, entries: effectiveEntries(tx, scope, acl) };
}

/** The ACL a subnet is associated with (every subnet has exactly one). */
export function networkAclOfSubnet(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
  subnetId: string,
): NetworkAcl | undefined {
  return tx
    .listBy("networkAcl", scope, "vpcId", vpcId)
    .find((acl) => acl.associations.some((a) => a.subnetId === subnetId));
}

/** Entries store protocol numbers; the `entry.protocol` filter also takes `tcp`, `udp` and `icmp`. */
const ACL_PROTOCOL_NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp" };

function aclProtocolValues(protocol: string): string[] {
  const name = ACL_PROTOCOL_NAMES[protocol];
  return name ? [protocol, name] : [protocol];
}

/** Every filter of the DescribeNetworkAcls reference (tag filters come from the engine). */
export const NETWORK_ACL_FILTERS: FilterTable<NetworkAclView> = {
  "association.association-id": (a) => a.associations.map((x) => x.id),
  "association.network-acl-id": (a) => (a.associations.length > 0 ? a.id : undefined),
  "association.subnet-id": (a) => a.associations.map((x) => x.subnetId),
  default: (a) => a.isDefault,
  "entry.cidr": (a) => a.entries.map((e) => e.cidrBlock),
  "entry.egress": (a) => a.entries.map((e) => e.egress),
  "entry.icmp.code": (a) => a.entries.map((e) => e.icmpTypeCode?.code),
  "entry.icmp.type": (a) => a.entries.map((e) => e.icmpTypeCode?.type),
  "entry.ipv6-cidr": (a) => a.entries.map((e) => e.ipv6CidrBlock),
  "entry.port-range.from": (a) => a.entries.map((e) => e.portRange?.from),
  "entry.port-range.to": (a) => a.entries.map((e) => e.portRange?.to),
  "entry.protocol": (a) => a.entries.flatMap((e) => aclProtocolValues(e.protocol)),
  "entry.rule-action": (a) => a.entries.map((e) => e.ruleAction),
  "entry.rule-number": (a) => a.entries.map((e) => e.ruleNumber),
  "network-acl-id": (a) => a.id,
  "owner-id": (a) => a.ownerId,
  "vpc-id": (a) => a.vpcId,
};

// ---- CreateNetworkAcl, DeleteNetworkAcl, DescribeNetworkAcls ---------------------------------

export interface CreateNetworkAclInput {
  readonly vpcId?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

/** A new custom ACL has no entries of its own: the final deny entries deny everything. */
export function createNetworkAcl(
  ctx: WriteContext,
  input: CreateNetworkAclInput,
): { networkAcl: NetworkAclView } {
  const { tx, scope } = ctx;
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "network-acl",
    ctx.config.quotas.tagsPerResource,
  );
  if (tx.listBy("networkAcl", scope, "vpcId", vpc.id).length >= ctx.config.quotas.networkAclsPerVpc) {
    throw new NetworkAclLimitExceeded(vpc.id, ctx.config.quotas.networkAclsPerVpc);
  }
  const acl: NetworkAcl = {
    id: ctx.ids("acl"),
    ownerId: scope.account,
    tags,
    vpcId: vpc.id,
    isDefault: false,
    entries: [],
    associations: [],
  };
  tx.put("networkAcl", scope, acl);
  return { networkAcl: viewNetworkAcl(tx, scope, acl) };
}

export function deleteNetworkAcl(ctx: WriteContext, input: { networkAclId?: string }): void {
  const { tx, scope } = ctx;
  if (!input.networkAclId) throw new MissingParameter("networkAclId");
  const acl = requireRecord(tx, scope, "networkAcl", input.networkAclId, NetworkAclIdErrors);
  if (acl.isDefault) throw new InvalidParameterValue(`cannot delete default network ACL ${acl.id}`);
  if (acl.associations.length > 0) {
    throw new DependencyViolation(`The networkAcl '${acl.id}' has dependencies and cannot be deleted.`);
  }
  tx.delete("networkAcl", scope, acl.id);
}

export interface DescribeNetworkAclsInput extends PageRequest {
  readonly networkAclIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeNetworkAcls(
  ctx: ReadContext,
  input: DescribeNetworkAclsInput,
): { networkAcls: readonly NetworkAclView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(NETWORK_ACL_FILTERS, input.filters);
  const acls = selectByIds(tx, scope, "networkAcl", input.networkAclIds, NetworkAclIdErrors)
    .map((acl) => viewNetworkAcl(tx, scope, acl))
    .filter(matches);
  const page = paginate(acls, input, ["DescribeNetworkAcls", input.networkAclIds ?? [], input.filters ?? []]);
  return { networkAcls: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- entries ------------------------------------------------------------------------------

export interface NetworkAclEntryInput {
  readonly networkAclId?: string;
  readonly ruleNumber?: number;
  readonly egress?: boolean;
  readonly protocol?: string;
  readonly ruleAction?: string;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly icmpTypeCode?: { readonly type?: number; readonly code?: number };
  readonly portRange?: { readonly from?: number; readonly to?: number };
}

export function assertRuleNumber(ruleNumber: number | undefined): number {
  if (ruleNumber === undefined) throw new MissingParameter("ruleNumber");
  if (!Number.isInteger(ruleNumber) || ruleNumber < MIN_RULE_NUMBER || ruleNumber > MAX_RULE_NUMBER) {
    throw new InvalidParameterValue(
      `Value (${ruleNumber}) for parameter ruleNumber is invalid. The rule number must be between ${MIN_RULE_NUMBER} and ${MAX_RULE_NUMBER}; ${IPV4_DENY_RULE_NUMBER} to 65535 are reserved.`,
    );
  }
  return ruleNumber;
}

/**
 * ACL entries take protocol numbers ("-1" for all); the AWS CLI turns `tcp`, `udp`, `icmp` and
 * `all` into numbers before it sends them. Numbers are stored in decimal without leading zeros.
 */
export function normalizeAclProtocol(protocol: string | undefined): string {
  if (protocol === undefined || protocol === "") throw new MissingParameter("protocol");
  if (protocol === "-1") return protocol;
  if (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255) return String(Number(protocol));
  throw new InvalidParameterValue(
    `Value (${protocol}) for parameter protocol is invalid. The protocol must be a protocol number between 0 and 255, or -1 for all protocols.`,
  );
}

function parseEntry(input: NetworkAclEntryInput): NetworkAclEntry {
  const ruleNumber = assertRuleNumber(input.ruleNumber);
  if (input.egress === undefined) throw new MissingParameter("egress");
  const protocol = normalizeAclProtocol(input.protocol);
  if (input.ruleAction !== "allow" && input.ruleAction !== "deny") {
    if (input.ruleAction === undefined) throw new MissingParameter("ruleAction");
    throw new InvalidParameterValue(
      `Value (${input.ruleAction}) for parameter ruleAction is invalid. Valid values: allow, deny.`,
    );
  }
  const ruleAction: RuleAction = input.ruleAction;
  if (input.cidrBlock !== undefined && input.ipv6CidrBlock !== undefined) {
    throw new InvalidParameterCombination("Only one of cidrBlock or ipv6CidrBlock may be specified.");
  }
  let block: { cidrBlock: string } | { ipv6CidrBlock: string };
  if (input.cidrBlock !== undefined) {
    const parsed = parseIpv4Cidr(input.cidrBlock);
    if (!parsed.ok) {
      throw new InvalidParameterValue(
        `Value (${input.cidrBlock}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`,
      );
    }
    // CreateNetworkAclEntry reference: "We modify the specified CIDR block to its canonical form".
    block = { cidrBlock: parsed.cidr.toString() };
  } else if (input.ipv6CidrBlock !== undefined) {
    const parsed = parseIpv6Cidr(input.ipv6CidrBlock);
    if (!parsed.ok) {
      throw new InvalidParameterValue(
        `Value (${input.ipv6CidrBlock}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.`,
      );
    }
    block = { ipv6CidrBlock: parsed.cidr.toString() };
  } else {
    throw new MissingParameter("cidrBlock or ipv6CidrBlock");
  }
  const entry = { ruleNumber, egress: input.egress, protocol, ruleAction, ...block };
  // Ports only mean something for TCP and UDP, type and code only for ICMP (and ICMPv6 with an IPv6
  // block); for every other protocol AWS allows all ports "regardless of any that you specify".
  if (protocol === TCP || protocol === UDP) return { ...entry, portRange: parsePortRange(input.portRange) };
  if (protocol === ICMP || (protocol === ICMPV6 && "ipv6CidrBlock" in block)) {
    return { ...entry, icmpTypeCode: parseIcmpTypeCode(input.icmpTypeCode) };
  }
  return entry;
}

function parsePortRange(range: NetworkAclEntryInput["portRange"]): { from: number; to: number } {
  if (range?.from === undefined || range.to === undefined) {
    throw new InvalidParameterValue(
      "A port range (portRange.from and portRange.to) is required for the TCP (6) and UDP (17) protocols.",
    );
  }
  for (const port of [range.from, range.to]) {
    if (!isValidPort(port)) throw new InvalidParameterValue(`port (${port}) out of range`);
  }
  if (range.from > range.to) {
    throw new InvalidParameterValue(
      `Invalid port range: the from port (${range.from}) is greater than the to port (${range.to}).`,
    );
  }
  return { from: range.from, to: range.to };
}

function parseIcmpTypeCode(icmp: NetworkAclEntryInput["icmpTypeCode"]): { type: number; code: number } {
  if (icmp?.type === undefined || icmp.code === undefined) {
    throw new InvalidParameterValue(
      "An ICMP type and code (icmpTypeCode.type and icmpTypeCode.code) are required for the ICMP (1) and ICMPv6 (58) protocols.",
    );
  }
  for (const [name, value] of [
    ["type", icmp.type],
    ["code", icmp.code],
  ] as const) {
    if (!Number.isInteger(value) || value < -1 || value > 255) {
      throw new InvalidParameterValue(`ICMP ${name} (${value}) out of range`);
    }
  }
  return { type: icmp.type, code: icmp.code };
}

const familyOf = (entry: NetworkAclEntry): 4 | 6 => (entry.ipv6CidrBlock !== undefined ? 6 : 4);

/**
 * 20 entries per direction (VPC quotas), counted separately for IPv4 and IPv6, the family's final
 * deny entry included.
 */
function assertEntryQuota(acl: NetworkAcl, entries: readonly NetworkAclEntry[], limit: number): void {
  for (const egress of [false, true]) {
    for (const family of [4, 6] as const) {
      const own = entries.filter((e) => e.egress === egress && familyOf(e) === family).length;
      if (own > 0 && own + 1 > limit) throw new NetworkAclEntryLimitExceeded(acl.id, limit);
    }
  }
}

function findEntry(acl: NetworkAcl, ruleNumber: number, egress: boolean): number {
  return acl.entries.findIndex((e) => e.ruleNumber === ruleNumber && e.egress === egress);
}

export function createNetworkAclEntry(ctx: WriteContext, input: NetworkAclEntryInput): void {
  const { tx, scope } = ctx;
  if (!input.networkAclId) throw new MissingParameter("networkAclId");
  const acl = requireRecord(tx, scope, "networkAcl", input.networkAclId, NetworkAclIdErrors);
  const entry = parseEntry(input);
  if (findEntry(acl, entry.ruleNumber, entry.egress) !== -1)
    throw new NetworkAclEntryAlreadyExists(entry.ruleNumber);
  const entries = [...acl.entries, entry];
  assertEntryQuota(acl, entries, ctx.config.quotas.networkAclEntriesPerDirection);
  tx.put("networkAcl", scope, { ...acl, entries });
}

export function replaceNetworkAclEntry(ctx: WriteContext, input: NetworkAclEntryInput): void {
  const { tx, scope } = ctx;
  if (!input.networkAclId) throw new MissingParameter("networkAclId");
  const acl = requireRecord(tx, scope, "networkAcl", input.networkAclId, NetworkAclIdErrors);
  const entry = parseEntry(input);
  const index = findEntry(acl, entry.ruleNumber, entry.egress);
  if (index === -1) throw new InvalidNetworkAclEntryNotFound(acl.id, entry.ruleNumber, entry.egress);
  const entries = [...acl.entries];
  entries[index] = entry;
  assertEntryQuota(acl, entries, ctx.config.quotas.networkAclEntriesPerDirection);
  tx.put("networkAcl", scope, { ...acl, entries });
}

export function deleteNetworkAclEntry(
  ctx: WriteContext,
  input: { networkAclId?: string; ruleNumber?: number; egress?: boolean },
): void {
  const { tx, scope } = ctx;
  if (!input.networkAclId) throw new MissingParameter("networkAclId");
  const acl = requireRecord(tx, scope, "networkAcl", input.networkAclId, NetworkAclIdErrors);
  const ruleNumber = assertRuleNumber(input.ruleNumber);
  if (input.egress === undefined) throw new MissingParameter("egress");
  const index = findEntry(acl, ruleNumber, input.egress);
  if (index === -1) throw new InvalidNetworkAclEntryNotFound(acl.id, ruleNumber, input.egress);
  tx.put("networkAcl", scope, { ...acl, entries: acl.entries.filter((_, i) => i !== index) });
}

// ---- associations -------------------------------------------------------------------------

function findAssociation(
  tx: ReadTx<Resources>,
  scope: Scope,
  associationId: string,
): { acl: NetworkAcl; association: NetworkAclAssociation } {
  for (const acl of tx.list("networkAcl", scope)) {
    const association = acl.associations.find((a) => a.id === associationId);
    if (association) return { acl, association };
  }
  throw new InvalidAssociationIDNotFound(associationId);
}

/**
 * Moves a subnet to another ACL of its VPC. The association gets a new id (the response's
 * `NewAssociationId`), even when the ACL does not change; the subnet is never left without one.
 */
export function replaceNetworkAclAssociation(
  ctx: WriteContext,
  input: { associationId?: string; networkAclId?: string },
): { newAssociationId: string } {
  const { tx, scope } = ctx;
  if (!input.associationId) throw new MissingParameter("associationId");
  if (!input.networkAclId) throw new MissingParameter("networkAclId");
  const { acl: current, association } = findAssociation(tx, scope, input.associationId);
  const next = requireRecord(tx, scope, "networkAcl", input.networkAclId, NetworkAclIdErrors);
  if (next.vpcId !== current.vpcId) {
    throw new InvalidParameterValue(
      `network ACL ${next.id} and association ${association.id} belong to different networks`,
    );
  }
  const replacement: NetworkAclAssociation = { id: ctx.ids("aclassoc"), subnetId: association.subnetId };
  const withoutOld = {
    ...current,
    associations: current.associations.filter((a) => a.id !== association.id),
  };
  tx.put("networkAcl", scope, withoutOld);
  const target = next.id === current.id ? withoutOld : next;
  tx.put("networkAcl", scope, { ...target, associations: [...target.associations, replacement] });
  return { newAssociationId: replacement.id };
}
