/**
 * Typed output → XML, walking the model. No DOM: each structure shape is compiled once (per
 * service and flavour) into a list of member writers with their tags precomputed, and a response
 * is built by string concatenation.
 *
 * Flavours: `ec2` (lists as `<vpcSet><item>…</item></vpcSet>`) and `query` (lists as
 * `<Names><member>…</member></Names>`, or repeated elements when flattened). In both, an element
 * is named by the member's `locationName`, else its member name.
 *
 * Values: `undefined`/`null` members are omitted; an empty array is an empty element
 * (`<tagSet/>`), so leaving a list out and sending it empty are different on the wire, as they are
 * for EC2 (untagged resources have no `tagSet`; an empty `Describe*` answer has `<vpcSet/>`).
 * Booleans are `true`/`false`, numbers decimal, timestamps ISO 8601 UTC with milliseconds, blobs
 * base64. A value of the wrong type is written as its text if it is a string and omitted
 * otherwise, so the output is always well-formed XML.
 */

import { base64, isoTimestamp } from "./scalars.js";
import { cached, isScalar, type MemberRef, type ServiceModel, shapeOf } from "./shapes.js";

export type XmlFlavor = "ec2" | "query";

// Characters XML 1.0 cannot carry, even as character references, and lone surrogates.
const illegalXmlChars =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether `escapeXml` has work to do; a loop, because it is much faster than a regex here. */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x9 && c !== 0xa) return true;
    } else if (c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) {
      return true;
    } else if (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) {
      return true;
    }
  }
  return false;
}

const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#xD;",
};

/**
 * Escapes text for element content or attribute values. Characters XML 1.0 cannot represent are
 * dropped; `\r` is written as a reference so that it survives the parser's newline normalisation.
 */
export function escapeXml(text: string): string {
  if (!needsEscape(text)) return text;
  return text.replace(illegalXmlChars, "").replace(/[&<>"'\r]/g, (c) => entities[c] ?? c);
}

type ValueWriter = (value: unknown) => string | undefined;

interface MemberWriter {
  readonly memberName: string;
  readonly write: (value: unknown) => string;
}

function scalarWriter(type: string): ValueWriter {
  switch (type) {
    case "boolean":
      return (v) =>
        typeof v === "boolean" ? (v ? "true" : "false") : typeof v === "string" ? escapeXml(v) : undefined;
    case "integer":
    case "long":
    case "float":
    case "double":
      return (v) =>
        typeof v === "number"
          ? Number.isFinite(v)
            ? String(v)
            : undefined
          : typeof v === "bigint"
            ? v.toString()
            : typeof v === "string"
              ? escapeXml(v)
              : undefined;
    case "timestamp":
      return (v) => (v instanceof Date ? isoTimestamp(v) : typeof v === "string" ? escapeXml(v) : undefined);
    case "blob":
      return (v) => (v instanceof Uint8Array ? base64(v) : typeof v === "string" ? escapeXml(v) : undefined);
    default:
      return (v) =>
        typeof v === "string"
          ? escapeXml(v)
          : typeof v === "number" || typeof v === "boolean" || typeof v === "bigint"
            ? String(v)
            : undefined;
  }
}

/** Writes the content (not the enclosing element) of a value of the shape a reference names. */
function contentWriter(service: ServiceModel, flavor: XmlFlavor, ref: MemberRef): ValueWriter {
  if (isScalar(ref.shape)) return scalarWriter(ref.shape);
  const shape = shapeOf(service, ref.shape);
  if (shape.type === "structure") {
    const name = ref.shape;
    // Resolved on first use: shapes may refer to themselves.
    let writers: readonly MemberWriter[] | undefined;
    // A frozen value cannot change, so its XML can be kept: callers that memoise frozen wire
    // objects per stored record (Describe* of unchanged resources) get their XML for free.
    const frozenXml = new WeakMap<object, string>();
    return (v) => {
      if (typeof v !== "object" || v === null) return undefined;
      const frozen = Object.isFrozen(v);
      if (frozen) {
        const hit = frozenXml.get(v);
        if (hit !== undefined) return hit;
      }
      writers ??= compiledStructure(service, flavor, name);
      const xml = writeMembers(writers, v as Record<string, unknown>);
      if (frozen) frozenXml.set(v, xml);
      return xml;
    };
  }
  if (shape.type === "list") {
    const itemName = shape.member.locationName ?? "member";
    const item = lazy(() => contentWriter(service, flavor, shape.member));
    const open = `<${itemName}>`;
    const close = `</${itemName}>`;
    return (v) => {
      if (!Array.isArray(v)) return undefined;
      let out = "";
      const write = item();
      for (let i = 0; i < v.length; i++) {
        const element: unknown = v[i];
        if (element === undefined || element === null) continue;
        const content = write(element);
        if (content !== undefined) out += open + content + close;
      }
      return out;
    };
  }
  const entry = mapEntryWriter(service, flavor, shape.key, shape.value);
  return (v) => {
    if (typeof v !== "object" || v === null) return undefined;
    let out = "";
    for (const [key, value] of Object.entries(v)) out += `<entry>${entry(key, value)}</entry>`;
    return out;
  };
}

function mapEntryWriter(
  service: ServiceModel,
  flavor: XmlFlavor,
  keyRef: MemberRef,
  valueRef: MemberRef,
): (key: string, value: unknown) => string {
  const keyName = keyRef.locationName ?? "key";
  const valueName = valueRef.locationName ?? "value";
  const value = lazy(() => contentWriter(service, flavor, valueRef));
  return (k, v) => `<${keyName}>${escapeXml(k)}</${keyName}><${valueName}>${value()(v) ?? ""}</${valueName}>`;
}

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    if (value === undefined) value = build();
    return value;
  };
}

function memberWriter(
  service: ServiceModel,
  flavor: XmlFlavor,
  memberName: string,
  ref: MemberRef,
): MemberWriter {
  const name = ref.locationName ?? memberName;
  const open = `<${name}>`;
  const close = `</${name}>`;
  const empty = `<${name}/>`;
  const shape = isScalar(ref.shape) ? undefined : shapeOf(service, ref.shape);
  if (shape?.type === "list" && ref.flattened) {
    // A flattened list repeats the member's element once per item, with no wrapper.
    const itemName = shape.member.locationName ?? name;
    const item = lazy(() => contentWriter(service, flavor, shape.member));
    return {
      memberName,
      write: (v) => {
        if (!Array.isArray(v)) return "";
        let out = "";
        for (const element of v) {
          const content = element === undefined || element === null ? undefined : item()(element);
          if (content !== undefined) out += `<${itemName}>${content}</${itemName}>`;
        }
        return out;
      },
    };
  }
  if (shape?.type === "map" && ref.flattened) {
    const entry = mapEntryWriter(service, flavor, shape.key, shape.value);
    return {
      memberName,
      write: (v) => {
        if (typeof v !== "object" || v === null) return "";
        let out = "";
        for (const [key, value] of Object.entries(v)) out += open + entry(key, value) + close;
        return out;
      },
    };
  }
  let content: ValueWriter | undefined;
  const write = (v: unknown): string => {
    content ??= contentWriter(service, flavor, ref);
    const text = content(v);
    if (text === undefined) return "";
    return text === "" && shape !== undefined ? empty : open + text + close;
  };
  if (ref.shape === "string") {
    // The common case, without the indirection.
    return { memberName, write: (v) => (typeof v === "string" ? open + escapeXml(v) + close : write(v)) };
  }
  return { memberName, write };
}

function compiledStructure(
  service: ServiceModel,
  flavor: XmlFlavor,
  shapeName: string,
): readonly MemberWriter[] {
  return cached(service, `${flavor}:xml:${shapeName}`, () => {
    const shape = shapeOf(service, shapeName);
    if (shape.type !== "structure") throw new Error(`protocol: ${shapeName} is not a structure`);
    return Object.entries(shape.members).map(([memberName, ref]) =>
      memberWriter(service, flavor, memberName, ref),
    );
  });
}

/** The XML of a structure's members, in model order. */
export function structureContent(
  service: ServiceModel,
  flavor: XmlFlavor,
  shapeName: string,
  value: object,
): string {
  return writeMembers(compiledStructure(service, flavor, shapeName), value as Record<string, unknown>);
}

function writeMembers(writers: readonly MemberWriter[], record: Record<string, unknown>): string {
  let out = "";
  for (let i = 0; i < writers.length; i++) {
    const writer = writers[i] as MemberWriter;
    const member = record[writer.memberName];
    if (member !== undefined && member !== null) out += writer.write(member);
  }
  return out;
}

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
