import { describe, expect, it } from "vitest";
import { isWellFormedId, randomIds, seededIds } from "./ids.js";

describe("ids", () => {
  it("are a prefix and 17 lowercase hex digits, and do not repeat", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = randomIds("vpc");
      expect(id).toMatch(/^vpc-[0-9a-f]{17}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(5000);
  });

  it("are reproducible from a seed", () => {
    const a = seededIds(7);
    const b = seededIds(7);
    const c = seededIds(8);
    const fromA = [a("subnet"), a("rtb")];
    expect([b("subnet"), b("rtb")]).toEqual(fromA);
    expect(c("subnet")).not.toBe(fromA[0]);
  });

  it("recognizes AWS's short and long id forms only", () => {
    expect(isWellFormedId("vpc", "vpc-0a1b2c3d")).toBe(true);
    expect(isWellFormedId("vpc", "vpc-0a1b2c3d4e5f67890")).toBe(true);
    expect(isWellFormedId("vpc", "vpc-0A1B2C3D")).toBe(false);
    expect(isWellFormedId("vpc", "vpc-0a1b2c3")).toBe(false);
    expect(isWellFormedId("vpc", "vpce-0a1b2c3d")).toBe(false);
    expect(isWellFormedId("rtb", "rtb-")).toBe(false);
  });
});
