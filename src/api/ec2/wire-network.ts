/**
 * Wire mappers of network interfaces, Elastic IPs and NAT gateways (see wire.ts for the rules).
 *
 * Interfaces carry `TagSet` even when empty: `aws ec2 describe-network-interfaces` prints
 * `"TagSet": []` against AWS, unlike most resources whose empty tag lists AWS leaves out.
 */
import type {
  NetworkInterfaceView,
  PrivateIpAddressView,
  PublicAssociationView,
} from "../../control/network-interfaces.js";
import type {
  Address as DomainAddress,
  NetworkInterfaceAttachment as DomainAttachment,
  NatGateway as DomainNatGateway,
} from "../../model/compute.js";
import type {
  Address,
  Association,
  NatGateway,
  NetworkInterface,
  NetworkInterfaceAttachment,
  NetworkInterfacePrivateIpAddress,
} from "../../protocol/generated/ec2.js";
import { perRecord, tagsOut } from "./wire.js";

function associationOut(a: PublicAssociationView): Association {
  return {
    AllocationId: a.allocationId,
    AssociationId: a.associationId,
    IpOwnerId: a.ipOwnerId,
    PublicDnsName: a.publicDnsName,
    PublicIp: a.publicIp,
  };
}

function attachmentOut(a: DomainAttachment): NetworkInterfaceAttachment {
  // A service's own attachment (`ela-attach-…` of a NAT gateway) shows no instance, time or card.
  const ofInstance = a.instanceId !== undefined;
  return {
    AttachTime: ofInstance ? a.attachTime : undefined,
    AttachmentId: a.attachmentId,
    DeleteOnTermination: a.deleteOnTermination,
    DeviceIndex: a.deviceIndex,
    NetworkCardIndex: ofInstance ? a.networkCardIndex : undefined,
    InstanceId: a.instanceId,
    InstanceOwnerId: a.instanceOwnerId,
    Status: a.status,
  };
}

function privateIpOut(p: PrivateIpAddressView): NetworkInterfacePrivateIpAddress {
  return {
    Association: p.association ? associationOut(p.association) : undefined,
    Primary: p.primary,
    PrivateDnsName: p.privateDnsName,
    PrivateIpAddress: p.address,
  };
}

export function networkInterfaceOut(e: NetworkInterfaceView): NetworkInterface {
  const primary = e.addresses.find((a) => a.primary) ?? e.addresses[0];
  return {
    Association: e.association ? associationOut(e.association) : undefined,
    Attachment: e.attachment ? attachmentOut(e.attachment) : undefined,
    AvailabilityZone: e.availabilityZone,
    Description: e.description,
    Groups: e.groups.map((g) => ({ GroupId: g.groupId, GroupName: g.groupName })),
    InterfaceType: e.interfaceType,
    Ipv6Addresses: e.ipv6Addresses.map((a) => ({ Ipv6Address: a })),
    MacAddress: e.macAddress,
    NetworkInterfaceId: e.id,
    OwnerId: e.ownerId,
    PrivateDnsName: e.privateDnsName,
    PrivateIpAddress: primary?.address,
    PrivateIpAddresses: e.addresses.map(privateIpOut),
    RequesterId: e.requesterId,
    RequesterManaged: e.requesterManaged,
    SourceDestCheck: e.sourceDestCheck,
    Status: e.status,
    SubnetId: e.subnetId,
    TagSet: e.tags.map((t) => ({ Key: t.key, Value: t.value })),
    VpcId: e.vpcId,
  };
}

export const addressOut = perRecord(
  (a: DomainAddress): Address => ({
    InstanceId: a.association?.instanceId,
    PublicIp: a.publicIp,
    AllocationId: a.id,
    AssociationId: a.association?.associationId,
    Domain: a.domain,
    NetworkInterfaceId: a.association?.networkInterfaceId,
    NetworkInterfaceOwnerId: a.association?.networkInterfaceOwnerId,
    PrivateIpAddress: a.association?.privateIpAddress,
    Tags: tagsOut(a.tags),
    PublicIpv4Pool: a.publicIpv4Pool,
    NetworkBorderGroup: a.networkBorderGroup,
  }),
);

export const natGatewayOut = perRecord((n: DomainNatGateway): NatGateway => {
  // A failure found at creation is recorded at once but, as on AWS, shown once the gateway failed.
  const failed = n.state === "failed";
  return {
    CreateTime: n.createTime,
    DeleteTime: n.deleteTime,
    FailureCode: failed ? n.failureCode : undefined,
    FailureMessage: failed ? n.failureMessage : undefined,
    NatGatewayAddresses: n.addresses.map((a) => ({
      AllocationId: a.allocationId,
      NetworkInterfaceId: a.networkInterfaceId,
      PrivateIp: a.privateIp,
      PublicIp: a.publicIp,
      AssociationId: a.associationId,
      IsPrimary: a.isPrimary,
      Status: a.status,
    })),
    NatGatewayId: n.id,
    State: n.state,
    SubnetId: n.subnetId,
    VpcId: n.vpcId,
    Tags: tagsOut(n.tags),
    ConnectivityType: n.connectivityType,
  };
});
