import { describe, expect, it } from "vitest";
import { ManualClock } from "../model/clock.js";
import { seededIds } from "../model/ids.js";
import { RESOURCE_SCHEMA, type Resources } from "../model/kinds.js";
import { createMemoryStore } from "../store/memory-store.js";
import { DEFAULT_CONTROL_CONFIG } from "./context.js";
import { inWrite } from "./index.js";
import { nextTransitionAt, scheduleTransition, settleTransitions } from "./transitions.js";

describe("transitions", () => {
  it("hands due records to their advancer in time order, and lets advancers schedule again", () => {
    const store = createMemoryStore<Resources>(RESOURCE_SCHEMA, { freeze: true });
    const clock = new ManualClock(0);
    const env = { clock, ids: seededIds(1), config: DEFAULT_CONTROL_CONFIG };
    const scope = { account: "111122223333", region: "us-east-1" };
    inWrite(store, { ...env, scope }, (ctx) => {
      scheduleTransition(ctx, "instance", "i-b", new Date(200));
      scheduleTransition(ctx, "instance", "i-a", new Date(100));
      scheduleTransition(ctx, "natGateway", "nat-c", new Date(300));
    });
    expect(store.read((tx) => nextTransitionAt(tx))).toBe(100);
    const seen: string[] = [];
    const advancers = {
      instance: (ctx: Parameters<typeof scheduleTransition>[0], id: string) => {
        seen.push(`${id}@${ctx.clock.now().getTime()}:${ctx.scope.region}`);
        // i-a moves on twice: the second step is due at once.
        if (id === "i-a") scheduleTransition(ctx, "instance", "i-a2", ctx.clock.now());
      },
    };
    expect(settleTransitions(store, env, advancers)).toBe(0);
    clock.set(250);
    expect(settleTransitions(store, env, advancers)).toBe(3);
    expect(seen).toEqual(["i-a@250:us-east-1", "i-b@250:us-east-1", "i-a2@250:us-east-1"]);
    expect(store.read((tx) => nextTransitionAt(tx))).toBe(300);
    clock.set(400);
    // No advancer for NAT gateways in this table: the entry is dropped, not retried forever.
    expect(settleTransitions(store, env, advancers)).toBe(1);
    expect(store.read((tx) => nextTransitionAt(tx))).toBeUndefined();
  });
});
