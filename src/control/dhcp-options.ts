/**
 * DHCP options sets. Every region of an account has a default set (AWS creates it with the
 * account): the region's internal domain name and the Amazon-provided DNS server. New VPCs use it.
 * The DHCP options operations themselves come with the next resource family.
 */
import type { DhcpConfiguration, DhcpOptions } from "../model/resources.js";
import type { WriteContext } from "./context.js";

/** `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere (VPC User Guide, DHCP option sets). */
export function internalDomainName(region: string): string {
  return region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
}

export function defaultDhcpConfigurations(region: string): DhcpConfiguration[] {
  return [
    { key: "domain-name", values: [internalDomainName(region)] },
    { key: "domain-name-servers", values: ["AmazonProvidedDNS"] },
  ];
}

/** The id of the scope's default DHCP options set, created on first use. */
export function defaultDhcpOptionsId(ctx: WriteContext): string {
  const existing = ctx.tx.list("dhcpOptions", ctx.scope).find((d) => d.isDefault);
  if (existing) return existing.id;
  const options: DhcpOptions = {
    id: ctx.ids("dopt"),
    ownerId: ctx.scope.account,
    tags: [],
    configurations: defaultDhcpConfigurations(ctx.scope.region),
    isDefault: true,
  };
  ctx.tx.put("dhcpOptions", ctx.scope, options);
  return options.id;
}
