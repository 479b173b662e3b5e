/**
 * DHCP options sets: CreateDhcpOptions, DeleteDhcpOptions, DescribeDhcpOptions,
 * AssociateDhcpOptions. Every region of an account has a default set (AWS creates it with the
 * account): the region's internal domain name and the Amazon-provided DNS server. New VPCs use it.
 */
import type { DhcpConfiguration, DhcpOptions } from "../model/resources.js";
import { parseIpv4Address, parseIpv6Address } from "../net/index.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  type AwsError,
  DependencyViolation,
  DhcpOptionsIdErrors,
  InvalidParameterValue,
  MissingParameter,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

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

/** What a VPC's `dhcpOptionsId` says when AssociateDhcpOptions gave it no options ("default"). */
export const NO_DHCP_OPTIONS = "default";

export const DHCP_OPTIONS_FILTERS: FilterTable<DhcpOptions> = {
  "dhcp-options-id": (d) => d.id,
  key: (d) => d.configurations.map((c) => c.key),
  "owner-id": (d) => d.ownerId,
  value: (d) => d.configurations.flatMap((c) => c.values),
};

// ---- option rules (CreateDhcpOptions reference, VPC User Guide "DHCP option sets") -------------

const AMAZON_PROVIDED_DNS = "AmazonProvidedDNS";

function invalid(key: string, value: string, reason: string): AwsError {
  return new InvalidParameterValue(`Value (${value}) for parameter ${key} is invalid. ${reason}`);
}

function atMost(key: string, values: readonly string[], limit: number, what: string): void {
  if (values.length > limit) invalidTooMany(key, values, limit, what);
}

function invalidTooMany(key: string, values: readonly string[], limit: number, what: string): never {
  throw invalid(key, values.join(","), `At most ${limit} ${what} may be specified.`);
}

const isIpv4 = (v: string) => parseIpv4Address(v) !== undefined;
const isIpv6 = (v: string) => parseIpv6Address(v) !== undefined;

/** Each known key's check of its values; a key not here is not a DHCP option AWS supports. */
const OPTION_RULES: { readonly [key: string]: (values: readonly string[]) => void } = {
  "domain-name": (values) => {
    atMost("domain-name", values, 1, "domain-name value (separate several domains with spaces)");
    const name = values[0]!;
    if (name.length > 255 || !/^[A-Za-z0-9.\- ]+$/.test(name)) {
      throw invalid("domain-name", name, "It is not a valid domain name.");
    }
  },
  "domain-name-servers": (values) => {
    atMost("domain-name-servers", values, 4, "domain name servers");
    for (const v of values) {
      if (v !== AMAZON_PROVIDED_DNS && !isIpv4(v) && !isIpv6(v)) {
        throw invalid("domain-name-servers", v, `It must be an IP address or ${AMAZON_PROVIDED_DNS}.`);
      }
    }
  },
  "ntp-servers": (values) => {
    for (const v of values) {
      if (!isIpv4(v) && !isIpv6(v)) throw invalid("ntp-servers", v, "It must be an IP address.");
    }
    // "up to eight … NTP servers (four IPv4 addresses and four IPv6 addresses)".
    if (values.filter(isIpv4).length > 4 || values.filter(isIpv6).length > 4) {
      invalidTooMany("ntp-servers", values, 4, "IPv4 and 4 IPv6 NTP servers");
    }
  },
  "netbios-name-servers": (values) => {
    atMost("netbios-name-servers", values, 4, "NetBIOS name servers");
    for (const v of values) {
      if (!isIpv4(v)) throw invalid("netbios-name-servers", v, "It must be an IPv4 address.");
    }
  },
  "netbios-node-type": (values) => {
    atMost("netbios-node-type", values, 1, "NetBIOS node type");
    if (!["1", "2", "4", "8"].includes(values[0]!)) {
      throw invalid("netbios-node-type", values[0]!, "Valid values: 1, 2, 4, 8.");
    }
  },
  "ipv6-address-preferred-lease-time": (values) => {
    atMost("ipv6-address-preferred-lease-time", values, 1, "lease time");
    const text = values[0]!;
    const seconds = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
    if (!(seconds >= 140 && seconds <= 2147483647)) {
      throw invalid(
        "ipv6-address-preferred-lease-time",
        text,
        "It must be between 140 and 2147483647 seconds.",
      );
    }
  },
};

/** Options that take several addresses accept them comma-separated in one value too. */
const LIST_OPTIONS = new Set(["domain-name-servers", "ntp-servers", "netbios-name-servers"]);

export interface DhcpConfigurationInput {
  readonly key?: string;
  readonly values?: readonly string[];
}

/** Validated configurations, sorted by key as AWS describes them. */
export function parseDhcpConfigurations(
  inputs: readonly DhcpConfigurationInput[] | undefined,
): DhcpConfiguration[] {
  if (!inputs || inputs.length === 0) throw new MissingParameter("DhcpConfiguration");
  const configurations = new Map<string, string[]>();
  for (const input of inputs) {
    const key = input.key;
    if (key === undefined || key === "") throw new MissingParameter("DhcpConfiguration.Key");
    const rule = Object.hasOwn(OPTION_RULES, key) ? OPTION_RULES[key] : undefined;
    if (!rule) throw invalid("key", key, "Unknown DHCP option.");
    if (configurations.has(key)) throw invalid("key", key, "A DHCP option may be specified only once.");
    const raw = input.values ?? [];
    const values = LIST_OPTIONS.has(key)
      ? raw.flatMap((v) => v.split(",")).map((v) => v.trim())
      : raw.map((v) => v.trim());
    if (values.length === 0 || values.some((v) => v === "")) {
      throw invalid(key, raw.join(","), "A value must be specified.");
    }
    rule(values);
    configurations.set(key, values);
  }
  return [...configurations]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, values]) => ({ key, values }));
}

// ---- operations ---------------------------------------------------------------------------

export interface CreateDhcpOptionsInput {
  readonly dhcpConfigurations?: readonly DhcpConfigurationInput[];
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function createDhcpOptions(
  ctx: WriteContext,
  input: CreateDhcpOptionsInput,
): { dhcpOptions: DhcpOptions } {
  const configurations = parseDhcpConfigurations(input.dhcpConfigurations);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "dhcp-options",
    ctx.config.quotas.tagsPerResource,
  );
  const options: DhcpOptions = {
    id: ctx.ids("dopt"),
    ownerId: ctx.scope.account,
    tags,
    configurations,
    isDefault: false,
  };
  ctx.tx.put("dhcpOptions", ctx.scope, options);
  return { dhcpOptions: options };
}

/** A set still associated with a VPC cannot be deleted ("You must disassociate the set … before you can delete it"). */
export function deleteDhcpOptions(ctx: WriteContext, input: { dhcpOptionsId?: string }): void {
  const { tx, scope } = ctx;
  if (!input.dhcpOptionsId) throw new MissingParameter("dhcpOptionsId");
  const options = requireRecord(tx, scope, "dhcpOptions", input.dhcpOptionsId, DhcpOptionsIdErrors);
  if (tx.list("vpc", scope).some((v) => v.dhcpOptionsId === options.id)) {
    throw new DependencyViolation(`The dhcpOptions '${options.id}' has dependencies and cannot be deleted.`);
  }
  tx.delete("dhcpOptions", scope, options.id);
}

export interface DescribeDhcpOptionsInput extends PageRequest {
  readonly dhcpOptionsIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeDhcpOptions(
  ctx: ReadContext,
  input: DescribeDhcpOptionsInput,
): { dhcpOptions: readonly DhcpOptions[]; nextToken?: string } {
  const matches = compileFilters(DHCP_OPTIONS_FILTERS, input.filters);
  const sets = selectByIds(
    ctx.tx,
    ctx.scope,
    "dhcpOptions",
    input.dhcpOptionsIds,
    DhcpOptionsIdErrors,
  ).filter(matches);
  const page = paginate(sets, input, [
    "DescribeDhcpOptions",
    input.dhcpOptionsIds ?? [],
    input.filters ?? [],
  ]);
  return { dhcpOptions: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/**
 * Associates a set with a VPC, or no set at all with `default` (AssociateDhcpOptions reference:
 * "the ID of the DHCP options set, or default to associate no DHCP options with the VPC"); the
 * VPC then shows `DhcpOptionsId: default`.
 */
export function associateDhcpOptions(
  ctx: WriteContext,
  input: { dhcpOptionsId?: string; vpcId?: string },
): void {
  const { tx, scope } = ctx;
  if (!input.dhcpOptionsId) throw new MissingParameter("dhcpOptionsId");
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const optionsId =
    input.dhcpOptionsId === NO_DHCP_OPTIONS
      ? NO_DHCP_OPTIONS
      : requireRecord(tx, scope, "dhcpOptions", input.dhcpOptionsId, DhcpOptionsIdErrors).id;
  if (vpc.dhcpOptionsId !== optionsId) tx.put("vpc", scope, { ...vpc, dhcpOptionsId: optionsId });
}
