/**
 * Reachability Analyzer (Network Insights): CreateNetworkInsightsPath, DescribeNetworkInsightsPaths,
 * DeleteNetworkInsightsPath, StartNetworkInsightsAnalysis, DescribeNetworkInsightsAnalyses,
 * DeleteNetworkInsightsAnalysis, and the advancer that moves analyses from `running` to
 * `succeeded` (or `failed`).
 *
 * The analysis itself is the data plane's: the control plane stores paths and analyses, and asks a
 * `PathAnalyzer` (registered by the layer that owns the data plane, see `usePathAnalyzer`) for the
 * result when an analysis starts, on the network as it is at that moment. The control plane cannot
 * import the data plane (DESIGN.md, "Layers"), hence the registration.
 */
import { isWellFormedId } from "../model/ids.js";
import { type Kind, kindOfId, RESOURCE_SCHEMA } from "../model/kinds.js";
import type {
  AnalysisResult,
  NetworkInsightsAnalysis,
  NetworkInsightsPath,
  NetworkInsightsProtocol,
  PathFilter,
  PortSpan,
} from "../model/network-insights.js";
import { parseIpv4Address } from "../net/index.js";
import type { Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AnalysisExistsForNetworkInsightsPath,
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  NetworkInsightsAnalysisIdErrors,
  NetworkInsightsDestinationMissing,
  NetworkInsightsPathIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import { type PageLimits, type PageRequest, paginate } from "./pagination.js";
import { ID_ERRORS, type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** DescribeNetworkInsightsPaths and DescribeNetworkInsightsAnalyses: `NetworkInsightsMaxResults` is 1–100. */
export const NETWORK_INSIGHTS_PAGE_LIMITS: PageLimits = { min: 1, max: 100 };

// ---- the analyzer -------------------------------------------------------------------------------

export interface PathAnalysisRequest {
  readonly path: NetworkInsightsPath;
  /** ARNs of intermediate components the path must traverse (StartNetworkInsightsAnalysis `FilterInArns`). */
  readonly filterInArns: readonly string[];
}

/** Either the analysis' findings or why it could not run (AWS's `failed` status and its message). */
export type PathAnalysisOutcome = AnalysisResult | { readonly failure: string };

export type PathAnalyzer = (ctx: ReadContext, request: PathAnalysisRequest) => PathAnalysisOutcome;

let analyzer: PathAnalyzer | undefined;

/** Installs the analyzer that StartNetworkInsightsAnalysis runs (the data plane's). */
export function usePathAnalyzer(next: PathAnalyzer | undefined): void {
  analyzer = next;
}

// ---- paths ---------------------------------------------------------------------------------------

/**
 * The resource types Reachability Analyzer accepts as a source or a destination ("How Reachability
 * Analyzer works", Source and destination resources), by id prefix, with the ARN resource type.
 */
const ENDPOINT_TYPES: ReadonlyMap<string, string> = new Map([
  ["i", "instance"],
  ["eni", "network-interface"],
  ["igw", "internet-gateway"],
  ["tgw", "transit-gateway"],
  ["tgw-attach", "transit-gateway-attachment"],
  ["vpce-svc", "vpc-endpoint-service"],
  ["vpce", "vpc-endpoint"],
  ["pcx", "vpc-peering-connection"],
  ["vgw", "vpn-gateway"],
]);

const ARN = /^arn:aws[a-z-]*:ec2:([a-z0-9-]*):(\d{12}):([a-z-]+)\/([a-z0-9-]+)$/;

export function ec2Arn(scope: Scope, resourceType: string, id: string): string {
  return `arn:aws:ec2:${scope.region}:${scope.account}:${resourceType}/${id}`;
}

interface ResolvedEndpoint {
  readonly id: string;
  readonly arn: string;
}

/** Resolves `Source`/`Destination` (an id or an ARN) to an existing resource of a supported type. */
function resolveEndpoint(ctx: ReadContext, value: string, wireName: string): ResolvedEndpoint {
  let id = value;
  let scope = ctx.scope;
  const arn = ARN.exec(value);
  if (arn) {
    const [, region, account, resourceType, resourceId] = arn;
    if (region !== ctx.scope.region) {
      throw new InvalidParameterValue(
        `Value (${value}) for parameter ${wireName} is invalid. The resource must be in the same Region as the path.`,
      );
    }
    id = resourceId!;
    scope = { account: account!, region: ctx.scope.region };
    if (ENDPOINT_TYPES.get(prefixOf(id)) !== resourceType) {
      throw new InvalidParameterValue(
        `Value (${value}) for parameter ${wireName} is invalid. Not a valid ARN.`,
      );
    }
  } else if (value.startsWith("arn:")) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. Not a valid ARN.`,
    );
  }
  const prefix = prefixOf(id);
  const resourceType = ENDPOINT_TYPES.get(prefix);
  if (resourceType === undefined) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. The resource type is not supported as a ${wireName.toLowerCase()}.`,
    );
  }
  const kind = kindOfId(id);
  if (kind !== undefined && kind in RESOURCE_SCHEMA) {
    requireRecord(ctx.tx, scope, kind as Kind, id, ID_ERRORS[kind as Kind]);
  } else {
    // A type vpcsim does not store (transit gateways…): no such resource exists here.
    if (!isWellFormedId(prefix, id)) {
      throw new InvalidParameterValue(`Value (${value}) for parameter ${wireName} is invalid.`);
    }
    throw new InvalidParameterValue(`The resource ${id} does not exist.`);
  }
  return { id, arn: ec2Arn(scope, resourceType, id) };
}

function prefixOf(id: string): string {
  const dash = id.lastIndexOf("-");
  return dash <= 0 ? id : id.slice(0, dash);
}

/** IPv4 only: the API reference's pattern for SourceIp, DestinationIp and the filter addresses. */
function parseAddressParam(value: string | undefined, wireName: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIpv4Address(value);
  if (parsed === undefined) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. This is not a valid IPv4 address.`,
    );
  }
  return value;
}

function assertPort(value: number, wireName: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. Valid ports are 0 to 65535.`,
    );
  }
}

export interface PortRangeInput {
  readonly fromPort?: number;
  readonly toPort?: number;
}

export interface PathFilterInput {
  readonly sourceAddress?: string;
  readonly sourcePortRange?: PortRangeInput;
  readonly destinationAddress?: string;
  readonly destinationPortRange?: PortRangeInput;
}

function parsePortRange(range: PortRangeInput | undefined, wireName: string): PortSpan | undefined {
  if (range === undefined) return undefined;
  const from = range.fromPort ?? 0;
  const to = range.toPort ?? 65535;
  assertPort(from, `${wireName}.FromPort`);
  assertPort(to, `${wireName}.ToPort`);
  if (from > to) {
    throw new InvalidParameterValue(
      `Value (${from}-${to}) for parameter ${wireName} is invalid. FromPort must not be greater than ToPort.`,
    );
  }
  return { from, to };
}

function parseFilter(input: PathFilterInput | undefined, wireName: string): PathFilter | undefined {
  if (input === undefined) return undefined;
  const sourceAddress = parseAddressParam(input.sourceAddress, `${wireName}.SourceAddress`);
  const destinationAddress = parseAddressParam(input.destinationAddress, `${wireName}.DestinationAddress`);
  const sourcePortRange = parsePortRange(input.sourcePortRange, `${wireName}.SourcePortRange`);
  const destinationPortRange = parsePortRange(input.destinationPortRange, `${wireName}.DestinationPortRange`);
  return {
    ...(sourceAddress !== undefined ? { sourceAddress } : {}),
    ...(sourcePortRange !== undefined ? { sourcePortRange } : {}),
    ...(destinationAddress !== undefined ? { destinationAddress } : {}),
    ...(destinationPortRange !== undefined ? { destinationPortRange } : {}),
  };
}

export interface CreateNetworkInsightsPathInput {
  readonly source?: string;
  readonly destination?: string;
  readonly sourceIp?: string;
  readonly destinationIp?: string;
  readonly protocol?: string;
  readonly destinationPort?: number;
  readonly filterAtSource?: PathFilterInput;
  readonly filterAtDestination?: PathFilterInput;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

const PROTOCOLS: readonly NetworkInsightsProtocol[] = ["tcp", "udp"];

export function createNetworkInsightsPath(
  ctx: WriteContext,
  input: CreateNetworkInsightsPathInput,
): { networkInsightsPath: NetworkInsightsPath } {
  if (!input.source) throw new MissingParameter("Source");
  if (!input.protocol) throw new MissingParameter("Protocol");
  const protocol = input.protocol as NetworkInsightsProtocol;
  if (!PROTOCOLS.includes(protocol)) {
    throw new InvalidParameterValue(
      `Value (${input.protocol}) for parameter Protocol is invalid. Valid values: tcp, udp.`,
    );
  }
  // "If you specify this parameter, you can't specify the parameters for the source IP address or the
  // destination port" (FilterAtSource), "… for the destination IP address" (FilterAtDestination).
  if (
    input.filterAtSource !== undefined &&
    (input.sourceIp !== undefined || input.destinationPort !== undefined)
  ) {
    throw new InvalidParameterCombination(
      "The parameter FilterAtSource cannot be used with the parameters SourceIp or DestinationPort.",
    );
  }
  if (input.filterAtDestination !== undefined && input.destinationIp !== undefined) {
    throw new InvalidParameterCombination(
      "The parameter FilterAtDestination cannot be used with the parameter DestinationIp.",
    );
  }
  const sourceIp = parseAddressParam(input.sourceIp, "SourceIp");
  const destinationIp = parseAddressParam(input.destinationIp, "DestinationIp");
  if (input.destinationPort !== undefined) assertPort(input.destinationPort, "DestinationPort");
  const filterAtSource = parseFilter(input.filterAtSource, "FilterAtSource");
  const filterAtDestination = parseFilter(input.filterAtDestination, "FilterAtDestination");
  if (input.destination === undefined && filterAtSource?.destinationAddress === undefined) {
    throw new NetworkInsightsDestinationMissing();
  }
  const source = resolveEndpoint(ctx, input.source, "Source");
  const destination =
    input.destination !== undefined ? resolveEndpoint(ctx, input.destination, "Destination") : undefined;
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "network-insights-path",
    ctx.config.quotas.tagsPerResource,
  );
  const id = ctx.ids("nip");
  const path: NetworkInsightsPath = {
    id,
    ownerId: ctx.scope.account,
    tags,
    arn: ec2Arn(ctx.scope, "network-insights-path", id),
    createdDate: ctx.clock.now(),
    source: source.id,
    sourceArn: source.arn,
    ...(destination ? { destination: destination.id, destinationArn: destination.arn } : {}),
    ...(sourceIp !== undefined ? { sourceIp } : {}),
    ...(destinationIp !== undefined ? { destinationIp } : {}),
    protocol,
    ...(input.destinationPort !== undefined ? { destinationPort: input.destinationPort } : {}),
    ...(filterAtSource !== undefined ? { filterAtSource } : {}),
    ...(filterAtDestination !== undefined ? { filterAtDestination } : {}),
  };
  ctx.tx.put("networkInsightsPath", ctx.scope, path);
  return { networkInsightsPath: path };
}

const portSpanText = (p: PortSpan | undefined): string | undefined =>
  p === undefined ? undefined : `${p.from}-${p.to}`;

/** Every filter of the DescribeNetworkInsightsPaths API reference. */
export const NETWORK_INSIGHTS_PATH_FILTERS: FilterTable<NetworkInsightsPath> = {
  destination: (p) => [p.destination, p.destinationArn],
  "destination-port": (p) => p.destinationPort,
  "filter-at-source.source-address": (p) => p.filterAtSource?.sourceAddress,
  "filter-at-source.source-port-range": (p) => portSpanText(p.filterAtSource?.sourcePortRange),
  "filter-at-source.destination-address": (p) => p.filterAtSource?.destinationAddress,
  "filter-at-source.destination-port-range": (p) => portSpanText(p.filterAtSource?.destinationPortRange),
  "filter-at-destination.source-address": (p) => p.filterAtDestination?.sourceAddress,
  "filter-at-destination.source-port-range": (p) => portSpanText(p.filterAtDestination?.sourcePortRange),
  "filter-at-destination.destination-address": (p) => p.filterAtDestination?.destinationAddress,
  "filter-at-destination.destination-port-range": (p) =>
    portSpanText(p.filterAtDestination?.destinationPortRange),
  protocol: (p) => p.protocol,
  source: (p) => [p.source, p.sourceArn],
};

export interface DescribeNetworkInsightsPathsInput extends PageRequest {
  readonly networkInsightsPathIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeNetworkInsightsPaths(
  ctx: ReadContext,
  input: DescribeNetworkInsightsPathsInput,
): { networkInsightsPaths: readonly NetworkInsightsPath[]; nextToken?: string } {
  const matches = compileFilters(NETWORK_INSIGHTS_PATH_FILTERS, input.filters);
  const paths = selectByIds(
    ctx.tx,
    ctx.scope,
    "networkInsightsPath",
    input.networkInsightsPathIds,
    NetworkInsightsPathIdErrors,
  ).filter(matches);
  const page = paginate(
    paths,
    input,
    ["DescribeNetworkInsightsPaths", input.networkInsightsPathIds ?? [], input.filters ?? []],
    NETWORK_INSIGHTS_PAGE_LIMITS,
  );
  return { networkInsightsPaths: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function deleteNetworkInsightsPath(
  ctx: WriteContext,
  input: { networkInsightsPathId?: string },
): { networkInsightsPathId: string } {
  if (!input.networkInsightsPathId) throw new MissingParameter("NetworkInsightsPathId");
  const path = requireRecord(
    ctx.tx,
    ctx.scope,
    "networkInsightsPath",
    input.networkInsightsPathId,
    NetworkInsightsPathIdErrors,
  );
  if (ctx.tx.listBy("networkInsightsAnalysis", ctx.scope, "networkInsightsPathId", path.id).length > 0) {
    throw new AnalysisExistsForNetworkInsightsPath(path.id);
  }
  ctx.tx.delete("networkInsightsPath", ctx.scope, path.id);
  return { networkInsightsPathId: path.id };
}

// ---- analyses ------------------------------------------------------------------------------------

export interface StartNetworkInsightsAnalysisInput {
  readonly networkInsightsPathId?: string;
  readonly additionalAccounts?: readonly string[];
  readonly filterInArns?: readonly string[];
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function startNetworkInsightsAnalysis(
  ctx: WriteContext,
  input: StartNetworkInsightsAnalysisInput,
): { networkInsightsAnalysis: NetworkInsightsAnalysis } {
  if (!input.networkInsightsPathId) throw new MissingParameter("NetworkInsightsPathId");
  const path = requireRecord(
    ctx.tx,
    ctx.scope,
    "networkInsightsPath",
    input.networkInsightsPathId,
    NetworkInsightsPathIdErrors,
  );
  for (const account of input.additionalAccounts ?? []) {
    if (!/^\d{12}$/.test(account)) {
      throw new InvalidParameterValue(
        `Value (${account}) for parameter AdditionalAccounts is invalid. An account ID has 12 digits.`,
      );
    }
  }
  for (const arn of input.filterInArns ?? []) {
    if (!arn.startsWith("arn:")) {
      throw new InvalidParameterValue(
        `Value (${arn}) for parameter FilterInArns is invalid. Not a valid ARN.`,
      );
    }
  }
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "network-insights-analysis",
    ctx.config.quotas.tagsPerResource,
  );
  const filterInArns = input.filterInArns ?? [];
  let pending: NetworkInsightsAnalysis["pending"];
  if (analyzer === undefined) {
    pending = {
      kind: "failure",
      message: "The data plane of this vpcsim is not available to analyze paths.",
    };
  } else {
    const outcome = analyzer(ctx, { path, filterInArns });
    pending =
      "failure" in outcome
        ? { kind: "failure", message: outcome.failure }
        : { kind: "result", result: outcome };
  }
  const now = ctx.clock.now();
  const dueAt = new Date(now.getTime() + (ctx.config.delays.networkInsightsAnalysisMs ?? 0));
  const id = ctx.ids("nia");
  const analysis: NetworkInsightsAnalysis = {
    id,
    ownerId: ctx.scope.account,
    tags,
    arn: ec2Arn(ctx.scope, "network-insights-analysis", id),
    networkInsightsPathId: path.id,
    additionalAccounts: input.additionalAccounts ?? [],
    filterInArns,
    startDate: now,
    status: "running",
    statusDueAt: dueAt,
    pending,
  };
  ctx.tx.put("networkInsightsAnalysis", ctx.scope, analysis);
  scheduleTransition(ctx, "networkInsightsAnalysis", id, dueAt);
  return { networkInsightsAnalysis: analysis };
}

/** Moves a running analysis whose time has come to `succeeded` (or `failed`) and reveals its result. */
export function advanceNetworkInsightsAnalysis(ctx: WriteContext, id: string): void {
  const analysis = ctx.tx.get("networkInsightsAnalysis", ctx.scope, id);
  if (analysis?.status !== "running") return;
  if (analysis.statusDueAt !== undefined && analysis.statusDueAt.getTime() > ctx.clock.now().getTime())
    return;
  const { statusDueAt: _due, pending, ...rest } = analysis;
  if (pending?.kind === "result") {
    ctx.tx.put("networkInsightsAnalysis", ctx.scope, {
      ...rest,
      status: "succeeded",
      result: pending.result,
    });
  } else {
    ctx.tx.put("networkInsightsAnalysis", ctx.scope, {
      ...rest,
      status: "failed",
      statusMessage: pending?.message ?? "The analysis failed.",
    });
  }
}

/** Every filter of the DescribeNetworkInsightsAnalyses API reference. */
export const NETWORK_INSIGHTS_ANALYSIS_FILTERS: FilterTable<NetworkInsightsAnalysis> = {
  "path-found": (a) => a.result?.networkPathFound,
  status: (a) => a.status,
};

export interface DescribeNetworkInsightsAnalysesInput extends PageRequest {
  readonly networkInsightsAnalysisIds?: readonly string[];
  readonly networkInsightsPathId?: string;
  readonly analysisStartTime?: Date;
  readonly analysisEndTime?: Date;
  readonly filters?: readonly Filter[];
}

export function describeNetworkInsightsAnalyses(
  ctx: ReadContext,
  input: DescribeNetworkInsightsAnalysesInput,
): { networkInsightsAnalyses: readonly NetworkInsightsAnalysis[]; nextToken?: string } {
  const matches = compileFilters(NETWORK_INSIGHTS_ANALYSIS_FILTERS, input.filters);
  if (input.networkInsightsPathId !== undefined) {
    assertWellFormedId(input.networkInsightsPathId, NetworkInsightsPathIdErrors);
  }
  const from = input.analysisStartTime?.getTime();
  const to = input.analysisEndTime?.getTime();
  if (from !== undefined && to !== undefined && from > to) {
    throw new InvalidParameterValue("The AnalysisStartTime must be earlier than the AnalysisEndTime.");
  }
  const candidates =
    input.networkInsightsAnalysisIds && input.networkInsightsAnalysisIds.length > 0
      ? selectByIds(
          ctx.tx,
          ctx.scope,
          "networkInsightsAnalysis",
          input.networkInsightsAnalysisIds,
          NetworkInsightsAnalysisIdErrors,
        )
      : input.networkInsightsPathId !== undefined
        ? ctx.tx.listBy(
            "networkInsightsAnalysis",
            ctx.scope,
            "networkInsightsPathId",
            input.networkInsightsPathId,
          )
        : ctx.tx.list("networkInsightsAnalysis", ctx.scope);
  const analyses = candidates.filter((a) => {
    if (
      input.networkInsightsPathId !== undefined &&
      a.networkInsightsPathId !== input.networkInsightsPathId
    ) {
      return false;
    }
    const started = a.startDate.getTime();
    if (from !== undefined && started < from) return false;
    if (to !== undefined && started > to) return false;
    return matches(a);
  });
  const page = paginate(
    analyses,
    input,
    [
      "DescribeNetworkInsightsAnalyses",
      input.networkInsightsAnalysisIds ?? [],
      input.networkInsightsPathId ?? "",
      from ?? "",
      to ?? "",
      input.filters ?? [],
    ],
    NETWORK_INSIGHTS_PAGE_LIMITS,
  );
  return { networkInsightsAnalyses: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function deleteNetworkInsightsAnalysis(
  ctx: WriteContext,
  input: { networkInsightsAnalysisId?: string },
): { networkInsightsAnalysisId: string } {
  if (!input.networkInsightsAnalysisId) throw new MissingParameter("NetworkInsightsAnalysisId");
  const analysis = requireRecord(
    ctx.tx,
    ctx.scope,
    "networkInsightsAnalysis",
    input.networkInsightsAnalysisId,
    NetworkInsightsAnalysisIdErrors,
  );
  ctx.tx.delete("networkInsightsAnalysis", ctx.scope, analysis.id);
  return { networkInsightsAnalysisId: analysis.id };
}
