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
/** MissingParameter with a message of its own, for the actions where AWS does not name one parameter. */
export const MissingParameterMessage = define("MissingParameter", (message: string) => message);
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
export const DefaultVpcAlreadyExists = define(
  "DefaultVpcAlreadyExists",
  // The description in the EC2 error-code list; no transcript of the live message found.
  () => "A default VPC already exists in the AWS Region. You can only have one default VPC per Region.",
);
export const DefaultVpcDoesNotExist = define(
  "DefaultVpcDoesNotExist",
  // As AWS answered CreateDefaultSubnet in a public Terraform configuration's notes.
  () => "No default VPC exists for this account in this region.",
);
export const DefaultSubnetAlreadyExistsInAvailabilityZone = define(
  "DefaultSubnetAlreadyExistsInAvailabilityZone",
  // The description in the EC2 error-code list.
  () =>
    "A default subnet already exists in the specified Availability Zone. You can have only one default subnet per Availability Zone.",
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
  () => "The network interface at device index 0 and networkCard index 0 cannot be detached.",
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
/** AssociateAddress with an InstanceId whose instance is pending, shutting down or terminated. */
export const InstanceStateNotValidForAddress = define(
  "InvalidInstanceID",
  (instanceId: string, state: string) =>
    `The ${state} instance '${instanceId}' is not in a valid state for this operation.`,
);
/** AssociateAddress with a NetworkInterfaceId attached to an instance in such a state. */
export const InterfaceInstanceStateNotValid = define(
  "IncorrectInstanceState",
  (eniId: string, state: string) =>
    `The ${state} instance to which '${eniId}' is attached is not in a valid state for this operation`,
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

// ---- Reachability Analyzer (Network Insights) ------------------------------------------------
// Codes from the EC2 error code table and from clients that branch on them (Terraform's
// `InvalidNetworkInsightsPathId.NotFound`, `AnalysisExistsForNetworkInsightsPath`); the MissingParameter
// message is quoted from an AWS response (terraform-provider-aws#38132). Other messages are modelled.

export const NetworkInsightsPathIdErrors = idErrors(
  "networkInsightsPath",
  "nip",
  "InvalidNetworkInsightsPathId.NotFound",
  "InvalidNetworkInsightsPathId.Malformed",
);
export const NetworkInsightsAnalysisIdErrors = idErrors(
  "networkInsightsAnalysis",
  "nia",
  "InvalidNetworkInsightsAnalysisId.NotFound",
  "InvalidNetworkInsightsAnalysisId.Malformed",
);
export const AnalysisExistsForNetworkInsightsPath = define(
  "AnalysisExistsForNetworkInsightsPath",
  (pathId: string) =>
    `The network insights path ${pathId} has analyses. Delete the analyses before deleting the path.`,
);
export const NetworkInsightsDestinationMissing = define(
  "MissingParameter",
  () =>
    "The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request.",
);

// ---- VPC endpoints and prefix lists -------------------------------------------------------------
// Messages quoted from AWS responses in public reports where docs/aws-notes.md ("VPC endpoints and
// prefix lists") says so; the others are modelled on AWS's wording for the nearest case.

export const VpcEndpointIdErrors: IdErrors = {
  noun: "Vpc Endpoint",
  prefix: "vpce",
  notFound: define("InvalidVpcEndpointId.NotFound", (ids: readonly string[]) =>
    ids.length === 1
      ? `The Vpc Endpoint Id '${ids[0]}' does not exist`
      : `The Vpc Endpoint Ids '${quoteList(ids)}' do not exist`,
  ),
  malformed: define(
    "InvalidVpcEndpointId.Malformed",
    (id: string) =>
      `Invalid id: '${id}' (expecting 'vpce-...'; the Id may only contain lowercase alphanumeric characters and a single dash)`,
  ),
};
/** The managed prefix list calls' spelling of an unknown list ("The prefix list (pl-…) does not exist."). */
export const ManagedPrefixListIdErrors: IdErrors = {
  noun: "prefix list",
  prefix: "pl",
  notFound: define("InvalidPrefixListID.NotFound", (ids: readonly string[]) =>
    ids.length === 1
      ? `The prefix list (${ids[0]}) does not exist.`
      : `The prefix lists (${quoteList(ids)}) do not exist.`,
  ),
  malformed: define(
    "InvalidPrefixListId.Malformed",
    (id: string) =>
      `Invalid id: '${id}' (expecting 'pl-...'; the Id may only contain lowercase alphanumeric characters and a single dash)`,
  ),
};
export const InvalidServiceName = define(
  "InvalidServiceName",
  (serviceName: string) => `The Vpc Endpoint Service '${serviceName}' does not exist`,
);
export const EndpointTypeMismatch = define(
  "InvalidParameter",
  (endpointType: string, serviceTypes: readonly string[]) =>
    `Endpoint type (${endpointType}) does not match available service types ([${serviceTypes.join(", ")}]).`,
);
export const RouteTableIdsOnlyForGateway = define(
  "InvalidParameter",
  () => "Route table IDs are only supported for Gateway type VPC Endpoint.",
);
export const SubnetIdsOnlyForInterface = define(
  "InvalidParameter",
  () => "Subnet IDs are only supported for Interface and GatewayLoadBalancer type VPC Endpoints.",
);
export const SecurityGroupIdsOnlyForInterface = define(
  "InvalidParameter",
  () => "Security group IDs are only supported for Interface type VPC Endpoints.",
);
export const PrivateDnsRequiresVpcDnsAttributes = define(
  "InvalidParameter",
  (vpcId: string) =>
    `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpcId}`,
);
export const PrivateDnsNotSupported = define(
  "InvalidParameter",
  (serviceName: string) =>
    `Private DNS can't be enabled because the service ${serviceName} does not provide a private DNS name.`,
);
export const ConflictingPrivateDnsDomain = define(
  "InvalidParameter",
  (dnsName: string, vpcId: string) =>
    `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${dnsName} in the VPC ${vpcId}`,
);
export const InterfaceEndpointNeedsSecurityGroup = define(
  "InvalidParameter",
  () => "An Interface VPC Endpoint must always have at least one Security Group",
);
export const UnsupportedEndpointIpAddressType = define(
  "InvalidParameter",
  (serviceName: string, ipAddressType: string) =>
    `The VPC endpoint service ${serviceName} does not support the IP address type ${ipAddressType}.`,
);
export const EndpointSubnetNotFound = define(
  "InvalidParameter",
  (subnetId: string, endpointId: string) =>
    `The subnet ${subnetId} is not a subnet of the VPC endpoint ${endpointId}.`,
);
export const RouteTargetNotGatewayLoadBalancerEndpoint = define(
  "InvalidParameterValue",
  (endpointId: string, endpointType: string) =>
    `The VPC endpoint ${endpointId} is a ${endpointType} endpoint; only Gateway Load Balancer endpoints can be the target of a route.`,
);
export const DuplicateSubnetsInSameZone = define(
  "DuplicateSubnetsInSameZone",
  (subnetId: string) => `Found another VPC endpoint subnet in the availability zone of ${subnetId}`,
);
/** A route table that already routes the service's prefix list (to another gateway endpoint). */
export const EndpointRouteAlreadyExists = define(
  "RouteAlreadyExists",
  (routeTableId: string, prefixListId: string) =>
    `route table ${routeTableId} already has a route with destination-prefix-list-id ${prefixListId}`,
);
export const EndpointResourceDifferentNetwork = define(
  "InvalidParameter",
  (resourceId: string, vpcId: string) => `The resource ${resourceId} does not belong to the VPC ${vpcId}.`,
);
export const InvalidPolicyDocument = define(
  "InvalidPolicyDocument",
  (line: number, column: number) =>
    `The Policy Document is not valid. Syntax error at position (${line},${column})`,
);
export const VpcEndpointLimitExceeded = define(
  "VpcEndpointLimitExceeded",
  (kind: string, limit: number) => `The maximum number of ${kind} VPC endpoints (${limit}) has been reached.`,
);
export const VpcEndpointNotModifiable = define(
  "IncorrectState",
  (endpointId: string, state: string) =>
    `The VPC endpoint ${endpointId} is in the state ${state} and cannot be modified.`,
);

export const PrefixListVersionMismatch = define(
  "PrefixListVersionMismatch",
  () => "The prefix list has the incorrect version number.",
);
export const PrefixListIncorrectState = define(
  "IncorrectState",
  (prefixListId: string, state: string) =>
    `The request cannot be completed while the prefix list (${prefixListId}) is in the current state (${state})`,
);
export const PrefixListNameReserved = define(
  "InvalidParameterValue",
  () => "The prefix list name cannot begin with (com.amazonaws., com.amazon., com.aws.).",
);
export const PrefixListMaxEntriesOutOfRange = define(
  "InvalidParameterValue",
  (limit: number) => `Must specify a max size between 1 and ${limit}`,
);
export const PrefixListEntriesPerRequestExceeded = define(
  "InvalidParameterValue",
  (limit: number) => `The number of entries per request cannot exceeds limit (${limit}).`,
);
export const PrefixListEntryExists = define(
  "InvalidPrefixListModification",
  (cidr: string, description: string) =>
    `An entry with the CIDR (${cidr}) and description (${description}) already exists.`,
);
export const PrefixListEntryNotFound = define(
  "InvalidPrefixListModification",
  (cidr: string) => `The entry with the CIDR (${cidr}) does not exist in the prefix list.`,
);
export const PrefixListTooManyEntries = define(
  "InvalidPrefixListModification",
  (maxEntries: number) =>
    `The number of entries exceeds the maximum number of entries (${maxEntries}) of the prefix list.`,
);
export const PrefixListEntriesAndMaxEntries = define(
  "InvalidParameterCombination",
  () => "You cannot modify the entries and the maximum entries for the prefix list in the same request.",
);
export const AwsManagedPrefixListNotModifiable = define(
  "InvalidPrefixListModification",
  (prefixListId: string) => `The prefix list ${prefixListId} is managed by AWS and cannot be modified.`,
);
export const AwsManagedPrefixListNotRoutable = define(
  "InvalidParameterValue",
  (prefixListId: string) =>
    `The AWS-managed prefix list ${prefixListId} cannot be used as a route destination. Create a gateway VPC endpoint to route to its service.`,
);
export const PrefixListInUse = define(
  "DependencyViolation",
  (prefixListId: string, resourceIds: readonly string[]) =>
    `The prefix list ${prefixListId} is referenced by ${quoteList(resourceIds)} and cannot be deleted.`,
);
export const PrefixListLimitExceeded = define(
  "PrefixListLimitExceeded",
  (limit: number) => `The maximum number of prefix lists (${limit}) has been reached.`,
);
export const PrefixListVersionNotFound = define(
  "InvalidParameterValue",
  (version: number, prefixListId: string) =>
    `The version ${version} does not exist for the prefix list ${prefixListId}.`,
);

// ---- VPC peering ---------------------------------------------------------------------------------
// Codes from the EC2 error code table; messages quoted from AWS responses in public reports where
// they exist (docs/aws-notes.md, "VPC peering", says which), modelled on AWS's wording otherwise.

export const VpcPeeringConnectionIdErrors = idErrors(
  "vpcPeeringConnection",
  "pcx",
  "InvalidVpcPeeringConnectionID.NotFound",
  "InvalidVpcPeeringConnectionId.Malformed",
);
/** Observed: "Invalid state transition for pcx-…, attempted to transition from rejected to deleting". */
export const InvalidStateTransition = define(
  "InvalidStateTransition",
  (id: string, from: string, to: string) =>
    `Invalid state transition for ${id}, attempted to transition from ${from} to ${to}`,
);
/** Observed (AcceptVpcPeeringConnection): "The vpc peering connection identified by pcx-… already exists." */
export const VpcPeeringConnectionAlreadyExists = define(
  "VpcPeeringConnectionAlreadyExists",
  (id: string) => `The vpc peering connection identified by ${id} already exists.`,
);
export const ActiveVpcPeeringConnectionPerVpcLimitExceeded = define(
  "ActiveVpcPeeringConnectionPerVpcLimitExceeded",
  (vpcId: string, limit: number) =>
    `The maximum number of active VPC peering connections (${limit}) for VPC '${vpcId}' has been reached.`,
);
export const OutstandingVpcPeeringConnectionLimitExceeded = define(
  "OutstandingVpcPeeringConnectionLimitExceeded",
  (vpcId: string, limit: number) =>
    `The maximum number of outstanding VPC peering connection requests (${limit}) for VPC '${vpcId}' has been reached.`,
);
export const InvalidVpcPeeringConnectionStateDnsHostnamesDisabled = define(
  "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled",
  (id: string) =>
    `To enable DNS hostname resolution for the VPC peering connection ${id}, DNS hostname support and DNS resolution must be enabled for both VPCs.`,
);

// ---- Flow logs -----------------------------------------------------------------------------------
// Codes from the EC2 error code table and from clients that branch on them (Terraform's
// `InvalidFlowLogId.NotFound`); messages quoted from AWS responses where docs/aws-notes.md ("Flow
// logs and CloudWatch Logs") says so, modelled on AWS's wording (or moto's) otherwise.

export const FlowLogIdErrors = idErrors(
  "flowLog",
  "fl",
  "InvalidFlowLogId.NotFound",
  "InvalidFlowLogId.Malformed",
);
/** DeleteFlowLogs' per-id failure (an `Unsuccessful` item, not a failed call). */
export const FlowLogIdsNotFound = define(
  "InvalidFlowLogId.NotFound",
  (ids: readonly string[]) =>
    `These flow log ids in the input list are not found: [TotalCount: ${ids.length}] ${ids.join(" ")}`,
);
export const FlowLogIdInvalidFormat = define(
  "InvalidParameterValue",
  (id: string) =>
    `1 validation error detected: Value ${id === "" ? "null" : `'${id}'`} at 'flowLogId' has an invalid format`,
);
export const FlowLogAlreadyExists = define(
  "FlowLogAlreadyExists",
  () => "Error. There is an existing Flow Log with the same configuration and log destination.",
);
export const FlowLogsLimitExceeded = define(
  "FlowLogsLimitExceeded",
  () => "You've reached the limit on the number of flow logs you can create.",
);
export const InvalidFlowLogFormat = define(
  "InvalidParameterValue",
  (format: string) => `1 validation error detected: Value '${format}' at 'logFormat' has an invalid format`,
);
export const InvalidFlowLogResourceId = define(
  "InvalidParameter",
  (resourceId: string, resourceType: string) =>
    `Invalid Resource id ${resourceId} for resource-type ${resourceType}`,
);
export const FlowLogParameterRequired = define(
  "InvalidParameter",
  (parameter: string, condition: string) => `${parameter} can't be empty if ${condition}.`,
);
export const FlowLogDestinationConflict = define(
  "InvalidParameter",
  () => "Please only provide LogGroupName or only provide LogDestination.",
);
export const LogGroupNameRequiresCloudWatchLogs = define(
  "InvalidParameter",
  () => "LogDestination type must be cloud-watch-logs if LogGroupName is provided.",
);
export const DeliverLogsPermissionArnNotForS3 = define(
  "InvalidParameter",
  () => "DeliverLogsPermissionArn is not applicable for s3 delivery",
);
export const LogDestinationWrongRegion = define(
  "InvalidParameter",
  () => "LogDestination must be in the same region as the API caller.",
);
export const InvalidLogDestination = define(
  "InvalidParameter",
  (destination: string, reason: string) => `LogDestination: ${destination} ${reason}`,
);
export const InvalidAggregationInterval = define(
  "InvalidParameter",
  () => "Invalid Flow Log Max Aggregation Interval",
);
export const FlowLogFeatureNotSimulated = define("UnsupportedOperation", (message: string) => message);

// ---- CloudWatch Logs (AWS JSON protocol) -------------------------------------------------------
// CloudWatch Logs' own exception names; messages quoted from AWS responses (docs/aws-notes.md).

export const LogsInvalidParameter = define("InvalidParameterException", (message: string) => message);
/** AWS's validation-layer wording, which CloudWatch Logs answers as InvalidParameterException. */
export const LogsValidationError = define(
  "InvalidParameterException",
  (value: string, member: string, constraint: string) =>
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
);
export const LogsInvalidNextToken = define(
  "InvalidParameterException",
  () => "The specified nextToken is invalid.",
);
export const LogGroupNotFound = define(
  "ResourceNotFoundException",
  () => "The specified log group does not exist.",
);
export const LogStreamNotFound = define(
  "ResourceNotFoundException",
  () => "The specified log stream does not exist.",
);
export const LogGroupAlreadyExists = define(
  "ResourceAlreadyExistsException",
  () => "The specified log group already exists",
);
export const LogStreamAlreadyExists = define(
  "ResourceAlreadyExistsException",
  () => "The specified log stream already exists",
);
/**
 * CloudWatch Logs records are stored beside EC2's but have no EC2 id: an EC2 call naming one
 * (CreateTags with a made-up id) gets what EC2 answers for any id it does not know.
 */
export const LogsRecordIdErrors: IdErrors = {
  noun: "resource",
  prefix: "logs",
  notFound: define("InvalidID", (ids: readonly string[]) => `The ID '${ids[0] ?? ""}' is not valid`),
  malformed: define("InvalidID", (id: string) => `The ID '${id}' is not valid`),
};

// ---- Site-to-Site VPN and Direct Connect --------------------------------------------------------
// Codes from the EC2 error code table; messages quoted from AWS responses where public reports show
// them (docs/aws-notes.md, "Site-to-Site VPN and Direct Connect", says which); others are modelled.

export const VpnGatewayIdErrors = idErrors(
  "vpnGateway",
  "vgw",
  "InvalidVpnGatewayID.NotFound",
  "InvalidVpnGatewayID.Malformed",
);
export const CustomerGatewayIdErrors = idErrors(
  "customerGateway",
  "cgw",
  "InvalidCustomerGatewayID.NotFound",
  "InvalidCustomerGatewayId.Malformed",
);
export const VpnConnectionIdErrors = idErrors(
  "vpnConnection",
  "vpn",
  "InvalidVpnConnectionID.NotFound",
  "InvalidVpnConnectionID.Malformed",
);
/** Direct Connect records have no EC2 id: EC2's tag calls answer for them as for any unknown id. */
export const DirectConnectRecordIdErrors: IdErrors = {
  noun: "resource",
  prefix: "dx",
  notFound: define("InvalidID", (ids: readonly string[]) => `The ID '${ids[0] ?? ""}' is not valid`),
  malformed: define("InvalidID", (id: string) => `The ID '${id}' is not valid`),
};
export const VpcHasVpnGateway = define(
  "InvalidVpcState",
  (vpcId: string) => `VPC ${vpcId} is currently attached to the Virtual Private Gateway.`,
);
export const VpnGatewayAttachmentLimitExceeded = define(
  "VpnGatewayAttachmentLimitExceeded",
  () => "The maximum number of virtual private gateway attachments has been reached.",
);
export const InvalidVpnGatewayAttachmentNotFound = define(
  "InvalidVpnGatewayAttachment.NotFound",
  (vgwId: string, vpcId: string) =>
    `The attachment with vpn gateway ID '${vgwId}' and vpc ID '${vpcId}' does not exist`,
);
export const VpnGatewayInUse = define("IncorrectState", () => "The VPN gateway is in use.");
export const CustomerGatewayInUse = define("IncorrectState", () => "The customer gateway is in use.");
export const InvalidVpnGatewayState = define(
  "InvalidVpnGatewayState",
  (vgwId: string, state: string) =>
    `The virtual private gateway ${vgwId} is not available (state: ${state}).`,
);
export const InvalidCustomerGatewayState = define(
  "InvalidCustomerGatewayState",
  (cgwId: string, state: string) => `The customer gateway ${cgwId} is not available (state: ${state}).`,
);
export const VpnGatewayLimitExceeded = define(
  "VpnGatewayLimitExceeded",
  () => "The maximum number of virtual private gateways has been reached.",
);
export const CustomerGatewayLimitExceeded = define(
  "CustomerGatewayLimitExceeded",
  () => "The maximum number of customer gateways has been reached.",
);
export const VpnConnectionLimitExceeded = define(
  "VpnConnectionLimitExceeded",
  () => "The maximum number of VPN connections has been reached.",
);
export const InvalidCustomerGatewayDuplicateIpAddress = define(
  "InvalidCustomerGateway.DuplicateIpAddress",
  () => "Conflict among chosen gateway IP addresses.",
);
export const AsnConflict = define(
  "AsnConflict",
  (asn: number) =>
    `The customer gateway and the virtual private gateway have the same ASN (${asn}). Use different ASNs.`,
);
export const InvalidCidrInUse = define(
  "InvalidCidr.InUse",
  (cidr: string, vgwId: string) =>
    `The inside tunnel CIDR ${cidr} is already in use by another VPN tunnel of virtual private gateway ${vgwId}.`,
);
export const InvalidVpnConnectionInvalidState = define(
  "InvalidVpnConnection.InvalidState",
  (vpnId: string, state: string) =>
    `The VPN connection ${vpnId} must be in the available state to complete the request (state: ${state}).`,
);
export const InvalidVpnConnectionInvalidType = define(
  "InvalidVpnConnection.InvalidType",
  (vpnId: string) => `The VPN connection ${vpnId} does not support static routes.`,
);
export const VpnConnectionRouteNotFound = define(
  "InvalidRoute.NotFound",
  (vpnId: string, cidr: string) => `The route ${cidr} does not exist in VPN connection ${vpnId}`,
);
export const VpnConnectionRouteLimitExceeded = define(
  "RouteLimitExceeded",
  (vpnId: string, limit: number) =>
    `The maximum number of static routes (${limit}) for VPN connection '${vpnId}' has been reached.`,
);
export const InvalidTransitGatewayIDNotFound = define(
  "InvalidTransitGatewayID.NotFound",
  (id: string) => `Transit Gateway ${id} was deleted or does not exist.`,
);

/**
 * Direct Connect's one client error code (AWS JSON `__type`); AWS tells cases apart by message.
 * `Could not find Connection with ID …` is quoted from AWS (Terraform matches on it); "does not
 * exist" for Direct Connect gateways likewise; the other messages are modelled on them.
 */
export const DirectConnectClientException = define(
  "DirectConnectClientException",
  (message: string) => message,
);
export const DxConnectionNotFound = define(
  "DirectConnectClientException",
  (id: string) => `Could not find Connection with ID ${id}`,
);
export const DxVirtualInterfaceNotFound = define(
  "DirectConnectClientException",
  (id: string) => `Could not find Virtual Interface with ID ${id}`,
);
export const DxGatewayNotFound = define(
  "DirectConnectClientException",
  (id: string) => `Direct Connect Gateway ${id} does not exist`,
);
export const DxVirtualGatewayNotFound = define(
  "DirectConnectClientException",
  (id: string) => `Virtual Gateway ${id} does not exist`,
);
export const DxTooManyTags = define(
  "TooManyTagsException",
  (limit: number) => `You have reached the limit on the number of tags (${limit}) that can be assigned.`,
);
export const DxDuplicateTagKeys = define(
  "DuplicateTagKeysException",
  (key: string) => `A tag key was specified more than once: ${key}`,
);
