/**
 * Normalises an official aws-sdk v2 "min" API model into the form `src/protocol/shapes.ts`
 * describes, restricted to the operations vpcsim implements, and derives readable type names
 * for the shapes the min format left anonymous.
 *
 * Naming, in order of precedence:
 * 1. an operation's own input/output structure is `<Op>Input` / `<Op>Output`;
 * 2. `shape-names.json` overrides, keyed by a path from an operation (`DescribeVpcsOutput.Vpcs[]`);
 * 3. a structure is named after the member names that refer to it, the most frequent first (a
 *    list element counts with the singular of the list member's name: `Vpcs` → `Vpc`); when that
 *    name is taken, the next most frequent, then the name prefixed with its parent's name, then a
 *    number suffix. Shallow shapes choose first, so `Vpc` goes to the VPC, not to a deep namesake;
 * 4. a list is named after its element (`TagList`) or its member name (`VpcIdList`), a map after
 *    its member name (`…Map`).
 * Structurally identical shapes (same members, types and serialization traits) are merged, so a
 * dozen inline `{Value: boolean}` structures become one.
 */

import type {
  ListShape,
  MapShape,
  MemberRef,
  OperationModel,
  Shape,
  StructureShape,
} from "../../src/protocol/shapes.js";
import { pascalCase, reservedTypeNames, singular } from "./naming.js";

export interface RawRef {
  readonly shape?: string;
  readonly type?: string;
  readonly members?: Readonly<Record<string, RawRef>>;
  readonly member?: RawRef;
  readonly key?: RawRef;
  readonly value?: RawRef;
  readonly required?: readonly string[];
  readonly locationName?: string;
  readonly queryName?: string;
  readonly flattened?: boolean;
  readonly timestampFormat?: string;
  readonly resultWrapper?: string;
}

export interface RawModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly protocol: string;
    readonly xmlNamespace?: string;
    readonly targetPrefix?: string;
    readonly jsonVersion?: string;
    readonly endpointPrefix?: string;
  };
  readonly operations: Readonly<Record<string, { readonly input?: RawRef; readonly output?: RawRef }>>;
  readonly shapes: Readonly<Record<string, RawRef>>;
}

export interface ServiceConfig {
  /** File name in aws-sdk's `apis/`, without `.min.json`. */
  readonly model: string;
  readonly responseXmlNamespace?: string;
  readonly versionErrorServiceName?: string;
  readonly emptyOutputReturnsTrue?: boolean;
  readonly validationErrorCode?: string;
}

export type Context = "input" | "output";

export interface NormalizedService {
  readonly name: string;
  readonly protocol: "ec2" | "query" | "json";
  readonly apiVersion: string;
  readonly xmlNamespace?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
  readonly conventions: Readonly<Record<string, string | boolean>>;
  readonly operationNames: readonly string[];
  readonly operations: Readonly<Record<string, OperationModel>>;
  /** Compound shapes by name, sorted by name. */
  readonly shapes: Readonly<Record<string, Shape>>;
  /** Where each structure is used: decides optionality of its members in the TypeScript types. */
  readonly structureContexts: ReadonlyMap<string, ReadonlySet<Context>>;
}

type Kind = "structure" | "list" | "map";

const scalarKeywords: Readonly<Record<string, string>> = {
  string: "string",
  character: "string",
  integer: "integer",
  short: "integer",
  byte: "integer",
  long: "long",
  biginteger: "long",
  float: "float",
  double: "double",
  bigdecimal: "double",
  boolean: "boolean",
  timestamp: "timestamp",
  blob: "blob",
};

interface Traits {
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  timestampFormat?: string;
}

interface Child {
  readonly target: Node | string;
  readonly traits: Traits;
}

interface Node {
  readonly identity: string;
  readonly kind: Kind;
  readonly def: RawRef;
  readonly order: number;
  readonly votes: string[];
  /** Names an operation gives a shared shape it uses whole (`RunInstancesResult`): a last resort. */
  readonly rootVotes: string[];
  /** Name of the nearest enclosing structure's node, per occurrence (for parent-qualified names). */
  readonly parents: Node[];
  members: [string, Child][];
  member?: Child;
  key?: Child;
  value?: Child;
  fixedName?: string;
}

function typeOf(def: RawRef): string {
  if (def.type !== undefined) return def.type;
  if (def.members !== undefined) return "structure";
  if (def.member !== undefined) return "list";
  if (def.key !== undefined) return "map";
  return "string";
}

function traitsOf(ref: RawRef, def: RawRef): Traits {
  const traits: Traits = {};
  const locationName = ref.locationName ?? def.locationName;
  const queryName = ref.queryName ?? def.queryName;
  const flattened = ref.flattened ?? def.flattened;
  const timestampFormat = ref.timestampFormat ?? def.timestampFormat;
  if (locationName !== undefined) traits.locationName = locationName;
  if (queryName !== undefined) traits.queryName = queryName;
  if (flattened === true) traits.flattened = true;
  if (timestampFormat !== undefined) traits.timestampFormat = timestampFormat;
  return traits;
}

function traitsKey(traits: Traits): string {
  return [
    traits.locationName ?? "",
    traits.queryName ?? "",
    traits.flattened ? "f" : "",
    traits.timestampFormat ?? "",
  ].join("|");
}

class Discovery {
  readonly nodes = new Map<string, Node>();
  readonly roots: { operation: string; context: Context; node: Node }[] = [];
  private counter = 0;

  constructor(private readonly raw: RawModel) {}

  root(operation: string, context: Context, ref: RawRef): Node | undefined {
    if (ref.shape !== undefined) {
      const child = this.visit(ref, undefined, undefined, "");
      if (typeof child.target === "string")
        throw new Error(`codegen: ${operation} ${context} is not a structure`);
      child.target.rootVotes.push(`${operation}${context === "input" ? "Request" : "Result"}`);
      this.roots.push({ operation, context, node: child.target });
      return child.target;
    }
    const identity = `OP:${operation}:${context}`;
    const node = this.create(identity, "structure", ref, undefined);
    node.fixedName = `${operation}${context === "input" ? "Input" : "Output"}`;
    this.expand(node, identity);
    this.roots.push({ operation, context, node });
    return node;
  }

  private create(identity: string, kind: Kind, def: RawRef, parent: Node | undefined): Node {
    const node: Node = {
      identity,
      kind,
      def,
      order: this.counter++,
      votes: [],
      rootVotes: [],
      parents: [],
      members: [],
    };
    if (parent !== undefined) node.parents.push(parent);
    this.nodes.set(identity, node);
    return node;
  }

  /** Resolves one reference; `vote` is the name the referrer uses for it. */
  private visit(ref: RawRef, vote: string | undefined, parent: Node | undefined, path: string): Child {
    const def = ref.shape !== undefined ? this.raw.shapes[ref.shape] : ref;
    if (def === undefined) throw new Error(`codegen: dangling shape reference ${ref.shape}`);
    const traits = traitsOf(ref, ref.shape !== undefined ? def : {});
    const type = typeOf(def);
    const scalar = scalarKeywords[type];
    if (scalar !== undefined) return { target: scalar, traits };
    if (type !== "structure" && type !== "list" && type !== "map") {
      throw new Error(`codegen: unsupported shape type ${type} at ${path}`);
    }
    const identity = ref.shape !== undefined ? `S:${ref.shape}` : `I:${path}`;
    let node = this.nodes.get(identity);
    if (node === undefined) {
      node = this.create(identity, type, def, parent);
      if (vote !== undefined) node.votes.push(vote);
      // Inline shapes inside a shared one are identified from it, not from the way it was reached.
      this.expand(node, ref.shape !== undefined ? identity : path);
    } else {
      if (vote !== undefined) node.votes.push(vote);
      if (parent !== undefined) node.parents.push(parent);
    }
    return { target: node, traits };
  }

  private expand(node: Node, path: string): void {
    const def = node.def;
    const vote = node.votes[0] ?? node.fixedName ?? node.rootVotes[0] ?? "";
    if (node.kind === "structure") {
      for (const [name, ref] of Object.entries(def.members ?? {})) {
        node.members.push([name, this.visit(ref, name, node, `${path}.${name}`)]);
      }
    } else if (node.kind === "list") {
      if (def.member === undefined) throw new Error(`codegen: list without member at ${path}`);
      const parent = node.parents[0];
      node.member = this.visit(def.member, singular(vote), parent, `${path}[]`);
    } else {
      if (def.key === undefined || def.value === undefined)
        throw new Error(`codegen: map without key/value at ${path}`);
      const parent = node.parents[0];
      node.key = this.visit(def.key, `${singular(vote)}Key`, parent, `${path}{key}`);
      node.value = this.visit(def.value, singular(vote), parent, `${path}{}`);
    }
  }
}

/** Interns canonical structure strings so that identical shapes share one id. */
function canonicalIds(nodes: Iterable<Node>): Map<Node, number> {
  const ids = new Map<Node, number>();
  const interned = new Map<string, number>();
  const onStack = new Set<Node>();
  const refKey = (child: Child): string =>
    (typeof child.target === "string" ? child.target : `#${canon(child.target)}`) +
    `<${traitsKey(child.traits)}>`;
  const canon = (node: Node): string => {
    const known = ids.get(node);
    if (known !== undefined) return String(known);
    if (onStack.has(node)) return `cycle:${node.identity}`;
    onStack.add(node);
    let text: string;
    if (node.fixedName !== undefined) {
      text = `root:${node.fixedName}`;
    } else if (node.kind === "structure") {
      const members = node.members.map(([name, child]) => `${name}=${refKey(child)}`).join(",");
      text = `S{${members}}req[${(node.def.required ?? []).join(",")}]`;
    } else if (node.kind === "list") {
      text = `L[${node.member ? refKey(node.member) : ""}]`;
    } else {
      text = `M[${node.key ? refKey(node.key) : ""},${node.value ? refKey(node.value) : ""}]`;
    }
    onStack.delete(node);
    let id = interned.get(text);
    if (id === undefined) {
      id = interned.size;
      interned.set(text, id);
    }
    ids.set(node, id);
    return String(id);
  };
  for (const node of nodes) canon(node);
  return ids;
}

interface Group {
  readonly nodes: Node[];
  readonly kind: Kind;
  readonly order: number;
  depth: number;
  readonly votes: Map<string, number>;
  readonly rootVotes: string[];
  readonly contexts: Set<Context>;
  name?: string;
}

function childNodes(node: Node): Node[] {
  const children: Child[] = [...node.members.map(([, child]) => child)];
  if (node.member) children.push(node.member);
  if (node.key) children.push(node.key);
  if (node.value) children.push(node.value);
  return children.flatMap((child) => (typeof child.target === "string" ? [] : [child.target]));
}

/** Resolves an override path (`DescribeVpcsOutput.Vpcs[]`) to a node. */
function resolvePath(roots: Discovery["roots"], path: string): Node | "unlisted" | undefined {
  const match = /^([A-Za-z0-9]+?)(Input|Output)((?:\.[A-Za-z0-9_]+|\[\]|\{\}|\{key\})*)$/.exec(path);
  if (match === null) return undefined;
  const [, operation, side, rest] = match;
  const root = roots.find(
    (r) => r.operation === operation && r.context === (side === "Input" ? "input" : "output"),
  );
  if (root === undefined) return "unlisted";
  let node: Node | undefined = root.node;
  for (const step of (rest ?? "").match(/\.[A-Za-z0-9_]+|\[\]|\{\}|\{key\}/g) ?? []) {
    if (node === undefined) return undefined;
    let child: Child | undefined;
    if (step === "[]") child = node.member;
    else if (step === "{}") child = node.value;
    else if (step === "{key}") child = node.key;
    else child = node.members.find(([name]) => name === step.slice(1))?.[1];
    node = child === undefined || typeof child.target === "string" ? undefined : child.target;
  }
  return node;
}

export function normalizeService(
  name: string,
  raw: RawModel,
  config: ServiceConfig,
  operationList: readonly string[],
  nameOverrides: Readonly<Record<string, string>>,
): NormalizedService {
  const protocol = raw.metadata.protocol;
  if (protocol !== "ec2" && protocol !== "query" && protocol !== "json") {
    throw new Error(`codegen: ${name} uses protocol ${protocol}, which vpcsim does not speak`);
  }
  const discovery = new Discovery(raw);
  const operations: Record<string, { input?: Node; output?: Node; resultWrapper?: string }> = {};
  for (const operation of operationList) {
    const rawOperation = raw.operations[operation];
    if (rawOperation === undefined) throw new Error(`codegen: ${name} has no operation ${operation}`);
    const entry: { input?: Node; output?: Node; resultWrapper?: string } = {};
    if (rawOperation.input) entry.input = discovery.root(operation, "input", rawOperation.input);
    if (rawOperation.output) {
      entry.output = discovery.root(operation, "output", rawOperation.output);
      if (rawOperation.output.resultWrapper !== undefined)
        entry.resultWrapper = rawOperation.output.resultWrapper;
    }
    operations[operation] = entry;
  }

  // Merge structurally identical shapes that members also call by the same name (merging a VPC's
  // CidrBlockState with a route table's AssociationState would name one after the other).
  const ids = canonicalIds(discovery.nodes.values());
  const unionParent = new Map<Node, Node>();
  const find = (node: Node): Node => {
    let root = node;
    for (let up = unionParent.get(root); up !== undefined && up !== root; up = unionParent.get(root))
      root = up;
    unionParent.set(node, root);
    return root;
  };
  const byCanonicalVote = new Map<string, Node>();
  for (const node of discovery.nodes.values()) {
    for (const vote of node.votes.length > 0 ? node.votes : [node.identity]) {
      const slot = `${ids.get(node)}:${vote}`;
      const other = byCanonicalVote.get(slot);
      if (other === undefined) byCanonicalVote.set(slot, node);
      else if (find(other) !== find(node)) unionParent.set(find(node), find(other));
    }
  }
  const groupsById = new Map<Node, Group>();
  const groupOf = new Map<Node, Group>();
  for (const node of discovery.nodes.values()) {
    const id = find(node);
    let group = groupsById.get(id);
    if (group === undefined) {
      group = {
        nodes: [],
        kind: node.kind,
        order: node.order,
        depth: Number.POSITIVE_INFINITY,
        votes: new Map(),
        rootVotes: [],
        contexts: new Set(),
      };
      groupsById.set(id, group);
    }
    group.nodes.push(node);
    for (const vote of node.votes) group.votes.set(vote, (group.votes.get(vote) ?? 0) + 1);
    group.rootVotes.push(...node.rootVotes);
    groupOf.set(node, group);
  }
  const groups = [...groupsById.values()];
  const group = (node: Node): Group => {
    const found = groupOf.get(node);
    if (found === undefined) throw new Error("codegen: node without group");
    return found;
  };

  // Depth and contexts, breadth first from the operations.
  for (const context of ["input", "output"] as const) {
    let frontier = discovery.roots.filter((r) => r.context === context).map((r) => r.node);
    const seen = new Set<Node>(frontier);
    let depth = 0;
    while (frontier.length > 0) {
      const next: Node[] = [];
      for (const node of frontier) {
        const g = group(node);
        g.contexts.add(context);
        g.depth = Math.min(g.depth, depth);
        for (const child of childNodes(node)) {
          if (!seen.has(child)) {
            seen.add(child);
            next.push(child);
          }
        }
      }
      frontier = next;
      depth++;
    }
  }

  // Naming.
  const taken = new Set<string>();
  const assign = (g: Group, candidate: string): boolean => {
    if (taken.has(candidate) || reservedTypeNames.has(candidate)) return false;
    g.name = candidate;
    taken.add(candidate);
    return true;
  };
  for (const g of groups) {
    const fixed = g.nodes.find((n) => n.fixedName !== undefined)?.fixedName;
    if (fixed !== undefined && !assign(g, fixed))
      throw new Error(`codegen: duplicate operation type ${fixed}`);
  }
  for (const root of discovery.roots) {
    // Operations whose output is a shared shape still reserve <Op>Output for the type alias.
    taken.add(`${root.operation}${root.context === "input" ? "Input" : "Output"}`);
  }
  for (const [path, wanted] of Object.entries(nameOverrides)) {
    const node = resolvePath(discovery.roots, path);
    if (node === "unlisted") continue;
    if (node === undefined)
      throw new Error(`codegen: shape-names.json path ${path} does not resolve in ${name}`);
    const g = group(node);
    if (g.name === wanted) continue;
    if (g.name !== undefined)
      throw new Error(`codegen: ${path} is already named ${g.name}, cannot rename to ${wanted}`);
    if (!assign(g, wanted)) throw new Error(`codegen: shape-names.json name ${wanted} (${path}) is taken`);
  }
  const byVotes = (g: Group): string[] =>
    [...g.votes.entries()]
      .map(([vote, count], index) => ({ vote, count, index }))
      .sort((a, b) => b.count - a.count || a.index - b.index)
      .map((v) => v.vote)
      .concat(g.rootVotes);
  const totalVotes = (g: Group): number => [...g.votes.values()].reduce((a, b) => a + b, 0);
  const withNumbers = (g: Group, base: string): void => {
    for (let n = 2; !assign(g, `${base}${n}`); n++);
  };

  const structures = groups
    .filter((g) => g.kind === "structure" && g.name === undefined)
    .sort((a, b) => a.depth - b.depth || totalVotes(b) - totalVotes(a) || a.order - b.order);
  for (const g of structures) {
    const votes = byVotes(g).map(pascalCase);
    if (votes.some((vote) => assign(g, vote))) continue;
    const parentNames = g.nodes
      .flatMap((n) => n.parents)
      .map((p) => group(p).name?.replace(/(Input|Output)$/, ""))
      .filter((p): p is string => p !== undefined);
    if (parentNames.some((parent) => votes.some((vote) => assign(g, `${parent}${vote}`)))) continue;
    withNumbers(g, votes[0] ?? "Structure");
  }

  const collections = groups
    .filter((g) => g.kind !== "structure" && g.name === undefined)
    .sort((a, b) => b.depth - a.depth || totalVotes(b) - totalVotes(a) || a.order - b.order);
  for (const g of collections) {
    const votes = byVotes(g);
    const node = g.nodes[0];
    if (node === undefined) continue;
    const candidates: string[] = [];
    if (g.kind === "list") {
      const element = node.member?.target;
      const elementName =
        element === undefined ? "" : typeof element === "string" ? "" : (group(element).name ?? "");
      if (elementName !== "") candidates.push(`${elementName}List`);
      for (const vote of votes) candidates.push(`${pascalCase(singular(vote))}List`);
      if (typeof element === "string") candidates.push(`${pascalCase(element)}List`);
    } else {
      for (const vote of votes) candidates.push(`${pascalCase(vote)}Map`);
    }
    if (candidates.some((candidate) => assign(g, candidate))) continue;
    withNumbers(g, candidates[0] ?? "Collection");
  }

  // Shapes, named.
  const refOf = (child: Child): MemberRef => {
    const shape = typeof child.target === "string" ? child.target : (group(child.target).name ?? "");
    return { shape, ...child.traits };
  };
  const shapes: Record<string, Shape> = {};
  const structureContexts = new Map<string, ReadonlySet<Context>>();
  for (const g of [...groups].sort((a, b) => ((a.name ?? "") < (b.name ?? "") ? -1 : 1))) {
    const node = g.nodes[0];
    const shapeName = g.name;
    if (node === undefined || shapeName === undefined) continue;
    if (node.kind === "structure") {
      const members: Record<string, MemberRef> = {};
      for (const [memberName, child] of node.members) members[memberName] = refOf(child);
      const required = (node.def.required ?? []).filter((r) => Object.hasOwn(members, r));
      const shape: StructureShape =
        required.length > 0 ? { type: "structure", members, required } : { type: "structure", members };
      shapes[shapeName] = shape;
      structureContexts.set(shapeName, g.contexts);
    } else if (node.kind === "list" && node.member) {
      shapes[shapeName] = { type: "list", member: refOf(node.member) } satisfies ListShape;
    } else if (node.key && node.value) {
      shapes[shapeName] = { type: "map", key: refOf(node.key), value: refOf(node.value) } satisfies MapShape;
    }
  }

  const operationModels: Record<string, OperationModel> = {};
  for (const operation of operationList) {
    const entry = operations[operation];
    if (entry === undefined) continue;
    const model: { input?: string; output?: string; resultWrapper?: string } = {};
    if (entry.input) model.input = group(entry.input).name ?? "";
    if (entry.output) model.output = group(entry.output).name ?? "";
    if (entry.resultWrapper !== undefined) model.resultWrapper = entry.resultWrapper;
    operationModels[operation] = model;
  }

  const conventions: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key !== "model" && (typeof value === "string" || typeof value === "boolean"))
      conventions[key] = value;
  }
  const result: {
    -readonly [K in keyof NormalizedService]: NormalizedService[K];
  } = {
    name,
    protocol,
    apiVersion: raw.metadata.apiVersion,
    conventions,
    operationNames: Object.keys(raw.operations),
    operations: operationModels,
    shapes,
    structureContexts,
  };
  if (raw.metadata.xmlNamespace !== undefined) result.xmlNamespace = raw.metadata.xmlNamespace;
  if (raw.metadata.targetPrefix !== undefined) result.targetPrefix = raw.metadata.targetPrefix;
  if (raw.metadata.jsonVersion !== undefined) result.jsonVersion = raw.metadata.jsonVersion;
  return result;
}
