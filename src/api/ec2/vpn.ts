import {
  attachVpnGateway,
  createCustomerGateway,
  createVpnConnection,
  createVpnConnectionRoute,
  createVpnGateway,
  deleteCustomerGateway,
  deleteVpnConnection,
  deleteVpnConnectionRoute,
  deleteVpnGateway,
  describeCustomerGateways,
  describeVpnConnections,
  describeVpnGateways,
  detachVpnGateway,
  disableVgwRoutePropagation,
  enableVgwRoutePropagation,
} from "../../control/vpn.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, tagSpecificationsIn } from "./wire.js";
import {
  customerGatewayOut,
  vpcAttachmentOut,
  vpnConnectionOptionsIn,
  vpnConnectionOut,
  vpnGatewayOut,
} from "./wire-vpn.js";

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
  CreateVpnGateway: writes((ctx, i) => {
    const { vpnGateway } = createVpnGateway(ctx, {
      type: i.Type,
      availabilityZone: i.AvailabilityZone,
      amazonSideAsn: i.AmazonSideAsn,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { VpnGateway: vpnGatewayOut(vpnGateway) };
  }),
  AttachVpnGateway: writes((ctx, i) => {
    const { attachment } = attachVpnGateway(ctx, { vpnGatewayId: i.VpnGatewayId, vpcId: i.VpcId });
    return { VpcAttachment: vpcAttachmentOut(attachment) };
  }),
  DetachVpnGateway: writes((ctx, i) => {
    detachVpnGateway(ctx, { vpnGatewayId: i.VpnGatewayId, vpcId: i.VpcId });
    return {};
  }),
  DeleteVpnGateway: writes((ctx, i) => {
    deleteVpnGateway(ctx, { vpnGatewayId: i.VpnGatewayId });
    return {};
  }),
  DescribeVpnGateways: reads((ctx, i) => {
    const { vpnGateways } = describeVpnGateways(ctx, {
      vpnGatewayIds: i.VpnGatewayIds,
      filters: filtersIn(i.Filters),
    });
    return { VpnGateways: vpnGateways.map(vpnGatewayOut) };
  }),
  CreateCustomerGateway: writes((ctx, i) => {
    const { customerGateway } = createCustomerGateway(ctx, {
      type: i.Type,
      bgpAsn: i.BgpAsn,
      bgpAsnExtended: i.BgpAsnExtended,
      ipAddress: i.IpAddress,
      publicIp: i.PublicIp,
      deviceName: i.DeviceName,
      certificateArn: i.CertificateArn,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { CustomerGateway: customerGatewayOut(customerGateway) };
  }),
  DeleteCustomerGateway: writes((ctx, i) => {
    deleteCustomerGateway(ctx, { customerGatewayId: i.CustomerGatewayId });
    return {};
  }),
  DescribeCustomerGateways: reads((ctx, i) => {
    const { customerGateways } = describeCustomerGateways(ctx, {
      customerGatewayIds: i.CustomerGatewayIds,
      filters: filtersIn(i.Filters),
    });
    return { CustomerGateways: customerGateways.map(customerGatewayOut) };
  }),
  CreateVpnConnection: writes((ctx, i) => {
    const { vpnConnection } = createVpnConnection(ctx, {
      type: i.Type,
      customerGatewayId: i.CustomerGatewayId,
      vpnGatewayId: i.VpnGatewayId,
      transitGatewayId: i.TransitGatewayId,
      options: vpnConnectionOptionsIn(i.Options),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { VpnConnection: vpnConnectionOut(vpnConnection) };
  }),
  CreateVpnConnectionRoute: writes((ctx, i) => {
    createVpnConnectionRoute(ctx, {
      vpnConnectionId: i.VpnConnectionId,
      destinationCidrBlock: i.DestinationCidrBlock,
    });
    return {};
  }),
  DeleteVpnConnectionRoute: writes((ctx, i) => {
    deleteVpnConnectionRoute(ctx, {
      vpnConnectionId: i.VpnConnectionId,
      destinationCidrBlock: i.DestinationCidrBlock,
    });
    return {};
  }),
  DeleteVpnConnection: writes((ctx, i) => {
    deleteVpnConnection(ctx, { vpnConnectionId: i.VpnConnectionId });
    return {};
  }),
  DescribeVpnConnections: reads((ctx, i) => {
    const { vpnConnections } = describeVpnConnections(ctx, {
      vpnConnectionIds: i.VpnConnectionIds,
      filters: filtersIn(i.Filters),
    });
    return { VpnConnections: vpnConnections.map(vpnConnectionOut) };
  }),
  EnableVgwRoutePropagation: writes((ctx, i) => {
    enableVgwRoutePropagation(ctx, { gatewayId: i.GatewayId, routeTableId: i.RouteTableId });
    return {};
  }),
  DisableVgwRoutePropagation: writes((ctx, i) => {
    disableVgwRoutePropagation(ctx, { gatewayId: i.GatewayId, routeTableId: i.RouteTableId });
    return {};
  }),
};
