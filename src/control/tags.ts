/**
 * Tags: `TagSpecification.N` on create calls, CreateTags, DeleteTags, DescribeTags. Rules from
 * the EC2 User Guide ("Tag restrictions"): keys 1–128 characters, values 0–256, keys are
 * case-sensitive, the `aws:` prefix is reserved, 50 tags per resource.
 */
import { ALL_KINDS, KINDS, type Kind, kindOfId, type Resources } from "../model/kinds.js";
import type { Tag } from "../model/resources.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AllocationIdErrors,
  CustomerGatewayIdErrors,
  DhcpOptionsIdErrors,
  DirectConnectRecordIdErrors,
  EgressOnlyInternetGatewayIdErrors,
  FlowLogIdErrors,
  type IdErrors,
  InstanceIdErrors,
  InternetGatewayIdErrors,
  InvalidID,
  InvalidParameterValue,
  InvalidTagKeyMalformed,
  KeyPairLookupIdErrors,
  LogsRecordIdErrors,
  ManagedPrefixListIdErrors,
  MissingParameter,
  NatGatewayIdErrors,
  NetworkAclIdErrors,
  NetworkInsightsAnalysisIdErrors,
  NetworkInsightsPathIdErrors,
  NetworkInterfaceIdErrors,
  RouteTableIdErrors,
  SecurityGroupIdErrors,
  SubnetIdErrors,
  TagLimitExceeded,
  VpcEndpointIdErrors,
  VpcIdErrors,
  VpcPeeringConnectionIdErrors,
  VpnConnectionIdErrors,
  VpnGatewayIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";

export interface TagInput {
  readonly key?: string;
  readonly value?: string;
}

export interface TagSpecificationInput {
  readonly resourceType?: string;
  readonly tags?: readonly TagInput[];
}

const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

export const ID_ERRORS: { readonly [K in Kind]: IdErrors } = {
  vpc: VpcIdErrors,
  subnet: SubnetIdErrors,
  routeTable: RouteTableIdErrors,
  internetGateway: InternetGatewayIdErrors,
  networkAcl: NetworkAclIdErrors,
  securityGroup: SecurityGroupIdErrors,
  dhcpOptions: DhcpOptionsIdErrors,
  networkInterface: NetworkInterfaceIdErrors,
  instance: InstanceIdErrors,
  address: AllocationIdErrors,
  keyPair: KeyPairLookupIdErrors,
  natGateway: NatGatewayIdErrors,
  egressOnlyInternetGateway: EgressOnlyInternetGatewayIdErrors,
  vpnGateway: VpnGatewayIdErrors,
  customerGateway: CustomerGatewayIdErrors,
  vpnConnection: VpnConnectionIdErrors,
  dxConnection: DirectConnectRecordIdErrors,
  dxVirtualInterface: DirectConnectRecordIdErrors,
  dxGateway: DirectConnectRecordIdErrors,
  dxGatewayAssociation: DirectConnectRecordIdErrors,
  vpcPeeringConnection: VpcPeeringConnectionIdErrors,
  networkInsightsPath: NetworkInsightsPathIdErrors,
  networkInsightsAnalysis: NetworkInsightsAnalysisIdErrors,
  vpcEndpoint: VpcEndpointIdErrors,
  prefixList: ManagedPrefixListIdErrors,
  flowLog: FlowLogIdErrors,
  logGroup: LogsRecordIdErrors,
  logStream: LogsRecordIdErrors,
  logEventBatch: LogsRecordIdErrors,
};

function validateTag(tag: TagInput): Tag {
  const key = tag.key;
  if (key === undefined || key.length === 0) {
    throw new InvalidTagKeyMalformed("Tag keys cannot be empty or null.");
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new InvalidParameterValue(`Tag key exceeds the maximum length of ${MAX_KEY_LENGTH} characters`);
  }
  if (key.toLowerCase().startsWith("aws:")) {
    throw new InvalidTagKeyMalformed("Tag keys starting with 'aws:' are reserved for internal use");
  }
  const value = tag.value ?? "";
  if (value.length > MAX_VALUE_LENGTH) {
    throw new InvalidParameterValue(`Tag value exceeds the maximum length of ${MAX_VALUE_LENGTH} characters`);
  }
  return { key, value };
}

/** Merges `additions` into `existing`: a key already present takes the new value. */
export function mergeTags(existing: readonly Tag[], additions: readonly Tag[], limit: number): Tag[] {
  const merged = new Map(existing.map((t) => [t.key, t.value]));
  for (const t of additions) merged.set(t.key, t.value);
  if (merged.size > limit) throw new TagLimitExceeded(limit);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/**
 * The tags that the `TagSpecification.N` of a create call give to the resource of
 * `resourceType`. A specification for another type is an error, as in AWS.
 */
export function tagsFromSpecifications(
  specs: readonly TagSpecificationInput[] | undefined,
  resourceType: string,
  limit: number,
): Tag[] {
  if (!specs || specs.length === 0) return [];
  let tags: Tag[] = [];
  for (const spec of specs) {
    if (!spec.resourceType) {
      throw new InvalidParameterValue("Tag specification resource type must have a value");
    }
    if (spec.resourceType !== resourceType) {
      throw new InvalidParameterValue(
        `'${spec.resourceType}' is not a valid taggable resource type for this operation.`,
      );
    }
    if (!spec.tags || spec.tags.length === 0) {
      throw new InvalidParameterValue("Tag specification must have at least one tag");
    }
    tags = mergeTags(tags, spec.tags.map(validateTag), limit);
  }
  return tags;
}

function resolveTaggable(ctx: ReadContext, id: string): { kind: Kind; record: Resources[Kind] } {
  const kind = kindOfId(id);
  if (!kind) throw new InvalidID(id);
  return { kind, record: requireRecord(ctx.tx, ctx.scope, kind, id, ID_ERRORS[kind]) };
}

function putTags(ctx: WriteContext, kind: Kind, record: Resources[Kind], tags: Tag[]): void {
  ctx.tx.put(kind, ctx.scope, { ...record, tags } as Resources[Kind]);
}

export interface CreateTagsInput {
  readonly resources?: readonly string[];
  readonly tags?: readonly TagInput[];
}

export function createTags(ctx: WriteContext, input: CreateTagsInput): void {
  if (!input.resources || input.resources.length === 0) throw new MissingParameter("ResourceId");
  if (!input.tags || input.tags.length === 0) throw new MissingParameter("Tag");
  const tags = input.tags.map((t) => {
    if (t.value === undefined)
      throw new InvalidParameterValue("Tag value cannot be null. Use empty string instead.");
    return validateTag(t);
  });
  for (const id of input.resources) {
    const { kind, record } = resolveTaggable(ctx, id);
    putTags(ctx, kind, record, mergeTags(record.tags, tags, ctx.config.quotas.tagsPerResource));
  }
}

export interface DeleteTagsInput {
  readonly resources?: readonly string[];
  /** Omitted: delete every tag. A tag without a value deletes the key whatever its value. */
  readonly tags?: readonly TagInput[];
}

export function deleteTags(ctx: WriteContext, input: DeleteTagsInput): void {
  if (!input.resources || input.resources.length === 0) throw new MissingParameter("ResourceId");
  for (const tag of input.tags ?? []) {
    if (!tag.key) throw new InvalidTagKeyMalformed("Tag keys cannot be empty or null.");
  }
  for (const id of input.resources) {
    const { kind, record } = resolveTaggable(ctx, id);
    const remaining = input.tags
      ? record.tags.filter(
          (t) => !input.tags!.some((d) => d.key === t.key && (d.value === undefined || d.value === t.value)),
        )
      : [];
    if (remaining.length !== record.tags.length) putTags(ctx, kind, record, remaining);
  }
}

export interface TagDescription {
  readonly key: string;
  readonly value: string;
  readonly resourceId: string;
  readonly resourceType: string;
  /** The tags of the resource, so that `tag:<key>` filters work on DescribeTags too. */
  readonly tags: readonly Tag[];
}

export const TAG_FILTERS: FilterTable<TagDescription> = {
  key: (t) => t.key,
  value: (t) => t.value,
  "resource-id": (t) => t.resourceId,
  "resource-type": (t) => t.resourceType,
};

export interface DescribeTagsInput extends PageRequest {
  readonly filters?: readonly Filter[];
}

export function describeTags(
  ctx: ReadContext,
  input: DescribeTagsInput,
): { tags: readonly TagDescription[]; nextToken?: string } {
  const matches = compileFilters(TAG_FILTERS, input.filters);
  const all: TagDescription[] = [];
  for (const kind of ALL_KINDS) {
    const resourceType = KINDS[kind].resourceType;
    for (const record of ctx.tx.list(kind, ctx.scope)) {
      for (const tag of record.tags) {
        const description = { ...tag, resourceId: record.id, resourceType, tags: record.tags };
        if (matches(description)) all.push(description);
      }
    }
  }
  all.sort((a, b) => (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0));
  const page = paginate(all, input, ["DescribeTags", input.filters ?? []]);
  return { tags: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
