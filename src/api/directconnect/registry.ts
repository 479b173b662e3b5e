/**
 * The Direct Connect operations vpcsim implements (AWS JSON 1.1, `X-Amz-Target:
 * OvertureService.<Operation>`), mapped field by field to the control plane.
 */
import {
  createConnection,
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
  createPrivateVirtualInterface,
  createPublicVirtualInterface,
  deleteConnection,
  deleteVirtualInterface,
  describeConnections,
  describeDirectConnectGatewayAssociations,
  describeDirectConnectGateways,
  describeLocations,
  describeVirtualInterfaces,
} from "../../control/direct-connect.js";
import {
  type DirectconnectOperations,
  directconnectService,
} from "../../protocol/generated/directconnect.js";
import { assertRegistryComplete } from "../ec2/registry.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import {
  connectionOut,
  directConnectGatewayAssociationOut,
  directConnectGatewayOut,
  dxTagsIn,
  locationOut,
  newVirtualInterfaceIn,
  virtualInterfaceOut,
} from "./wire.js";

export const directConnectHandlers: HandlerMap<DirectconnectOperations> = {
  DescribeLocations: reads((ctx) => ({ locations: describeLocations(ctx).locations.map(locationOut) })),
  CreateConnection: writes((ctx, i) => {
    const { connection } = createConnection(ctx, {
      location: i.location,
      bandwidth: i.bandwidth,
      connectionName: i.connectionName,
      lagId: i.lagId,
      tags: dxTagsIn(i.tags),
      providerName: i.providerName,
      requestMacSec: i.requestMACSec,
    });
    return connectionOut(connection);
  }),
  DescribeConnections: reads((ctx, i) => ({
    connections: describeConnections(ctx, { connectionId: i.connectionId }).connections.map(connectionOut),
  })),
  DeleteConnection: writes((ctx, i) =>
    connectionOut(deleteConnection(ctx, { connectionId: i.connectionId }).connection),
  ),
  CreatePrivateVirtualInterface: writes((ctx, i) => {
    const { virtualInterface } = createPrivateVirtualInterface(ctx, {
      connectionId: i.connectionId,
      newPrivateVirtualInterface: newVirtualInterfaceIn(i.newPrivateVirtualInterface),
    });
    return virtualInterfaceOut(virtualInterface);
  }),
  CreatePublicVirtualInterface: writes((ctx, i) => {
    const { virtualInterface } = createPublicVirtualInterface(ctx, {
      connectionId: i.connectionId,
      newPublicVirtualInterface: newVirtualInterfaceIn(i.newPublicVirtualInterface),
    });
    return virtualInterfaceOut(virtualInterface);
  }),
  DescribeVirtualInterfaces: reads((ctx, i) => {
    const { virtualInterfaces } = describeVirtualInterfaces(ctx, {
      connectionId: i.connectionId,
      virtualInterfaceId: i.virtualInterfaceId,
    });
    return { virtualInterfaces: virtualInterfaces.map(virtualInterfaceOut) };
  }),
  DeleteVirtualInterface: writes((ctx, i) =>
    deleteVirtualInterface(ctx, { virtualInterfaceId: i.virtualInterfaceId }),
  ),
  CreateDirectConnectGateway: writes((ctx, i) => {
    const { directConnectGateway } = createDirectConnectGateway(ctx, {
      directConnectGatewayName: i.directConnectGatewayName,
      amazonSideAsn: i.amazonSideAsn,
    });
    return { directConnectGateway: directConnectGatewayOut(directConnectGateway) };
  }),
  DescribeDirectConnectGateways: reads((ctx, i) => {
    const { directConnectGateways, nextToken } = describeDirectConnectGateways(ctx, {
      directConnectGatewayId: i.directConnectGatewayId,
      maxResults: i.maxResults,
      nextToken: i.nextToken,
    });
    return { directConnectGateways: directConnectGateways.map(directConnectGatewayOut), nextToken };
  }),
  CreateDirectConnectGatewayAssociation: writes((ctx, i) => {
    const { association } = createDirectConnectGatewayAssociation(ctx, {
      directConnectGatewayId: i.directConnectGatewayId,
      gatewayId: i.gatewayId,
      virtualGatewayId: i.virtualGatewayId,
      addAllowedPrefixesToDirectConnectGateway: i.addAllowedPrefixesToDirectConnectGateway?.flatMap((p) =>
        p.cidr === undefined ? [] : [p.cidr],
      ),
    });
    return { directConnectGatewayAssociation: directConnectGatewayAssociationOut(association) };
  }),
  DescribeDirectConnectGatewayAssociations: reads((ctx, i) => {
    const { associations, nextToken } = describeDirectConnectGatewayAssociations(ctx, {
      associationId: i.associationId,
      associatedGatewayId: i.associatedGatewayId,
      directConnectGatewayId: i.directConnectGatewayId,
      virtualGatewayId: i.virtualGatewayId,
      maxResults: i.maxResults,
      nextToken: i.nextToken,
    });
    return {
      directConnectGatewayAssociations: associations.map(directConnectGatewayAssociationOut),
      nextToken,
    };
  }),
};

assertRegistryComplete(directConnectHandlers, directconnectService.operations, "directconnect");
