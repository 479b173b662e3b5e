/**
 * Wire mappers of the instances family (instances, AMIs, instance types, key pairs): domain views
 * to the generated EC2 output shapes, field by field, as `aws ec2 describe-*` prints them against
 * AWS. Catalogue entries and key pairs depend on one record only and are memoised (`perRecord`).
 */
import type { Image as DomainImage } from "../../control/images.js";
import type { InstanceTypeInfo } from "../../control/instance-types.js";
import {
  type InstanceAttributeName,
  type InstanceAttributeValue,
  type InstanceState,
  type InstanceStatusView,
  type InstanceView,
  type ReservationView,
  reachabilityOf,
  type StateChange,
} from "../../control/instances.js";
import type { NetworkInterfaceView, PublicAssociationView } from "../../control/network-interfaces.js";
import type { KeyPair as DomainKeyPair, InstanceBlockDevice } from "../../model/compute.js";
import type {
  DescribeInstanceAttributeOutput,
  Image,
  Instance,
  InstanceBlockDeviceMapping,
  InstanceNetworkInterface,
  InstanceNetworkInterfaceAssociation,
  InstanceStatus,
  InstanceType,
  KeyPair,
  Reservation,
  StartingInstance,
  State,
  SystemStatus,
} from "../../protocol/generated/ec2.js";
import { perRecord, tagsOut } from "./wire.js";

function stateOut(s: InstanceState): State {
  return { Code: s.code, Name: s.name };
}

function associationOut(a: PublicAssociationView): InstanceNetworkInterfaceAssociation {
  // AWS shows an empty public DNS name where the VPC gives none.
  return { IpOwnerId: a.ipOwnerId, PublicDnsName: a.publicDnsName ?? "", PublicIp: a.publicIp };
}

function instanceInterfaceOut(e: NetworkInterfaceView): InstanceNetworkInterface {
  const primary = e.addresses.find((a) => a.primary) ?? e.addresses[0];
  return {
    Association: e.association && associationOut(e.association),
    Attachment: e.attachment && {
      AttachTime: e.attachment.attachTime,
      AttachmentId: e.attachment.attachmentId,
      DeleteOnTermination: e.attachment.deleteOnTermination,
      DeviceIndex: e.attachment.deviceIndex,
      Status: e.attachment.status,
      NetworkCardIndex: e.attachment.networkCardIndex,
    },
    Description: e.description,
    Groups: e.groups.map((g) => ({ GroupName: g.groupName, GroupId: g.groupId })),
    Ipv6Addresses: e.ipv6Addresses.map((address) => ({ Ipv6Address: address })),
    MacAddress: e.macAddress,
    NetworkInterfaceId: e.id,
    OwnerId: e.ownerId,
    PrivateDnsName: e.privateDnsName,
    PrivateIpAddress: primary?.address,
    PrivateIpAddresses: e.addresses.map((a) => ({
      Association: a.association && associationOut(a.association),
      Primary: a.primary,
      PrivateDnsName: a.privateDnsName,
      PrivateIpAddress: a.address,
    })),
    SourceDestCheck: e.sourceDestCheck,
    Status: e.status,
    SubnetId: e.subnetId,
    VpcId: e.vpcId,
    InterfaceType: e.interfaceType,
  };
}

function blockDeviceOut(b: InstanceBlockDevice): InstanceBlockDeviceMapping {
  return {
    DeviceName: b.deviceName,
    Ebs: {
      AttachTime: b.attachTime,
      DeleteOnTermination: b.deleteOnTermination,
      Status: b.status,
      VolumeId: b.volumeId,
    },
  };
}

/**
 * Described instances are memoised per view: the control plane reuses a view while none of the
 * records it derives from changed, so an unchanged instance keeps its frozen wire form and XML.
 * `launching` marks the RunInstances response, where AWS shows the metadata options `pending`.
 */
export function instanceOut(v: InstanceView, launching = false): Instance {
  return launching ? buildInstance(v, true) : describedInstance(v);
}

const describedInstance = perRecord((v: InstanceView) => buildInstance(v, false));

function buildInstance(v: InstanceView, launching: boolean): Instance {
  const i = v.instance;
  const m = v.metadataOptions;
  return {
    AmiLaunchIndex: i.amiLaunchIndex,
    ImageId: i.imageId,
    InstanceId: i.id,
    InstanceType: i.instanceType,
    KeyName: i.keyName,
    LaunchTime: i.launchTime,
    Monitoring: { State: i.monitoring },
    Placement: {
      AvailabilityZone: i.availabilityZone,
      GroupName: "",
      Tenancy: i.tenancy,
    },
    Platform: i.platform,
    PrivateDnsName: v.privateDnsName,
    PrivateIpAddress: v.privateIpAddress,
    ProductCodes: [],
    PublicDnsName: v.publicDnsName,
    PublicIpAddress: v.publicIpAddress,
    State: stateOut(v.state),
    StateTransitionReason: i.stateTransitionReason,
    SubnetId: v.subnetId,
    VpcId: v.vpcId,
    Architecture: i.architecture,
    BlockDeviceMappings: v.blockDeviceMappings.map(blockDeviceOut),
    ClientToken: i.clientToken ?? "",
    EbsOptimized: i.ebsOptimized,
    EnaSupport: i.enaSupport,
    Hypervisor: "xen",
    IamInstanceProfile: i.iamInstanceProfile && {
      Arn: i.iamInstanceProfile.arn,
      Id: i.iamInstanceProfile.id,
    },
    NetworkInterfaces: v.interfaces.map(instanceInterfaceOut),
    RootDeviceName: i.rootDeviceName,
    RootDeviceType: "ebs",
    SecurityGroups: v.securityGroups.map((g) => ({ GroupName: g.groupName, GroupId: g.groupId })),
    SourceDestCheck: v.sourceDestCheck,
    StateReason: i.stateReason && { Code: i.stateReason.code, Message: i.stateReason.message },
    Tags: tagsOut(i.tags),
    VirtualizationType: "hvm",
    CpuOptions: { CoreCount: v.coreCount, ThreadsPerCore: v.threadsPerCore },
    CapacityReservationSpecification: { CapacityReservationPreference: "open" },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: launching ? "pending" : "applied",
      HttpTokens: m.httpTokens,
      HttpPutResponseHopLimit: m.httpPutResponseHopLimit,
      HttpEndpoint: m.httpEndpoint,
      HttpProtocolIpv6: m.httpProtocolIpv6,
      InstanceMetadataTags: m.instanceMetadataTags,
    },
    EnclaveOptions: { Enabled: false },
    BootMode: i.bootMode,
    PlatformDetails: "Linux/UNIX",
    UsageOperation: "RunInstances",
    UsageOperationUpdateTime: i.launchTime,
    PrivateDnsNameOptions: {
      HostnameType: v.privateDnsNameOptions.hostnameType,
      EnableResourceNameDnsARecord: v.privateDnsNameOptions.enableResourceNameDnsARecord,
      EnableResourceNameDnsAAAARecord: v.privateDnsNameOptions.enableResourceNameDnsAAAARecord,
    },
    MaintenanceOptions: { AutoRecovery: "default" },
    CurrentInstanceBootMode: v.currentBootMode,
  };
}

export function reservationOut(r: ReservationView, launching = false): Reservation {
  // In a VPC the reservation's (EC2-Classic) group list is empty.
  return {
    Groups: [],
    Instances: r.instances.map((i) => instanceOut(i, launching)),
    OwnerId: r.ownerId,
    ReservationId: r.reservationId,
  };
}

export function stateChangeOut(c: StateChange): StartingInstance {
  return {
    CurrentState: stateOut(c.currentState),
    InstanceId: c.instanceId,
    PreviousState: stateOut(c.previousState),
  };
}

/** `ok` and `initializing` carry their reachability detail (`passed`, `initializing`); `not-applicable` none. */
function checkOut(status: InstanceStatusView["status"]): SystemStatus {
  const reachability = reachabilityOf(status);
  return reachability === undefined
    ? { Status: status }
    : { Status: status, Details: [{ Name: "reachability", Status: reachability }] };
}

export function instanceStatusOut(s: InstanceStatusView): InstanceStatus {
  return {
    AvailabilityZone: s.availabilityZone,
    InstanceId: s.instanceId,
    InstanceState: stateOut(s.state),
    InstanceStatus: checkOut(s.status),
    SystemStatus: checkOut(s.status),
    AttachedEbsStatus: checkOut(s.status),
  };
}

/** The member of DescribeInstanceAttribute's output each attribute is returned in. */
const ATTRIBUTE_MEMBERS: { readonly [A in InstanceAttributeName]: keyof DescribeInstanceAttributeOutput } = {
  instanceType: "InstanceType",
  kernel: "KernelId",
  ramdisk: "RamdiskId",
  userData: "UserData",
  disableApiTermination: "DisableApiTermination",
  instanceInitiatedShutdownBehavior: "InstanceInitiatedShutdownBehavior",
  rootDeviceName: "RootDeviceName",
  blockDeviceMapping: "BlockDeviceMappings",
  productCodes: "ProductCodes",
  sourceDestCheck: "SourceDestCheck",
  groupSet: "Groups",
  ebsOptimized: "EbsOptimized",
  sriovNetSupport: "SriovNetSupport",
  enaSupport: "EnaSupport",
  enclaveOptions: "EnclaveOptions",
  disableApiStop: "DisableApiStop",
};

export function instanceAttributeOut(
  instanceId: string,
  attribute: InstanceAttributeName,
  value: InstanceAttributeValue,
): DescribeInstanceAttributeOutput {
  const member = ATTRIBUTE_MEMBERS[attribute];
  const wire = ((): unknown => {
    switch (value.kind) {
      case "string":
        // An attribute without a value (no user data, no kernel) is an empty structure, as AWS's.
        return value.value === undefined ? {} : { Value: value.value };
      case "boolean":
        return attribute === "enclaveOptions" ? { Enabled: value.value } : { Value: value.value };
      case "groups":
        return value.groups.map((g) => ({ GroupName: g.groupName, GroupId: g.groupId }));
      case "blockDevices":
        return value.devices.map(blockDeviceOut);
      case "productCodes":
        return [];
    }
  })();
  return { InstanceId: instanceId, [member]: wire };
}

export const imageOut = perRecord(
  (i: DomainImage): Image => ({
    Architecture: i.architecture,
    CreationDate: i.creationDate,
    ImageId: i.imageId,
    ImageLocation: i.imageLocation,
    ImageType: i.imageType,
    Public: i.isPublic,
    OwnerId: i.ownerId,
    PlatformDetails: i.platformDetails,
    UsageOperation: i.usageOperation,
    State: i.state,
    BlockDeviceMappings: [
      {
        DeviceName: i.rootDeviceName,
        Ebs: {
          DeleteOnTermination: true,
          SnapshotId: i.rootSnapshotId,
          VolumeSize: i.rootVolumeSize,
          VolumeType: i.rootVolumeType,
          Encrypted: false,
          ...(i.rootVolumeType === "gp3" ? { Iops: 3000, Throughput: 125 } : {}),
        },
      },
    ],
    Description: i.description,
    EnaSupport: i.enaSupport,
    Hypervisor: i.hypervisor,
    ImageOwnerAlias: i.ownerAlias,
    Name: i.name,
    RootDeviceName: i.rootDeviceName,
    RootDeviceType: i.rootDeviceType,
    SriovNetSupport: i.sriovNetSupport,
    VirtualizationType: i.virtualizationType,
    BootMode: i.bootMode,
    ImdsSupport: i.imdsSupport,
    Tags: tagsOut(i.tags),
  }),
);

export const instanceTypeOut = perRecord((t: InstanceTypeInfo): InstanceType => {
  const nitro = t.hypervisor === "nitro";
  const tpm = nitro && t.supportedBootModes.includes("uefi");
  return {
    InstanceType: t.instanceType,
    CurrentGeneration: t.currentGeneration,
    FreeTierEligible: t.freeTierEligible,
    SupportedUsageClasses: ["on-demand", "spot"],
    SupportedRootDeviceTypes: t.supportedRootDeviceTypes,
    SupportedVirtualizationTypes: t.supportedVirtualizationTypes,
    BareMetal: false,
    Hypervisor: t.hypervisor,
    ProcessorInfo: {
      SupportedArchitectures: t.architectures,
      SustainedClockSpeedInGhz: t.sustainedClockSpeedInGhz,
      Manufacturer: t.manufacturer,
    },
    VCpuInfo: {
      DefaultVCpus: t.vcpus,
      DefaultCores: t.defaultCores,
      DefaultThreadsPerCore: t.defaultThreadsPerCore,
    },
    MemoryInfo: { SizeInMiB: t.memoryMiB },
    InstanceStorageSupported: t.instanceStorageGb !== undefined,
    InstanceStorageInfo:
      t.instanceStorageGb !== undefined
        ? {
            TotalSizeInGB: t.instanceStorageGb,
            Disks: [{ SizeInGB: t.instanceStorageGb, Count: 1, Type: "hdd" }],
          }
        : undefined,
    EbsInfo: {
      EbsOptimizedSupport: t.ebsOptimizedSupport,
      EncryptionSupport: "supported",
      NvmeSupport: t.ebsNvmeSupport,
    },
    NetworkInfo: {
      NetworkPerformance: t.networkPerformance,
      MaximumNetworkInterfaces: t.maxNetworkInterfaces,
      MaximumNetworkCards: 1,
      DefaultNetworkCardIndex: 0,
      NetworkCards: [
        {
          NetworkCardIndex: 0,
          NetworkPerformance: t.networkPerformance,
          MaximumNetworkInterfaces: t.maxNetworkInterfaces,
        },
      ],
      Ipv4AddressesPerInterface: t.ipv4AddressesPerInterface,
      Ipv6AddressesPerInterface: t.ipv6AddressesPerInterface,
      Ipv6Supported: t.ipv6Supported,
      EnaSupport: t.enaSupport,
      EfaSupported: false,
      EncryptionInTransitSupported: false,
      EnaSrdSupported: false,
    },
    PlacementGroupInfo: {
      SupportedStrategies: t.burstable ? ["partition", "spread"] : ["cluster", "partition", "spread"],
    },
    HibernationSupported: t.hibernationSupported,
    BurstablePerformanceSupported: t.burstable,
    DedicatedHostsSupported: t.dedicatedHostsSupported,
    AutoRecoverySupported: t.autoRecoverySupported,
    SupportedBootModes: t.supportedBootModes,
    NitroEnclavesSupport: "unsupported",
    NitroTpmSupport: tpm ? "supported" : "unsupported",
    NitroTpmInfo: tpm ? { SupportedVersions: ["2.0"] } : undefined,
  };
});

const keyPairInfo = (k: DomainKeyPair, includePublicKey: boolean): KeyPair => ({
  KeyPairId: k.id,
  KeyFingerprint: k.keyFingerprint,
  KeyName: k.keyName,
  KeyType: k.keyType,
  // DescribeKeyPairs shows an empty tag list for untagged key pairs (EC2 User Guide, "Describe
  // your key pairs", example output).
  Tags: k.tags.map((t) => ({ Key: t.key, Value: t.value })),
  PublicKey: includePublicKey ? k.publicKey : undefined,
  CreateTime: k.createTime,
});

const keyPairWithoutPublicKey = perRecord((k: DomainKeyPair) => keyPairInfo(k, false));
const keyPairWithPublicKey = perRecord((k: DomainKeyPair) => keyPairInfo(k, true));

export function keyPairOut(k: DomainKeyPair, includePublicKey: boolean): KeyPair {
  return includePublicKey ? keyPairWithPublicKey(k) : keyPairWithoutPublicKey(k);
}
