/**
 * The catalogue of errors a client can cause, one class per AWS error code, each with AWS's
 * message template. Clients branch on codes, so the spelling of each code is AWS's own, including
 * its inconsistencies (`InvalidVpcID.NotFound` but `InvalidRouteTableId.Malformed`); see
 * docs/aws-notes.md for where each came from.
 */

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = code;
  }
}

type ErrorClass<A extends unknown[]> = {
  new (...args: A): AwsError;
  readonly code: string;
};

function define<A extends unknown[]>(
  code: string,
  message: (...args: A) => string,
  httpStatus = 400,
): ErrorClass<A> {
  return class extends AwsError {
    static readonly code = code;
    constructor(...args: A) {
      super(code, message(...args), httpStatus);
    }
  };
}

const quoteList = (ids: readonly string[]): string => ids.join(", ");

// Common errors (any action).
export const InvalidParameterValue = define("InvalidParameterValue", (message: string) => message);
export const InvalidParameter = define("InvalidParameter", (message: string) => message);
export const InvalidParameterCombination = define(
  "InvalidParameterCombination",
  (message: string) => message,
);
export const MissingParameter = define(
  "MissingParameter",
  (parameter: string) => `The request must contain the parameter ${parameter}`,
);
export const DryRunOperation = define(
  "DryRunOperation",
  () => "Request would have succeeded, but DryRun flag is set.",
  412,
);
export const IdempotentParameterMismatch = define(
  "IdempotentParameterMismatch",
  (token: string) => `Client token '${token}' has already been used for a request with different parameters.`,
);
export const FilterLimitExceeded = define(
  "FilterLimitExceeded",
  (limit: number) => `The maximum number of filter values specified on a single call is ${limit}`,
);
export const InvalidFilter = define(
  "InvalidParameterValue",
  (name: string) => `The filter '${name}' is invalid`,
);
export const InvalidNextToken = define(
  "InvalidParameterValue",
  (token: string) => `Value (${token}) for parameter NextToken is invalid. The token is invalid.`,
);
export const InvalidMaxResults = define(
  "InvalidParameterValue",
  (value: number, min: number, max: number) =>
    `Value ( ${value} ) for parameter maxResults is invalid. Parameter must be between ${min} and ${max}.`,
);
export const OperationNotPermitted = define("OperationNotPermitted", (message: string) => message);
export const DependencyViolation = define("DependencyViolation", (message: string) => message);
export const UnsupportedOperation = define("UnsupportedOperation", (message: string) => message);
export const IncorrectState = define("IncorrectState", (message: string) => message);
export const InvalidRequest = define("InvalidRequest", (message: string) => message);
export const InternalError = define("InternalError", () => "An internal error has occurred", 500);

/** Id errors of one resource type: the NotFound and Malformed codes, which AWS spells per type. */
export interface IdErrors {
  readonly noun: string;
  readonly prefix: string;
  readonly notFound: ErrorClass<[ids: readonly string[]]>;
  readonly malformed: ErrorClass<[id: string]>;
}

function idErrors(noun: string, prefix: string, notFoundCode: string, malformedCode: string): IdErrors {
  return {
    noun,
    prefix,
    notFound: define(notFoundCode, (ids: readonly string[]) =>
      ids.length === 1
        ? `The ${noun} ID '${ids[0]}' does not exist`
        : `The ${noun} IDs '${quoteList(ids)}' do not exist`,
    ),
    malformed: define(
      malformedCode,
      (id: string) =>
        `Invalid id: '${id}' (expecting '${prefix}-...'; the Id may only contain lowercase alphanumeric characters and a single dash)`,
    ),
  };
}

export const VpcIdErrors = idErrors("vpc", "vpc", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed");
export const SubnetIdErrors = idErrors(
  "subnet",
  "subnet",
  "InvalidSubnetID.NotFound",
  "InvalidSubnetID.Malformed",
);
export const RouteTableIdErrors = idErrors(
  "routeTable",
  "rtb",
  "InvalidRouteTableID.NotFound",
  "InvalidRouteTableId.Malformed",
);
export const InternetGatewayIdErrors = idErrors(
  "internetGateway",
  "igw",
  "InvalidInternetGatewayID.NotFound",
  "InvalidInternetGatewayId.Malformed",
);
export const NetworkAclIdErrors = idErrors(
  "networkAcl",
  "acl",
  "InvalidNetworkAclID.NotFound",
  "InvalidNetworkAclId.Malformed",
);
export const DhcpOptionsIdErrors = idErrors(
  "dhcpOption",
  "dopt",
  "InvalidDhcpOptionID.NotFound",
  "InvalidDhcpOptionsId.Malformed",
);
export const SecurityGroupIdErrors: IdErrors = {
  noun: "security group",
  prefix: "sg",
  notFound: define("InvalidGroup.NotFound", (ids: readonly string[]) =>
    ids.length === 1
      ? `The security group '${ids[0]}' does not exist`
      : `The security groups '${quoteList(ids)}' do not exist`,
  ),
  malformed: define("InvalidGroupId.Malformed", (id: string) => `Invalid id: "${id}" (expecting "sg-...")`),
};

export const NetworkInterfaceIdErrors = idErrors(
  "networkInterface",
  "eni",
  "InvalidNetworkInterfaceID.NotFound",
  "InvalidNetworkInterfaceId.Malformed",
);
export const InstanceIdErrors = idErrors(
  "instance",
  "i",
  "InvalidInstanceID.NotFound",
  "InvalidInstanceID.Malformed",
);
export const AllocationIdErrors = idErrors(
  "allocation",
  "eipalloc",
  "InvalidAllocationID.NotFound",
  "InvalidAllocationID.Malformed",
);
export const NatGatewayIdErrors: IdErrors = {
  noun: "NAT gateway",
  prefix: "nat",
  notFound: define("NatGatewayNotFound", (ids: readonly string[]) =>
    ids.length === 1
      ? `The Nat Gateway ${ids[0]} was not found`
      : `The Nat Gateways ${quoteList(ids)} were not found`,
  ),
  malformed: define("NatGatewayMalformed", (id: string) => `The Nat Gateway ID '${id}' is malformed`),
};
export const EgressOnlyInternetGatewayIdErrors = idErrors(
  "egressOnlyInternetGateway",
  "eigw",
  "InvalidEgressOnlyInternetGatewayId.NotFound",
  "InvalidEgressOnlyInternetGatewayId.Malformed",
);

// Association ids.
export const InvalidAssociationIDNotFound = define(
  "InvalidAssociationID.NotFound",
  (id: string) => `The association ID '${id}' does not exist`,
);
export const InvalidVpcCidrBlockAssociationIDNotFound = define(
  "InvalidVpcCidrBlockAssociationID.NotFound",
  (id: string) => `The vpc CIDR block association ID '${id}' does not exist`,
);

// VPCs.
export const InvalidVpcRange = define("InvalidVpc.Range", (cidr: string) => `The CIDR '${cidr}' is invalid.`);
export const InvalidVpcRangeRestricted = define(
  "InvalidVpc.Range",
  (cidr: string) =>
    `The CIDR '${cidr}' is restricted. Use a CIDR from the same private address range as the current VPC CIDR, or use a publicly-routable CIDR.`,
);
export const VpcLimitExceeded = define(
  "VpcLimitExceeded",
  () => "The maximum number of VPCs has been reached.",
);
export const CidrLimitExceeded = define(
  "CidrLimitExceeded",
  (vpcId: string, limit: number) =>
    `This network '${vpcId}' has met its maximum number of allowed CIDRs: ${limit}`,
);
export const CidrConflict = define("CidrConflict", (message: string) => message);

// Subnets.
export const InvalidSubnetRange = define(
  "InvalidSubnet.Range",
  (cidr: string) => `The CIDR '${cidr}' is invalid.`,
);
export const InvalidSubnetConflict = define(
  "InvalidSubnet.Conflict",
  (cidr: string) => `The CIDR '${cidr}' conflicts with another subnet`,
);
export const SubnetLimitExceeded = define(
  "SubnetLimitExceeded",
  () => "The maximum number of subnets has been reached.",
);

// Private and public addresses.
export const InsufficientFreeAddressesInSubnet = define(
  "InsufficientFreeAddressesInSubnet",
  (subnetId: string) =>
    `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`,
);
export const InvalidIPAddressInUse = define(
  "InvalidIPAddress.InUse",
  (address: string) => `Address ${address} is in use.`,
);

// Route tables and routes.
export const RouteTableLimitExceeded = define(
  "RouteTableLimitExceeded",
  (vpcId: string, limit: number) =>
    `The maximum number of route tables (${limit}) for VPC '${vpcId}' has been reached.`,
);
export const RouteLimitExceeded = define(
  "RouteLimitExceeded",
  (rtbId: string, limit: number) =>
    `The maximum number of routes (${limit}) in route table '${rtbId}' has been reached.`,
);
export const RouteAlreadyExists = define(
  "RouteAlreadyExists",
  (destination: string) => `The route identified by ${destination} already exists.`,
);
export const InvalidRouteNotFound = define(
  "InvalidRoute.NotFound",
  (rtbId: string, destinationLabel: string, destination: string) =>
    `no route with ${destinationLabel} ${destination} in route table ${rtbId}`,
);
export const InvalidGatewayIDNotFound = define(
  "InvalidGatewayID.NotFound",
  (id: string) => `The gateway ID '${id}' does not exist`,
);

// Internet gateways and attachments.
export const InternetGatewayLimitExceeded = define(
  "InternetGatewayLimitExceeded",
  () => "The maximum number of internet gateways has been reached.",
);
export const ResourceAlreadyAssociated = define("Resource.AlreadyAssociated", (message: string) => message);
export const GatewayNotAttached = define(
  "Gateway.NotAttached",
  (gatewayId: string, vpcId: string) => `resource ${gatewayId} is not attached to network ${vpcId}`,
);

// Tags.
export const TagLimitExceeded = define(
  "TagLimitExceeded",
  (limit: number) => `The maximum number of tags per resource (${limit}) has been reached.`,
);
export const InvalidID = define("InvalidID", (id: string) => `The ID '${id}' is not valid`);
export const InvalidTagKeyMalformed = define("InvalidTagKey.Malformed", (message: string) => message);

// ---- Security groups, network ACLs, DHCP options, egress-only internet gateways ----------------
// Messages quoted from AWS responses where public reports show them (docs/aws-notes.md says which).

export const SecurityGroupRuleIdErrors = idErrors(
  "security group rule",
  "sgr",
  "InvalidSecurityGroupRuleId.NotFound",
  "InvalidSecurityGroupRuleId.Malformed",
);
export const PrefixListIdErrors = idErrors(
  "prefix list",
  "pl",
  "InvalidPrefixListID.NotFound",
  "InvalidPrefixListId.Malformed",
);
export const InvalidGroupNotFoundInVpc = define(
  "InvalidGroup.NotFound",
  (name: string, vpcId: string) => `The security group '${name}' does not exist in default VPC '${vpcId}'`,
);
export const InvalidGroupDifferentNetwork = define(
  "InvalidGroup.NotFound",
  () => "You have specified two resources that belong to different networks.",
);
export const InvalidGroupReserved = define(
  "InvalidGroup.Reserved",
  () => "The name 'default' is reserved, and cannot be used to create a new security group.",
);
export const InvalidGroupDuplicate = define(
  "InvalidGroup.Duplicate",
  (name: string, vpcId: string) => `The security group '${name}' already exists for VPC '${vpcId}'`,
);
export const CannotDelete = define(
  "CannotDelete",
  (groupId: string) => `the specified group: "${groupId}" name: "default" cannot be deleted by a user`,
);
export const VpcIdNotSpecified = define("VPCIdNotSpecified", (message: string) => message);
export const SecurityGroupLimitExceeded = define(
  "SecurityGroupLimitExceeded",
  () => "The maximum number of security groups has been reached.",
);
export const RulesPerSecurityGroupLimitExceeded = define(
  "RulesPerSecurityGroupLimitExceeded",
  () => "The maximum number of rules per security group has been reached.",
);
export const InvalidPermissionDuplicate = define(
  "InvalidPermission.Duplicate",
  (rule: string) => `the specified rule "${rule}" already exists`,
);
export const InvalidPermissionNotFound = define(
  "InvalidPermission.NotFound",
  () => "The specified rule does not exist in this security group.",
);
export const InvalidPermissionMalformed = define("InvalidPermission.Malformed", (message: string) => message);

export const NetworkAclEntryAlreadyExists = define(
  "NetworkAclEntryAlreadyExists",
  (ruleNumber: number) => `The network acl entry identified by ${ruleNumber} already exists.`,
);
export const InvalidNetworkAclEntryNotFound = define(
  "InvalidNetworkAclEntry.NotFound",
  (aclId: string, ruleNumber: number, egress: boolean) =>
    `The ${egress ? "egress" : "ingress"} network acl entry identified by ${ruleNumber} does not exist in network ACL '${aclId}'.`,
);
export const NetworkAclEntryLimitExceeded = define(
  "NetworkAclEntryLimitExceeded",
  (aclId: string, limit: number) =>
    `The maximum number of entries (${limit}) in one direction of network ACL '${aclId}' has been reached.`,
);
export const NetworkAclLimitExceeded = define(
  "NetworkAclLimitExceeded",
  (vpcId: string, limit: number) =>
    `The maximum number of network ACLs (${limit}) for VPC '${vpcId}' has been reached.`,
);

// ---- Network interfaces, Elastic IPs, NAT gateways ----------------------------------------------
// Messages quoted from AWS responses where public reports show them (docs/aws-notes.md says which).

/** Attachment ids of interfaces attached to instances (`eni-attach-…`). */
export const NetworkInterfaceAttachmentIdErrors = idErrors(
  "attachment",
  "eni-attach",
  "InvalidAttachmentID.NotFound",
  "InvalidNetworkInterfaceAttachmentId.Malformed",
);
/** Deleting or attaching an interface that is attached. */
export const NetworkInterfaceCurrentlyInUse = define(
  "InvalidParameterValue",
  (eniId: string) => `Network interface '${eniId}' is currently in use.`,
);
/** Launching with an interface that is attached elsewhere (RunInstances). */
export const InvalidNetworkInterfaceInUse = define(
  "InvalidNetworkInterface.InUse",
  (eniId: string) => `Interface: [${eniId}] in use.`,
);
export const SecurityGroupsPerInterfaceLimitExceeded = define(
  "SecurityGroupsPerInterfaceLimitExceeded",
  () => "The maximum number of security groups per interface has been reached.",
);
export const SecurityGroupSubnetDifferentNetworks = define(
  "InvalidParameter",
  (groupId: string, subnetId: string) =>
    `Security group ${groupId} and subnet ${subnetId} belong to different networks.`,
);
export const DeviceIndexInUse = define(
  "InvalidParameterValue",
  (instanceId: string, deviceIndex: number) =>
    `Instance '${instanceId}' already has an interface attached at device index '${deviceIndex}'.`,
);
export const InterfaceInstanceZoneMismatch = define(
  "InvalidParameterCombination",
  () => "You may not attach a network interface to an instance if they are not in the same availability zone",
);
export const PrimaryInterfaceCannotBeDetached = define(
  "OperationNotPermitted",
  () => "The network interface at device index 0 cannot be detached.",
);
export const ManagedAttachmentNotAllowed = define(
  "OperationNotPermitted",
  (kind: string) => `You are not allowed to manage '${kind}' attachments.`,
);
/** What AWS answers when a user touches what a service manages (a NAT gateway's interface or address). */
export const NoPermissionForResource = define(
  "AuthFailure",
  () => "You do not have permission to access the specified resource.",
);
export const InstanceStateNotValidForInterfaces = define(
  "IncorrectInstanceState",
  (instanceId: string, state: string) =>
    `The ${state} instance '${instanceId}' is not in a valid state for this operation.`,
);
export const PrimaryPrivateIpCannotBeUnassigned = define(
  "InvalidParameterValue",
  (address: string) => `The primary private IP address ${address} cannot be unassigned.`,
);
export const PrivateIpsNotAssigned = define(
  "InvalidParameterValue",
  (eniId: string) => `Some of the specified addresses are not assigned to interface ${eniId}`,
);
/** A secondary address held by another interface (AWS answers InvalidParameterValue here, not InvalidIPAddress.InUse). */
export const SecondaryPrivateIpInUse = define(
  "InvalidParameterValue",
  (address: string) => `Address ${address} is in use and reassignment is not allowed.`,
);
export const AddressLimitExceeded = define(
  "AddressLimitExceeded",
  () => "The maximum number of addresses has been reached.",
);
export const InvalidAddressNotFound = define(
  "InvalidAddress.NotFound",
  (publicIp: string) => `Address '${publicIp}' not found.`,
);
export const NetworkHasNoInternetGateway = define(
  "Gateway.NotAttached",
  (vpcId: string) => `Network ${vpcId} is not attached to any internet gateway`,
);
export const ElasticIpAlreadyAssociated = define(
  "Resource.AlreadyAssociated",
  (allocationId: string, associationId: string) =>
    `resource ${allocationId} is already associated with associate-id ${associationId}`,
);
export const InstanceHasMultipleInterfaces = define(
  "InvalidInstanceID",
  (instanceId: string) =>
    `There are multiple interfaces attached to instance '${instanceId}'. Please specify an interface ID for the operation instead.`,
);
export const PrivateIpNotMappedToInterface = define(
  "InvalidParameterValue",
  (address: string, eniId: string) => `${address} is not mapped to the interface ${eniId}`,
);
export const ReleaseVpcAddressNeedsAllocationId = define(
  "InvalidParameterValue",
  () => "You must specify an allocation id when releasing a VPC elastic IP address",
);
export const NatGatewayLimitExceeded = define(
  "NatGatewayLimitExceeded",
  (limit: number) => `Performing this operation would exceed the limit of ${limit} NAT gateways`,
);
/** CreateRoute's spelling (DescribeNatGateways answers `NatGatewayNotFound`). */
export const InvalidNatGatewayIDNotFound = define(
  "InvalidNatGatewayID.NotFound",
  (id: string) => `The natGateway ID '${id}' does not exist`,
);
/** CreateNatGateway's spelling of a malformed subnet id. */
export const NatGatewaySubnetMalformed = define(
  "InvalidSubnet",
  (id: string) => `The subnet ID '${id}' is malformed`,
);

// ---- Instances, AMIs, instance types and key pairs ---------------------------------------------
// Messages quoted from AWS responses in public reports (docs/aws-notes.md, "Instances, AMIs,
// instance types and key pairs", says where each came from).

export const InvalidAmiIdNotFound = define("InvalidAMIID.NotFound", (ids: readonly string[]) =>
  ids.length === 1
    ? `The image id '[${ids[0]}]' does not exist`
    : `The image ids '[${quoteList(ids)}]' do not exist`,
);
export const InvalidAmiIdMalformed = define(
  "InvalidAMIID.Malformed",
  (id: string) => `Invalid id: "${id}" (expecting "ami-...")`,
);
export const InvalidInstanceTypeNotFound = define(
  "InvalidInstanceType",
  (types: readonly string[]) => `The following supplied instance types do not exist: [${quoteList(types)}]`,
);
export const InvalidKeyPairDuplicate = define(
  "InvalidKeyPair.Duplicate",
  (name: string) => `The keypair '${name}' already exists.`,
);
export const InvalidKeyFormat = define(
  "InvalidKey.Format",
  () => "Key is not in valid OpenSSH public key format",
);
export const InvalidKeyPairNameNotFound = define(
  "InvalidKeyPair.NotFound",
  (name: string) => `The key pair '${name}' does not exist`,
);
/** Key pair ids (`key-…`) as DescribeKeyPairs and DeleteKeyPair name them. */
export const KeyPairLookupIdErrors = idErrors(
  "key pair",
  "key",
  "InvalidKeyPair.NotFound",
  "InvalidKeyPairId.Malformed",
);
export const IncorrectInstanceState = define("IncorrectInstanceState", (message: string) => message);
export const InstanceAttachmentLimitExceeded = define(
  "AttachmentLimitExceeded",
  (count: number, instanceType: string) => `Interface count ${count} exceeds the limit for ${instanceType}`,
);
export const InstancePrivateIpLimitExceeded = define(
  "PrivateIpAddressLimitExceeded",
  () => "Number of private addresses will exceed limit.",
);
export const NoDefaultSubnets = define(
  "MissingInput",
  (vpcId: string) => `No subnets found for the default VPC '${vpcId}'. Please specify a subnet.`,
);
