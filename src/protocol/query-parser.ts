/**
 * One walker for both form-encoded protocols (EC2 and Query): it turns the flat `Name.N.Field`
 * parameters into a tree, then walks the operation's input shape over that tree, producing an
 * object keyed by model member names. The two protocols differ only in a {@link QueryDialect}.
 *
 * Decisions (AWS's front end is not documented on these points; the choices follow what it is
 * observed to do or, failing that, what keeps requests unambiguous):
 * - List indices are 1-based by convention but any non-negative integer is accepted: members are
 *   sorted by index and gaps are tolerated (`Filter.1`, `Filter.5` → two filters). A list with
 *   more than {@link maxListMembers} members is refused with `InvalidParameterValue`.
 * - A repeated parameter keeps its first value.
 * - A parameter the input shape does not have is `UnknownParameter`, naming the wire path up to
 *   the first segment that is not recognised (`TagSpecification.1.Foo`).
 * - A compound parameter given a value of its own (`EnableDnsHostnames=true` instead of
 *   `EnableDnsHostnames.Value=true`) is `UnknownParameter`; an empty value for a list
 *   (`PolicyArns=`, how the Query protocol sends an empty list) is an empty list.
 * - Parameter names are case-sensitive.
 */

import { messages, ProtocolError } from "./errors.js";
import {
  parseBase64Text,
  parseBooleanText,
  parseFloatText,
  parseIntegerText,
  parseTimestampText,
} from "./scalars.js";
import {
  cached,
  isScalar,
  type ListShape,
  type MapShape,
  type MemberRef,
  type ServiceModel,
  type StructureShape,
  shapeOf,
} from "./shapes.js";

export const maxListMembers = 1000;

export interface QueryDialect {
  readonly name: "ec2" | "query";
  /** The wire name of a structure member. */
  memberWireName(
    memberName: string,
    ref: MemberRef,
    target: ListShape | MapShape | StructureShape | undefined,
  ): string;
  /** The segment between a list's name and its indices (`member`), or undefined when flattened. */
  listItemSegment(ref: MemberRef, list: ListShape): string | undefined;
  /** The segment between a map's name and its indices (`entry`), or undefined when flattened. */
  mapEntrySegment(ref: MemberRef): string | undefined;
  mapKeyName(key: MemberRef): string;
  mapValueName(value: MemberRef): string;
}

export interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** Builds the parameter tree. `skip` names top-level keys that are not parameters of the input. */
export function buildParamTree(
  pairs: Iterable<readonly [string, string]>,
  skip: ReadonlySet<string>,
): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of pairs) {
    if (skip.has(key)) continue;
    let node = root;
    for (const segment of key.split(".")) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = {};
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value === undefined) node.value = value;
  }
  return root;
}

function join(path: string, segment: string): string {
  return path === "" ? segment : `${path}.${segment}`;
}

/** AWS names a parameter in value errors with a lower-case first letter (`maxResults`). */
function valueName(path: string): string {
  return path.charAt(0).toLowerCase() + path.slice(1);
}

function invalidValue(value: string, path: string, expecting: string): ProtocolError {
  return new ProtocolError("InvalidParameterValue", messages.invalidValue(value, valueName(path), expecting));
}

interface CompiledMember {
  readonly memberName: string;
  readonly ref: MemberRef;
}

interface CompiledStructure {
  readonly byWire: ReadonlyMap<string, CompiledMember>;
  readonly wireByMember: ReadonlyMap<string, string>;
  readonly required: readonly string[];
}

function compileStructure(
  service: ServiceModel,
  dialect: QueryDialect,
  shapeName: string,
): CompiledStructure {
  return cached(service, `${dialect.name}:in:${shapeName}`, () => {
    const shape = shapeOf(service, shapeName);
    if (shape.type !== "structure") throw new Error(`protocol: ${shapeName} is not a structure`);
    const byWire = new Map<string, CompiledMember>();
    const wireByMember = new Map<string, string>();
    for (const [memberName, ref] of Object.entries(shape.members)) {
      const target = isScalar(ref.shape) ? undefined : shapeOf(service, ref.shape);
      const wire = dialect.memberWireName(memberName, ref, target);
      byWire.set(wire, { memberName, ref });
      wireByMember.set(memberName, wire);
    }
    return { byWire, wireByMember, required: shape.required ?? [] };
  });
}

/** Orders index segments numerically without converting them (`Filter.99999999999999`). */
function compareIndices(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export class QueryInputParser {
  constructor(
    private readonly service: ServiceModel,
    private readonly dialect: QueryDialect,
  ) {}

  /** Parses the tree against an input structure; `undefined` means the operation takes no input. */
  parseInput(
    shapeName: string | undefined,
    root: ParamNode,
    envelope: ReadonlySet<string>,
  ): Record<string, unknown> {
    if (shapeName === undefined) {
      for (const key of root.children?.keys() ?? []) {
        if (!envelope.has(key)) throw new ProtocolError("UnknownParameter", messages.unknownParameter(key));
      }
      return {};
    }
    return this.structure(shapeName, root, "", envelope);
  }

  private structure(
    shapeName: string,
    node: ParamNode,
    path: string,
    ignored: ReadonlySet<string> | undefined,
  ): Record<string, unknown> {
    const compiled = compileStructure(this.service, this.dialect, shapeName);
    const out: Record<string, unknown> = {};
    if (node.children !== undefined) {
      for (const [segment, child] of node.children) {
        const member = compiled.byWire.get(segment);
        if (member === undefined) {
          if (ignored?.has(segment)) continue;
          throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(path, segment)));
        }
        out[member.memberName] = this.value(member.ref, child, join(path, segment));
      }
    }
    for (const required of compiled.required) {
      if (out[required] === undefined) {
        const wire = compiled.wireByMember.get(required) ?? required;
        throw new ProtocolError("MissingParameter", messages.missingParameter(join(path, wire)));
      }
    }
    return out;
  }

  private value(ref: MemberRef, node: ParamNode, path: string): unknown {
    if (isScalar(ref.shape)) {
      const child = node.children?.keys().next();
      if (child !== undefined && child.done !== true) {
        throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(path, child.value)));
      }
      return this.scalar(ref.shape, node.value ?? "", path);
    }
    const shape = shapeOf(this.service, ref.shape);
    if (node.value !== undefined && node.value !== "") {
      throw new ProtocolError("UnknownParameter", messages.unknownParameter(path));
    }
    switch (shape.type) {
      case "structure":
        return this.structure(ref.shape, node, path, undefined);
      case "list":
        return this.list(ref, shape, node, path);
      case "map":
        return this.map(ref, shape, node, path);
    }
  }

  private scalar(type: string, text: string, path: string): unknown {
    switch (type) {
      case "string":
        return text;
      case "boolean": {
        const value = parseBooleanText(text);
        if (value === undefined) throw invalidValue(text, path, "Expecting a boolean (true or false).");
        return value;
      }
      case "integer":
      case "long": {
        const value = parseIntegerText(text, type);
        if (value === undefined) throw invalidValue(text, path, "Expecting an integer.");
        return value;
      }
      case "float":
      case "double": {
        const value = parseFloatText(text);
        if (value === undefined) throw invalidValue(text, path, "Expecting a number.");
        return value;
      }
      case "timestamp": {
        const value = parseTimestampText(text);
        if (value === undefined) {
          throw invalidValue(text, path, "Expecting an ISO 8601 date and time or seconds since the epoch.");
        }
        return value;
      }
      case "blob": {
        const value = parseBase64Text(text);
        if (value === undefined) throw invalidValue(text, path, "Expecting base64-encoded data.");
        return value;
      }
      default:
        throw new Error(`protocol: unknown scalar type ${type}`);
    }
  }

  /** The nodes of a list's or map's numbered items, sorted by index. */
  private items(node: ParamNode, path: string): [string, ParamNode][] {
    const items: [string, ParamNode][] = [];
    for (const [segment, child] of node.children ?? []) {
      if (!/^\d+$/.test(segment)) {
        throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(path, segment)));
      }
      items.push([segment, child]);
      if (items.length > maxListMembers) {
        throw new ProtocolError("InvalidParameterValue", messages.tooManyMembers(path, maxListMembers));
      }
    }
    return items.sort((a, b) => compareIndices(a[0], b[0]));
  }

  /** Descends through an intermediate segment (`member`, `entry`) that must be the only child. */
  private through(node: ParamNode, segment: string | undefined, path: string): [ParamNode, string] {
    if (segment === undefined) return [node, path];
    let inner: ParamNode = {};
    for (const [key, child] of node.children ?? []) {
      if (key !== segment)
        throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(path, key)));
      inner = child;
    }
    if (inner.value !== undefined && inner.value !== "") {
      throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(path, segment)));
    }
    return [inner, join(path, segment)];
  }

  private list(ref: MemberRef, shape: ListShape, node: ParamNode, path: string): unknown[] {
    const [itemsNode, itemsPath] = this.through(node, this.dialect.listItemSegment(ref, shape), path);
    return this.items(itemsNode, itemsPath).map(([index, child]) =>
      this.value(shape.member, child, join(itemsPath, index)),
    );
  }

  private map(ref: MemberRef, shape: MapShape, node: ParamNode, path: string): Record<string, unknown> {
    const [entriesNode, entriesPath] = this.through(node, this.dialect.mapEntrySegment(ref), path);
    const keyName = this.dialect.mapKeyName(shape.key);
    const valueName = this.dialect.mapValueName(shape.value);
    const out: Record<string, unknown> = {};
    for (const [index, entry] of this.items(entriesNode, entriesPath)) {
      const entryPath = join(entriesPath, index);
      let keyNode: ParamNode | undefined;
      let valueNode: ParamNode | undefined;
      for (const [segment, child] of entry.children ?? []) {
        if (segment === keyName) keyNode = child;
        else if (segment === valueName) valueNode = child;
        else throw new ProtocolError("UnknownParameter", messages.unknownParameter(join(entryPath, segment)));
      }
      if (entry.value !== undefined && entry.value !== "") {
        throw new ProtocolError("UnknownParameter", messages.unknownParameter(entryPath));
      }
      if (keyNode === undefined) {
        throw new ProtocolError("MissingParameter", messages.missingParameter(join(entryPath, keyName)));
      }
      if (valueNode === undefined) {
        throw new ProtocolError("MissingParameter", messages.missingParameter(join(entryPath, valueName)));
      }
      const key = String(this.value(shape.key, keyNode, join(entryPath, keyName)));
      if (!Object.hasOwn(out, key)) {
        Object.defineProperty(out, key, {
          value: this.value(shape.value, valueNode, join(entryPath, valueName)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return out;
  }
}
