/**
 * The advancers of every resource family with asynchronous states, for `settleTransitions`.
 * A family with transitional states adds its advancer here.
 */
import { advanceInstance } from "./instances.js";
import { advanceNatGateway } from "./nat-gateways.js";
import type { Advancers } from "./transitions.js";

export const ADVANCERS: Advancers = {
  natGateway: advanceNatGateway,
  instance: advanceInstance,
};
