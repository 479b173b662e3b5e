/**
 * The catalogue of AWS services a VPC endpoint can reach, per region, and
 * DescribeVpcEndpointServices. Gateway endpoints: S3 and DynamoDB. Interface endpoints: the common
 * services (SSM and its session channels, EC2, STS, CloudWatch Logs and metrics, Secrets Manager,
 * KMS, ECR, API Gateway, SQS, SNS, and S3).
 *
 * Names follow AWS (`com.amazonaws.<region>.<service>`); DNS names follow the shapes of
 * DescribeVpcEndpointServices and DescribeVpcEndpoints output (AWS CLI examples): an interface
 * service's base name is `<service>.<region>.vpce.amazonaws.com` and its private DNS name the
 * service's public name `<service>.<region>.amazonaws.com`; ECR's and API Gateway's names are
 * spelled the way their public endpoints are (`api.ecr`, `*.dkr.ecr`, `*.execute-api`); S3's
 * interface names are wildcards (`*.vpce-…s3.<region>.vpce.amazonaws.com`) and it has no private
 * DNS name. Every service is offered in every zone of the region.
 */
import { createHash } from "node:crypto";
import type { VpcEndpointType } from "../model/endpoints.js";
import { zonesOf } from "../model/regions.js";
import type { Tag } from "../model/resources.js";
import { type GatewayServiceName, gatewayServicePrefixList } from "./aws-prefix-lists.js";
import type { ReadContext } from "./context.js";
import { InvalidServiceName } from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { type PageRequest, paginate } from "./pagination.js";

/** How one service is offered, before the region is filled in. */
interface ServiceTemplate {
  /** The last part of the service name: `ssm`, `ecr.api`. */
  readonly service: string;
  readonly type: VpcEndpointType;
  /** The service's label in DNS names (`api.ecr` for `ecr.api`). */
  readonly dnsLabel: string;
  /** The private DNS name, with `<region>` for the region; none for S3's interface endpoints. */
  readonly privateDnsName?: string;
  /** Whether the endpoint's DNS names are wildcards (`*.vpce-…`). */
  readonly wildcard?: boolean;
}

const gateway = (service: GatewayServiceName): ServiceTemplate => ({
  service,
  type: "Gateway",
  dnsLabel: service,
});

const iface = (service: string, dnsLabel = service, privateDnsName = `${dnsLabel}.<region>.amazonaws.com`) =>
  ({ service, type: "Interface", dnsLabel, privateDnsName }) satisfies ServiceTemplate;

const TEMPLATES: readonly ServiceTemplate[] = [
  gateway("dynamodb"),
  iface("ec2"),
  iface("ec2messages"),
  iface("ecr.api", "api.ecr"),
  iface("ecr.dkr", "dkr.ecr", "*.dkr.ecr.<region>.amazonaws.com"),
  iface("execute-api", "execute-api", "*.execute-api.<region>.amazonaws.com"),
  iface("kms"),
  iface("logs"),
  iface("monitoring"),
  gateway("s3"),
  { service: "s3", type: "Interface", dnsLabel: "s3", wildcard: true },
  iface("secretsmanager"),
  iface("sns"),
  iface("sqs"),
  iface("ssm"),
  iface("ssmmessages"),
  iface("sts"),
];

/** The owner DescribeVpcEndpointServices shows for AWS's services. */
export const AWS_SERVICE_OWNER = "amazon";

/** One service offered in a region, as DescribeVpcEndpointServices describes it. */
export interface EndpointService {
  readonly serviceName: string;
  readonly serviceId: string;
  readonly serviceType: VpcEndpointType;
  readonly serviceRegion: string;
  readonly availabilityZones: readonly string[];
  readonly availabilityZoneIds: readonly string[];
  readonly owner: string;
  readonly baseEndpointDnsNames: readonly string[];
  /** Interface services: the name that resolves to the endpoint inside the VPC when private DNS is on. */
  readonly privateDnsName?: string;
  readonly dnsLabel: string;
  readonly wildcardDnsNames: boolean;
  readonly vpcEndpointPolicySupported: boolean;
  readonly acceptanceRequired: boolean;
  readonly managesVpcEndpoints: boolean;
  readonly supportedIpAddressTypes: readonly string[];
  /** Gateway services: the AWS-managed prefix list their routes go to. */
  readonly prefixListId?: string;
  readonly tags: readonly Tag[];
}

function serviceId(region: string, service: string, type: VpcEndpointType): string {
  const hex = createHash("sha256").update(`${region}/${service}/${type}`).digest("hex");
  return `vpce-svc-${hex.slice(0, 17)}`;
}

const cache = new Map<string, readonly EndpointService[]>();

/** The services of a region, sorted by name (gateway before interface for S3), as AWS lists them. */
export function endpointServicesOf(region: string): readonly EndpointService[] {
  const cached = cache.get(region);
  if (cached) return cached;
  const zones = zonesOf(region);
  const services = TEMPLATES.map((t): EndpointService => {
    const prefixList =
      t.type === "Gateway" ? gatewayServicePrefixList(region, t.service as GatewayServiceName) : undefined;
    return {
      serviceName: `com.amazonaws.${region}.${t.service}`,
      serviceId: serviceId(region, t.service, t.type),
      serviceType: t.type,
      serviceRegion: region,
      availabilityZones: zones.map((z) => z.zoneName),
      availabilityZoneIds: zones.map((z) => z.zoneId),
      owner: AWS_SERVICE_OWNER,
      baseEndpointDnsNames: [
        t.type === "Gateway"
          ? `${t.dnsLabel}.${region}.amazonaws.com`
          : `${t.dnsLabel}.${region}.vpce.amazonaws.com`,
      ],
      ...(t.privateDnsName ? { privateDnsName: t.privateDnsName.replace("<region>", region) } : {}),
      dnsLabel: t.dnsLabel,
      wildcardDnsNames: t.wildcard === true,
      vpcEndpointPolicySupported: true,
      acceptanceRequired: false,
      managesVpcEndpoints: false,
      supportedIpAddressTypes: ["ipv4"],
      ...(prefixList ? { prefixListId: prefixList.id } : {}),
      tags: [],
    };
  });
  cache.set(region, services);
  return services;
}

/** The services of a region with this name (S3 has a gateway and an interface service). */
export function findEndpointServices(region: string, serviceName: string): readonly EndpointService[] {
  return endpointServicesOf(region).filter((s) => s.serviceName === serviceName);
}

/** Every filter of the DescribeVpcEndpointServices API reference. */
export const ENDPOINT_SERVICE_FILTERS: FilterTable<EndpointService> = {
  owner: (s) => s.owner,
  "service-name": (s) => s.serviceName,
  "service-region": (s) => s.serviceRegion,
  "service-type": (s) => s.serviceType,
  "supported-ip-address-types": (s) => s.supportedIpAddressTypes,
};

export interface DescribeVpcEndpointServicesInput extends PageRequest {
  readonly serviceNames?: readonly string[];
  readonly filters?: readonly Filter[];
  readonly serviceRegions?: readonly string[];
}

/** DescribeVpcEndpointServices: MaxResults above 1,000 returns 1,000 (API reference). */
const SERVICE_PAGE_LIMITS = { min: 1, max: 1000 };

export function describeVpcEndpointServices(
  ctx: ReadContext,
  input: DescribeVpcEndpointServicesInput,
): { serviceNames: readonly string[]; serviceDetails: readonly EndpointService[]; nextToken?: string } {
  const region = ctx.scope.region;
  const matches = compileFilters(ENDPOINT_SERVICE_FILTERS, input.filters);
  let services = endpointServicesOf(region);
  if (input.serviceNames && input.serviceNames.length > 0) {
    const wanted = new Set(input.serviceNames);
    for (const name of wanted) {
      if (!services.some((s) => s.serviceName === name)) throw new InvalidServiceName(name);
    }
    services = services.filter((s) => wanted.has(s.serviceName));
  }
  if (input.serviceRegions && input.serviceRegions.length > 0) {
    // Cross-region PrivateLink is not simulated: only the request's region offers services.
    services = input.serviceRegions.includes(region) ? services : [];
  }
  const page = paginate(
    services.filter(matches),
    { ...input, ...(input.maxResults !== undefined ? { maxResults: Math.min(input.maxResults, 1000) } : {}) },
    [
      "DescribeVpcEndpointServices",
      input.serviceNames ?? [],
      input.filters ?? [],
      input.serviceRegions ?? [],
    ],
    SERVICE_PAGE_LIMITS,
  );
  return {
    serviceNames: [...new Set(page.items.map((s) => s.serviceName))],
    serviceDetails: page.items,
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
