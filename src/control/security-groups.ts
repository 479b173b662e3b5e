/**
 * Security groups: CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups,
 * DescribeSecurityGroupRules, AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress
 * (by permission and by rule id), ModifySecurityGroupRules,
 * UpdateSecurityGroupRuleDescriptionsIngress/Egress, DescribeSecurityGroupReferences.
 *
 * A group stores one rule per source, each with its `sgr-` id, exactly as AWS stores and describes
 * them (protocol names `tcp`/`udp`/`icmp`/`icmpv6`, `-1`, or a number; ports only where the
 * protocol has them); `IpPermissions` are a grouping of those rules made when described.
 */
import type { Resources } from "../model/kinds.js";
import type { SecurityGroup, SecurityGroupRule, Tag, Vpc } from "../model/resources.js";
import { isValidPort, parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  CannotDelete,
  DependencyViolation,
  InvalidGroupDifferentNetwork,
  InvalidGroupDuplicate,
  InvalidGroupNotFoundInVpc,
  InvalidGroupReserved,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidPermissionDuplicate,
  InvalidPermissionMalformed,
  InvalidPermissionNotFound,
  MissingParameter,
  PrefixListIdErrors,
  RulesPerSecurityGroupLimitExceeded,
  SecurityGroupIdErrors,
  SecurityGroupLimitExceeded,
  SecurityGroupRuleIdErrors,
  VpcIdErrors,
  VpcIdNotSpecified,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, defaultVpcOf, requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { peeringForGroupReference, peeringStatusOf, sameRegionPeersOf } from "./peering.js";
import { requireReferenceablePrefixList } from "./prefix-lists.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

// ---- names, descriptions --------------------------------------------------------------------

/** CreateSecurityGroup reference: up to 255 characters from a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$* */
const ALLOWED_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const MAX_TEXT_LENGTH = 255;
const ALLOWED_SET = "a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*";

function isAllowedText(text: string): boolean {
  return text.length <= MAX_TEXT_LENGTH && ALLOWED_TEXT.test(text);
}

export function assertGroupName(name: string | undefined): string {
  if (name === undefined || name === "") throw new MissingParameter("GroupName");
  if (name.toLowerCase().startsWith("sg-")) {
    throw new InvalidParameterValue(
      `Value (${name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`,
    );
  }
  if (!isAllowedText(name)) {
    throw new InvalidParameterValue(
      `Value (${name}) for parameter GroupName is invalid. Valid names are strings less than 256 characters from the following set:  ${ALLOWED_SET}`,
    );
  }
  return name;
}

export function assertGroupDescription(description: string | undefined): string {
  if (description === undefined || description === "") throw new MissingParameter("GroupDescription");
  if (!isAllowedText(description)) {
    throw new InvalidParameterValue(
      `Value (${description}) for parameter GroupDescription is invalid. Valid descriptions are strings less than 256 characters from the following set:  ${ALLOWED_SET}`,
    );
  }
  return description;
}

/** Rule descriptions: the same character set; an empty description is no description. */
export function assertRuleDescription(description: string | undefined): string | undefined {
  if (description === undefined || description === "") return undefined;
  if (!isAllowedText(description)) {
    throw new InvalidParameterValue(
      `Invalid rule description. Valid descriptions are strings less than 256 characters from the following set:  ${ALLOWED_SET}`,
    );
  }
  return description;
}

// ---- protocols and ports --------------------------------------------------------------------

/** Names and numbers AWS stores under a name; every other protocol number is stored as a number. */
const NAMED_PROTOCOLS: Readonly<Record<string, string>> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  icmpv6: "icmpv6",
  "58": "icmpv6",
  "-1": "-1",
};

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { tcp: "6", udp: "17", icmp: "1", icmpv6: "58" };

/**
 * The protocol as AWS stores it. `all` is not a protocol to the API (the CLI translates it to -1
 * before sending), so it is rejected as AWS rejects it.
 */
export function normalizeIpProtocol(value: string | undefined): string {
  if (value === undefined || value === "") {
    throw new InvalidParameterValue(
      "Invalid value 'null' for protocol. VPC security group rules must specify protocols explicitly.",
    );
  }
  const lower = value.toLowerCase();
  if (Object.hasOwn(NAMED_PROTOCOLS, lower)) return NAMED_PROTOCOLS[lower]!;
  if (/^\d{1,3}$/.test(value) && Number(value) <= 255) return String(Number(value));
  throw new InvalidParameterValue(`Invalid value '${value}' for IP protocol. Unknown protocol.`);
}

/** Whether the rule's ports (or ICMP type and code) mean something for this protocol. */
export function protocolHasPorts(protocol: string): boolean {
  return protocol === "tcp" || protocol === "udp" || protocol === "icmp" || protocol === "icmpv6";
}

interface Ports {
  readonly fromPort?: number;
  readonly toPort?: number;
}

function portsOf(protocol: string, fromPort: number | undefined, toPort: number | undefined): Ports {
  if (protocol === "tcp" || protocol === "udp") {
    if (fromPort === undefined || toPort === undefined) {
      throw new InvalidParameterValue(
        "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.",
      );
    }
    for (const port of [fromPort, toPort]) {
      if (!isValidPort(port)) throw new InvalidPermissionMalformed(`TCP/UDP port (${port}) out of range`);
    }
    if (fromPort > toPort) {
      throw new InvalidParameterValue(
        `Invalid TCP/UDP port range: the from port (${fromPort}) is greater than the to port (${toPort}).`,
      );
    }
    return { fromPort, toPort };
  }
  if (protocol === "icmp" || protocol === "icmpv6") {
    // ICMPv6 rules may leave out type and code: all types and codes.
    if (protocol === "icmpv6" && fromPort === undefined && toPort === undefined)
      return { fromPort: -1, toPort: -1 };
    if (fromPort === undefined || toPort === undefined) {
      throw new InvalidParameterValue(
        "Invalid value 'Must specify both from and to ports with ICMP.' for portRange.",
      );
    }
    if (!Number.isInteger(fromPort) || fromPort < -1 || fromPort > 255) {
      throw new InvalidPermissionMalformed(`ICMP type (${fromPort}) out of range`);
    }
    if (!Number.isInteger(toPort) || toPort < -1 || toPort > 255) {
      throw new InvalidPermissionMalformed(`ICMP code (${toPort}) out of range`);
    }
    if (fromPort === -1 && toPort !== -1) {
      throw new InvalidParameterValue(
        "Invalid value for portRange. When the ICMP type is -1 (all types), the ICMP code must be -1 (all codes).",
      );
    }
    return { fromPort, toPort };
  }
  // -1 and other protocols: all ports, whatever the request says.
  return {};
}

// ---- rule sources and specifications --------------------------------------------------------

export type RuleSource =
  | { readonly kind: "cidrIpv4"; readonly value: string }
  | { readonly kind: "cidrIpv6"; readonly value: string }
  | { readonly kind: "prefixList"; readonly value: string }
  | {
      readonly kind: "group";
      readonly value: string;
      readonly userId: string;
      /** For a group of a peered VPC: its VPC and the peering connection the rule reaches it through. */
      readonly vpcId?: string;
      readonly vpcPeeringConnectionId?: string;
      /** Derived when described (`PeeringStatus`), never stored. */
      readonly peeringStatus?: string;
    };

/** A rule as a request states it: everything but its id and tags. */
export interface RuleSpec extends Ports {
  readonly isEgress: boolean;
  readonly ipProtocol: string;
  readonly source: RuleSource;
  readonly description?: string;
}

export function sourceOf(rule: SecurityGroupRule): RuleSource {
  if (rule.cidrIpv4 !== undefined) return { kind: "cidrIpv4", value: rule.cidrIpv4 };
  if (rule.cidrIpv6 !== undefined) return { kind: "cidrIpv6", value: rule.cidrIpv6 };
  if (rule.prefixListId !== undefined) return { kind: "prefixList", value: rule.prefixListId };
  const group = rule.referencedGroup!;
  return { kind: "group", value: group.groupId, userId: group.userId, ...peerFieldsOf(group) };
}

/** The peering fields of a referenced group, when it is in a peered VPC. */
function peerFieldsOf(group: {
  readonly vpcId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly peeringStatus?: string;
}): { vpcId?: string; vpcPeeringConnectionId?: string; peeringStatus?: string } {
  return {
    ...(group.vpcId !== undefined ? { vpcId: group.vpcId } : {}),
    ...(group.vpcPeeringConnectionId !== undefined
      ? { vpcPeeringConnectionId: group.vpcPeeringConnectionId }
      : {}),
    ...(group.peeringStatus !== undefined ? { peeringStatus: group.peeringStatus } : {}),
  };
}

/** What makes two rules the same rule: direction, protocol, ports and source (not the description). */
function ruleKey(
  rule: { isEgress: boolean; ipProtocol: string; fromPort?: number; toPort?: number },
  source: RuleSource,
): string {
  return `${rule.isEgress ? "e" : "i"}|${rule.ipProtocol}|${rule.fromPort ?? ""}|${rule.toPort ?? ""}|${source.kind}|${source.value}`;
}

const specKey = (spec: RuleSpec): string => ruleKey(spec, spec.source);
const storedKey = (rule: SecurityGroupRule): string => ruleKey(rule, sourceOf(rule));

/** AWS's wording of a rule in `InvalidPermission.Duplicate` ("peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW"). */
function ruleLabel(spec: RuleSpec): string {
  const p = spec.ipProtocol;
  const what =
    p === "-1"
      ? "ALL"
      : p === "tcp" || p === "udp"
        ? `${p.toUpperCase()}, from port: ${spec.fromPort}, to port: ${spec.toPort}`
        : p === "icmp" || p === "icmpv6"
          ? `${p.toUpperCase()}, type: ${spec.fromPort}, code: ${spec.toPort}`
          : `protocol: ${p}`;
  return `peer: ${spec.source.value}, ${what}, ALLOW`;
}

function ruleOf(id: string, spec: RuleSpec, tags: readonly Tag[]): SecurityGroupRule {
  const source = spec.source;
  return {
    id,
    isEgress: spec.isEgress,
    ipProtocol: spec.ipProtocol,
    ...(spec.fromPort !== undefined ? { fromPort: spec.fromPort, toPort: spec.toPort } : {}),
    ...(source.kind === "cidrIpv4" ? { cidrIpv4: source.value } : {}),
    ...(source.kind === "cidrIpv6" ? { cidrIpv6: source.value } : {}),
    ...(source.kind === "prefixList" ? { prefixListId: source.value } : {}),
    ...(source.kind === "group"
      ? {
          referencedGroup: {
            groupId: source.value,
            userId: source.userId,
            ...(source.vpcId !== undefined ? { vpcId: source.vpcId } : {}),
            ...(source.vpcPeeringConnectionId !== undefined
              ? { vpcPeeringConnectionId: source.vpcPeeringConnectionId }
              : {}),
          },
        }
      : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    tags,
  };
}

/** The IP permission structure of the wire (`IpPermissions.N`), in domain names. */
export interface IpPermissionInput {
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges?: readonly { readonly cidrIp?: string; readonly description?: string }[];
  readonly ipv6Ranges?: readonly { readonly cidrIpv6?: string; readonly description?: string }[];
  readonly prefixListIds?: readonly { readonly prefixListId?: string; readonly description?: string }[];
  readonly userIdGroupPairs?: readonly UserIdGroupPairInput[];
}

export interface UserIdGroupPairInput {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly userId?: string;
  readonly vpcId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly description?: string;
}

function parseIpv4Source(value: string | undefined): RuleSource {
  const parsed = value === undefined ? undefined : parseIpv4Cidr(value);
  // "Amazon Web Services canonicalizes IPv4 and IPv6 CIDRs" (IpRange reference).
  if (!parsed?.ok) throw new InvalidParameterValue(`CIDR block ${value ?? ""} is malformed`);
  return { kind: "cidrIpv4", value: parsed.cidr.toString() };
}

function parseIpv6Source(value: string | undefined): RuleSource {
  const parsed = value === undefined ? undefined : parseIpv6Cidr(value);
  if (!parsed?.ok) throw new InvalidParameterValue(`CIDR block ${value ?? ""} is malformed`);
  return { kind: "cidrIpv6", value: parsed.cidr.toString() };
}

/** A prefix list source: an AWS-managed list of the region or one of the account's own. */
function parsePrefixListSource(ctx: ReadContext, value: string | undefined): RuleSource {
  if (value === undefined || value === "") throw new MissingParameter("PrefixListId");
  return { kind: "prefixList", value: requireReferenceablePrefixList(ctx, value, PrefixListIdErrors).id };
}

/**
 * A referenced group: of the same VPC, or of a VPC peered with it through an active connection in
 * the same Region (VPC Peering Guide, "Update your security groups to reference peer security
 * groups"), named by `GroupId` with the peer's account as `UserId` when it is another account's,
 * and optionally the `VpcPeeringConnectionId`. A peer's group is stored with its VPC, owner and
 * connection.
 */
function parseGroupSource(ctx: ReadContext, target: SecurityGroup, pair: UserIdGroupPairInput): RuleSource {
  const { tx, scope } = ctx;
  // A peer's group this group references stays nameable once the connection or the group is gone,
  // so that the stale rule can be revoked by its permission (VPC Peering Guide, stale rules).
  const stale = pair.groupId
    ? target.rules.find(
        (r) => r.referencedGroup?.groupId === pair.groupId && r.referencedGroup?.vpcPeeringConnectionId,
      )
    : undefined;
  let referenced: SecurityGroup | undefined;
  if (pair.groupId !== undefined && pair.groupId !== "") {
    assertWellFormedId(pair.groupId, SecurityGroupIdErrors);
    const owner = pair.userId !== undefined && pair.userId !== "" ? pair.userId : scope.account;
    referenced = tx.get("securityGroup", { account: owner, region: scope.region }, pair.groupId);
    if (!referenced && stale) return sourceOf(stale);
    if (!referenced) throw new SecurityGroupIdErrors.notFound([pair.groupId]);
  } else if (pair.groupName !== undefined && pair.groupName !== "") {
    const name = pair.groupName;
    referenced = findGroupByName(tx, scope, target.vpcId, name);
    if (!referenced) throw new SecurityGroupIdErrors.notFound([name]);
  } else {
    throw new MissingParameter("UserIdGroupPairs.GroupId or UserIdGroupPairs.GroupName");
  }
  if (pair.userId !== undefined && pair.userId !== "" && pair.userId !== referenced.ownerId) {
    throw new SecurityGroupIdErrors.notFound([referenced.id]);
  }
  if (referenced.vpcId === target.vpcId && referenced.ownerId === scope.account) {
    return { kind: "group", value: referenced.id, userId: referenced.ownerId };
  }
  const connection = peeringForGroupReference(ctx, target.vpcId, referenced, pair.vpcPeeringConnectionId);
  if (!connection && stale) return sourceOf(stale);
  if (!connection) {
    // Another account's group is visible only through a peering connection.
    throw referenced.ownerId === scope.account
      ? new InvalidGroupDifferentNetwork()
      : new SecurityGroupIdErrors.notFound([referenced.id]);
  }
  return {
    kind: "group",
    value: referenced.id,
    userId: referenced.ownerId,
    vpcId: referenced.vpcId,
    vpcPeeringConnectionId: connection.id,
  };
}

/** Every rule one IP permission stands for: one per source. */
function specsOfPermission(
  ctx: ReadContext,
  target: SecurityGroup,
  isEgress: boolean,
  permission: IpPermissionInput,
): RuleSpec[] {
  const ipProtocol = normalizeIpProtocol(permission.ipProtocol);
  const ports = portsOf(ipProtocol, permission.fromPort, permission.toPort);
  const specs: RuleSpec[] = [];
  const add = (source: RuleSource, description: string | undefined) => {
    const text = assertRuleDescription(description);
    specs.push({
      isEgress,
      ipProtocol,
      ...ports,
      source,
      ...(text !== undefined ? { description: text } : {}),
    });
  };
  for (const range of permission.ipRanges ?? []) add(parseIpv4Source(range.cidrIp), range.description);
  for (const range of permission.ipv6Ranges ?? []) add(parseIpv6Source(range.cidrIpv6), range.description);
  for (const list of permission.prefixListIds ?? [])
    add(parsePrefixListSource(ctx, list.prefixListId), list.description);
  for (const pair of permission.userIdGroupPairs ?? [])
    add(parseGroupSource(ctx, target, pair), pair.description);
  if (specs.length === 0) {
    throw new InvalidPermissionMalformed(
      "Missing source specification: include source security group or CIDR information",
    );
  }
  return specs;
}

/** The flat, single-rule parameters of the Authorize and Revoke calls (CidrIp, IpProtocol, …). */
export interface LegacyRuleInput {
  readonly cidrIp?: string;
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly sourceSecurityGroupName?: string;
  readonly sourceSecurityGroupOwnerId?: string;
}

const LEGACY_PARAMS = [
  ["cidrIp", "CidrIp"],
  ["ipProtocol", "IpProtocol"],
  ["fromPort", "FromPort"],
  ["toPort", "ToPort"],
  ["sourceSecurityGroupName", "SourceSecurityGroupName"],
  ["sourceSecurityGroupOwnerId", "SourceSecurityGroupOwnerId"],
] as const satisfies readonly (readonly [keyof LegacyRuleInput, string])[];

/** The permissions a request names, from `IpPermissions` or from the flat parameters (not both). */
function permissionsOf(
  input: LegacyRuleInput & { readonly ipPermissions?: readonly IpPermissionInput[] },
  isEgress: boolean,
): readonly IpPermissionInput[] {
  const flat = LEGACY_PARAMS.filter(([key]) => input[key] !== undefined);
  const permissions = input.ipPermissions ?? [];
  if (flat.length === 0) return permissions;
  if (permissions.length > 0) {
    throw new InvalidParameterCombination(
      `The parameter IpPermissions cannot be used with the parameter ${flat[0]![1]}`,
    );
  }
  if (input.sourceSecurityGroupName !== undefined || input.sourceSecurityGroupOwnerId !== undefined) {
    if (isEgress) {
      throw new InvalidParameterValue(
        "SourceSecurityGroupName and SourceSecurityGroupOwnerId are not supported for egress rules. Use IpPermissions.",
      );
    }
    if (input.cidrIp !== undefined) {
      throw new InvalidParameterCombination(
        "The parameter CidrIp cannot be used with the parameter SourceSecurityGroupName",
      );
    }
    if (input.sourceSecurityGroupName === undefined) throw new MissingParameter("SourceSecurityGroupName");
    const pair: UserIdGroupPairInput = {
      groupName: input.sourceSecurityGroupName,
      ...(input.sourceSecurityGroupOwnerId !== undefined ? { userId: input.sourceSecurityGroupOwnerId } : {}),
    };
    if (input.ipProtocol === undefined) {
      // "The rule grants full ICMP, UDP, and TCP access" (AuthorizeSecurityGroupIngress reference).
      return [
        { ipProtocol: "tcp", fromPort: 0, toPort: 65535, userIdGroupPairs: [pair] },
        { ipProtocol: "udp", fromPort: 0, toPort: 65535, userIdGroupPairs: [pair] },
        { ipProtocol: "icmp", fromPort: -1, toPort: -1, userIdGroupPairs: [pair] },
      ];
    }
    return [{ ...portsInput(input), ipProtocol: input.ipProtocol, userIdGroupPairs: [pair] }];
  }
  return [
    {
      ...portsInput(input),
      ...(input.ipProtocol !== undefined ? { ipProtocol: input.ipProtocol } : {}),
      ipRanges: input.cidrIp !== undefined ? [{ cidrIp: input.cidrIp }] : [],
    },
  ];
}

function portsInput(input: LegacyRuleInput): Ports {
  return {
    ...(input.fromPort !== undefined ? { fromPort: input.fromPort } : {}),
    ...(input.toPort !== undefined ? { toPort: input.toPort } : {}),
  };
}

// ---- lookups ------------------------------------------------------------------------------

/** Names are case-insensitive and unique within a VPC (CreateSecurityGroup reference). */
function findGroupByName(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
  name: string,
): SecurityGroup | undefined {
  const lower = name.toLowerCase();
  return tx.listBy("securityGroup", scope, "vpcId", vpcId).find((g) => g.groupName.toLowerCase() === lower);
}

/** The default security group of a VPC (what an interface gets when it names none). */
export function defaultSecurityGroupOf(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
): SecurityGroup | undefined {
  return tx.listBy("securityGroup", scope, "vpcId", vpcId).find((g) => g.isDefault);
}

/** A group named by id, or by name in the default VPC ("[Default VPC] The name of the security group"). */
function resolveGroup(
  ctx: ReadContext,
  groupId: string | undefined,
  groupName: string | undefined,
): SecurityGroup {
  const { tx, scope } = ctx;
  if (groupId !== undefined && groupId !== "") {
    return requireRecord(tx, scope, "securityGroup", groupId, SecurityGroupIdErrors);
  }
  if (groupName === undefined || groupName === "") throw new MissingParameter("groupName or groupId");
  const vpc = defaultVpcOf(tx, scope);
  if (!vpc) {
    throw new VpcIdNotSpecified(
      "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.",
    );
  }
  const group = findGroupByName(tx, scope, vpc.id, groupName);
  if (!group) throw new InvalidGroupNotFoundInVpc(groupName, vpc.id);
  return group;
}

// ---- quotas -------------------------------------------------------------------------------

/**
 * 60 inbound and 60 outbound rules (VPC quotas), counted separately for IPv4 and IPv6; a rule that
 * references a group or a prefix list counts for both.
 */
function assertRuleQuota(rules: readonly SecurityGroupRule[], isEgress: boolean, limit: number): void {
  let ipv4 = 0;
  let ipv6 = 0;
  for (const rule of rules) {
    if (rule.isEgress !== isEgress) continue;
    if (rule.cidrIpv4 !== undefined) ipv4++;
    else if (rule.cidrIpv6 !== undefined) ipv6++;
    else {
      ipv4++;
      ipv6++;
    }
  }
  if (ipv4 > limit || ipv6 > limit) throw new RulesPerSecurityGroupLimitExceeded();
}

// ---- views --------------------------------------------------------------------------------

/** A rule as DescribeSecurityGroupRules shows it: with the group it belongs to. */
export interface SecurityGroupRuleView extends SecurityGroupRule {
  readonly groupId: string;
  readonly groupOwnerId: string;
}

export function viewRule(group: SecurityGroup, rule: SecurityGroupRule): SecurityGroupRuleView {
  return { ...rule, groupId: group.id, groupOwnerId: group.ownerId };
}

/** One `IpPermission` of DescribeSecurityGroups: the rules with the same protocol and ports. */
export interface IpPermissionView {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges: { readonly cidrIp: string; readonly description?: string }[];
  readonly ipv6Ranges: { readonly cidrIpv6: string; readonly description?: string }[];
  readonly prefixListIds: { readonly prefixListId: string; readonly description?: string }[];
  readonly userIdGroupPairs: {
    readonly groupId: string;
    readonly userId: string;
    readonly vpcId?: string;
    readonly vpcPeeringConnectionId?: string;
    readonly peeringStatus?: string;
    readonly description?: string;
  }[];
}

type RuleFields = Pick<SecurityGroupRule, "ipProtocol" | "fromPort" | "toPort" | "description"> & {
  readonly source: RuleSource;
};

/** Groups rules into IP permissions as AWS does: one per protocol and port range, in first-seen order. */
export function ipPermissionsOf(rules: readonly RuleFields[]): IpPermissionView[] {
  const byKey = new Map<string, IpPermissionView>();
  for (const rule of rules) {
    const key = `${rule.ipProtocol}|${rule.fromPort ?? ""}|${rule.toPort ?? ""}`;
    let permission = byKey.get(key);
    if (!permission) {
      permission = {
        ipProtocol: rule.ipProtocol,
        ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort, toPort: rule.toPort } : {}),
        ipRanges: [],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [],
      };
      byKey.set(key, permission);
    }
    const description = rule.description !== undefined ? { description: rule.description } : {};
    const source = rule.source;
    if (source.kind === "cidrIpv4") permission.ipRanges.push({ cidrIp: source.value, ...description });
    else if (source.kind === "cidrIpv6")
      permission.ipv6Ranges.push({ cidrIpv6: source.value, ...description });
    else if (source.kind === "prefixList")
      permission.prefixListIds.push({ prefixListId: source.value, ...description });
    else {
      permission.userIdGroupPairs.push({
        groupId: source.value,
        userId: source.userId,
        ...peerFieldsOf(source),
        ...description,
      });
    }
  }
  return [...byKey.values()];
}

/** The inbound (or outbound) permissions of a group. */
export function groupPermissions(group: SecurityGroup, isEgress: boolean): IpPermissionView[] {
  return ipPermissionsOf(
    group.rules.filter((r) => r.isEgress === isEgress).map((r) => ({ ...r, source: sourceOf(r) })),
  );
}

// ---- filters ------------------------------------------------------------------------------

/** What the DescribeSecurityGroups filters look at: the group, and the names of the groups it references. */
export interface SecurityGroupFilterItem {
  readonly group: SecurityGroup;
  readonly tags: readonly Tag[];
  readonly groupNameOf: (groupId: string) => string | undefined;
}

function protocolValues(protocol: string): string[] {
  const number = PROTOCOL_NUMBERS[protocol];
  return number ? [protocol, number] : [protocol];
}

function permissionFilters(prefix: string, isEgress: boolean): FilterTable<SecurityGroupFilterItem> {
  const rules = (item: SecurityGroupFilterItem) => item.group.rules.filter((r) => r.isEgress === isEgress);
  return {
    [`${prefix}.cidr`]: (i) => rules(i).map((r) => r.cidrIpv4),
    [`${prefix}.from-port`]: (i) => rules(i).map((r) => r.fromPort ?? -1),
    [`${prefix}.group-id`]: (i) => rules(i).map((r) => r.referencedGroup?.groupId),
    [`${prefix}.group-name`]: (i) =>
      rules(i).map((r) => (r.referencedGroup ? i.groupNameOf(r.referencedGroup.groupId) : undefined)),
    [`${prefix}.ipv6-cidr`]: (i) => rules(i).map((r) => r.cidrIpv6),
    [`${prefix}.prefix-list-id`]: (i) => rules(i).map((r) => r.prefixListId),
    [`${prefix}.protocol`]: (i) => rules(i).flatMap((r) => protocolValues(r.ipProtocol)),
    [`${prefix}.to-port`]: (i) => rules(i).map((r) => r.toPort ?? -1),
    [`${prefix}.user-id`]: (i) => rules(i).map((r) => r.referencedGroup?.userId),
  };
}

/** Every filter of the DescribeSecurityGroups reference (tag filters come from the engine). */
export const SECURITY_GROUP_FILTERS: FilterTable<SecurityGroupFilterItem> = {
  description: (i) => i.group.description,
  ...permissionFilters("egress.ip-permission", true),
  "group-id": (i) => i.group.id,
  "group-name": (i) => i.group.groupName,
  ...permissionFilters("ip-permission", false),
  "owner-id": (i) => i.group.ownerId,
  "vpc-id": (i) => i.group.vpcId,
};

/** Every filter of the DescribeSecurityGroupRules reference. */
export const SECURITY_GROUP_RULE_FILTERS: FilterTable<SecurityGroupRuleView> = {
  "group-id": (r) => r.groupId,
  "security-group-rule-id": (r) => r.id,
};

// ---- CreateSecurityGroup, DeleteSecurityGroup --------------------------------------------------

export interface CreateSecurityGroupInput {
  readonly groupName?: string;
  readonly description?: string;
  readonly vpcId?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

/**
 * A new group allows all outbound traffic and nothing inbound; in a VPC with an IPv6 block it
 * also allows all outbound IPv6 traffic, as the VPC's default group does (VPC User Guide).
 */
function defaultEgressRules(ctx: WriteContext, vpc: Vpc): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [
    { id: ctx.ids("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: [] },
  ];
  if (vpc.ipv6CidrBlockAssociations.length > 0) {
    rules.push({ id: ctx.ids("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv6: "::/0", tags: [] });
  }
  return rules;
}

export function createSecurityGroup(
  ctx: WriteContext,
  input: CreateSecurityGroupInput,
): { securityGroup: SecurityGroup } {
  const { tx, scope } = ctx;
  const groupName = assertGroupName(input.groupName);
  const description = assertGroupDescription(input.description);
  let vpc: Vpc;
  if (input.vpcId !== undefined && input.vpcId !== "") {
    vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  } else {
    const defaultVpc = defaultVpcOf(tx, scope);
    if (!defaultVpc) throw new VpcIdNotSpecified("No default VPC for this user");
    vpc = defaultVpc;
  }
  if (groupName.toLowerCase() === "default") throw new InvalidGroupReserved();
  if (findGroupByName(tx, scope, vpc.id, groupName)) throw new InvalidGroupDuplicate(groupName, vpc.id);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "security-group",
    ctx.config.quotas.tagsPerResource,
  );
  if (tx.count("securityGroup", scope) >= ctx.config.quotas.securityGroupsPerRegion) {
    throw new SecurityGroupLimitExceeded();
  }
  const group: SecurityGroup = {
    id: ctx.ids("sg"),
    ownerId: scope.account,
    tags,
    groupName,
    description,
    vpcId: vpc.id,
    isDefault: false,
    rules: defaultEgressRules(ctx, vpc),
  };
  tx.put("securityGroup", scope, group);
  return { securityGroup: group };
}

export function deleteSecurityGroup(
  ctx: WriteContext,
  input: { groupId?: string; groupName?: string },
): void {
  const { tx, scope } = ctx;
  const group = resolveGroup(ctx, input.groupId, input.groupName);
  if (group.isDefault) throw new CannotDelete(group.id);
  const referenced = tx.list("securityGroup", scope).some(
    (g) =>
      g.id !== group.id &&
      // A peer VPC's rule does not hold the group: it becomes stale (VPC Peering Guide).
      g.rules.some(
        (r) => r.referencedGroup?.groupId === group.id && !r.referencedGroup.vpcPeeringConnectionId,
      ),
  );
  // Interfaces carry their groups (network interfaces family); read them through the store only.
  const inUse = tx
    .listBy("networkInterface", scope, "vpcId", group.vpcId)
    .some((eni) => eni.groupIds.includes(group.id));
  if (referenced || inUse) throw new DependencyViolation(`resource ${group.id} has a dependent object`);
  tx.delete("securityGroup", scope, group.id);
}

// ---- DescribeSecurityGroups, DescribeSecurityGroupRules, DescribeSecurityGroupReferences --------

export interface DescribeSecurityGroupsInput extends PageRequest {
  readonly groupIds?: readonly string[];
  readonly groupNames?: readonly string[];
  readonly filters?: readonly Filter[];
}

function groupsByName(ctx: ReadContext, names: readonly string[]): SecurityGroup[] {
  const { tx, scope } = ctx;
  const vpc = defaultVpcOf(tx, scope);
  return names.map((name) => {
    const group = vpc ? findGroupByName(tx, scope, vpc.id, name) : undefined;
    if (group) return group;
    throw vpc ? new InvalidGroupNotFoundInVpc(name, vpc.id) : new SecurityGroupIdErrors.notFound([name]);
  });
}

export function describeSecurityGroups(
  ctx: ReadContext,
  input: DescribeSecurityGroupsInput,
): { securityGroups: readonly SecurityGroup[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(SECURITY_GROUP_FILTERS, input.filters);
  let groups: readonly SecurityGroup[];
  if (input.groupIds?.length || input.groupNames?.length) {
    const byId = input.groupIds?.length
      ? selectByIds(tx, scope, "securityGroup", input.groupIds, SecurityGroupIdErrors)
      : [];
    const byName = input.groupNames?.length ? groupsByName(ctx, input.groupNames) : [];
    groups = [...new Set([...byId, ...byName])];
  } else {
    groups = tx.list("securityGroup", scope);
  }
  if (input.filters?.length) {
    const groupNameOf = (id: string) => tx.get("securityGroup", scope, id)?.groupName;
    groups = groups.filter((group) => matches({ group, tags: group.tags, groupNameOf }));
  }
  groups = groups.map((group) => withPeeringStatus(tx, scope, group));
  const page = paginate(groups, input, [
    "DescribeSecurityGroups",
    input.groupIds ?? [],
    input.groupNames ?? [],
    input.filters ?? [],
  ]);
  return { securityGroups: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface DescribeSecurityGroupRulesInput extends PageRequest {
  readonly securityGroupRuleIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeSecurityGroupRules(
  ctx: ReadContext,
  input: DescribeSecurityGroupRulesInput,
): { securityGroupRules: readonly SecurityGroupRuleView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(SECURITY_GROUP_RULE_FILTERS, input.filters);
  // A lone exact group-id filter (how Terraform and the console ask) reads only those groups.
  const groupFilter =
    input.filters?.length === 1 && input.filters[0]!.name === "group-id" ? input.filters[0] : undefined;
  const groups = groupFilter?.values.every((v) => !/[*?\\]/.test(v))
    ? groupFilter.values.flatMap((id) => tx.get("securityGroup", scope, id) ?? [])
    : tx.list("securityGroup", scope);
  let rules = groups.flatMap((g) => {
    const described = withPeeringStatus(tx, scope, g);
    return described.rules.map((r) => viewRule(described, r));
  });
  if (input.securityGroupRuleIds?.length) {
    const wanted = new Set<string>();
    for (const id of input.securityGroupRuleIds) {
      assertWellFormedId(id, SecurityGroupRuleIdErrors);
      wanted.add(id);
    }
    const byId = new Map(rules.filter((r) => wanted.has(r.id)).map((r) => [r.id, r]));
    const missing = [...wanted].filter((id) => !byId.has(id));
    if (missing.length > 0) throw new SecurityGroupRuleIdErrors.notFound(missing);
    rules = [...wanted].map((id) => byId.get(id)!);
  }
  rules = rules.filter(matches);
  const page = paginate(rules, input, [
    "DescribeSecurityGroupRules",
    input.securityGroupRuleIds ?? [],
    input.filters ?? [],
  ]);
  return { securityGroupRules: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface SecurityGroupReference {
  readonly groupId: string;
  readonly referencingVpcId: string;
  readonly vpcPeeringConnectionId?: string;
}

/**
 * The VPCs on the other side of a peering connection whose groups reference these groups, in
 * whichever account owns them. Rules in the same VPC are not references in this sense.
 */
export function describeSecurityGroupReferences(
  ctx: ReadContext,
  input: { groupIds?: readonly string[] },
): { references: readonly SecurityGroupReference[] } {
  const { tx, scope } = ctx;
  if (!input.groupIds?.length) throw new MissingParameter("GroupId");
  const groups = selectByIds(tx, scope, "securityGroup", input.groupIds, SecurityGroupIdErrors);
  const references: SecurityGroupReference[] = [];
  for (const group of groups) {
    for (const peer of sameRegionPeersOf(tx, scope, group.vpcId)) {
      const referencing = tx
        .listBy("securityGroup", peer.scope, "vpcId", peer.vpcId)
        .some((other) =>
          other.rules.some(
            (rule) =>
              rule.referencedGroup?.groupId === group.id &&
              rule.referencedGroup.userId === group.ownerId &&
              rule.referencedGroup.vpcPeeringConnectionId !== undefined,
          ),
        );
      const listed = references.some((r) => r.groupId === group.id && r.referencingVpcId === peer.vpcId);
      if (referencing && !listed) {
        references.push({
          groupId: group.id,
          referencingVpcId: peer.vpcId,
          vpcPeeringConnectionId: peer.vpcPeeringConnectionId,
        });
      }
    }
  }
  return { references };
}

/** A group as described: rules that reference a peer VPC's group show the connection's status. */
function withPeeringStatus(tx: ReadTx<Resources>, scope: Scope, group: SecurityGroup): SecurityGroup {
  if (!group.rules.some((r) => r.referencedGroup?.vpcPeeringConnectionId)) return group;
  return {
    ...group,
    rules: group.rules.map((rule) => {
      const ref = rule.referencedGroup;
      if (!ref?.vpcPeeringConnectionId) return rule;
      return {
        ...rule,
        referencedGroup: { ...ref, peeringStatus: peeringStatusOf(tx, scope, ref.vpcPeeringConnectionId) },
      };
    }),
  };
}

// ---- Authorize, Revoke ---------------------------------------------------------------------

export interface AuthorizeSecurityGroupInput extends LegacyRuleInput {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

function authorize(
  ctx: WriteContext,
  isEgress: boolean,
  input: AuthorizeSecurityGroupInput,
): { securityGroupRules: readonly SecurityGroupRuleView[] } {
  const { tx, scope } = ctx;
  const group = resolveGroup(ctx, input.groupId, input.groupName);
  const permissions = permissionsOf(input, isEgress);
  if (permissions.length === 0) throw new MissingParameter("IpPermissions");
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "security-group-rule",
    ctx.config.quotas.tagsPerResource,
  );
  const specs = permissions.flatMap((p) => specsOfPermission(ctx, group, isEgress, p));
  const taken = new Set(group.rules.map(storedKey));
  for (const spec of specs) {
    const key = specKey(spec);
    if (taken.has(key)) throw new InvalidPermissionDuplicate(ruleLabel(spec));
    taken.add(key);
  }
  const added = specs.map((spec) => ruleOf(ctx.ids("sgr"), spec, tags));
  const rules = [...group.rules, ...added];
  assertRuleQuota(rules, isEgress, ctx.config.quotas.rulesPerSecurityGroup);
  const updated: SecurityGroup = { ...group, rules };
  tx.put("securityGroup", scope, updated);
  return { securityGroupRules: added.map((r) => viewRule(updated, r)) };
}

export function authorizeSecurityGroupIngress(ctx: WriteContext, input: AuthorizeSecurityGroupInput) {
  return authorize(ctx, false, input);
}

export function authorizeSecurityGroupEgress(ctx: WriteContext, input: AuthorizeSecurityGroupInput) {
  return authorize(ctx, true, input);
}

export interface RevokeSecurityGroupInput extends LegacyRuleInput {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly securityGroupRuleIds?: readonly string[];
}

/** The rules of `group` in one direction with these ids, or the NotFound error naming the others. */
function rulesById(group: SecurityGroup, isEgress: boolean, ids: readonly string[]): Set<string> {
  const wanted = new Set<string>();
  for (const id of ids) {
    assertWellFormedId(id, SecurityGroupRuleIdErrors);
    wanted.add(id);
  }
  const present = new Set(group.rules.filter((r) => r.isEgress === isEgress).map((r) => r.id));
  const missing = [...wanted].filter((id) => !present.has(id));
  if (missing.length > 0) throw new SecurityGroupRuleIdErrors.notFound(missing);
  return wanted;
}

/**
 * Removes rules named by id or by their exact properties. In a non-default VPC a permission that
 * matches no rule fails the whole request (`InvalidPermission.NotFound`); in the default VPC the
 * others are revoked and the unmatched ones come back as `UnknownIpPermissions` (Revoke reference).
 */
function revoke(
  ctx: WriteContext,
  isEgress: boolean,
  input: RevokeSecurityGroupInput,
): { unknownIpPermissions: readonly IpPermissionView[] } {
  const { tx, scope } = ctx;
  const group = resolveGroup(ctx, input.groupId, input.groupName);
  const ruleIds = input.securityGroupRuleIds ?? [];
  const permissions = permissionsOf(input, isEgress);
  if (ruleIds.length > 0 && permissions.length > 0) {
    throw new InvalidParameterCombination(
      "The parameter SecurityGroupRuleIds cannot be used with the parameter IpPermissions",
    );
  }
  if (ruleIds.length === 0 && permissions.length === 0) {
    throw new MissingParameter("IpPermissions or SecurityGroupRuleIds");
  }
  if (ruleIds.length > 0) {
    const doomed = rulesById(group, isEgress, ruleIds);
    tx.put("securityGroup", scope, { ...group, rules: group.rules.filter((r) => !doomed.has(r.id)) });
    return { unknownIpPermissions: [] };
  }
  const specs = permissions.flatMap((p) => specsOfPermission(ctx, group, isEgress, p));
  const byKey = new Map(group.rules.map((r) => [storedKey(r), r.id]));
  const doomed = new Set<string>();
  const unknown: RuleSpec[] = [];
  for (const spec of specs) {
    const id = byKey.get(specKey(spec));
    if (id === undefined) unknown.push(spec);
    else doomed.add(id);
  }
  if (unknown.length > 0) {
    const vpc = tx.get("vpc", scope, group.vpcId);
    if (!vpc?.isDefault) throw new InvalidPermissionNotFound();
  }
  if (doomed.size > 0) {
    tx.put("securityGroup", scope, { ...group, rules: group.rules.filter((r) => !doomed.has(r.id)) });
  }
  return { unknownIpPermissions: ipPermissionsOf(unknown) };
}

export function revokeSecurityGroupIngress(ctx: WriteContext, input: RevokeSecurityGroupInput) {
  return revoke(ctx, false, input);
}

export function revokeSecurityGroupEgress(ctx: WriteContext, input: RevokeSecurityGroupInput) {
  return revoke(ctx, true, input);
}

// ---- ModifySecurityGroupRules, UpdateSecurityGroupRuleDescriptions* --------------------------

export interface SecurityGroupRuleRequestInput {
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
  readonly description?: string;
}

export interface ModifySecurityGroupRulesInput {
  readonly groupId?: string;
  readonly securityGroupRules?: readonly {
    readonly securityGroupRuleId?: string;
    readonly securityGroupRule?: SecurityGroupRuleRequestInput;
  }[];
}

function permissionOfRequest(request: SecurityGroupRuleRequestInput): IpPermissionInput {
  const sources = [
    request.cidrIpv4,
    request.cidrIpv6,
    request.prefixListId,
    request.referencedGroupId,
  ].filter((v) => v !== undefined);
  if (sources.length !== 1) {
    throw new InvalidParameterCombination(
      "You must specify exactly one of the following parameters: CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupId.",
    );
  }
  const description = request.description !== undefined ? { description: request.description } : {};
  return {
    ...(request.ipProtocol !== undefined ? { ipProtocol: request.ipProtocol } : {}),
    ...portsInput(request),
    ...(request.cidrIpv4 !== undefined ? { ipRanges: [{ cidrIp: request.cidrIpv4, ...description }] } : {}),
    ...(request.cidrIpv6 !== undefined
      ? { ipv6Ranges: [{ cidrIpv6: request.cidrIpv6, ...description }] }
      : {}),
    ...(request.prefixListId !== undefined
      ? { prefixListIds: [{ prefixListId: request.prefixListId, ...description }] }
      : {}),
    ...(request.referencedGroupId !== undefined
      ? { userIdGroupPairs: [{ groupId: request.referencedGroupId, ...description }] }
      : {}),
  };
}

/** Replaces rules in place: same id and tags, new protocol, ports, source and description. */
export function modifySecurityGroupRules(ctx: WriteContext, input: ModifySecurityGroupRulesInput): void {
  const { tx, scope } = ctx;
  if (!input.groupId) throw new MissingParameter("GroupId");
  const group = requireRecord(tx, scope, "securityGroup", input.groupId, SecurityGroupIdErrors);
  if (!input.securityGroupRules?.length) throw new MissingParameter("SecurityGroupRule");
  const rules = [...group.rules];
  for (const update of input.securityGroupRules) {
    const id = update.securityGroupRuleId;
    if (!id) throw new MissingParameter("SecurityGroupRuleId");
    assertWellFormedId(id, SecurityGroupRuleIdErrors);
    const index = rules.findIndex((r) => r.id === id);
    if (index === -1) throw new SecurityGroupRuleIdErrors.notFound([id]);
    if (!update.securityGroupRule) throw new MissingParameter("SecurityGroupRule.SecurityGroupRule");
    const existing = rules[index]!;
    const [spec] = specsOfPermission(
      ctx,
      group,
      existing.isEgress,
      permissionOfRequest(update.securityGroupRule),
    );
    // "When you modify a rule, you cannot change the rule type" (SecurityGroupRuleRequest reference).
    if (spec!.source.kind !== sourceOf(existing).kind) {
      throw new InvalidParameterValue(
        `Invalid rule type for security group rule '${id}'. The type of a rule (CIDR, IPv6 CIDR, prefix list or security group) cannot be changed.`,
      );
    }
    rules[index] = ruleOf(existing.id, spec!, existing.tags);
  }
  const seen = new Set<string>();
  for (const rule of rules) {
    const key = storedKey(rule);
    if (seen.has(key)) throw new InvalidPermissionDuplicate(ruleLabel({ ...rule, source: sourceOf(rule) }));
    seen.add(key);
  }
  tx.put("securityGroup", scope, { ...group, rules });
}

export interface UpdateSecurityGroupRuleDescriptionsInput {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly ipPermissions?: readonly IpPermissionInput[];
  readonly securityGroupRuleDescriptions?: readonly {
    readonly securityGroupRuleId?: string;
    readonly description?: string;
  }[];
}

/** Sets (or, given none, removes) the descriptions of existing rules, named by id or by their properties. */
function updateDescriptions(
  ctx: WriteContext,
  isEgress: boolean,
  input: UpdateSecurityGroupRuleDescriptionsInput,
): void {
  const { tx, scope } = ctx;
  const group = resolveGroup(ctx, input.groupId, input.groupName);
  const permissions = input.ipPermissions ?? [];
  const byRuleId = input.securityGroupRuleDescriptions ?? [];
  if (permissions.length === 0 && byRuleId.length === 0) {
    throw new MissingParameter("IpPermissions or SecurityGroupRuleDescriptions");
  }
  if (permissions.length > 0 && byRuleId.length > 0) {
    throw new InvalidParameterCombination(
      "The parameter SecurityGroupRuleDescriptions cannot be used with the parameter IpPermissions",
    );
  }
  const descriptions = new Map<string, string | undefined>();
  if (byRuleId.length > 0) {
    const ids = byRuleId.map((d) => {
      if (!d.securityGroupRuleId) throw new MissingParameter("SecurityGroupRuleId");
      return d.securityGroupRuleId;
    });
    rulesById(group, isEgress, ids);
    for (const d of byRuleId) descriptions.set(d.securityGroupRuleId!, assertRuleDescription(d.description));
  } else {
    const byKey = new Map(group.rules.map((r) => [storedKey(r), r.id]));
    for (const spec of permissions.flatMap((p) => specsOfPermission(ctx, group, isEgress, p))) {
      const id = byKey.get(specKey(spec));
      if (id === undefined) throw new InvalidPermissionNotFound();
      descriptions.set(id, spec.description);
    }
  }
  const rules = group.rules.map((rule) => {
    if (!descriptions.has(rule.id)) return rule;
    const { description: _old, ...rest } = rule;
    const description = descriptions.get(rule.id);
    return description === undefined ? rest : { ...rest, description };
  });
  tx.put("securityGroup", scope, { ...group, rules });
}

export function updateSecurityGroupRuleDescriptionsIngress(
  ctx: WriteContext,
  input: UpdateSecurityGroupRuleDescriptionsInput,
): void {
  updateDescriptions(ctx, false, input);
}

export function updateSecurityGroupRuleDescriptionsEgress(
  ctx: WriteContext,
  input: UpdateSecurityGroupRuleDescriptionsInput,
): void {
  updateDescriptions(ctx, true, input);
}
