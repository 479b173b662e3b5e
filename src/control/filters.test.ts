import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilters, compilePattern, type FilterTable } from "./filters.js";
import { errorCode } from "./test-support.js";

interface Item {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly flag: boolean;
  readonly tags: readonly { key: string; value: string }[];
}

const TABLE: FilterTable<Item> = { name: (i) => i.name, size: (i) => i.sizes, flag: (i) => i.flag };
const items: Item[] = [
  { name: "alpha", sizes: [1, 2], flag: true, tags: [{ key: "Env", value: "prod" }] },
  { name: "beta", sizes: [3], flag: false, tags: [{ key: "Team", value: "net*" }] },
];
const names = (filters: { name: string; values: string[] }[]) =>
  items.filter(compileFilters(TABLE, filters)).map((i) => i.name);

describe("filter engine", () => {
  it("ORs values of one filter and ANDs filters", () => {
    expect(names([{ name: "name", values: ["alpha", "beta"] }])).toEqual(["alpha", "beta"]);
    expect(
      names([
        { name: "name", values: ["alpha", "beta"] },
        { name: "flag", values: ["false"] },
      ]),
    ).toEqual(["beta"]);
  });

  it("matches list fields element-wise and numbers and booleans as text", () => {
    expect(names([{ name: "size", values: ["2"] }])).toEqual(["alpha"]);
    expect(names([{ name: "flag", values: ["true"] }])).toEqual(["alpha"]);
  });

  it("supports *, ? and backslash escapes", () => {
    expect(names([{ name: "name", values: ["a*"] }])).toEqual(["alpha"]);
    expect(names([{ name: "name", values: ["?eta"] }])).toEqual(["beta"]);
    expect(names([{ name: "tag:Team", values: ["net\\*"] }])).toEqual(["beta"]);
    expect(names([{ name: "tag:Team", values: ["netx"] }])).toEqual([]);
    expect(names([{ name: "tag-key", values: ["E*"] }])).toEqual(["alpha"]);
  });

  it("matches tag-value against the value of any tag, independent of its key", () => {
    expect(names([{ name: "tag-value", values: ["prod"] }])).toEqual(["alpha"]);
    expect(names([{ name: "tag-value", values: ["net\\*"] }])).toEqual(["beta"]);
    expect(names([{ name: "tag-value", values: ["Env"] }])).toEqual([]);
  });

  it("refuses the tag filters where the call turns them off, and nothing else", () => {
    const untagged = (filters: { name: string; values: string[] }[]) =>
      items.filter(compileFilters(TABLE, filters, { tagFilters: false })).map((i) => i.name);
    for (const name of ["tag:Env", "tag-key", "tag-value"]) {
      expect(() => untagged([{ name, values: ["x"] }])).toThrow(`The filter '${name}' is invalid`);
    }
    expect(untagged([{ name: "name", values: ["beta"] }])).toEqual(["beta"]);
  });

  it("rejects unknown names, empty value lists and more than 200 values", () => {
    expect(errorCode(() => names([{ name: "colour", values: ["x"] }]))).toBe("InvalidParameterValue");
    expect(errorCode(() => names([{ name: "name", values: [] }]))).toBe("InvalidParameterValue");
    expect(
      errorCode(() => names([{ name: "name", values: Array.from({ length: 201 }, (_, i) => `${i}`) }])),
    ).toBe("FilterLimitExceeded");
    expect(errorCode(() => names([{ name: "constructor", values: ["x"] }]))).toBe("InvalidParameterValue");
  });

  it("treats a pattern without wildcards as an exact, case-sensitive match", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[*?\\]/.test(s)),
        fc.string(),
        (pattern, candidate) => {
          expect(compilePattern(pattern)(candidate)).toBe(pattern === candidate);
        },
      ),
    );
  });

  it("makes * match any string, including regex metacharacters", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        const escaped = prefix.replace(/[*?\\]/g, "\\$&");
        expect(compilePattern(`${escaped}*`)(prefix + rest)).toBe(true);
      }),
    );
  });
});
