import { createNatGateway, deleteNatGateway, describeNatGateways } from "../../control/nat-gateways.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { egressOnlyInternetGatewayHandlers } from "./egress-only-internet-gateways.js";
import { filtersIn, tagSpecificationsIn } from "./wire.js";
import { natGatewayOut } from "./wire-network.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNatGateway"
  | "DeleteNatGateway"
  | "DescribeNatGateways"
  | "CreateEgressOnlyInternetGateway"
  | "DeleteEgressOnlyInternetGateway"
  | "DescribeEgressOnlyInternetGateways"
>;

export const natGatewayHandlers: HandlerMap<Ops> = {
  CreateNatGateway: idempotent("CreateNatGateway", (ctx, i) => {
    const { natGateway } = createNatGateway(ctx, {
      subnetId: i.SubnetId,
      allocationId: i.AllocationId,
      connectivityType: i.ConnectivityType,
      privateIpAddress: i.PrivateIpAddress,
      secondaryAllocationIds: i.SecondaryAllocationIds,
      secondaryPrivateIpAddresses: i.SecondaryPrivateIpAddresses,
      secondaryPrivateIpAddressCount: i.SecondaryPrivateIpAddressCount,
      clientToken: i.ClientToken,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { ClientToken: i.ClientToken, NatGateway: natGatewayOut(natGateway) };
  }),
  DeleteNatGateway: writes((ctx, i) => {
    const { natGatewayId } = deleteNatGateway(ctx, { natGatewayId: i.NatGatewayId });
    return { NatGatewayId: natGatewayId };
  }),
  DescribeNatGateways: reads((ctx, i) => {
    const { natGateways, nextToken } = describeNatGateways(ctx, {
      natGatewayIds: i.NatGatewayIds,
      filters: filtersIn(i.Filter),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { NatGateways: natGateways.map(natGatewayOut), NextToken: nextToken };
  }),
  CreateEgressOnlyInternetGateway: egressOnlyInternetGatewayHandlers.CreateEgressOnlyInternetGateway,
  DeleteEgressOnlyInternetGateway: egressOnlyInternetGatewayHandlers.DeleteEgressOnlyInternetGateway,
  DescribeEgressOnlyInternetGateways: egressOnlyInternetGatewayHandlers.DescribeEgressOnlyInternetGateways,
};
