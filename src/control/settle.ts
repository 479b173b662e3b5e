/**
 * The advancers of every resource family with asynchronous states, for `settleTransitions`.
 * A family with transitional states adds its advancer here.
 */
import type { Advancers } from "./transitions.js";

export const ADVANCERS: Advancers = {};
