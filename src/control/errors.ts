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
export const KeyPairIdErrors = idErrors(
  "keyPair",
  "key",
  "InvalidKeyPair.NotFound",
  "InvalidKeyPairId.Malformed",
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
