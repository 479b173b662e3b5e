import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, planned } from "../handler.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpnGateway"
  | "AttachVpnGateway"
  | "DetachVpnGateway"
  | "DeleteVpnGateway"
  | "DescribeVpnGateways"
  | "CreateCustomerGateway"
  | "DeleteCustomerGateway"
  | "DescribeCustomerGateways"
  | "CreateVpnConnection"
  | "CreateVpnConnectionRoute"
  | "DeleteVpnConnectionRoute"
  | "DeleteVpnConnection"
  | "DescribeVpnConnections"
  | "EnableVgwRoutePropagation"
  | "DisableVgwRoutePropagation"
>;

export const vpnHandlers: HandlerMap<Ops> = {
  CreateVpnGateway: planned("CreateVpnGateway"),
  AttachVpnGateway: planned("AttachVpnGateway"),
  DetachVpnGateway: planned("DetachVpnGateway"),
  DeleteVpnGateway: planned("DeleteVpnGateway"),
  DescribeVpnGateways: planned("DescribeVpnGateways"),
  CreateCustomerGateway: planned("CreateCustomerGateway"),
  DeleteCustomerGateway: planned("DeleteCustomerGateway"),
  DescribeCustomerGateways: planned("DescribeCustomerGateways"),
  CreateVpnConnection: planned("CreateVpnConnection"),
  CreateVpnConnectionRoute: planned("CreateVpnConnectionRoute"),
  DeleteVpnConnectionRoute: planned("DeleteVpnConnectionRoute"),
  DeleteVpnConnection: planned("DeleteVpnConnection"),
  DescribeVpnConnections: planned("DescribeVpnConnections"),
  EnableVgwRoutePropagation: planned("EnableVgwRoutePropagation"),
  DisableVgwRoutePropagation: planned("DisableVgwRoutePropagation"),
};
