import {
  attachInternetGateway,
  createInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  detachInternetGateway,
} from "../../control/internet-gateways.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, internetGatewayOut, tagSpecificationsIn } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateInternetGateway"
  | "DeleteInternetGateway"
  | "DescribeInternetGateways"
  | "AttachInternetGateway"
  | "DetachInternetGateway"
>;

export const internetGatewayHandlers: HandlerMap<Ops> = {
  CreateInternetGateway: writes((ctx, i) => {
    const { internetGateway } = createInternetGateway(ctx, {
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { InternetGateway: internetGatewayOut(internetGateway) };
  }),
  DeleteInternetGateway: writes((ctx, i) => {
    deleteInternetGateway(ctx, { internetGatewayId: i.InternetGatewayId });
    return {};
  }),
  DescribeInternetGateways: reads((ctx, i) => {
    const { internetGateways, nextToken } = describeInternetGateways(ctx, {
      internetGatewayIds: i.InternetGatewayIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { InternetGateways: internetGateways.map(internetGatewayOut), NextToken: nextToken };
  }),
  AttachInternetGateway: writes((ctx, i) => {
    attachInternetGateway(ctx, { internetGatewayId: i.InternetGatewayId, vpcId: i.VpcId });
    return {};
  }),
  DetachInternetGateway: writes((ctx, i) => {
    detachInternetGateway(ctx, { internetGatewayId: i.InternetGatewayId, vpcId: i.VpcId });
    return {};
  }),
};
