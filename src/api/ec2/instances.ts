import { describeImages } from "../../control/images.js";
import { describeInstanceTypes } from "../../control/instance-types.js";
import {
  type RunInstancesInput as DomainRunInstancesInput,
  describeInstanceAttribute,
  describeInstanceStatus,
  describeInstances,
  modifyInstanceAttribute,
  rebootInstances,
  runInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from "../../control/instances.js";
import { createKeyPair, deleteKeyPair, describeKeyPairs, importKeyPair } from "../../control/key-pairs.js";
import type { Ec2Operations, RunInstancesInput } from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { attributeIn, filtersIn, tagSpecificationsIn, tagsOut } from "./wire.js";
import {
  imageOut,
  instanceAttributeOut,
  instanceStatusOut,
  instanceTypeOut,
  keyPairOut,
  reservationOut,
  stateChangeOut,
} from "./wire-instances.js";

type Ops = Pick<
  Ec2Operations,
  | "RunInstances"
  | "DescribeInstances"
  | "DescribeInstanceStatus"
  | "StartInstances"
  | "StopInstances"
  | "RebootInstances"
  | "TerminateInstances"
  | "ModifyInstanceAttribute"
  | "DescribeInstanceAttribute"
  | "DescribeImages"
  | "DescribeInstanceTypes"
  | "CreateKeyPair"
  | "ImportKeyPair"
  | "DescribeKeyPairs"
  | "DeleteKeyPair"
>;

/** RunInstances parameters for features vpcsim does not simulate, by wire name, when a request uses them. */
function unsupportedLaunchParameters(i: RunInstancesInput): string[] {
  const used: [string, boolean][] = [
    ["LaunchTemplate", i.LaunchTemplate !== undefined],
    ["InstanceMarketOptions", i.InstanceMarketOptions !== undefined],
    ["ElasticGpuSpecification", (i.ElasticGpuSpecification?.length ?? 0) > 0],
    ["ElasticInferenceAccelerator", (i.ElasticInferenceAccelerators?.length ?? 0) > 0],
    ["LicenseSpecification", (i.LicenseSpecifications?.length ?? 0) > 0],
    ["EnclaveOptions", i.EnclaveOptions?.Enabled === true],
    ["HibernationOptions", i.HibernationOptions?.Configured === true],
    [
      "CapacityReservationSpecification",
      i.CapacityReservationSpecification?.CapacityReservationTarget !== undefined,
    ],
    ["CpuOptions", i.CpuOptions !== undefined],
    ["EnablePrimaryIpv6", i.EnablePrimaryIpv6 === true],
  ];
  return used.filter(([, present]) => present).map(([name]) => name);
}

function runInstancesIn(i: RunInstancesInput): DomainRunInstancesInput {
  return {
    imageId: i.ImageId,
    instanceType: i.InstanceType,
    minCount: i.MinCount,
    maxCount: i.MaxCount,
    keyName: i.KeyName,
    subnetId: i.SubnetId,
    securityGroupIds: i.SecurityGroupIds,
    securityGroups: i.SecurityGroups,
    privateIpAddress: i.PrivateIpAddress,
    userData: i.UserData,
    placement: i.Placement && {
      availabilityZone: i.Placement.AvailabilityZone,
      tenancy: i.Placement.Tenancy,
      groupName: i.Placement.GroupName,
      hostId: i.Placement.HostId,
    },
    networkInterfaces: i.NetworkInterfaces?.map((n) => ({
      deviceIndex: n.DeviceIndex,
      networkInterfaceId: n.NetworkInterfaceId,
      subnetId: n.SubnetId,
      groups: n.Groups,
      associatePublicIpAddress: n.AssociatePublicIpAddress,
      deleteOnTermination: n.DeleteOnTermination,
      description: n.Description,
      privateIpAddress: n.PrivateIpAddress,
      privateIpAddresses: n.PrivateIpAddresses?.map((p) => ({
        privateIpAddress: p.PrivateIpAddress,
        primary: p.Primary,
      })),
      secondaryPrivateIpAddressCount: n.SecondaryPrivateIpAddressCount,
      networkCardIndex: n.NetworkCardIndex,
      interfaceType: n.InterfaceType,
      ipv6AddressCount: n.Ipv6AddressCount,
      ipv6Addresses: n.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ""),
    })),
    blockDeviceMappings: i.BlockDeviceMappings?.map((b) => ({
      deviceName: b.DeviceName,
      noDevice: b.NoDevice !== undefined,
      virtualName: b.VirtualName,
      ebs: b.Ebs && { deleteOnTermination: b.Ebs.DeleteOnTermination },
    })),
    monitoring: i.Monitoring?.Enabled,
    disableApiTermination: i.DisableApiTermination,
    disableApiStop: i.DisableApiStop,
    instanceInitiatedShutdownBehavior: i.InstanceInitiatedShutdownBehavior,
    ebsOptimized: i.EbsOptimized,
    clientToken: i.ClientToken,
    tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    metadataOptions: i.MetadataOptions && {
      httpTokens: i.MetadataOptions.HttpTokens,
      httpPutResponseHopLimit: i.MetadataOptions.HttpPutResponseHopLimit,
      httpEndpoint: i.MetadataOptions.HttpEndpoint,
      httpProtocolIpv6: i.MetadataOptions.HttpProtocolIpv6,
      instanceMetadataTags: i.MetadataOptions.InstanceMetadataTags,
    },
    privateDnsNameOptions: i.PrivateDnsNameOptions && {
      hostnameType: i.PrivateDnsNameOptions.HostnameType,
      enableResourceNameDnsARecord: i.PrivateDnsNameOptions.EnableResourceNameDnsARecord,
      enableResourceNameDnsAAAARecord: i.PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord,
    },
    iamInstanceProfile: i.IamInstanceProfile && {
      arn: i.IamInstanceProfile.Arn,
      name: i.IamInstanceProfile.Name,
    },
    ipv6AddressCount: i.Ipv6AddressCount,
    ipv6Addresses: i.Ipv6Addresses?.map((a) => a.Ipv6Address ?? ""),
    kernelId: i.KernelId,
    ramdiskId: i.RamdiskId,
    unsupported: unsupportedLaunchParameters(i),
  };
}

export const instanceHandlers: HandlerMap<Ops> = {
  RunInstances: idempotent("RunInstances", (ctx, i) =>
    reservationOut(runInstances(ctx, runInstancesIn(i)).reservation, true),
  ),
  DescribeInstances: reads((ctx, i) => {
    const { reservations, nextToken } = describeInstances(ctx, {
      instanceIds: i.InstanceIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Reservations: reservations.map((r) => reservationOut(r)), NextToken: nextToken };
  }),
  DescribeInstanceStatus: reads((ctx, i) => {
    const { statuses, nextToken } = describeInstanceStatus(ctx, {
      instanceIds: i.InstanceIds,
      filters: filtersIn(i.Filters),
      includeAllInstances: i.IncludeAllInstances,
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { InstanceStatuses: statuses.map(instanceStatusOut), NextToken: nextToken };
  }),
  StartInstances: writes((ctx, i) => ({
    StartingInstances: startInstances(ctx, { instanceIds: i.InstanceIds }).changes.map(stateChangeOut),
  })),
  StopInstances: writes((ctx, i) => ({
    StoppingInstances: stopInstances(ctx, {
      instanceIds: i.InstanceIds,
      force: i.Force,
      hibernate: i.Hibernate,
    }).changes.map(stateChangeOut),
  })),
  RebootInstances: writes((ctx, i) => {
    rebootInstances(ctx, { instanceIds: i.InstanceIds });
    return {};
  }),
  TerminateInstances: writes((ctx, i) => ({
    TerminatingInstances: terminateInstances(ctx, { instanceIds: i.InstanceIds }).changes.map(stateChangeOut),
  })),
  ModifyInstanceAttribute: writes((ctx, i) => {
    modifyInstanceAttribute(ctx, {
      instanceId: i.InstanceId,
      attribute: i.Attribute,
      value: i.Value,
      sourceDestCheck: attributeIn(i.SourceDestCheck),
      disableApiTermination: attributeIn(i.DisableApiTermination),
      disableApiStop: attributeIn(i.DisableApiStop),
      ebsOptimized: attributeIn(i.EbsOptimized),
      enaSupport: attributeIn(i.EnaSupport),
      groups: i.Groups,
      instanceType: i.InstanceType?.Value,
      instanceInitiatedShutdownBehavior: i.InstanceInitiatedShutdownBehavior?.Value,
      userData: i.UserData === undefined ? undefined : (i.UserData.Value ?? new Uint8Array()),
      kernel: i.Kernel?.Value,
      ramdisk: i.Ramdisk?.Value,
      sriovNetSupport: i.SriovNetSupport?.Value,
      blockDeviceMappings: i.BlockDeviceMappings?.map((b) => ({
        deviceName: b.DeviceName,
        deleteOnTermination: b.Ebs?.DeleteOnTermination,
      })),
    });
    return {};
  }),
  DescribeInstanceAttribute: reads((ctx, i) => {
    const { instanceId, attribute, value } = describeInstanceAttribute(ctx, {
      instanceId: i.InstanceId,
      attribute: i.Attribute,
    });
    return instanceAttributeOut(instanceId, attribute, value);
  }),
  DescribeImages: reads((ctx, i) => {
    const { images, nextToken } = describeImages(ctx, {
      imageIds: i.ImageIds,
      owners: i.Owners,
      executableUsers: i.ExecutableUsers,
      filters: filtersIn(i.Filters),
      includeDeprecated: i.IncludeDeprecated,
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Images: images.map(imageOut), NextToken: nextToken };
  }),
  DescribeInstanceTypes: reads((ctx, i) => {
    const { instanceTypes, nextToken } = describeInstanceTypes(ctx, {
      instanceTypes: i.InstanceTypes,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { InstanceTypes: instanceTypes.map(instanceTypeOut), NextToken: nextToken };
  }),
  CreateKeyPair: writes((ctx, i) => {
    const { keyPair, keyMaterial } = createKeyPair(ctx, {
      keyName: i.KeyName,
      keyType: i.KeyType,
      keyFormat: i.KeyFormat,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return {
      KeyFingerprint: keyPair.keyFingerprint,
      KeyMaterial: keyMaterial,
      KeyName: keyPair.keyName,
      KeyPairId: keyPair.id,
      Tags: tagsOut(keyPair.tags),
    };
  }),
  ImportKeyPair: writes((ctx, i) => {
    const { keyPair } = importKeyPair(ctx, {
      keyName: i.KeyName,
      publicKeyMaterial: i.PublicKeyMaterial,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return {
      KeyFingerprint: keyPair.keyFingerprint,
      KeyName: keyPair.keyName,
      KeyPairId: keyPair.id,
      Tags: tagsOut(keyPair.tags),
    };
  }),
  DescribeKeyPairs: reads((ctx, i) => {
    const { keyPairs } = describeKeyPairs(ctx, {
      keyNames: i.KeyNames,
      keyPairIds: i.KeyPairIds,
      filters: filtersIn(i.Filters),
    });
    return { KeyPairs: keyPairs.map((k) => keyPairOut(k, i.IncludePublicKey === true)) };
  }),
  DeleteKeyPair: writes((ctx, i) => {
    const { keyPairId } = deleteKeyPair(ctx, { keyName: i.KeyName, keyPairId: i.KeyPairId });
    return { Return: true, KeyPairId: keyPairId };
  }),
};
