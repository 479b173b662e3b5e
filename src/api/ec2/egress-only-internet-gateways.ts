/**
 * Egress-only internet gateway handlers. The registry reaches them through nat-gateways.ts, whose
 * operation group (from the API model) they share.
 */
import {
  createEgressOnlyInternetGateway,
  deleteEgressOnlyInternetGateway,
  describeEgressOnlyInternetGateways,
} from "../../control/egress-only-internet-gateways.js";
import type { EgressOnlyInternetGateway as DomainEgressOnlyInternetGateway } from "../../model/compute.js";
import type { Ec2Operations, EgressOnlyInternetGateway } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  "CreateEgressOnlyInternetGateway" | "DeleteEgressOnlyInternetGateway" | "DescribeEgressOnlyInternetGateways"
>;

export const egressOnlyInternetGatewayOut = perRecord(
  (g: DomainEgressOnlyInternetGateway): EgressOnlyInternetGateway => ({
    Attachments: g.attachments.map((a) => ({ State: a.state, VpcId: a.vpcId })),
    EgressOnlyInternetGatewayId: g.id,
    Tags: tagsOut(g.tags),
  }),
);

export const egressOnlyInternetGatewayHandlers: HandlerMap<Ops> = {
  CreateEgressOnlyInternetGateway: idempotent("CreateEgressOnlyInternetGateway", (ctx, i) => {
    const { egressOnlyInternetGateway } = createEgressOnlyInternetGateway(ctx, {
      vpcId: i.VpcId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return {
      ClientToken: i.ClientToken,
      EgressOnlyInternetGateway: egressOnlyInternetGatewayOut(egressOnlyInternetGateway),
    };
  }),
  DeleteEgressOnlyInternetGateway: writes((ctx, i) => {
    deleteEgressOnlyInternetGateway(ctx, { egressOnlyInternetGatewayId: i.EgressOnlyInternetGatewayId });
    return { ReturnCode: true };
  }),
  DescribeEgressOnlyInternetGateways: reads((ctx, i) => {
    const { egressOnlyInternetGateways, nextToken } = describeEgressOnlyInternetGateways(ctx, {
      egressOnlyInternetGatewayIds: i.EgressOnlyInternetGatewayIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return {
      EgressOnlyInternetGateways: egressOnlyInternetGateways.map(egressOnlyInternetGatewayOut),
      NextToken: nextToken,
    };
  }),
};
