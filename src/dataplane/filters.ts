/**
 * Network ACLs and security groups, compiled and evaluated.
 *
 * ACLs: AWS evaluates the entries of a direction lowest rule number first and applies the first
 * that matches; none matching means the final `*` deny (rule 32767 for IPv4, 32768 for IPv6).
 * Entries are sorted by rule number here, whatever order the records hold them in.
 *
 * Security groups: allow rules only; an interface's groups are one set of rules (their union);
 * a packet passes when any rule matches. A rule naming a group matches the private addresses of
 * the interfaces in that group.
 */
import type { NetworkAcl, NetworkAclEntry, SecurityGroup, SecurityGroupRule } from "../model/resources.js";
import type { Cidr, IpAddress } from "../net/index.js";
import type {
  AclEntries,
  AclEntry,
  AclTable,
  GroupMembers,
  SecurityGroupNode,
  SgRemote,
  SgRule,
  SgRuleTable,
} from "./graph.js";
import { hasPorts, ICMP, ICMPV6, isIcmp, type Pkt } from "./packet.js";
import type { AclRuleRef, Direction } from "./types.js";

export const IPV4_DENY_RULE_NUMBER = 32767;

/** Numbers per entry of `AclTable.packed` and `SgRuleTable.packed` (see graph.ts). */
const ACL_STRIDE = 7;
const SG_STRIDE = 7;
export const IPV6_DENY_RULE_NUMBER = 32768;

function implicitDeny(egress: boolean, family: 4 | 6): AclRuleRef {
  return {
    ruleNumber: family === 4 ? IPV4_DENY_RULE_NUMBER : IPV6_DENY_RULE_NUMBER,
    ruleAction: "deny",
    egress,
    protocol: "-1",
    cidr: family === 4 ? "0.0.0.0/0" : "::/0",
    implicit: true,
  };
}

const IMPLICIT = {
  ingress4: implicitDeny(false, 4),
  ingress6: implicitDeny(false, 6),
  egress4: implicitDeny(true, 4),
  egress6: implicitDeny(true, 6),
};

export type CidrParser = (text: string) => Cidr | undefined;

function compileAclEntry(entry: NetworkAclEntry, parse: CidrParser): AclEntry | undefined {
  const text = entry.cidrBlock ?? entry.ipv6CidrBlock;
  const cidr = text === undefined ? undefined : parse(text);
  if (cidr === undefined) return undefined;
  const protocol = Number(entry.protocol);
  const ports = hasPorts(protocol) ? (entry.portRange ?? { from: 0, to: 65535 }) : undefined;
  const icmp = isIcmp(protocol) ? (entry.icmpTypeCode ?? { type: -1, code: -1 }) : undefined;
  const ref: AclRuleRef = {
    ruleNumber: entry.ruleNumber,
    ruleAction: entry.ruleAction,
    egress: entry.egress,
    protocol: entry.protocol,
    cidr: text!,
    ...(ports !== undefined && entry.portRange !== undefined ? { portRange: entry.portRange } : {}),
    ...(icmp !== undefined && entry.icmpTypeCode !== undefined ? { icmpTypeCode: entry.icmpTypeCode } : {}),
  };
  return {
    ruleNumber: entry.ruleNumber,
    allow: entry.ruleAction === "allow",
    protocol: Number.isFinite(protocol) ? protocol : -2,
    cidr,
    portFrom: ports?.from ?? -1,
    portTo: ports?.to ?? -1,
    icmpType: icmp?.type ?? -1,
    icmpCode: icmp?.code ?? -1,
    ref,
  };
}

const byRuleNumber = (a: AclEntry, b: AclEntry) => a.ruleNumber - b.ruleNumber;

/** An ACL's entries by direction and family, each sorted by rule number. */
export function compileAclEntries(
  acl: NetworkAcl,
  parse: CidrParser,
): { ingress: AclEntries; egress: AclEntries } {
  const ingress4: AclEntry[] = [];
  const ingress6: AclEntry[] = [];
  const egress4: AclEntry[] = [];
  const egress6: AclEntry[] = [];
  for (const entry of acl.entries) {
    const compiled = compileAclEntry(entry, parse);
    if (compiled === undefined) continue;
    const v4 = compiled.cidr.family === 4;
    if (entry.egress) (v4 ? egress4 : egress6).push(compiled);
    else (v4 ? ingress4 : ingress6).push(compiled);
  }
  for (const list of [ingress4, ingress6, egress4, egress6]) list.sort(byRuleNumber);
  return {
    ingress: { v4: aclTable(ingress4), v6: ingress6 },
    egress: { v4: aclTable(egress4), v6: egress6 },
  };
}

function aclTable(entries: readonly AclEntry[]): AclTable {
  const packed: number[] = [];
  for (const e of entries) {
    packed.push(
      e.protocol,
      e.portFrom,
      e.portTo,
      e.icmpType,
      e.icmpCode,
      e.cidr.network as number,
      e.cidr.last as number,
    );
  }
  return { entries, packed };
}

/**
 * The entry that decides a packet crossing the subnet boundary in `direction`: its remote end is
 * the source for inbound traffic and the destination for outbound. Ports are destination ports.
 */
export function evaluateAcl(entries: AclEntries, direction: Direction, pkt: Pkt): AclRuleRef {
  const remote = direction === "ingress" ? pkt.src : pkt.dst;
  if (typeof remote === "number") {
    const { packed, entries: list } = entries.v4;
    const protocol = pkt.protocol;
    for (let i = 0, k = 0; k < packed.length; i++, k += ACL_STRIDE) {
      const p = packed[k]!;
      if (p !== -1 && p !== protocol) continue;
      if (remote < packed[k + 5]! || remote > packed[k + 6]!) continue;
      const from = packed[k + 1]!;
      if (from !== -1 && (pkt.dstPort < from || pkt.dstPort > packed[k + 2]!)) continue;
      const type = packed[k + 3]!;
      if (type !== -1 && type !== pkt.icmpType) continue;
      const code = packed[k + 4]!;
      if (code !== -1 && code !== pkt.icmpCode) continue;
      return list[i]!.ref;
    }
    return direction === "ingress" ? IMPLICIT.ingress4 : IMPLICIT.egress4;
  }
  const list = entries.v6;
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (e.protocol !== -1 && e.protocol !== pkt.protocol) continue;
    if (!e.cidr.contains(remote)) continue;
    if (e.portFrom !== -1 && (pkt.dstPort < e.portFrom || pkt.dstPort > e.portTo)) continue;
    if (e.icmpType !== -1 && e.icmpType !== pkt.icmpType) continue;
    if (e.icmpCode !== -1 && e.icmpCode !== pkt.icmpCode) continue;
    return e.ref;
  }
  return direction === "ingress" ? IMPLICIT.ingress6 : IMPLICIT.egress6;
}

// ---- security groups --------------------------------------------------------------------------

const NAMED_PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, "-1": -1 };

export function sgProtocolNumber(ipProtocol: string): number {
  const named = NAMED_PROTOCOLS[ipProtocol];
  if (named !== undefined) return named;
  const n = Number(ipProtocol);
  return Number.isInteger(n) ? n : -2;
}

export interface SgReferenceResolver {
  /** The members of a referenced group, or undefined when the group is unknown (matches nothing). */
  members(rule: SecurityGroupRule, group: SecurityGroup): GroupMembers | undefined;
  /** The CIDRs of a prefix list, or undefined when it is unknown (matches nothing). */
  prefixList(prefixListId: string, group: SecurityGroup): readonly Cidr[] | undefined;
}

const NO_MEMBERS: GroupMembers = { v4: new Set(), v6: new Set() };

export function compileSgRules(
  group: SecurityGroup,
  node: SecurityGroupNode,
  parse: CidrParser,
  resolve: SgReferenceResolver,
): { ingress: SgRule[]; egress: SgRule[] } {
  const ingress: SgRule[] = [];
  const egress: SgRule[] = [];
  for (const rule of group.rules) {
    let remote: SgRemote | undefined;
    if (rule.cidrIpv4 !== undefined || rule.cidrIpv6 !== undefined) {
      const cidr = parse((rule.cidrIpv4 ?? rule.cidrIpv6)!);
      if (cidr === undefined) continue;
      remote = { kind: "cidr", cidr };
    } else if (rule.prefixListId !== undefined) {
      remote = { kind: "prefix-list", cidrs: resolve.prefixList(rule.prefixListId, group) ?? [] };
    } else if (rule.referencedGroup !== undefined) {
      remote = { kind: "group", members: resolve.members(rule, group) ?? NO_MEMBERS };
    } else continue;
    const protocol = sgProtocolNumber(rule.ipProtocol);
    const hasRange = protocol === 6 || protocol === 17 || protocol === ICMP || protocol === ICMPV6;
    const from = rule.fromPort ?? -1;
    const to = rule.toPort ?? -1;
    const direction: Direction = rule.isEgress ? "egress" : "ingress";
    (rule.isEgress ? egress : ingress).push({
      group: node,
      protocol,
      hasRange,
      from,
      to,
      remote,
      ref: {
        groupId: group.id,
        ruleId: rule.id,
        direction,
        protocol: rule.ipProtocol,
        ...(hasRange ? { portRange: { from, to } } : {}),
        ...(rule.cidrIpv4 !== undefined ? { cidr: rule.cidrIpv4 } : {}),
        ...(rule.cidrIpv6 !== undefined ? { cidr: rule.cidrIpv6 } : {}),
        ...(rule.prefixListId !== undefined ? { prefixListId: rule.prefixListId } : {}),
        ...(rule.referencedGroup !== undefined ? { referencedGroupId: rule.referencedGroup.groupId } : {}),
      },
    });
  }
  return { ingress, egress };
}

function remoteMatches(remote: SgRemote, address: IpAddress): boolean {
  switch (remote.kind) {
    case "cidr":
      return remote.cidr.contains(address);
    case "group":
      return typeof address === "number" ? remote.members.v4.has(address) : remote.members.v6.has(address);
    case "prefix-list":
      for (const c of remote.cidrs) if (c.contains(address)) return true;
      return false;
  }
}

/** Rules of one direction packed for `evaluateSecurityGroups`. */
export function sgRuleTable(rules: readonly SgRule[]): SgRuleTable {
  const packed: number[] = [];
  for (const r of rules) {
    const mode = r.protocol === -1 || !r.hasRange ? 0 : r.protocol === 6 || r.protocol === 17 ? 1 : 2;
    const v4 = r.remote.kind === "cidr" && r.remote.cidr.family === 4 ? r.remote.cidr : undefined;
    packed.push(r.protocol, mode, r.from, r.to, v4 ? 1 : 0, v4?.network ?? 0, v4?.last ?? 0);
  }
  return { rules, packed };
}

/** The first rule of the tables admitting the packet in `direction`, or undefined (the implicit deny). */
export function evaluateSecurityGroups(
  tables: readonly SgRuleTable[],
  direction: Direction,
  pkt: Pkt,
): SgRule | undefined {
  const remote = direction === "ingress" ? pkt.src : pkt.dst;
  const protocol = pkt.protocol;
  for (let t = 0; t < tables.length; t++) {
    const table = tables[t]!;
    const packed = table.packed;
    for (let i = 0, k = 0; k < packed.length; i++, k += SG_STRIDE) {
      const p = packed[k]!;
      if (p !== -1 && p !== protocol) continue;
      const mode = packed[k + 1]!;
      if (mode === 1) {
        if (pkt.dstPort < packed[k + 2]! || pkt.dstPort > packed[k + 3]!) continue;
      } else if (mode === 2) {
        // ICMP: `from` is the type and `to` the code, -1 meaning all.
        const type = packed[k + 2]!;
        const code = packed[k + 3]!;
        if (type !== -1 && type !== pkt.icmpType) continue;
        if (code !== -1 && code !== pkt.icmpCode) continue;
      }
      if (packed[k + 4] === 1) {
        if (typeof remote !== "number" || remote < packed[k + 5]! || remote > packed[k + 6]!) continue;
      } else if (!remoteMatches(table.rules[i]!.remote, remote)) continue;
      return table.rules[i];
    }
  }
  return undefined;
}
