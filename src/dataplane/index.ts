/**
 * The data plane: compile a network snapshot into a graph, trace packets through it. See
 * `docs/dataplane.md` for the semantics, the trace's JSON shape and the explanation codes.
 */
export { compile } from "./compile.js";
export { interfaceCrossings } from "./crossings.js";
export { parseEndpoint } from "./endpoints.js";
export { formatTrace } from "./format.js";
export type { Graph, GraphStats } from "./graph.js";
export {
  NETWORK_KINDS,
  type NetworkKind,
  type NetworkSnapshot,
  type ScopedRecord,
  type SnapshotScope,
  snapshotOfScope,
} from "./snapshot.js";
export { trace } from "./trace.js";
export * from "./types.js";
