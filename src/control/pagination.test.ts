import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paginate } from "./pagination.js";
import { errorCode } from "./test-support.js";

describe("paginate", () => {
  it("returns every item exactly once, in order, for any page size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 5, max: 1000 }), (count, size) => {
        const items = Array.from({ length: count }, (_, i) => i);
        const seen: number[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = paginate(items, { maxResults: size, ...(token ? { nextToken: token } : {}) }, ["q"]);
          seen.push(...page.items);
          token = page.nextToken;
          pages++;
        } while (token);
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(count / size)));
      }),
    );
  });

  it("rejects page sizes outside 5–1000 and tokens from another request", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(errorCode(() => paginate(items, { maxResults: 4 }, ["q"]))).toBe("InvalidParameterValue");
    expect(errorCode(() => paginate(items, { maxResults: 1001 }, ["q"]))).toBe("InvalidParameterValue");
    const token = paginate(items, { maxResults: 5 }, ["q"]).nextToken!;
    expect(errorCode(() => paginate(items, { nextToken: token }, ["other"]))).toBe("InvalidParameterValue");
    expect(errorCode(() => paginate(items, { nextToken: "" }, ["q"]))).toBe("InvalidParameterValue");
  });
});
