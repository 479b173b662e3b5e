/**
 * VPC peering connections (`pcx-`). A connection joins two VPCs that may belong to two accounts and
 * two Regions, while the store is scoped per account and Region: each participating scope holds its
 * own copy of the record (one copy when both VPCs share a scope), written together by the peering
 * family, so that each owner describes the connection in its own scope and the data plane finds it
 * from either VPC. The copies agree on everything but `tags` (AWS applies tags only in the account
 * and Region that created them) and `visibleUntil` (each side sees an ended connection for its own
 * time).
 *
 * What decides forwarding: `status` (traffic flows only while `active`), the two sides' VPC ids,
 * owners and Regions, and each side's options. The address ranges that traffic may reach are the
 * peer VPC's own blocks, read from the VPC record.
 */
import type { Tag } from "./resources.js";

/** The `VpcPeeringConnectionStateReason` codes of the API reference. */
export type VpcPeeringConnectionState =
  | "initiating-request"
  | "pending-acceptance"
  | "provisioning"
  | "active"
  | "deleting"
  | "deleted"
  | "rejected"
  | "failed"
  | "expired";

/** One side's options (`VpcPeeringConnectionOptionsDescription`). */
export interface VpcPeeringOptions {
  /** Whether this side's VPC answers DNS queries from the peer VPC with private addresses. */
  readonly allowDnsResolutionFromRemoteVpc: boolean;
  /** EC2-Classic options: AWS retired EC2-Classic; kept false and described as AWS does. */
  readonly allowEgressFromLocalClassicLinkToRemoteVpc: boolean;
  readonly allowEgressFromLocalVpcToRemoteClassicLink: boolean;
}

/** The requester or the accepter side (`VpcPeeringConnectionVpcInfo`). */
export interface VpcPeeringSide {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly region: string;
  /**
   * The VPC's IPv4 blocks (primary first) and IPv6 blocks when the side was last written (the
   * requester at creation, the accepter at acceptance). Descriptions read the live VPC; these serve
   * only once the VPC is gone.
   */
  readonly cidrBlocks: readonly string[];
  readonly ipv6CidrBlocks: readonly string[];
  readonly options: VpcPeeringOptions;
}

export interface VpcPeeringConnection {
  readonly id: string;
  /** Tags of this scope's copy only. */
  readonly tags: readonly Tag[];
  readonly requester: VpcPeeringSide;
  readonly accepter: VpcPeeringSide;
  /** `[requester.vpcId, accepter.vpcId]`, indexed, to find the connections of a VPC. */
  readonly vpcIds: readonly string[];
  readonly status: VpcPeeringConnectionState;
  readonly statusMessage: string;
  readonly createTime: Date;
  /** When an unaccepted request expires (7 days after the request). */
  readonly expirationTime: Date;
  /** Set once accepted: from then on the accepter's blocks and options are described. */
  readonly acceptTime?: Date;
  /** When the current transitional state ends (initiating, provisioning, deleting, pending expiry). */
  readonly stateDueAt?: Date;
  /** Decided at the request, reported when the request leaves `initiating-request` (as AWS reports it). */
  readonly requestFails?: boolean;
  /** The account that asked for the deletion (`Deleted by …`; who sees it for how long). */
  readonly deletedBy?: string;
  /** When this scope's copy of an ended connection disappears. */
  readonly visibleUntil?: Date;
}
