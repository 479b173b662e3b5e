/**
 * VPCs: CreateVpc, DeleteVpc, DescribeVpcs, ModifyVpcAttribute, DescribeVpcAttribute,
 * AssociateVpcCidrBlock, DisassociateVpcCidrBlock.
 */
import { REGIONS } from "../model/regions.js";
import type {
  InstanceTenancy,
  NetworkAcl,
  NetworkAclEntry,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Tag,
  Vpc,
  VpcCidrAssociation,
  VpcIpv6CidrAssociation,
} from "../model/resources.js";
import { type Ipv4Cidr, Ipv6Cidr, parseIpv6Address } from "../net/index.js";
import type { ReadContext, WriteContext } from "./context.js";
import { defaultDhcpOptionsId } from "./dhcp-options.js";
import {
  CidrLimitExceeded,
  DependencyViolation,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidVpcCidrBlockAssociationIDNotFound,
  InvalidVpcRange,
  MissingParameter,
  MissingParameterMessage,
  OperationNotPermitted,
  UnsupportedOperation,
  VpcIdErrors,
  VpcLimitExceeded,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { deletePeeringRequestsOfVpc, vpcHasPeeringDependencies } from "./peering.js";
import { assertSecondaryBlockAllowed, assertVpcBlockSize, parseIpv4CidrParam } from "./rules.js";
import { storedIpv4Cidr, storedIpv6Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

export const VPC_FILTERS: FilterTable<Vpc> = {
  cidr: (v) => v.cidrBlock,
  "cidr-block-association.cidr-block": (v) => v.cidrBlockAssociations.map((a) => a.cidrBlock),
  "cidr-block-association.association-id": (v) => v.cidrBlockAssociations.map((a) => a.associationId),
  "cidr-block-association.state": (v) => v.cidrBlockAssociations.map((a) => a.state),
  "dhcp-options-id": (v) => v.dhcpOptionsId,
  "ipv6-cidr-block-association.ipv6-cidr-block": (v) =>
    v.ipv6CidrBlockAssociations.map((a) => a.ipv6CidrBlock),
  "ipv6-cidr-block-association.ipv6-pool": (v) => v.ipv6CidrBlockAssociations.map((a) => a.ipv6Pool),
  "ipv6-cidr-block-association.association-id": (v) =>
    v.ipv6CidrBlockAssociations.map((a) => a.associationId),
  "ipv6-cidr-block-association.state": (v) => v.ipv6CidrBlockAssociations.map((a) => a.state),
  "is-default": (v) => v.isDefault,
  "owner-id": (v) => v.ownerId,
  state: (v) => v.state,
  "vpc-id": (v) => v.id,
};

const AMAZON_IPV6_POOL = "Amazon";

/** Allocates the next Amazon-provided /56 of the region from a simulated pool. */
function allocateAmazonIpv6Block(ctx: WriteContext): Ipv6Cidr {
  const key = `ipv6-pool:${ctx.scope.region}`;
  const next = Number(ctx.tx.getMeta(key) ?? "0");
  ctx.tx.setMeta(key, String(next + 1));
  const regionIndex = Math.max(
    0,
    REGIONS.findIndex((r) => r.name === ctx.scope.region),
  );
  const base = parseIpv6Address(`2600:1f${(0x10 + regionIndex).toString(16)}::`)!;
  // Each /56 is 2^72 addresses; pool entries are consecutive /56 blocks after the region base.
  return new Ipv6Cidr(base + (BigInt(next) << 72n), 56);
}

interface ProvisionVpcInput {
  readonly cidr: Ipv4Cidr;
  readonly isDefault: boolean;
  readonly instanceTenancy: InstanceTenancy;
  readonly amazonIpv6: boolean;
  readonly tags: readonly Tag[];
  readonly enableDnsHostnames: boolean;
}

/**
 * Creates a VPC with everything AWS creates alongside it: the main route table with its local
 * routes, the default network ACL, the default security group, and the region's default DHCP
 * options set.
 */
export function provisionVpc(ctx: WriteContext, input: ProvisionVpcInput): Vpc {
  const { tx, scope, ids } = ctx;
  const ipv6: VpcIpv6CidrAssociation[] = input.amazonIpv6
    ? [
        {
          associationId: ids("vpc-cidr-assoc"),
          ipv6CidrBlock: allocateAmazonIpv6Block(ctx).toString(),
          state: "associated",
          networkBorderGroup: scope.region,
          ipv6Pool: AMAZON_IPV6_POOL,
        },
      ]
    : [];
  const vpc: Vpc = {
    id: ids("vpc"),
    ownerId: scope.account,
    tags: input.tags,
    state: "available",
    cidrBlock: input.cidr.toString(),
    cidrBlockAssociations: [
      { associationId: ids("vpc-cidr-assoc"), cidrBlock: input.cidr.toString(), state: "associated" },
    ],
    ipv6CidrBlockAssociations: ipv6,
    dhcpOptionsId: defaultDhcpOptionsId(ctx),
    instanceTenancy: input.instanceTenancy,
    isDefault: input.isDefault,
    enableDnsSupport: true,
    enableDnsHostnames: input.enableDnsHostnames,
    enableNetworkAddressUsageMetrics: false,
  };
  tx.put("vpc", scope, vpc);

  const mainRouteTable: RouteTable = {
    id: ids("rtb"),
    ownerId: scope.account,
    tags: [],
    vpcId: vpc.id,
    routes: [
      ...vpc.cidrBlockAssociations.map((a) => localRoute("ipv4", a.cidrBlock)),
      ...ipv6.map((a) => localRoute("ipv6", a.ipv6CidrBlock)),
    ],
    associations: [{ id: ids("rtbassoc"), main: true }],
    propagatingVgwIds: [],
  };
  tx.put("routeTable", scope, mainRouteTable);

  const allowAll = (
    egress: boolean,
    ruleNumber: number,
    block: { cidrBlock?: string; ipv6CidrBlock?: string },
  ) => ({ ruleNumber, egress, protocol: "-1", ruleAction: "allow", ...block }) satisfies NetworkAclEntry;
  const aclEntries: NetworkAclEntry[] = [
    allowAll(false, 100, { cidrBlock: "0.0.0.0/0" }),
    allowAll(true, 100, { cidrBlock: "0.0.0.0/0" }),
  ];
  if (ipv6.length > 0) {
    aclEntries.push(
      allowAll(false, 101, { ipv6CidrBlock: "::/0" }),
      allowAll(true, 101, { ipv6CidrBlock: "::/0" }),
    );
  }
  const defaultAcl: NetworkAcl = {
    id: ids("acl"),
    ownerId: scope.account,
    tags: [],
    vpcId: vpc.id,
    isDefault: true,
    entries: aclEntries,
    associations: [],
  };
  tx.put("networkAcl", scope, defaultAcl);

  const groupId = ids("sg");
  const rules: SecurityGroupRule[] = [
    {
      id: ids("sgr"),
      isEgress: false,
      ipProtocol: "-1",
      referencedGroup: { groupId, userId: scope.account },
      tags: [],
    },
    { id: ids("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", tags: [] },
  ];
  if (ipv6.length > 0)
    rules.push({ id: ids("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv6: "::/0", tags: [] });
  const defaultGroup: SecurityGroup = {
    id: groupId,
    ownerId: scope.account,
    tags: [],
    groupName: "default",
    description: "default VPC security group",
    vpcId: vpc.id,
    isDefault: true,
    rules,
  };
  tx.put("securityGroup", scope, defaultGroup);
  return vpc;
}

function localRoute(kind: "ipv4" | "ipv6", cidr: string): RouteTable["routes"][number] {
  return { destination: { kind, cidr }, target: { kind: "local", id: "local" }, origin: "CreateRouteTable" };
}

const TENANCIES: readonly InstanceTenancy[] = ["default", "dedicated"];

export interface CreateVpcInput {
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  readonly instanceTenancy?: string;
  readonly ipv4IpamPoolId?: string;
  readonly ipv6IpamPoolId?: string;
  readonly ipv6Pool?: string;
  readonly ipv6CidrBlock?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

/** The VPCs-per-region quota, which counts the default VPC too. */
export function assertVpcQuota(ctx: WriteContext): void {
  if (ctx.tx.count("vpc", ctx.scope) >= ctx.config.quotas.vpcsPerRegion) throw new VpcLimitExceeded();
}

export function createVpc(ctx: WriteContext, input: CreateVpcInput): { vpc: Vpc } {
  if (input.ipv4IpamPoolId || input.ipv6IpamPoolId || input.ipv6Pool || input.ipv6CidrBlock) {
    throw new UnsupportedOperation("vpcsim does not simulate IPAM pools or BYOIP IPv6 pools.");
  }
  if (input.cidrBlock === undefined) {
    throw new MissingParameterMessage("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
  }
  const cidr = parseIpv4CidrParam(input.cidrBlock, "cidrBlock");
  assertVpcBlockSize(cidr);
  const tenancy = (input.instanceTenancy ?? "default") as InstanceTenancy;
  if (!TENANCIES.includes(tenancy)) {
    throw new InvalidParameterValue(
      `Value (${input.instanceTenancy}) for parameter instanceTenancy is invalid. Valid values: default, dedicated.`,
    );
  }
  const tags = tagsFromSpecifications(input.tagSpecifications, "vpc", ctx.config.quotas.tagsPerResource);
  assertVpcQuota(ctx);
  const vpc = provisionVpc(ctx, {
    cidr,
    isDefault: false,
    instanceTenancy: tenancy,
    amazonIpv6: input.amazonProvidedIpv6CidrBlock === true,
    tags,
    enableDnsHostnames: false,
  });
  // AWS answers CreateVpc while the VPC is still `pending`; ours is ready at once, so only the
  // response shows the transitional state, as AWS's would.
  return {
    vpc: {
      ...vpc,
      state: "pending",
      ipv6CidrBlockAssociations: vpc.ipv6CidrBlockAssociations.map((a) => ({ ...a, state: "associating" })),
    },
  };
}

export function deleteVpc(ctx: WriteContext, input: { vpcId?: string }): void {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const { tx, scope } = ctx;
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const blockers = [
    tx.listBy("subnet", scope, "vpcId", vpc.id).length > 0,
    tx.listBy("routeTable", scope, "vpcId", vpc.id).some((t) => !t.associations.some((a) => a.main)),
    tx.listBy("networkAcl", scope, "vpcId", vpc.id).some((a) => !a.isDefault),
    tx.listBy("securityGroup", scope, "vpcId", vpc.id).some((g) => !g.isDefault),
    tx.list("internetGateway", scope).some((g) => g.attachments.some((a) => a.vpcId === vpc.id)),
    tx.list("egressOnlyInternetGateway", scope).some((g) => g.attachments.some((a) => a.vpcId === vpc.id)),
    tx.listBy("networkInterface", scope, "vpcId", vpc.id).length > 0,
    tx
      .listBy("natGateway", scope, "vpcId", vpc.id)
      .some((n) => n.state !== "deleted" && n.state !== "failed"),
    vpcHasPeeringDependencies(tx, scope, vpc.id),
    tx.listBy("vpcEndpoint", scope, "vpcId", vpc.id).some((e) => e.state !== "deleted"),
    // A virtual private gateway attaching, attached or detaching (its `vpcId` is set until detached).
    tx.listBy("vpnGateway", scope, "vpcId", vpc.id).length > 0,
  ];
  if (blockers.some(Boolean)) {
    throw new DependencyViolation(`The vpc '${vpc.id}' has dependencies and cannot be deleted.`);
  }
  deletePeeringRequestsOfVpc(ctx, vpc.id);
  for (const t of tx.listBy("routeTable", scope, "vpcId", vpc.id)) tx.delete("routeTable", scope, t.id);
  for (const a of tx.listBy("networkAcl", scope, "vpcId", vpc.id)) tx.delete("networkAcl", scope, a.id);
  for (const g of tx.listBy("securityGroup", scope, "vpcId", vpc.id)) tx.delete("securityGroup", scope, g.id);
  tx.delete("vpc", scope, vpc.id);
}

export interface DescribeVpcsInput extends PageRequest {
  readonly vpcIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeVpcs(
  ctx: ReadContext,
  input: DescribeVpcsInput,
): { vpcs: readonly Vpc[]; nextToken?: string } {
  const matches = compileFilters(VPC_FILTERS, input.filters);
  const vpcs = selectByIds(ctx.tx, ctx.scope, "vpc", input.vpcIds, VpcIdErrors).filter(matches);
  const page = paginate(vpcs, input, ["DescribeVpcs", input.vpcIds ?? [], input.filters ?? []]);
  return { vpcs: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export type VpcAttributeName = "enableDnsSupport" | "enableDnsHostnames" | "enableNetworkAddressUsageMetrics";
const VPC_ATTRIBUTES: readonly VpcAttributeName[] = [
  "enableDnsSupport",
  "enableDnsHostnames",
  "enableNetworkAddressUsageMetrics",
];

export interface ModifyVpcAttributeInput {
  readonly vpcId?: string;
  readonly enableDnsSupport?: boolean;
  readonly enableDnsHostnames?: boolean;
  readonly enableNetworkAddressUsageMetrics?: boolean;
}

export function modifyVpcAttribute(ctx: WriteContext, input: ModifyVpcAttributeInput): void {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const given = VPC_ATTRIBUTES.filter((name) => input[name] !== undefined);
  const vpc = requireRecord(ctx.tx, ctx.scope, "vpc", input.vpcId, VpcIdErrors);
  if (given.length === 0) {
    throw new MissingParameter(
      "Either enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics",
    );
  }
  if (given.length > 1) {
    throw new InvalidParameterCombination("Only one attribute can be modified at a time.");
  }
  const name = given[0]!;
  ctx.tx.put("vpc", ctx.scope, { ...vpc, [name]: input[name] });
}

export function describeVpcAttribute(
  ctx: ReadContext,
  input: { vpcId?: string; attribute?: string },
): { vpcId: string; attribute: VpcAttributeName; value: boolean } {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  if (!input.attribute) throw new MissingParameter("attribute");
  const attribute = input.attribute as VpcAttributeName;
  if (!VPC_ATTRIBUTES.includes(attribute)) {
    throw new InvalidParameterValue(
      `Value (${input.attribute}) for parameter attribute is invalid. Unknown attribute.`,
    );
  }
  const vpc = requireRecord(ctx.tx, ctx.scope, "vpc", input.vpcId, VpcIdErrors);
  return { vpcId: vpc.id, attribute, value: vpc[attribute] };
}

export interface AssociateVpcCidrBlockInput {
  readonly vpcId?: string;
  readonly cidrBlock?: string;
  readonly amazonProvidedIpv6CidrBlock?: boolean;
  readonly ipv6CidrBlockNetworkBorderGroup?: string;
  readonly ipv4IpamPoolId?: string;
  readonly ipv6IpamPoolId?: string;
  readonly ipv6Pool?: string;
  readonly ipv6CidrBlock?: string;
}

export interface AssociateVpcCidrBlockResult {
  readonly vpcId: string;
  readonly cidrBlockAssociation?: VpcCidrAssociation;
  readonly ipv6CidrBlockAssociation?: VpcIpv6CidrAssociation;
}

export function associateVpcCidrBlock(
  ctx: WriteContext,
  input: AssociateVpcCidrBlockInput,
): AssociateVpcCidrBlockResult {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  if (input.ipv4IpamPoolId || input.ipv6IpamPoolId || input.ipv6Pool || input.ipv6CidrBlock) {
    throw new UnsupportedOperation("vpcsim does not simulate IPAM pools or BYOIP IPv6 pools.");
  }
  const wantsIpv6 = input.amazonProvidedIpv6CidrBlock === true;
  if (wantsIpv6 === (input.cidrBlock !== undefined)) {
    throw new InvalidParameterCombination(
      "The request must contain exactly one of: cidrBlock, amazonProvidedIpv6CidrBlock, ipv6Pool, ipv4IpamPoolId, ipv6IpamPoolId",
    );
  }
  const { tx, scope, ids } = ctx;
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const routeTables = tx.listBy("routeTable", scope, "vpcId", vpc.id);

  if (wantsIpv6) {
    if (input.ipv6CidrBlockNetworkBorderGroup && input.ipv6CidrBlockNetworkBorderGroup !== scope.region) {
      throw new InvalidParameterValue(
        `Value (${input.ipv6CidrBlockNetworkBorderGroup}) for parameter ipv6CidrBlockNetworkBorderGroup is invalid.`,
      );
    }
    if (vpc.ipv6CidrBlockAssociations.length >= ctx.config.quotas.ipv6CidrBlocksPerVpc) {
      throw new CidrLimitExceeded(vpc.id, ctx.config.quotas.ipv6CidrBlocksPerVpc);
    }
    const association: VpcIpv6CidrAssociation = {
      associationId: ids("vpc-cidr-assoc"),
      ipv6CidrBlock: allocateAmazonIpv6Block(ctx).toString(),
      state: "associated",
      networkBorderGroup: scope.region,
      ipv6Pool: AMAZON_IPV6_POOL,
    };
    tx.put("vpc", scope, {
      ...vpc,
      ipv6CidrBlockAssociations: [...vpc.ipv6CidrBlockAssociations, association],
    });
    for (const table of routeTables) {
      tx.put("routeTable", scope, {
        ...table,
        routes: [...table.routes, localRoute("ipv6", association.ipv6CidrBlock)],
      });
    }
    return { vpcId: vpc.id, ipv6CidrBlockAssociation: { ...association, state: "associating" } };
  }

  const cidr = parseIpv4CidrParam(input.cidrBlock, "cidrBlock");
  assertVpcBlockSize(cidr);
  const current = vpc.cidrBlockAssociations.map((a) => storedIpv4Cidr(a.cidrBlock));
  if (current.length >= ctx.config.quotas.ipv4CidrBlocksPerVpc) {
    throw new CidrLimitExceeded(vpc.id, ctx.config.quotas.ipv4CidrBlocksPerVpc);
  }
  const clash = current.find((block) => block.overlaps(cidr));
  if (clash) {
    const error = new InvalidVpcRange(cidr.toString());
    error.message = `The CIDR '${cidr.toString()}' conflicts with another CIDR block '${clash.toString()}' of the VPC.`;
    throw error;
  }
  assertSecondaryBlockAllowed(current[0]!, cidr);
  // "The CIDR block must not be the same or larger than the CIDR range of a route in any of the
  // VPC route tables" (VPC User Guide).
  for (const table of routeTables) {
    for (const route of table.routes) {
      if (route.destination.kind !== "ipv4" || route.target.kind === "local") continue;
      if (cidr.containsCidr(storedIpv4Cidr(route.destination.cidr))) {
        const error = new InvalidVpcRange(cidr.toString());
        error.message = `The CIDR '${cidr.toString()}' conflicts with route ${route.destination.cidr} in route table ${table.id}.`;
        throw error;
      }
    }
  }
  const association: VpcCidrAssociation = {
    associationId: ids("vpc-cidr-assoc"),
    cidrBlock: cidr.toString(),
    state: "associated",
  };
  tx.put("vpc", scope, { ...vpc, cidrBlockAssociations: [...vpc.cidrBlockAssociations, association] });
  for (const table of routeTables) {
    tx.put("routeTable", scope, {
      ...table,
      routes: [...table.routes, localRoute("ipv4", association.cidrBlock)],
    });
  }
  return { vpcId: vpc.id, cidrBlockAssociation: { ...association, state: "associating" } };
}

export function disassociateVpcCidrBlock(
  ctx: WriteContext,
  input: { associationId?: string },
): AssociateVpcCidrBlockResult {
  if (!input.associationId) throw new MissingParameter("associationId");
  const { tx, scope } = ctx;
  const associationId = input.associationId;
  const vpc = tx
    .list("vpc", scope)
    .find(
      (v) =>
        v.cidrBlockAssociations.some((a) => a.associationId === associationId) ||
        v.ipv6CidrBlockAssociations.some((a) => a.associationId === associationId),
    );
  if (!vpc) throw new InvalidVpcCidrBlockAssociationIDNotFound(associationId);
  const subnets = tx.listBy("subnet", scope, "vpcId", vpc.id);
  const routeTables = tx.listBy("routeTable", scope, "vpcId", vpc.id);
  const ipv4 = vpc.cidrBlockAssociations.find((a) => a.associationId === associationId);
  if (ipv4) {
    if (ipv4.cidrBlock === vpc.cidrBlock) {
      throw new OperationNotPermitted(
        `The vpc CIDR block with association ID ${associationId} may not be disassociated. It is the primary IPv4 CIDR block of the VPC`,
      );
    }
    const block = storedIpv4Cidr(ipv4.cidrBlock);
    const inUse = subnets.some((s) => block.overlaps(storedIpv4Cidr(s.cidrBlock)));
    if (inUse) {
      throw new DependencyViolation(
        `The vpc CIDR block ${ipv4.cidrBlock} has dependencies and cannot be disassociated.`,
      );
    }
    tx.put("vpc", scope, {
      ...vpc,
      cidrBlockAssociations: vpc.cidrBlockAssociations.filter((a) => a.associationId !== associationId),
    });
    removeLocalRoutes(ctx, routeTables, ipv4.cidrBlock);
    return { vpcId: vpc.id, cidrBlockAssociation: { ...ipv4, state: "disassociating" } };
  }
  const ipv6 = vpc.ipv6CidrBlockAssociations.find((a) => a.associationId === associationId)!;
  const vpcBlock = storedIpv6Cidr(ipv6.ipv6CidrBlock);
  const inUse = subnets.some((s) =>
    s.ipv6CidrBlockAssociations.some((a) => vpcBlock.overlaps(storedIpv6Cidr(a.ipv6CidrBlock))),
  );
  if (inUse) {
    throw new DependencyViolation(
      `The vpc CIDR block ${ipv6.ipv6CidrBlock} has dependencies and cannot be disassociated.`,
    );
  }
  tx.put("vpc", scope, {
    ...vpc,
    ipv6CidrBlockAssociations: vpc.ipv6CidrBlockAssociations.filter((a) => a.associationId !== associationId),
  });
  removeLocalRoutes(ctx, routeTables, ipv6.ipv6CidrBlock);
  return { vpcId: vpc.id, ipv6CidrBlockAssociation: { ...ipv6, state: "disassociating" } };
}

function removeLocalRoutes(ctx: WriteContext, tables: readonly RouteTable[], cidr: string): void {
  for (const table of tables) {
    const routes = table.routes.filter(
      (r) =>
        !(r.target.kind === "local" && r.destination.kind !== "prefix-list" && r.destination.cidr === cidr),
    );
    if (routes.length !== table.routes.length) ctx.tx.put("routeTable", ctx.scope, { ...table, routes });
  }
}
