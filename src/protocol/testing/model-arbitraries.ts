/**
 * Test support (not imported by the protocol code): fast-check arbitraries of values of any shape
 * of a model, for round trips through the AWS SDK and for fuzzing the serializers.
 */

import fc from "fast-check";
import { isScalar, type MemberRef, type ServiceModel, shapeOf } from "../shapes.js";

export interface ArbitraryOptions {
  /**
   * Strings: `"wire"` (default) any Unicode a client can send; `"xml"` without the characters
   * XML 1.0 cannot carry; `"any"` with lone surrogates and control characters too.
   */
  readonly strings?: "wire" | "xml" | "any";
  /** Treat every member as optional (outputs) or honour `required` (inputs). */
  readonly honourRequired?: boolean;
  readonly maxListLength?: number;
  /**
   * Never generate an empty list whose items are not `<item>` elements: SDK v3 reads such an empty
   * EC2 list (`<accelerators/>` of `<member>` items) as an absent member. EC2 itself leaves these
   * lists out rather than sending them empty.
   */
  readonly nonEmptyMemberLists?: boolean;
  /** Whole seconds only (aws-sdk v2 reads fractional epoch seconds a millisecond short, at times). */
  readonly wholeSeconds?: boolean;
}

const timestamps = fc.date({
  min: new Date("1970-01-01T00:00:00.000Z"),
  max: new Date("2100-01-01T00:00:00.000Z"),
  noInvalidDate: true,
});

const wireStrings = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("a b", "x&y=z", "100%", "+", "é ☃ 😀", "tag:Name"),
);

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry
const xmlIllegal = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function scalarArbitrary(type: string, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return options.strings === "xml"
        ? fc
            .oneof(wireStrings, fc.constantFrom(" padded ", "line\nbreak", "cr\r\nlf", "\t", "<&>\"'"))
            .map((text) => text.replace(xmlIllegal, ""))
            // The SDK's XML parser reads whitespace-only text with a line break as "" (as it would from EC2).
            .filter((text) => !(text.trim() === "" && /[\r\n]/.test(text)))
        : options.strings === "any"
          ? fc.string({
              unit: fc.oneof(
                fc.constantFrom("\u0000", "\u0008", "\r", "\uFFFE", "\uD800", "\uDC00", "&", "<", "]]>"),
                fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
              ),
              maxLength: 12,
            })
          : wireStrings;
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer();
    case "long":
      return fc.maxSafeInteger();
    case "float":
    case "double":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    case "timestamp":
      return options.wholeSeconds
        ? timestamps.map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000))
        : timestamps;
    case "blob":
      return fc.uint8Array({ maxLength: 8 });
    default:
      throw new Error(`unknown scalar ${type}`);
  }
}

export function valueArbitrary(
  service: ServiceModel,
  ref: MemberRef,
  options: ArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  if (isScalar(ref.shape)) return scalarArbitrary(ref.shape, options);
  const shape = shapeOf(service, ref.shape);
  const maxLength = options.maxListLength ?? 3;
  switch (shape.type) {
    case "structure": {
      const members: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, member] of Object.entries(shape.members))
        members[name] = valueArbitrary(service, member, options);
      return fc.record(members, { requiredKeys: options.honourRequired ? [...(shape.required ?? [])] : [] });
    }
    case "list":
      return fc.array(valueArbitrary(service, shape.member, options), {
        maxLength,
        minLength: options.nonEmptyMemberLists && shape.member.locationName !== "item" ? 1 : 0,
      });
    case "map":
      return fc.dictionary(
        fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 6 }),
        valueArbitrary(service, shape.value, options),
        {
          maxKeys: maxLength,
        },
      );
  }
}

/**
 * What survives a trip through a form-encoded protocol: members whose value is an empty list or
 * an empty structure are not sent, so they do not come back, nor do empty structures in lists.
 * The Query protocol (not EC2's) does send a list that was empty to begin with (`Name=`).
 */
export function withoutEmpty(value: unknown, options: { readonly keepEmptyLists?: boolean } = {}): unknown {
  if (Array.isArray(value)) {
    return value
      .map((element) => withoutEmpty(element, options))
      .filter((element) => !isEmptyRecord(element));
  }
  if (value instanceof Date || value instanceof Uint8Array || typeof value !== "object" || value === null)
    return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const pruned = withoutEmpty(member, options);
    const sentEmpty = options.keepEmptyLists === true && Array.isArray(member) && member.length === 0;
    if (Array.isArray(pruned) && pruned.length === 0 && !sentEmpty) continue;
    if (isEmptyRecord(pruned)) continue;
    out[key] = pruned;
  }
  return out;
}

function isEmptyRecord(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    Object.keys(value).length === 0
  );
}
