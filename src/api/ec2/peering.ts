/**
 * VPC peering operations and their wire mappers.
 *
 * A peering connection carries `tagSet` even when empty (`"Tags": []` in every `aws ec2
 * *-vpc-peering-connection*` output AWS's CLI examples and public transcripts show), and the
 * accepter's side shows only its VPC id, owner and Region until the request is accepted. Views
 * read the VPCs of both sides, so the mappers are plain functions, not memoised per record.
 */
import {
  acceptVpcPeeringConnection,
  createVpcPeeringConnection,
  deleteVpcPeeringConnection,
  describeVpcPeeringConnections,
  modifyVpcPeeringConnectionOptions,
  type PeeringOptionsInput,
  rejectVpcPeeringConnection,
  type VpcPeeringConnectionView,
  type VpcPeeringVpcInfoView,
} from "../../control/peering.js";
import type {
  AccepterPeeringConnectionOptions,
  AccepterVpcInfo,
  Ec2Operations,
  RequesterPeeringConnectionOptions,
  VpcPeeringConnection,
} from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, tagSpecificationsIn } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpcPeeringConnection"
  | "AcceptVpcPeeringConnection"
  | "RejectVpcPeeringConnection"
  | "DeleteVpcPeeringConnection"
  | "DescribeVpcPeeringConnections"
  | "ModifyVpcPeeringConnectionOptions"
>;

// ---- mappers ------------------------------------------------------------------------------------

function vpcInfoOut(side: VpcPeeringVpcInfoView): AccepterVpcInfo {
  const { cidrBlocks, ipv6CidrBlocks, options } = side;
  return {
    CidrBlock: cidrBlocks?.[0],
    Ipv6CidrBlockSet:
      ipv6CidrBlocks && ipv6CidrBlocks.length > 0
        ? ipv6CidrBlocks.map((block) => ({ Ipv6CidrBlock: block }))
        : undefined,
    CidrBlockSet: cidrBlocks?.map((block) => ({ CidrBlock: block })),
    OwnerId: side.ownerId,
    PeeringOptions: options && {
      AllowDnsResolutionFromRemoteVpc: options.allowDnsResolutionFromRemoteVpc,
      AllowEgressFromLocalClassicLinkToRemoteVpc: options.allowEgressFromLocalClassicLinkToRemoteVpc,
      AllowEgressFromLocalVpcToRemoteClassicLink: options.allowEgressFromLocalVpcToRemoteClassicLink,
    },
    VpcId: side.vpcId,
    Region: side.region,
  };
}

export function vpcPeeringConnectionOut(c: VpcPeeringConnectionView): VpcPeeringConnection {
  return {
    AccepterVpcInfo: vpcInfoOut(c.accepter),
    ExpirationTime: c.expirationTime,
    RequesterVpcInfo: vpcInfoOut(c.requester),
    Status: { Code: c.status, Message: c.statusMessage },
    Tags: c.tags.map((t) => ({ Key: t.key, Value: t.value })),
    VpcPeeringConnectionId: c.id,
  };
}

function peeringOptionsIn(
  options: AccepterPeeringConnectionOptions | undefined,
): PeeringOptionsInput | undefined {
  if (options === undefined) return undefined;
  return {
    ...(options.AllowDnsResolutionFromRemoteVpc !== undefined
      ? { allowDnsResolutionFromRemoteVpc: options.AllowDnsResolutionFromRemoteVpc }
      : {}),
    ...(options.AllowEgressFromLocalClassicLinkToRemoteVpc !== undefined
      ? { allowEgressFromLocalClassicLinkToRemoteVpc: options.AllowEgressFromLocalClassicLinkToRemoteVpc }
      : {}),
    ...(options.AllowEgressFromLocalVpcToRemoteClassicLink !== undefined
      ? { allowEgressFromLocalVpcToRemoteClassicLink: options.AllowEgressFromLocalVpcToRemoteClassicLink }
      : {}),
  };
}

function peeringOptionsOut(
  options: PeeringOptionsInput | undefined,
): RequesterPeeringConnectionOptions | undefined {
  if (options === undefined) return undefined;
  return {
    AllowDnsResolutionFromRemoteVpc: options.allowDnsResolutionFromRemoteVpc,
    AllowEgressFromLocalClassicLinkToRemoteVpc: options.allowEgressFromLocalClassicLinkToRemoteVpc,
    AllowEgressFromLocalVpcToRemoteClassicLink: options.allowEgressFromLocalVpcToRemoteClassicLink,
  };
}

// ---- handlers -----------------------------------------------------------------------------------

export const peeringHandlers: HandlerMap<Ops> = {
  CreateVpcPeeringConnection: writes((ctx, i) => {
    const { vpcPeeringConnection } = createVpcPeeringConnection(ctx, {
      vpcId: i.VpcId,
      peerVpcId: i.PeerVpcId,
      peerOwnerId: i.PeerOwnerId,
      peerRegion: i.PeerRegion,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { VpcPeeringConnection: vpcPeeringConnectionOut(vpcPeeringConnection) };
  }),
  AcceptVpcPeeringConnection: writes((ctx, i) => {
    const { vpcPeeringConnection } = acceptVpcPeeringConnection(ctx, {
      vpcPeeringConnectionId: i.VpcPeeringConnectionId,
    });
    return { VpcPeeringConnection: vpcPeeringConnectionOut(vpcPeeringConnection) };
  }),
  RejectVpcPeeringConnection: writes((ctx, i) => {
    rejectVpcPeeringConnection(ctx, { vpcPeeringConnectionId: i.VpcPeeringConnectionId });
    return { Return: true };
  }),
  DeleteVpcPeeringConnection: writes((ctx, i) => {
    deleteVpcPeeringConnection(ctx, { vpcPeeringConnectionId: i.VpcPeeringConnectionId });
    return { Return: true };
  }),
  DescribeVpcPeeringConnections: reads((ctx, i) => {
    const { vpcPeeringConnections, nextToken } = describeVpcPeeringConnections(ctx, {
      vpcPeeringConnectionIds: i.VpcPeeringConnectionIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return {
      VpcPeeringConnections: vpcPeeringConnections.map(vpcPeeringConnectionOut),
      NextToken: nextToken,
    };
  }),
  ModifyVpcPeeringConnectionOptions: writes((ctx, i) => {
    const result = modifyVpcPeeringConnectionOptions(ctx, {
      vpcPeeringConnectionId: i.VpcPeeringConnectionId,
      accepterPeeringConnectionOptions: peeringOptionsIn(i.AccepterPeeringConnectionOptions),
      requesterPeeringConnectionOptions: peeringOptionsIn(i.RequesterPeeringConnectionOptions),
    });
    return {
      AccepterPeeringConnectionOptions: peeringOptionsOut(result.accepterPeeringConnectionOptions),
      RequesterPeeringConnectionOptions: peeringOptionsOut(result.requesterPeeringConnectionOptions),
    };
  }),
};
