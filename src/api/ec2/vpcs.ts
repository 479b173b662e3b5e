import { createDefaultVpc } from "../../control/defaults.js";
import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  describeVpcAttribute,
  describeVpcs,
  disassociateVpcCidrBlock,
  modifyVpcAttribute,
} from "../../control/vpcs.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import {
  attributeIn,
  cidrAssociationOut,
  filtersIn,
  ipv6AssociationOut,
  tagSpecificationsIn,
  vpcOut,
} from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpc"
  | "CreateDefaultVpc"
  | "DeleteVpc"
  | "DescribeVpcs"
  | "ModifyVpcAttribute"
  | "DescribeVpcAttribute"
  | "AssociateVpcCidrBlock"
  | "DisassociateVpcCidrBlock"
>;

export const vpcHandlers: HandlerMap<Ops> = {
  CreateVpc: writes((ctx, i) => {
    const { vpc } = createVpc(ctx, {
      cidrBlock: i.CidrBlock,
      amazonProvidedIpv6CidrBlock: i.AmazonProvidedIpv6CidrBlock,
      instanceTenancy: i.InstanceTenancy,
      ipv4IpamPoolId: i.Ipv4IpamPoolId,
      ipv6IpamPoolId: i.Ipv6IpamPoolId,
      ipv6Pool: i.Ipv6Pool,
      ipv6CidrBlock: i.Ipv6CidrBlock,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { Vpc: vpcOut(vpc) };
  }),
  CreateDefaultVpc: writes((ctx) => ({ Vpc: vpcOut(createDefaultVpc(ctx).vpc) })),
  DeleteVpc: writes((ctx, i) => {
    deleteVpc(ctx, { vpcId: i.VpcId });
    return {};
  }),
  DescribeVpcs: reads((ctx, i) => {
    const { vpcs, nextToken } = describeVpcs(ctx, {
      vpcIds: i.VpcIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Vpcs: vpcs.map(vpcOut), NextToken: nextToken };
  }),
  ModifyVpcAttribute: writes((ctx, i) => {
    modifyVpcAttribute(ctx, {
      vpcId: i.VpcId,
      enableDnsSupport: attributeIn(i.EnableDnsSupport),
      enableDnsHostnames: attributeIn(i.EnableDnsHostnames),
      enableNetworkAddressUsageMetrics: attributeIn(i.EnableNetworkAddressUsageMetrics),
    });
    return {};
  }),
  DescribeVpcAttribute: reads((ctx, i) => {
    const { vpcId, attribute, value } = describeVpcAttribute(ctx, { vpcId: i.VpcId, attribute: i.Attribute });
    const key =
      attribute === "enableDnsSupport"
        ? "EnableDnsSupport"
        : attribute === "enableDnsHostnames"
          ? "EnableDnsHostnames"
          : "EnableNetworkAddressUsageMetrics";
    return { VpcId: vpcId, [key]: { Value: value } };
  }),
  AssociateVpcCidrBlock: writes((ctx, i) => {
    const result = associateVpcCidrBlock(ctx, {
      vpcId: i.VpcId,
      cidrBlock: i.CidrBlock,
      amazonProvidedIpv6CidrBlock: i.AmazonProvidedIpv6CidrBlock,
      ipv6CidrBlockNetworkBorderGroup: i.Ipv6CidrBlockNetworkBorderGroup,
      ipv4IpamPoolId: i.Ipv4IpamPoolId,
      ipv6IpamPoolId: i.Ipv6IpamPoolId,
      ipv6Pool: i.Ipv6Pool,
      ipv6CidrBlock: i.Ipv6CidrBlock,
    });
    return {
      VpcId: result.vpcId,
      CidrBlockAssociation: result.cidrBlockAssociation && cidrAssociationOut(result.cidrBlockAssociation),
      Ipv6CidrBlockAssociation:
        result.ipv6CidrBlockAssociation && ipv6AssociationOut(result.ipv6CidrBlockAssociation),
    };
  }),
  DisassociateVpcCidrBlock: writes((ctx, i) => {
    const result = disassociateVpcCidrBlock(ctx, { associationId: i.AssociationId });
    return {
      VpcId: result.vpcId,
      CidrBlockAssociation: result.cidrBlockAssociation && cidrAssociationOut(result.cidrBlockAssociation),
      Ipv6CidrBlockAssociation:
        result.ipv6CidrBlockAssociation && ipv6AssociationOut(result.ipv6CidrBlockAssociation),
    };
  }),
};
