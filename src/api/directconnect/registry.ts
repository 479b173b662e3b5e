import {
  type DirectconnectOperations,
  directconnectService,
} from "../../protocol/generated/directconnect.js";
import { assertRegistryComplete } from "../ec2/registry.js";
import { type HandlerMap, planned } from "../handler.js";

export const directConnectHandlers: HandlerMap<DirectconnectOperations> = {
  DescribeLocations: planned("DescribeLocations"),
  CreateConnection: planned("CreateConnection"),
  DescribeConnections: planned("DescribeConnections"),
  DeleteConnection: planned("DeleteConnection"),
  CreatePrivateVirtualInterface: planned("CreatePrivateVirtualInterface"),
  CreatePublicVirtualInterface: planned("CreatePublicVirtualInterface"),
  DescribeVirtualInterfaces: planned("DescribeVirtualInterfaces"),
  DeleteVirtualInterface: planned("DeleteVirtualInterface"),
  CreateDirectConnectGateway: planned("CreateDirectConnectGateway"),
  DescribeDirectConnectGateways: planned("DescribeDirectConnectGateways"),
  CreateDirectConnectGatewayAssociation: planned("CreateDirectConnectGatewayAssociation"),
  DescribeDirectConnectGatewayAssociations: planned("DescribeDirectConnectGatewayAssociations"),
};

assertRegistryComplete(directConnectHandlers, directconnectService.operations, "directconnect");
