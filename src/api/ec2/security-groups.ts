import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroupReferences,
  describeSecurityGroupRules,
  describeSecurityGroups,
  groupPermissions,
  type IpPermissionInput,
  type IpPermissionView,
  type LegacyRuleInput,
  modifySecurityGroupRules,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
  type SecurityGroupRuleView,
  updateSecurityGroupRuleDescriptionsEgress,
  updateSecurityGroupRuleDescriptionsIngress,
} from "../../control/security-groups.js";
import type { SecurityGroup as DomainSecurityGroup } from "../../model/resources.js";
import type {
  AuthorizeSecurityGroupIngressInput,
  Ec2Operations,
  IpPermission,
  SecurityGroup,
  SecurityGroupRule,
  UpdateSecurityGroupRuleDescriptionsIngressInput,
} from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateSecurityGroup"
  | "DeleteSecurityGroup"
  | "DescribeSecurityGroups"
  | "DescribeSecurityGroupRules"
  | "AuthorizeSecurityGroupIngress"
  | "AuthorizeSecurityGroupEgress"
  | "RevokeSecurityGroupIngress"
  | "RevokeSecurityGroupEgress"
  | "ModifySecurityGroupRules"
  | "UpdateSecurityGroupRuleDescriptionsIngress"
  | "UpdateSecurityGroupRuleDescriptionsEgress"
  | "DescribeSecurityGroupReferences"
>;

// ---- inputs -------------------------------------------------------------------------------

function ipPermissionsIn(permissions: readonly IpPermission[] | undefined): IpPermissionInput[] | undefined {
  return permissions?.map((p) => ({
    ipProtocol: p.IpProtocol,
    fromPort: p.FromPort,
    toPort: p.ToPort,
    ipRanges: p.IpRanges?.map((r) => ({ cidrIp: r.CidrIp, description: r.Description })),
    ipv6Ranges: p.Ipv6Ranges?.map((r) => ({ cidrIpv6: r.CidrIpv6, description: r.Description })),
    prefixListIds: p.PrefixListIds?.map((l) => ({
      prefixListId: l.PrefixListId,
      description: l.Description,
    })),
    userIdGroupPairs: p.UserIdGroupPairs?.map((g) => ({
      groupId: g.GroupId,
      groupName: g.GroupName,
      userId: g.UserId,
      vpcId: g.VpcId,
      vpcPeeringConnectionId: g.VpcPeeringConnectionId,
      description: g.Description,
    })),
  }));
}

/** The flat single-rule parameters; the egress calls carry the same members. */
function legacyRuleIn(
  i: Pick<
    AuthorizeSecurityGroupIngressInput,
    "CidrIp" | "IpProtocol" | "FromPort" | "ToPort" | "SourceSecurityGroupName" | "SourceSecurityGroupOwnerId"
  >,
): LegacyRuleInput {
  return {
    cidrIp: i.CidrIp,
    ipProtocol: i.IpProtocol,
    fromPort: i.FromPort,
    toPort: i.ToPort,
    sourceSecurityGroupName: i.SourceSecurityGroupName,
    sourceSecurityGroupOwnerId: i.SourceSecurityGroupOwnerId,
  };
}

function descriptionsIn(i: UpdateSecurityGroupRuleDescriptionsIngressInput) {
  return {
    groupId: i.GroupId,
    groupName: i.GroupName,
    ipPermissions: ipPermissionsIn(i.IpPermissions),
    securityGroupRuleDescriptions: i.SecurityGroupRuleDescriptions?.map((d) => ({
      securityGroupRuleId: d.SecurityGroupRuleId,
      description: d.Description,
    })),
  };
}

// ---- outputs ------------------------------------------------------------------------------

/** DescribeSecurityGroups sends all four source lists of a permission, empty ones included. */
function ipPermissionOut(p: IpPermissionView): IpPermission {
  return {
    FromPort: p.fromPort,
    IpProtocol: p.ipProtocol,
    IpRanges: p.ipRanges.map((r) => ({ CidrIp: r.cidrIp, Description: r.description })),
    Ipv6Ranges: p.ipv6Ranges.map((r) => ({ CidrIpv6: r.cidrIpv6, Description: r.description })),
    PrefixListIds: p.prefixListIds.map((l) => ({ PrefixListId: l.prefixListId, Description: l.description })),
    ToPort: p.toPort,
    UserIdGroupPairs: p.userIdGroupPairs.map((g) => ({
      Description: g.description,
      GroupId: g.groupId,
      UserId: g.userId,
      // A group of a peered VPC (VPC Peering Guide, describe-security-groups output).
      VpcId: g.vpcId,
      VpcPeeringConnectionId: g.vpcPeeringConnectionId,
      PeeringStatus: g.peeringStatus,
    })),
  };
}

export const securityGroupOut = perRecord(
  (g: DomainSecurityGroup): SecurityGroup => ({
    Description: g.description,
    GroupName: g.groupName,
    IpPermissions: groupPermissions(g, false).map(ipPermissionOut),
    OwnerId: g.ownerId,
    GroupId: g.id,
    IpPermissionsEgress: groupPermissions(g, true).map(ipPermissionOut),
    Tags: tagsOut(g.tags),
    VpcId: g.vpcId,
  }),
);

/** DescribeSecurityGroupRules shows -1 ports for protocols without ports ("-1" and other numbers). */
export function securityGroupRuleOut(r: SecurityGroupRuleView): SecurityGroupRule {
  const ref = r.referencedGroup;
  return {
    SecurityGroupRuleId: r.id,
    GroupId: r.groupId,
    GroupOwnerId: r.groupOwnerId,
    IsEgress: r.isEgress,
    IpProtocol: r.ipProtocol,
    FromPort: r.fromPort ?? -1,
    ToPort: r.toPort ?? -1,
    CidrIpv4: r.cidrIpv4,
    CidrIpv6: r.cidrIpv6,
    PrefixListId: r.prefixListId,
    ReferencedGroupInfo: ref && {
      GroupId: ref.groupId,
      UserId: ref.userId,
      VpcId: ref.vpcId,
      VpcPeeringConnectionId: ref.vpcPeeringConnectionId,
      PeeringStatus: ref.peeringStatus,
    },
    Description: r.description,
    Tags: tagsOut(r.tags),
  };
}

// ---- handlers -----------------------------------------------------------------------------

export const securityGroupHandlers: HandlerMap<Ops> = {
  CreateSecurityGroup: writes((ctx, i) => {
    const { securityGroup } = createSecurityGroup(ctx, {
      groupName: i.GroupName,
      description: i.Description,
      vpcId: i.VpcId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { GroupId: securityGroup.id, Tags: tagsOut(securityGroup.tags) };
  }),
  DeleteSecurityGroup: writes((ctx, i) => {
    deleteSecurityGroup(ctx, { groupId: i.GroupId, groupName: i.GroupName });
    return {};
  }),
  DescribeSecurityGroups: reads((ctx, i) => {
    const { securityGroups, nextToken } = describeSecurityGroups(ctx, {
      groupIds: i.GroupIds,
      groupNames: i.GroupNames,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { SecurityGroups: securityGroups.map(securityGroupOut), NextToken: nextToken };
  }),
  DescribeSecurityGroupRules: reads((ctx, i) => {
    const { securityGroupRules, nextToken } = describeSecurityGroupRules(ctx, {
      securityGroupRuleIds: i.SecurityGroupRuleIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { SecurityGroupRules: securityGroupRules.map(securityGroupRuleOut), NextToken: nextToken };
  }),
  AuthorizeSecurityGroupIngress: writes((ctx, i) => {
    const { securityGroupRules } = authorizeSecurityGroupIngress(ctx, {
      ...legacyRuleIn(i),
      groupId: i.GroupId,
      groupName: i.GroupName,
      ipPermissions: ipPermissionsIn(i.IpPermissions),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { Return: true, SecurityGroupRules: securityGroupRules.map(securityGroupRuleOut) };
  }),
  AuthorizeSecurityGroupEgress: writes((ctx, i) => {
    const { securityGroupRules } = authorizeSecurityGroupEgress(ctx, {
      ...legacyRuleIn(i),
      groupId: i.GroupId,
      ipPermissions: ipPermissionsIn(i.IpPermissions),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { Return: true, SecurityGroupRules: securityGroupRules.map(securityGroupRuleOut) };
  }),
  RevokeSecurityGroupIngress: writes((ctx, i) => {
    const { unknownIpPermissions } = revokeSecurityGroupIngress(ctx, {
      ...legacyRuleIn(i),
      groupId: i.GroupId,
      groupName: i.GroupName,
      ipPermissions: ipPermissionsIn(i.IpPermissions),
      securityGroupRuleIds: i.SecurityGroupRuleIds,
    });
    return {
      Return: true,
      UnknownIpPermissions:
        unknownIpPermissions.length > 0 ? unknownIpPermissions.map(ipPermissionOut) : undefined,
    };
  }),
  RevokeSecurityGroupEgress: writes((ctx, i) => {
    const { unknownIpPermissions } = revokeSecurityGroupEgress(ctx, {
      ...legacyRuleIn(i),
      groupId: i.GroupId,
      ipPermissions: ipPermissionsIn(i.IpPermissions),
      securityGroupRuleIds: i.SecurityGroupRuleIds,
    });
    return {
      Return: true,
      UnknownIpPermissions:
        unknownIpPermissions.length > 0 ? unknownIpPermissions.map(ipPermissionOut) : undefined,
    };
  }),
  ModifySecurityGroupRules: writes((ctx, i) => {
    modifySecurityGroupRules(ctx, {
      groupId: i.GroupId,
      securityGroupRules: i.SecurityGroupRules.map((u) => ({
        securityGroupRuleId: u.SecurityGroupRuleId,
        securityGroupRule: u.SecurityGroupRule && {
          ipProtocol: u.SecurityGroupRule.IpProtocol,
          fromPort: u.SecurityGroupRule.FromPort,
          toPort: u.SecurityGroupRule.ToPort,
          cidrIpv4: u.SecurityGroupRule.CidrIpv4,
          cidrIpv6: u.SecurityGroupRule.CidrIpv6,
          prefixListId: u.SecurityGroupRule.PrefixListId,
          referencedGroupId: u.SecurityGroupRule.ReferencedGroupId,
          description: u.SecurityGroupRule.Description,
        },
      })),
    });
    return { Return: true };
  }),
  UpdateSecurityGroupRuleDescriptionsIngress: writes((ctx, i) => {
    updateSecurityGroupRuleDescriptionsIngress(ctx, descriptionsIn(i));
    return { Return: true };
  }),
  UpdateSecurityGroupRuleDescriptionsEgress: writes((ctx, i) => {
    updateSecurityGroupRuleDescriptionsEgress(ctx, descriptionsIn(i));
    return { Return: true };
  }),
  DescribeSecurityGroupReferences: reads((ctx, i) => {
    const { references } = describeSecurityGroupReferences(ctx, { groupIds: i.GroupId });
    return {
      SecurityGroupReferenceSet: references.map((r) => ({
        GroupId: r.groupId,
        ReferencingVpcId: r.referencingVpcId,
        VpcPeeringConnectionId: r.vpcPeeringConnectionId,
      })),
    };
  }),
};
