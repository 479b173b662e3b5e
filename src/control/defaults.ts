/**
 * What a new AWS account has in every region before its owner does anything: a default DHCP
 * options set and a default VPC (172.31.0.0/16, one /20 default subnet per zone with public IP
 * mapping, an attached internet gateway and a 0.0.0.0/0 route to it in the main route table; VPC
 * User Guide, "Default VPCs"). Created the first time a scope is used, and again on demand by
 * CreateDefaultVpc (after the owner deleted it) and CreateDefaultSubnet (a zone without one).
 */
import { zonesOf } from "../model/regions.js";
import type { Vpc } from "../model/resources.js";
import { ipv4Cidr } from "../net/index.js";
import type { WriteContext } from "./context.js";
import { defaultDhcpOptionsId } from "./dhcp-options.js";
import {
  DefaultSubnetAlreadyExistsInAvailabilityZone,
  DefaultVpcAlreadyExists,
  DefaultVpcDoesNotExist,
  InvalidParameterValue,
  MissingParameter,
  UnsupportedOperation,
} from "./errors.js";
import { defaultVpcOf } from "./lookup.js";
import { storedIpv4Cidr } from "./stored-cidrs.js";
import { provisionSubnet, resolveZone, type SubnetView, viewSubnet } from "./subnets.js";
import { assertVpcQuota, provisionVpc } from "./vpcs.js";

export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

function bootstrapKey(ctx: WriteContext): string {
  return `bootstrapped:${ctx.scope.account}:${ctx.scope.region}`;
}

export function isScopeBootstrapped(ctx: WriteContext): boolean {
  return ctx.tx.getMeta(bootstrapKey(ctx)) !== undefined;
}

/** Idempotent: does nothing for a scope that was set up before (even if its default VPC was deleted since). */
export function bootstrapScope(ctx: WriteContext): void {
  if (isScopeBootstrapped(ctx)) return;
  ctx.tx.setMeta(bootstrapKey(ctx), ctx.clock.now().toISOString());
  defaultDhcpOptionsId(ctx);
  if (ctx.config.defaultVpc) provisionDefaultVpc(ctx);
}

/** The size of every default subnet (VPC User Guide, "Default subnets"). */
const DEFAULT_SUBNET_PREFIX = 20;

/**
 * CreateDefaultVpc: a new default VPC with a default subnet in every zone, as a new account has
 * (EC2 API reference: only when the region has no default VPC; it counts against the VPC quota).
 */
export function createDefaultVpc(ctx: WriteContext): { vpc: Vpc } {
  if (defaultVpcOf(ctx.tx, ctx.scope) !== undefined) throw new DefaultVpcAlreadyExists();
  assertVpcQuota(ctx);
  const id = provisionDefaultVpc(ctx);
  return { vpc: ctx.tx.get("vpc", ctx.scope, id)! };
}

export interface CreateDefaultSubnetInput {
  readonly availabilityZone?: string;
  readonly ipv6Native?: boolean;
}

/**
 * CreateDefaultSubnet: a /20 default subnet, mapping public addresses on launch, in a zone of the
 * default VPC that has none; the lowest /20 of the VPC's blocks that no subnet overlaps.
 */
export function createDefaultSubnet(
  ctx: WriteContext,
  input: CreateDefaultSubnetInput,
): { subnet: SubnetView } {
  if (!input.availabilityZone) throw new MissingParameter("availabilityZone");
  if (input.ipv6Native) throw new UnsupportedOperation("vpcsim does not simulate IPv6-only subnets yet.");
  const vpc = defaultVpcOf(ctx.tx, ctx.scope);
  if (vpc === undefined) throw new DefaultVpcDoesNotExist();
  const zone = resolveZone(ctx, vpc.id, input.availabilityZone);
  const siblings = ctx.tx.listBy("subnet", ctx.scope, "vpcId", vpc.id);
  if (siblings.some((s) => s.defaultForAz && s.availabilityZone === zone.zoneName)) {
    throw new DefaultSubnetAlreadyExistsInAvailabilityZone();
  }
  const taken = siblings.map((s) => storedIpv4Cidr(s.cidrBlock));
  const free = vpc.cidrBlockAssociations
    .filter((a) => a.state === "associated")
    .map((a) => storedIpv4Cidr(a.cidrBlock))
    .filter((block) => block.prefixLength <= DEFAULT_SUBNET_PREFIX)
    .flatMap((block) => [...block.subnets(DEFAULT_SUBNET_PREFIX)])
    .find((candidate) => !taken.some((t) => t.overlaps(candidate)));
  if (free === undefined) {
    throw new InvalidParameterValue(
      `The default VPC ${vpc.id} has no free /${DEFAULT_SUBNET_PREFIX} block left for a default subnet.`,
    );
  }
  const subnet = provisionSubnet(ctx, {
    vpc,
    cidr: free,
    zoneName: zone.zoneName,
    zoneId: zone.zoneId,
    defaultForAz: true,
    mapPublicIpOnLaunch: true,
    tags: [],
  });
  return { subnet: viewSubnet(ctx.tx, ctx.scope, subnet) };
}

function provisionDefaultVpc(ctx: WriteContext): string {
  const { tx, scope, ids } = ctx;
  const block = ipv4Cidr(DEFAULT_VPC_CIDR);
  const vpc = provisionVpc(ctx, {
    cidr: block,
    isDefault: true,
    instanceTenancy: "default",
    amazonIpv6: false,
    tags: [],
    enableDnsHostnames: true,
  });
  const subnetBlocks = block.subnets(20);
  for (const zone of zonesOf(scope.region)) {
    const next = subnetBlocks.next();
    if (next.done) break;
    provisionSubnet(ctx, {
      vpc,
      cidr: next.value,
      zoneName: zone.zoneName,
      zoneId: zone.zoneId,
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      tags: [],
    });
  }
  const igwId = ids("igw");
  tx.put("internetGateway", scope, {
    id: igwId,
    ownerId: scope.account,
    tags: [],
    attachments: [{ vpcId: vpc.id, state: "available" }],
  });
  const main = tx
    .listBy("routeTable", scope, "vpcId", vpc.id)
    .find((t) => t.associations.some((a) => a.main))!;
  tx.put("routeTable", scope, {
    ...main,
    routes: [
      ...main.routes,
      {
        destination: { kind: "ipv4", cidr: "0.0.0.0/0" },
        target: { kind: "gateway", id: igwId },
        origin: "CreateRoute",
      },
    ],
  });
  return vpc.id;
}
