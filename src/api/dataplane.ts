/**
 * The data plane on a live store: the adapter that copies the store's network records into a
 * snapshot (every account and region, with `listAll`), the compiled-graph cache, and the JSON
 * trace request that `POST /_vpcsim/trace`, the CLI and tests share.
 *
 * The graph is compiled once per store version and reused until a write changes something.
 */
import { awsManagedPrefixLists } from "../control/aws-prefix-lists.js";
import { endpointServicesOf } from "../control/endpoint-services.js";
import type { ResourceStore } from "../control/index.js";
import { compile } from "../dataplane/compile.js";
import { parseEndpoint } from "../dataplane/endpoints.js";
import type { Graph } from "../dataplane/graph.js";
import { type AwsCatalogue, NETWORK_KINDS, type NetworkSnapshot } from "../dataplane/snapshot.js";
import { trace } from "../dataplane/trace.js";
import {
  type Endpoint,
  PROTOCOL_NUMBERS,
  type Trace,
  TraceInputError,
  type TraceOptions,
  type TraceRequest,
} from "../dataplane/types.js";
import type { Resources } from "../model/kinds.js";
import type { ReadTx } from "../store/store.js";

const catalogues = new Map<string, AwsCatalogue>();

/**
 * AWS's catalogues for the regions a snapshot's VPCs are in: the managed prefix lists (the
 * addresses of S3 and DynamoDB) and the endpoint services (their DNS names).
 */
export function awsCatalogueOf(regions: Iterable<string>): AwsCatalogue {
  const sorted = [...new Set(regions)].sort();
  const key = sorted.join(",");
  let catalogue = catalogues.get(key);
  if (catalogue === undefined) {
    catalogue = {
      managedPrefixLists: sorted.flatMap((region) =>
        awsManagedPrefixLists(region).map((l) => ({
          id: l.id,
          name: l.name,
          region: l.region,
          cidrs: l.cidrs,
        })),
      ),
      endpointServices: sorted.flatMap((region) =>
        endpointServicesOf(region).map((s) => ({
          region,
          serviceName: s.serviceName,
          serviceType: s.serviceType,
          dnsLabel: s.dnsLabel,
          ...(s.privateDnsName !== undefined ? { privateDnsName: s.privateDnsName } : {}),
          wildcardDnsNames: s.wildcardDnsNames,
          ...(s.prefixListId !== undefined ? { prefixListId: s.prefixListId } : {}),
        })),
      ),
    };
    catalogues.set(key, catalogue);
  }
  return catalogue;
}

function snapshotOfLists(
  lists: readonly (readonly { readonly scope: { readonly region: string } }[])[],
): NetworkSnapshot {
  const snapshot: Record<string, unknown> = {};
  NETWORK_KINDS.forEach((kind, i) => {
    snapshot[kind] = lists[i];
  });
  const vpcs = lists[NETWORK_KINDS.indexOf("vpc")]!;
  snapshot.aws = awsCatalogueOf(vpcs.map((v) => v.scope.region));
  return snapshot as NetworkSnapshot;
}

/** The network records of a read transaction, as the data plane reads them, with AWS's catalogues. */
export function snapshotOfTx(tx: ReadTx<Resources>): NetworkSnapshot {
  return snapshotOfLists(NETWORK_KINDS.map((kind) => tx.listAll(kind)));
}

export function snapshotOfStore(store: ResourceStore): NetworkSnapshot {
  return store.read((tx) => snapshotOfTx(tx));
}

const byStore = new WeakMap<ResourceStore, { readonly version: number; readonly graph: Graph }>();

/** The compiled graph of the store's current network, compiled again only after a change. */
export function graphFor(store: ResourceStore): Graph {
  const cached = byStore.get(store);
  if (cached !== undefined && cached.version === store.version) return cached.graph;
  const graph = compile(snapshotOfStore(store));
  byStore.set(store, { version: store.version, graph });
  return graph;
}

let lastTxGraph: { readonly lists: readonly unknown[]; readonly graph: Graph } | undefined;

/**
 * The graph of the network a transaction sees, for code that holds a transaction rather than
 * the store (an API handler). Stores hand out the same record arrays until a kind changes, so
 * the last graph is reused while every list is the very one it was compiled from.
 */
export function graphForTx(tx: ReadTx<Resources>): Graph {
  const lists = NETWORK_KINDS.map((kind) => tx.listAll(kind));
  const cached = lastTxGraph;
  if (cached?.lists.every((list, i) => list === lists[i])) return cached.graph;
  const graph = compile(snapshotOfLists(lists));
  lastTxGraph = { lists, graph };
  return graph;
}

// ---- the JSON request -------------------------------------------------------------------------

/**
 * `POST /_vpcsim/trace` body: `from` and `to` in the command-line forms (or as `Endpoint`
 * objects), the protocol by name or number, the ports or ICMP type and code, and the scope.
 */
export interface TraceRequestJson {
  readonly from?: unknown;
  readonly to?: unknown;
  readonly protocol?: unknown;
  readonly port?: unknown;
  readonly destinationPort?: unknown;
  readonly sourcePort?: unknown;
  readonly icmpType?: unknown;
  readonly icmpCode?: unknown;
  readonly account?: unknown;
  readonly region?: unknown;
  readonly returnPath?: unknown;
  readonly through?: unknown;
}

const ENDPOINT_KINDS = new Set([
  "instance",
  "network-interface",
  "internet",
  "on-premises",
  "address",
  "dns-name",
]);

function endpointOf(value: unknown, field: string): Endpoint {
  if (typeof value === "string") return parseEndpoint(value);
  if (
    value !== null &&
    typeof value === "object" &&
    ENDPOINT_KINDS.has((value as { kind?: string }).kind ?? "")
  ) {
    const e = value as Record<string, unknown>;
    for (const key of ["id", "address", "name"]) {
      if (e[key] !== undefined && typeof e[key] !== "string") {
        throw new TraceInputError("InvalidParameterValue", `${field}.${key} must be a string.`);
      }
    }
    return e as unknown as Endpoint;
  }
  if (value === undefined)
    throw new TraceInputError("MissingParameter", `The request must contain the parameter ${field}.`);
  throw new TraceInputError(
    "InvalidParameterValue",
    `${field} must be a string such as i-…, eni-…, internet:IP, onprem:IP, an IP address or a DNS name.`,
  );
}

function integerOf(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TraceInputError("InvalidParameterValue", `${field} must be an integer.`);
  }
  return n;
}

function protocolOf(value: unknown): number {
  if (value === undefined)
    throw new TraceInputError(
      "MissingParameter",
      "The request must contain the parameter protocol (tcp, udp, icmp, icmpv6 or a number).",
    );
  if (typeof value === "string" && Object.hasOwn(PROTOCOL_NUMBERS, value.toLowerCase())) {
    return PROTOCOL_NUMBERS[value.toLowerCase() as keyof typeof PROTOCOL_NUMBERS];
  }
  const n = integerOf(value, "protocol")!;
  return n;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw new TraceInputError("InvalidParameterValue", `${field} must be a string.`);
  return value;
}

/** Validates a JSON trace request into the data plane's inputs. */
export function parseTraceRequest(body: unknown): {
  from: Endpoint;
  request: TraceRequest;
  options: TraceOptions;
} {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TraceInputError("InvalidParameterValue", "The request body must be a JSON object.");
  }
  const json = body as TraceRequestJson;
  const from = endpointOf(json.from, "from");
  const to = endpointOf(json.to, "to");
  const protocol = protocolOf(json.protocol);
  const destinationPort = integerOf(json.destinationPort ?? json.port, "port");
  const sourcePort = integerOf(json.sourcePort, "sourcePort");
  const icmpType = integerOf(json.icmpType, "icmpType");
  const icmpCode = integerOf(json.icmpCode, "icmpCode");
  const account = optionalString(json.account, "account");
  const region = optionalString(json.region, "region");
  const through = optionalString(json.through, "through");
  if (json.returnPath !== undefined && typeof json.returnPath !== "boolean") {
    throw new TraceInputError("InvalidParameterValue", "returnPath must be true or false.");
  }
  return {
    from,
    request: {
      to,
      protocol,
      ...(destinationPort !== undefined ? { destinationPort } : {}),
      ...(sourcePort !== undefined ? { sourcePort } : {}),
      ...(icmpType !== undefined ? { icmpType } : {}),
      ...(icmpCode !== undefined ? { icmpCode } : {}),
    },
    options: {
      ...(account !== undefined ? { account } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(json.returnPath === false ? { returnPath: false } : {}),
      ...(through !== undefined ? { through } : {}),
    },
  };
}

/** Runs a JSON trace request on the store's network (no side effects). */
export function traceInStore(store: ResourceStore, body: unknown): Trace {
  const { from, request, options } = parseTraceRequest(body);
  return trace(graphFor(store), from, request, options);
}
