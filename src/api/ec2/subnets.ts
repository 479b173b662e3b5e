import { createDefaultSubnet } from "../../control/defaults.js";
import { createSubnet, deleteSubnet, describeSubnets, modifySubnetAttribute } from "../../control/subnets.js";
import type { Ec2Operations } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { attributeIn, filtersIn, subnetOut, tagSpecificationsIn } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  "CreateSubnet" | "CreateDefaultSubnet" | "DeleteSubnet" | "DescribeSubnets" | "ModifySubnetAttribute"
>;

export const subnetHandlers: HandlerMap<Ops> = {
  CreateSubnet: writes((ctx, i) => {
    const { subnet } = createSubnet(ctx, {
      vpcId: i.VpcId,
      cidrBlock: i.CidrBlock,
      ipv6CidrBlock: i.Ipv6CidrBlock,
      ipv6Native: i.Ipv6Native,
      availabilityZone: i.AvailabilityZone,
      availabilityZoneId: i.AvailabilityZoneId,
      outpostArn: i.OutpostArn,
      ipv4IpamPoolId: i.Ipv4IpamPoolId,
      ipv6IpamPoolId: i.Ipv6IpamPoolId,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { Subnet: subnetOut(subnet) };
  }),
  CreateDefaultSubnet: writes((ctx, i) => {
    const { subnet } = createDefaultSubnet(ctx, {
      availabilityZone: i.AvailabilityZone,
      ipv6Native: i.Ipv6Native,
    });
    return { Subnet: subnetOut(subnet) };
  }),
  DeleteSubnet: writes((ctx, i) => {
    deleteSubnet(ctx, { subnetId: i.SubnetId });
    return {};
  }),
  DescribeSubnets: reads((ctx, i) => {
    const { subnets, nextToken } = describeSubnets(ctx, {
      subnetIds: i.SubnetIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Subnets: subnets.map(subnetOut), NextToken: nextToken };
  }),
  ModifySubnetAttribute: writes((ctx, i) => {
    modifySubnetAttribute(ctx, {
      subnetId: i.SubnetId,
      mapPublicIpOnLaunch: attributeIn(i.MapPublicIpOnLaunch),
      assignIpv6AddressOnCreation: attributeIn(i.AssignIpv6AddressOnCreation),
      mapCustomerOwnedIpOnLaunch: attributeIn(i.MapCustomerOwnedIpOnLaunch),
      customerOwnedIpv4Pool: i.CustomerOwnedIpv4Pool,
      enableDns64: attributeIn(i.EnableDns64),
      privateDnsHostnameTypeOnLaunch: i.PrivateDnsHostnameTypeOnLaunch,
      enableResourceNameDnsARecordOnLaunch: attributeIn(i.EnableResourceNameDnsARecordOnLaunch),
      enableResourceNameDnsAAAARecordOnLaunch: attributeIn(i.EnableResourceNameDnsAAAARecordOnLaunch),
      enableLniAtDeviceIndex: i.EnableLniAtDeviceIndex,
      disableLniAtDeviceIndex: attributeIn(i.DisableLniAtDeviceIndex),
    });
    return {};
  }),
};
