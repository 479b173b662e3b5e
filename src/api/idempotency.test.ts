import { describe, expect, it } from "vitest";
import { errorCode, testPlane } from "../control/test-support.js";
import { idempotent } from "./idempotency.js";

describe("ClientToken idempotency", () => {
  it("returns the first result for a retry, and refuses the token with other parameters", () => {
    const plane = testPlane();
    let runs = 0;
    const handler = idempotent("CreateThing", (_ctx, input: { ClientToken?: string; Size?: number }) => {
      runs++;
      return { Id: `thing-${runs}`, Size: input.Size, At: new Date(1_700_000_000_000) };
    });
    if (handler.mode !== "write") throw new Error("expected a write handler");
    const first = plane.write((ctx) => handler.run(ctx, { ClientToken: "abc", Size: 1 }));
    const again = plane.write((ctx) => handler.run(ctx, { ClientToken: "abc", Size: 1 }));
    expect(again).toEqual(first);
    expect(again.At).toBeInstanceOf(Date);
    expect(runs).toBe(1);
    expect(errorCode(() => plane.write((ctx) => handler.run(ctx, { ClientToken: "abc", Size: 2 })))).toBe(
      "IdempotentParameterMismatch",
    );
    // Without a token, or with another one, every call runs.
    plane.write((ctx) => handler.run(ctx, { Size: 1 }));
    plane.write((ctx) => handler.run(ctx, { ClientToken: "other", Size: 1 }));
    expect(runs).toBe(3);
    // Tokens are per account.
    plane.as({ account: "444455556666" }).write((ctx) => handler.run(ctx, { ClientToken: "abc", Size: 2 }));
    expect(runs).toBe(4);
  });
});
