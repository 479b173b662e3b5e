/**
 * What a new AWS account has in every region before its owner does anything: a default DHCP
 * options set and a default VPC (172.31.0.0/16, one /20 default subnet per zone with public IP
 * mapping, an attached internet gateway and a 0.0.0.0/0 route to it in the main route table; VPC
 * User Guide, "Default VPCs"). Created the first time a scope is used.
 */
import { zonesOf } from "../model/regions.js";
import { ipv4Cidr } from "../net/index.js";
import type { WriteContext } from "./context.js";
import { defaultDhcpOptionsId } from "./dhcp-options.js";
import { provisionSubnet } from "./subnets.js";
import { provisionVpc } from "./vpcs.js";

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
  if (ctx.config.defaultVpc) createDefaultVpc(ctx);
}

function createDefaultVpc(ctx: WriteContext): void {
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
}
