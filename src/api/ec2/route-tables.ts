import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  deleteRouteTable,
  describeRouteTables,
  disassociateRouteTable,
  type RouteInput,
  replaceRoute,
  replaceRouteTableAssociation,
} from "../../control/route-tables.js";
import type { CreateRouteInput, Ec2Operations, ReplaceRouteInput } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, routeTableOut, tagSpecificationsIn } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateRouteTable"
  | "DeleteRouteTable"
  | "DescribeRouteTables"
  | "CreateRoute"
  | "ReplaceRoute"
  | "DeleteRoute"
  | "AssociateRouteTable"
  | "DisassociateRouteTable"
  | "ReplaceRouteTableAssociation"
>;

function routeIn(i: CreateRouteInput & Pick<ReplaceRouteInput, "LocalTarget">): RouteInput {
  return {
    routeTableId: i.RouteTableId,
    destinationCidrBlock: i.DestinationCidrBlock,
    destinationIpv6CidrBlock: i.DestinationIpv6CidrBlock,
    destinationPrefixListId: i.DestinationPrefixListId,
    gatewayId: i.GatewayId,
    egressOnlyInternetGatewayId: i.EgressOnlyInternetGatewayId,
    natGatewayId: i.NatGatewayId,
    instanceId: i.InstanceId,
    networkInterfaceId: i.NetworkInterfaceId,
    vpcPeeringConnectionId: i.VpcPeeringConnectionId,
    transitGatewayId: i.TransitGatewayId,
    carrierGatewayId: i.CarrierGatewayId,
    localGatewayId: i.LocalGatewayId,
    coreNetworkArn: i.CoreNetworkArn,
    vpcEndpointId: i.VpcEndpointId,
    localTarget: i.LocalTarget,
  };
}

export const routeTableHandlers: HandlerMap<Ops> = {
  CreateRouteTable: writes((ctx, i) => {
    const { routeTable } = createRouteTable(ctx, {
      vpcId: i.VpcId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { RouteTable: routeTableOut(routeTable) };
  }),
  DeleteRouteTable: writes((ctx, i) => {
    deleteRouteTable(ctx, { routeTableId: i.RouteTableId });
    return {};
  }),
  DescribeRouteTables: reads((ctx, i) => {
    const { routeTables, nextToken } = describeRouteTables(ctx, {
      routeTableIds: i.RouteTableIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { RouteTables: routeTables.map(routeTableOut), NextToken: nextToken };
  }),
  CreateRoute: writes((ctx, i) => {
    createRoute(ctx, routeIn(i));
    return { Return: true };
  }),
  ReplaceRoute: writes((ctx, i) => {
    replaceRoute(ctx, routeIn(i));
    return {};
  }),
  DeleteRoute: writes((ctx, i) => {
    deleteRoute(ctx, routeIn(i));
    return {};
  }),
  AssociateRouteTable: writes((ctx, i) => {
    const result = associateRouteTable(ctx, {
      routeTableId: i.RouteTableId,
      subnetId: i.SubnetId,
      gatewayId: i.GatewayId,
    });
    return { AssociationId: result.associationId, AssociationState: { State: result.state } };
  }),
  DisassociateRouteTable: writes((ctx, i) => {
    disassociateRouteTable(ctx, { associationId: i.AssociationId });
    return {};
  }),
  ReplaceRouteTableAssociation: writes((ctx, i) => {
    const result = replaceRouteTableAssociation(ctx, {
      associationId: i.AssociationId,
      routeTableId: i.RouteTableId,
    });
    return { NewAssociationId: result.newAssociationId, AssociationState: { State: result.state } };
  }),
};
