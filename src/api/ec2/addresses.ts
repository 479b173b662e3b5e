import {
  allocateAddress,
  associateAddress,
  describeAddresses,
  disassociateAddress,
  releaseAddress,
} from "../../control/addresses.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { filtersIn, tagSpecificationsIn } from "./wire.js";
import { addressOut } from "./wire-network.js";

type Ops = Pick<
  Ec2Operations,
  "AllocateAddress" | "ReleaseAddress" | "AssociateAddress" | "DisassociateAddress" | "DescribeAddresses"
>;

export const addressHandlers: HandlerMap<Ops> = {
  AllocateAddress: writes((ctx, i) => {
    const { address } = allocateAddress(ctx, {
      domain: i.Domain,
      address: i.Address,
      publicIpv4Pool: i.PublicIpv4Pool,
      networkBorderGroup: i.NetworkBorderGroup,
      customerOwnedIpv4Pool: i.CustomerOwnedIpv4Pool,
      ipamPoolId: i.IpamPoolId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return {
      PublicIp: address.publicIp,
      AllocationId: address.id,
      PublicIpv4Pool: address.publicIpv4Pool,
      NetworkBorderGroup: address.networkBorderGroup,
      Domain: address.domain,
    };
  }),
  ReleaseAddress: writes((ctx, i) => {
    releaseAddress(ctx, {
      allocationId: i.AllocationId,
      publicIp: i.PublicIp,
      networkBorderGroup: i.NetworkBorderGroup,
    });
    return {};
  }),
  AssociateAddress: writes((ctx, i) => {
    const { associationId } = associateAddress(ctx, {
      allocationId: i.AllocationId,
      publicIp: i.PublicIp,
      instanceId: i.InstanceId,
      networkInterfaceId: i.NetworkInterfaceId,
      privateIpAddress: i.PrivateIpAddress,
      allowReassociation: i.AllowReassociation,
    });
    return { AssociationId: associationId };
  }),
  DisassociateAddress: writes((ctx, i) => {
    disassociateAddress(ctx, { associationId: i.AssociationId, publicIp: i.PublicIp });
    return {};
  }),
  DescribeAddresses: reads((ctx, i) => {
    const { addresses } = describeAddresses(ctx, {
      publicIps: i.PublicIps,
      allocationIds: i.AllocationIds,
      filters: filtersIn(i.Filters),
    });
    return { Addresses: addresses.map(addressOut) };
  }),
};
