import {
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  describeNetworkAcls,
  type NetworkAclEntryInput,
  type NetworkAclView,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
} from "../../control/network-acls.js";
import type { NetworkAclEntry } from "../../model/resources.js";
import type {
  CreateNetworkAclEntryInput,
  Ec2Operations,
  NetworkAcl,
  NetworkAclEntry as WireNetworkAclEntry,
} from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { filtersIn, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkAcl"
  | "DeleteNetworkAcl"
  | "DescribeNetworkAcls"
  | "CreateNetworkAclEntry"
  | "ReplaceNetworkAclEntry"
  | "DeleteNetworkAclEntry"
  | "ReplaceNetworkAclAssociation"
>;

/** CreateNetworkAclEntry and ReplaceNetworkAclEntry take the same members. */
function entryIn(i: CreateNetworkAclEntryInput): NetworkAclEntryInput {
  return {
    networkAclId: i.NetworkAclId,
    ruleNumber: i.RuleNumber,
    egress: i.Egress,
    protocol: i.Protocol,
    ruleAction: i.RuleAction,
    cidrBlock: i.CidrBlock,
    ipv6CidrBlock: i.Ipv6CidrBlock,
    icmpTypeCode: i.IcmpTypeCode && { type: i.IcmpTypeCode.Type, code: i.IcmpTypeCode.Code },
    portRange: i.PortRange && { from: i.PortRange.From, to: i.PortRange.To },
  };
}

function entryOut(e: NetworkAclEntry): WireNetworkAclEntry {
  return {
    CidrBlock: e.cidrBlock,
    Egress: e.egress,
    IcmpTypeCode: e.icmpTypeCode && { Code: e.icmpTypeCode.code, Type: e.icmpTypeCode.type },
    Ipv6CidrBlock: e.ipv6CidrBlock,
    PortRange: e.portRange && { From: e.portRange.from, To: e.portRange.to },
    Protocol: e.protocol,
    RuleAction: e.ruleAction,
    RuleNumber: e.ruleNumber,
  };
}

/**
 * Not memoised per record: the final deny entries depend on whether the VPC has an IPv6 block,
 * which is another record.
 */
export function networkAclOut(a: NetworkAclView): NetworkAcl {
  return {
    Associations: a.associations.map((x) => ({
      NetworkAclAssociationId: x.id,
      NetworkAclId: a.id,
      SubnetId: x.subnetId,
    })),
    Entries: a.entries.map(entryOut),
    IsDefault: a.isDefault,
    NetworkAclId: a.id,
    Tags: tagsOut(a.tags),
    VpcId: a.vpcId,
    OwnerId: a.ownerId,
  };
}

export const networkAclHandlers: HandlerMap<Ops> = {
  CreateNetworkAcl: idempotent("CreateNetworkAcl", (ctx, i) => {
    const { networkAcl } = createNetworkAcl(ctx, {
      vpcId: i.VpcId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { NetworkAcl: networkAclOut(networkAcl), ClientToken: i.ClientToken };
  }),
  DeleteNetworkAcl: writes((ctx, i) => {
    deleteNetworkAcl(ctx, { networkAclId: i.NetworkAclId });
    return {};
  }),
  DescribeNetworkAcls: reads((ctx, i) => {
    const { networkAcls, nextToken } = describeNetworkAcls(ctx, {
      networkAclIds: i.NetworkAclIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { NetworkAcls: networkAcls.map(networkAclOut), NextToken: nextToken };
  }),
  CreateNetworkAclEntry: writes((ctx, i) => {
    createNetworkAclEntry(ctx, entryIn(i));
    return {};
  }),
  ReplaceNetworkAclEntry: writes((ctx, i) => {
    replaceNetworkAclEntry(ctx, entryIn(i));
    return {};
  }),
  DeleteNetworkAclEntry: writes((ctx, i) => {
    deleteNetworkAclEntry(ctx, { networkAclId: i.NetworkAclId, ruleNumber: i.RuleNumber, egress: i.Egress });
    return {};
  }),
  ReplaceNetworkAclAssociation: writes((ctx, i) => {
    const { newAssociationId } = replaceNetworkAclAssociation(ctx, {
      associationId: i.AssociationId,
      networkAclId: i.NetworkAclId,
    });
    return { NewAssociationId: newAssociationId };
  }),
};
