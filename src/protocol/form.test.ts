import { describe, expect, it } from "vitest";
import { ProtocolError } from "./errors.js";
import { decodeForm } from "./form.js";
import { parseTimestampText } from "./scalars.js";
import { escapeXml } from "./xml.js";

describe("decodeForm", () => {
  it("decodes + and %20 as spaces, UTF-8 percent sequences, keys without values; skips empty segments", () => {
    expect(decodeForm("a=x+y&b=x%20y&c=%C3%A9%E2%98%83%F0%9F%98%80&d&&e=&f=%2B%26%3D&")).toEqual([
      ["a", "x y"],
      ["b", "x y"],
      ["c", "é☃😀"],
      ["d", ""],
      ["e", ""],
      ["f", "+&="],
    ]);
    expect(decodeForm("")).toEqual([]);
    expect(decodeForm(new TextEncoder().encode("Action=DescribeVpcs&x=é"))).toEqual([
      ["Action", "DescribeVpcs"],
      ["x", "é"],
    ]);
  });

  it.each(["a=%", "a=%4", "a=%G0", "a%=1", "a=%C3", "a=%FF", "a=%ED%A0%80", "a=%C3%28"])(
    "rejects %s with MalformedQueryString",
    (text) => {
      expect(() => decodeForm(text)).toThrow(ProtocolError);
      expect(() => decodeForm(text)).toThrow(
        expect.objectContaining({ code: "MalformedQueryString", httpStatus: 400 }),
      );
    },
  );

  it("rejects a body that is not UTF-8", () => {
    expect(() => decodeForm(Uint8Array.from([0x61, 0x3d, 0xff]))).toThrow(
      expect.objectContaining({ code: "MalformedQueryString" }),
    );
  });
});

describe("parseTimestampText", () => {
  it.each([
    ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000Z"],
    ["2024-01-02T03:04:05.678Z", "2024-01-02T03:04:05.678Z"],
    ["2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.123Z"],
    ["2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05.000Z"],
    ["2024-01-02T03:04:05-0130", "2024-01-02T04:34:05.000Z"],
    ["2024-01-02", "2024-01-02T00:00:00.000Z"],
    ["1704164645", "2024-01-02T03:04:05.000Z"],
    ["1704164645.5", "2024-01-02T03:04:05.500Z"],
  ])("%s", (text, iso) => {
    expect(parseTimestampText(text)?.toISOString()).toBe(iso);
  });

  it.each([
    "",
    "2024-01",
    "12:00",
    "2024-13-01",
    "2024-02-30",
    "2024-01-02T25:00:00Z",
    "yesterday",
    "2024-01-02T03:04:05+25:00",
  ])("rejects %s", (text) => {
    expect(parseTimestampText(text)).toBeUndefined();
  });
});

describe("escapeXml", () => {
  it("escapes markup characters, keeps \\r as a reference, drops what XML 1.0 cannot carry", () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&apos;f");
    expect(escapeXml("line\r\nnext\ttab")).toBe("line&#xD;\nnext\ttab");
    expect(escapeXml("x\u0000\u0001\u001F\uFFFE\uFFFFy")).toBe("xy");
    expect(escapeXml("lone \uD800 high, lone \uDC00 low, pair 😀")).toBe("lone  high, lone  low, pair 😀");
    const plain = "nothing to do here";
    expect(escapeXml(plain)).toBe(plain);
  });
});
