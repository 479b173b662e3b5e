import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderReadme } from "../scripts/operations-doc.js";

describe("README", () => {
  it("lists exactly the operations of the registries (run `npm run docs:operations` after adding one)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(renderReadme(readme)).toBe(readme);
  });

  it("keeps the two quick-start commands that CI runs", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const ci = readFileSync(new URL("../.ci/run", import.meta.url), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
