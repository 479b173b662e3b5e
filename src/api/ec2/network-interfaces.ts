import {
  assignPrivateIpAddresses,
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  describeNetworkInterfaces,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
  unassignPrivateIpAddresses,
} from "../../control/network-interfaces.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { attributeIn, filtersIn, tagSpecificationsIn } from "./wire.js";
import { networkInterfaceOut } from "./wire-network.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkInterface"
  | "DeleteNetworkInterface"
  | "DescribeNetworkInterfaces"
  | "AttachNetworkInterface"
  | "DetachNetworkInterface"
  | "ModifyNetworkInterfaceAttribute"
  | "AssignPrivateIpAddresses"
  | "UnassignPrivateIpAddresses"
>;

export const networkInterfaceHandlers: HandlerMap<Ops> = {
  CreateNetworkInterface: idempotent("CreateNetworkInterface", (ctx, i) => {
    const { networkInterface } = createNetworkInterface(ctx, {
      subnetId: i.SubnetId,
      description: i.Description,
      groups: i.Groups,
      privateIpAddress: i.PrivateIpAddress,
      privateIpAddresses: i.PrivateIpAddresses?.map((p) => ({
        privateIpAddress: p.PrivateIpAddress,
        primary: p.Primary,
      })),
      secondaryPrivateIpAddressCount: i.SecondaryPrivateIpAddressCount,
      ipv6AddressCount: i.Ipv6AddressCount,
      ipv6Addresses: i.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ""),
      ipv4Prefixes: i.Ipv4Prefixes,
      ipv4PrefixCount: i.Ipv4PrefixCount,
      ipv6Prefixes: i.Ipv6Prefixes,
      ipv6PrefixCount: i.Ipv6PrefixCount,
      interfaceType: i.InterfaceType,
      enablePrimaryIpv6: i.EnablePrimaryIpv6,
      connectionTracking: i.ConnectionTrackingSpecification !== undefined,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { NetworkInterface: networkInterfaceOut(networkInterface), ClientToken: i.ClientToken };
  }),
  DeleteNetworkInterface: writes((ctx, i) => {
    deleteNetworkInterface(ctx, { networkInterfaceId: i.NetworkInterfaceId });
    return {};
  }),
  DescribeNetworkInterfaces: reads((ctx, i) => {
    const { networkInterfaces, nextToken } = describeNetworkInterfaces(ctx, {
      networkInterfaceIds: i.NetworkInterfaceIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { NetworkInterfaces: networkInterfaces.map(networkInterfaceOut), NextToken: nextToken };
  }),
  AttachNetworkInterface: writes((ctx, i) => {
    const result = attachNetworkInterface(ctx, {
      networkInterfaceId: i.NetworkInterfaceId,
      instanceId: i.InstanceId,
      deviceIndex: i.DeviceIndex,
      networkCardIndex: i.NetworkCardIndex,
      enaSrd: i.EnaSrdSpecification !== undefined,
    });
    return { AttachmentId: result.attachmentId, NetworkCardIndex: result.networkCardIndex };
  }),
  DetachNetworkInterface: writes((ctx, i) => {
    detachNetworkInterface(ctx, { attachmentId: i.AttachmentId, force: i.Force });
    return {};
  }),
  ModifyNetworkInterfaceAttribute: writes((ctx, i) => {
    modifyNetworkInterfaceAttribute(ctx, {
      networkInterfaceId: i.NetworkInterfaceId,
      description: i.Description === undefined ? undefined : (i.Description.Value ?? ""),
      sourceDestCheck: attributeIn(i.SourceDestCheck),
      groups: i.Groups,
      attachment:
        i.Attachment === undefined
          ? undefined
          : {
              attachmentId: i.Attachment.AttachmentId,
              deleteOnTermination: i.Attachment.DeleteOnTermination,
            },
      associatePublicIpAddress: i.AssociatePublicIpAddress,
      enaSrd: i.EnaSrdSpecification !== undefined,
      enablePrimaryIpv6: i.EnablePrimaryIpv6,
      connectionTracking: i.ConnectionTrackingSpecification !== undefined,
    });
    return {};
  }),
  AssignPrivateIpAddresses: writes((ctx, i) => {
    const result = assignPrivateIpAddresses(ctx, {
      networkInterfaceId: i.NetworkInterfaceId,
      privateIpAddresses: i.PrivateIpAddresses,
      secondaryPrivateIpAddressCount: i.SecondaryPrivateIpAddressCount,
      allowReassignment: i.AllowReassignment,
      ipv4Prefixes: i.Ipv4Prefixes,
      ipv4PrefixCount: i.Ipv4PrefixCount,
    });
    return {
      NetworkInterfaceId: result.networkInterfaceId,
      AssignedPrivateIpAddresses: result.assignedPrivateIpAddresses.map((a) => ({ PrivateIpAddress: a })),
    };
  }),
  UnassignPrivateIpAddresses: writes((ctx, i) => {
    unassignPrivateIpAddresses(ctx, {
      networkInterfaceId: i.NetworkInterfaceId,
      privateIpAddresses: i.PrivateIpAddresses,
      ipv4Prefixes: i.Ipv4Prefixes,
    });
    return {};
  }),
};
